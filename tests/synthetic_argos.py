"""Build small but real Argos packages offline, for tests and the benchmark.

A real CTranslate2 Transformer with seeded random weights and a real
SentencePiece model trained on the project's own French sample: the output
is gibberish, but every step of the plumbing (install, discovery, tokenizer,
batching, target prefix, scores, pivots, cache) runs for real.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import numpy as np

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "article-fr.txt"


def train_sentencepiece(text: str, out_prefix: Path, vocab_size: int) -> list[str]:
    """Train a SentencePiece model and return its vocabulary in id order."""
    import sentencepiece as spm

    lines = [line.strip() for line in text.splitlines() if line.strip()]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines * 3),
        model_prefix=str(out_prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
        num_threads=1,
    )
    processor = spm.SentencePieceProcessor(model_file=str(out_prefix) + ".model")
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _fill(spec, rng: np.random.Generator, d_model: int, ffn: int, vocab: int) -> None:
    """Give every weight of a Transformer spec a seeded random value."""
    from ctranslate2.specs import attention_spec, common_spec, model_spec

    def linear(layer, out_dim, in_dim):
        layer.weight = (rng.standard_normal((out_dim, in_dim)) * 0.08).astype(np.float32)
        layer.bias = np.zeros(out_dim, dtype=np.float32)

    def visit(node, name=""):
        if isinstance(node, common_spec.LayerNormSpec):
            node.gamma = np.ones(d_model, dtype=np.float32)
            if hasattr(node, "beta"):
                node.beta = np.zeros(d_model, dtype=np.float32)
            return
        if isinstance(node, common_spec.EmbeddingsSpec):
            node.weight = (rng.standard_normal((vocab, d_model)) * 0.08).astype(np.float32)
            return
        if isinstance(node, attention_spec.MultiHeadAttentionSpec):
            if len(node.linear) == 2:  # self-attention: fused QKV, output
                linear(node.linear[0], 3 * d_model, d_model)
            else:  # encoder-decoder attention: Q, fused KV, output
                linear(node.linear[0], d_model, d_model)
                linear(node.linear[1], 2 * d_model, d_model)
            linear(node.linear[-1], d_model, d_model)
            visit(node.layer_norm)
            return
        if isinstance(node, common_spec.LinearSpec):
            if name.endswith("linear_0"):
                linear(node, ffn, d_model)
            elif name.endswith("linear_1"):
                linear(node, d_model, ffn)
            else:  # output projection
                linear(node, vocab, d_model)
            return
        if isinstance(node, (list, tuple)):
            for i, child in enumerate(node):
                visit(child, f"{name}_{i}")
            return
        if isinstance(node, model_spec.LayerSpec):
            for key, child in vars(node).items():
                visit(child, key)

    visit(spec)


def build_package(
    out_dir: Path,
    source: str,
    target: str,
    *,
    seed: int = 0,
    layers: int = 2,
    d_model: int = 64,
    heads: int = 4,
    ffn: int = 128,
    vocab_size: int = 400,
    quantization: str | None = None,
    target_prefix: str = "",
    text: str | None = None,
    version: str = "1.0",
    pad_vocab_to: int = 0,
) -> Path:
    """Write ``translate-<source>_<target>-<version>.argosmodel`` into ``out_dir``."""
    from ctranslate2.specs import transformer_spec

    text = text if text is not None else SAMPLE.read_text(encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"translate-{source}_{target}-{version.replace('.', '_')}"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / name
        root.mkdir()
        pieces = train_sentencepiece(text, root / "sentencepiece", vocab_size)
        vocabulary = ["<blank>", "<s>", "</s>"] + [p for p in pieces if p not in ("<s>", "</s>")]
        if target_prefix:
            vocabulary.append(target_prefix)
        # A real model's vocabulary is ~32k: pad so the output layer costs what it would.
        vocabulary += [f"<extra_{i}>" for i in range(max(0, pad_vocab_to - len(vocabulary)))]
        spec = transformer_spec.TransformerSpec.from_config((layers, layers), heads)
        rng = np.random.default_rng(seed)
        _fill(spec, rng, d_model, ffn, len(vocabulary))
        spec.register_source_vocabulary(vocabulary)
        spec.register_target_vocabulary(vocabulary)
        spec.validate()
        if quantization:
            spec.optimize(quantization=quantization)
        (root / "model").mkdir()
        spec.save(str(root / "model"))
        (root / "sentencepiece.vocab").unlink(missing_ok=True)
        metadata = {
            "package_version": version,
            "argos_version": "1.9.0",
            "from_code": source,
            "from_name": source,
            "to_code": target,
            "to_name": target,
            "type": "translate",
            "code": f"translate-{source}_{target}",
            "target_prefix": target_prefix,
        }
        (root / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
        (root / "README.md").write_text("Synthetic test package: random weights.\n", encoding="utf-8")
        archive = out_dir / f"{name}.argosmodel"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(root.rglob("*")):
                zf.write(path, path.relative_to(Path(tmp)))
    return archive


def corrupt_package(out_dir: Path) -> Path:
    """A file named like a package that is not a zip archive."""
    path = out_dir / "translate-xx_yy-1_0.argosmodel"
    path.write_bytes(b"this is not a zip file\n" * 10)
    return path


def zip_without_model(out_dir: Path) -> Path:
    """A valid zip with metadata but no model: discovered as broken."""
    path = out_dir / "translate-fr_xx-1_0.argosmodel"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("translate-fr_xx-1_0/metadata.json", json.dumps({"from_code": "fr", "to_code": "xx"}))
    path.write_bytes(buffer.getvalue())
    return path


def install_unzipped(archive: Path, packages_dir: Path) -> Path:
    """Unzip a package as-is (bypassing validation), to plant broken packages."""
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(packages_dir)
        top = zf.namelist()[0].split("/")[0]
    return packages_dir / top
