"""The Argos test model that ends its sentences: its data, and its package from the trained weights.

The random-weight packages of ``tests/synthetic_argos.py`` never emit the
end of a sentence, so every hypothesis decodes to the length cap: good for
testing limits, useless for telling how fast real decoding is. This model is
small and real: a 2+2-layer Transformer trained (``scripts/train_argos.py``,
in a throwaway torch environment) to copy its input pieces and stop, the
way a real model stops at the end of its translation. The package built here
is committed as ``tests/data/argos/translate-fr_en-copy.argosmodel``;
``scripts/train_argos_model`` rebuilds it:

    python -m tests.trained_argos prepare WORK      # sentences + SentencePiece model, from our own texts
    python -m tests.trained_argos package WORK DIR  # CTranslate2 model (int8) + .argosmodel
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "tests" / "data" / "argos" / "translate-fr_en-copy.argosmodel"
HEADS = 4
VOCAB_SIZE = 1000


def held_out(sentence: str) -> bool:
    """The tenth of the sentences never trained on (the same rule as ``scripts/train_argos.py``)."""
    return hashlib.sha1(sentence.encode()).digest()[0] < 26


def sentences() -> list[str]:
    """Every sentence of the project's own French texts, once each, in a fixed order."""
    from service.text.segmenter import segment
    from tests.support.corpus import french_texts, judged_sentences

    texts = [text for _, text in french_texts()]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*fr*.txt"))]
    found = [" ".join(s.text.split()) for text in texts for s in segment(text)]
    found += judged_sentences()
    return list(dict.fromkeys(s for s in found if len(s) > 3))


def prepare(work: Path) -> None:
    from tests.synthetic_argos import train_sentencepiece

    work.mkdir(parents=True, exist_ok=True)
    lines = sentences()
    (work / "sentences.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    train_sentencepiece("\n".join(lines), work / "sentencepiece", VOCAB_SIZE)
    print(f"[prepare] {len(lines)} sentences; SentencePiece model in {work}")


def _spec(weights: dict[str, np.ndarray], vocabulary: list[str]):
    """A CTranslate2 TransformerSpec holding the trained weights (the torch model has its exact shape)."""
    from ctranslate2.specs import transformer_spec

    layers = len({name.split(".")[1] for name in weights if name.startswith("enc_self.")})
    spec = transformer_spec.TransformerSpec.from_config((layers, layers), HEADS)

    def linear(layer, name: str) -> None:
        layer.weight = weights[f"{name}.weight"]
        layer.bias = weights[f"{name}.bias"]

    def norm(layer, name: str) -> None:
        layer.gamma = weights[f"{name}.weight"]
        layer.beta = weights[f"{name}.bias"]

    spec.encoder.embeddings[0].weight = weights["src_embed.weight"]
    spec.decoder.embeddings.weight = weights["tgt_embed.weight"]
    spec.encoder.position_encodings.encodings = weights["positions"]
    spec.decoder.position_encodings.encodings = weights["positions"]
    for i, layer in enumerate(spec.encoder.layer):
        norm(layer.self_attention.layer_norm, f"enc_self.{i}.norm")
        linear(layer.self_attention.linear[0], f"enc_self.{i}.qkv")
        linear(layer.self_attention.linear[1], f"enc_self.{i}.out")
        norm(layer.ffn.layer_norm, f"enc_ffn.{i}.norm")
        linear(layer.ffn.linear_0, f"enc_ffn.{i}.linear_0")
        linear(layer.ffn.linear_1, f"enc_ffn.{i}.linear_1")
    norm(spec.encoder.layer_norm, "enc_norm")
    for i, layer in enumerate(spec.decoder.layer):
        norm(layer.self_attention.layer_norm, f"dec_self.{i}.norm")
        linear(layer.self_attention.linear[0], f"dec_self.{i}.qkv")
        linear(layer.self_attention.linear[1], f"dec_self.{i}.out")
        norm(layer.attention.layer_norm, f"dec_cross.{i}.norm")
        linear(layer.attention.linear[0], f"dec_cross.{i}.q")
        linear(layer.attention.linear[1], f"dec_cross.{i}.kv")
        linear(layer.attention.linear[2], f"dec_cross.{i}.out")
        norm(layer.ffn.layer_norm, f"dec_ffn.{i}.norm")
        linear(layer.ffn.linear_0, f"dec_ffn.{i}.linear_0")
        linear(layer.ffn.linear_1, f"dec_ffn.{i}.linear_1")
    norm(spec.decoder.layer_norm, "dec_norm")
    linear(spec.decoder.projection, "projection")
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    return spec


def package(work: Path, out_dir: Path, quantization: str = "int8") -> Path:
    """Write ``translate-fr_en-copy.argosmodel`` into ``out_dir`` from the trained weights in ``work``."""
    weights = dict(np.load(work / "weights.npz"))
    vocabulary = json.loads((work / "vocabulary.json").read_text(encoding="utf-8"))
    report = json.loads((work / "report.json").read_text(encoding="utf-8"))
    spec = _spec(weights, vocabulary)
    spec.optimize(quantization=quantization)
    name = "translate-fr_en-copy"
    out_dir.mkdir(parents=True, exist_ok=True)
    archive = out_dir / f"{name}.argosmodel"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / name
        (root / "model").mkdir(parents=True)
        spec.save(str(root / "model"))
        (root / "sentencepiece.model").write_bytes((work / "sentencepiece.model").read_bytes())
        metadata = {
            "package_version": "1.0",
            "argos_version": "1.9.0",
            "from_code": "fr",
            "from_name": "French",
            "to_code": "en",
            "to_name": "English",
            "type": "translate",
            "code": "translate-fr_en",
        }
        (root / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
        (root / "README.md").write_text(
            "Test model of offline-news-translate: copies its French input and stops at the end of the sentence, "
            "as real models do. Not a translation model.\n"
            f"Held out: {report['exact_copies']}/{report['held_out']} copied exactly, "
            f"{report['stopped']}/{report['held_out']} stopped ({report['steps']} training steps).\n",
            encoding="utf-8",
        )
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(root.rglob("*")):
                info = zipfile.ZipInfo(str(path.relative_to(Path(tmp))), date_time=(2025, 1, 1, 0, 0, 0))
                if path.is_dir():
                    continue
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())
    print(f"[package] {archive} ({archive.stat().st_size // 1024} KB)")
    return archive


def main(argv: list[str]) -> int:
    if argv[:1] == ["prepare"] and len(argv) == 2:
        prepare(Path(argv[1]))
        return 0
    if argv[:1] == ["package"] and len(argv) == 3:
        package(Path(argv[1]), Path(argv[2]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
