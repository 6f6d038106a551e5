"""How well the doubt signal finds the translations a bilingual reader judged bad.

    .venv/bin/python scripts/doubt.py                # figures per target and overall
    .venv/bin/python scripts/doubt.py --json         # the same, as JSON (the slow test reads it)
    .venv/bin/python scripts/doubt.py --calibrate    # search the penalties and the threshold, report held-out figures
    .venv/bin/python scripts/doubt.py --judged tests/data/judged2   # the same on another judged folder

The judged set (``tests/data/judged``): French sentences of many outlets with careful references, and
the service's output in English, Spanish and Catalan judged OK, MISLEADING (reads fine, says something
wrong) or GARBLED (visibly broken), with the reason. An output counts as *doubted* when one of its
sentences is under ``DOUBTFUL_BELOW`` — what the page, the API and the exports show as "check this".

Figures: recall of bad outputs (MISLEADING + GARBLED that are doubted), recall of misleading ones,
precision of the doubt (doubted outputs that are bad). Only outputs whose text is the judged text
count: a change to the translations that makes judgments stale shows as a lower ``judged`` share.

``--calibrate`` searches one penalty per flag and the ambiguity penalty by coordinate ascent on half
the outlets and reports the figures on the other half (and the other way round), so that the numbers
it prints are measured on sentences the search did not see.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.models.options import Options  # noqa: E402
from service.models.translation import ROUTES_DISAGREE  # noqa: E402
from service.pipeline.run import translate_texts  # noqa: E402
from service.translation import quality  # noqa: E402
from service.translation.engines.apertium import ApertiumEngine  # noqa: E402
from service.translation.translator import Translator  # noqa: E402

JUDGED = ROOT / "tests" / "data" / "judged"
TARGETS = ("en", "es", "ca")
BAD = {"MISLEADING", "GARBLED"}


@dataclass
class Output:
    id: str
    outlet: str
    target: str
    text: str
    verdict: str | None  # None: this text was not judged (the translation changed since)
    sentences: list[dict]  # per sentence: measure, flags, ambiguities, confidence


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def outputs(folder: Path = JUDGED) -> list[Output]:
    """Translate the judged sentences with the service and pair each output with its judgment.

    ``folder`` holds ``sentences.tsv`` and ``judgments-{en,es,ca}.tsv``; a missing judgments file leaves
    that target's outputs unjudged (so that a new set can be translated before it is judged).
    """
    rows = _read(folder / "sentences.tsv")
    files = {t: folder / f"judgments-{t}.tsv" for t in TARGETS}
    judged = {t: {r["id"]: r for r in _read(path)} if path.exists() else {} for t, path in files.items()}
    translator = Translator([ApertiumEngine()], cache=None)
    # Every sentence keeps its second opinion (whatever the agreement), so that the threshold can be searched.
    kept = quality.AGREEMENT_BELOW, dict(quality.AGREEMENT_BELOW_FOR)
    quality.AGREEMENT_BELOW, quality.AGREEMENT_BELOW_FOR = 101.0, {}
    try:
        results = translate_texts(translator, [r["fr"] for r in rows], Options.parse("fr", ",".join(TARGETS)))
    finally:
        quality.AGREEMENT_BELOW, quality.AGREEMENT_BELOW_FOR = kept
    out = []
    for row, result in zip(rows, results, strict=True):
        for target in TARGETS:
            sentences = result.targets[target].translations
            text = " ".join(s.text for s in sentences)
            judgment = judged[target].get(row["id"])
            verdict = judgment["verdict"] if judgment and judgment["output"].strip() == text.strip() else None
            features = [
                {
                    "measure": _measure(s),
                    "flags": [f for f in s.flags if f != ROUTES_DISAGREE],
                    "agreement": quality.agreement(s.text, s.second_opinion) if s.second_opinion else 100.0,
                    "ambiguities": len(s.ambiguities),
                    "confidence": s.confidence,
                }
                for s in sentences
            ]
            out.append(Output(row["id"], row["outlet"], target, text, verdict, features))
    return out


def _measure(sentence) -> float:
    """The engine's own measure, before any penalty (the confidence divided by what the flags took)."""
    confidence = sentence.confidence if sentence.confidence is not None else 1.0
    factor = 1.0
    for flag in sentence.flags:
        factor *= quality.PENALTY.get(flag, 1.0)
    factor *= quality.AMBIGUITY_PENALTY ** len(sentence.ambiguities)
    return min(1.0, confidence / factor) if factor else 1.0


@dataclass(frozen=True)
class Weights:
    """What the confidence is made of: a factor per flag, per ambiguous word, the agreement threshold per target."""

    penalty: dict
    ambiguity: float
    agreement: dict  # target -> chrF threshold

    @classmethod
    def current(cls) -> Weights:
        return cls(dict(quality.PENALTY), quality.AMBIGUITY_PENALTY, {t: quality.agreement_below(t) for t in TARGETS})

    def confidence(self, sentence: dict, target: str) -> float:
        value = sentence["measure"]
        for flag in sentence["flags"]:
            value *= self.penalty.get(flag, 1.0)
        if sentence["agreement"] < self.agreement[target]:
            value *= self.penalty.get(ROUTES_DISAGREE, 1.0)
        return value * self.ambiguity ** sentence["ambiguities"]


def doubted(output: Output, weights: Weights, threshold: float) -> bool:
    return any(weights.confidence(s, output.target) < threshold for s in output.sentences)


def figures(items: list[Output], weights: Weights, threshold: float) -> dict:
    judged = [o for o in items if o.verdict is not None]
    bad = [o for o in judged if o.verdict in BAD]
    misleading = [o for o in judged if o.verdict == "MISLEADING"]
    flagged = [o for o in judged if doubted(o, weights, threshold)]

    def share(part: int, whole: int) -> float | None:
        return round(part / whole, 3) if whole else None

    return {
        "outputs": len(items),
        "judged": share(len(judged), len(items)),
        "bad": len(bad),
        "misleading": len(misleading),
        "doubted": len(flagged),
        "recall_bad": share(sum(o.verdict in BAD for o in flagged), len(bad)),
        "recall_misleading": share(sum(o.verdict == "MISLEADING" for o in flagged), len(misleading)),
        "precision": share(sum(o.verdict in BAD for o in flagged), len(flagged)),
    }


def report(items: list[Output], weights: Weights, threshold: float) -> dict:
    per = {t: figures([o for o in items if o.target == t], weights, threshold) for t in TARGETS}
    per["all"] = figures(items, weights, threshold)
    return per


def _objective(items: list[Output], weights: Weights, threshold: float) -> float:
    """What the search maximises: recall of bad and of misleading outputs, paid for in precision.

    Under a precision of 0.6 (four doubts in ten on good sentences) the doubt stops being read.
    """
    f = figures(items, weights, threshold)
    recall, misleading, precision = f["recall_bad"] or 0, f["recall_misleading"] or 0, f["precision"] or 0
    if precision < 0.6:
        return -1 + precision
    return 0.6 * recall + 0.2 * misleading + 0.2 * precision


def search(items: list[Output], threshold: float) -> Weights:
    """Coordinate ascent over one factor per flag, the ambiguity factor and the agreement threshold."""
    weights = Weights.current()
    factors = [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 1.0]
    agreements = [0.0, 50.0, 55.0, 60.0, 65.0, 70.0, 75.0, 80.0, 85.0, 90.0]
    best = _objective(items, weights, threshold)
    for _ in range(4):
        improved = False
        for knob in [*weights.penalty, "*ambiguity", *(f"*agreement:{t}" for t in TARGETS)]:
            for value in agreements if knob.startswith("*agreement") else factors:
                if knob == "*ambiguity":
                    trial = Weights(weights.penalty, value, weights.agreement)
                elif knob.startswith("*agreement"):
                    target = knob.split(":")[1]
                    trial = Weights(weights.penalty, weights.ambiguity, {**weights.agreement, target: value})
                else:
                    trial = Weights({**weights.penalty, knob: value}, weights.ambiguity, weights.agreement)
                score = _objective(items, trial, threshold)
                if score > best + 1e-9:
                    best, weights, improved = score, trial, True
        if not improved:
            break
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--dump", type=Path, help="write every output with its verdict and doubts (TSV)")
    parser.add_argument("--judged", type=Path, default=JUDGED, help="judged folder (default %(default)s)")
    args = parser.parse_args()
    items = outputs(args.judged)
    threshold = quality.DOUBTFUL_BELOW
    result: dict = {"figures": report(items, Weights.current(), threshold)}
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as handle:
            for o in items:
                flags = sorted({f for s in o.sentences for f in s["flags"]})
                lowest = min((Weights.current().confidence(s, o.target) for s in o.sentences), default=1.0)
                handle.write(f"{o.id}\t{o.target}\t{o.verdict}\t{lowest:.3f}\t{','.join(flags)}\t{o.text}\n")
    if args.calibrate:
        outlets = sorted({o.outlet for o in items})
        halves = [set(outlets[0::2]), set(outlets[1::2])]
        held_out: dict = defaultdict(dict)
        for number, tune in enumerate(halves):
            found = search([o for o in items if o.outlet in tune], threshold)
            other = [o for o in items if o.outlet not in tune]
            held_out[f"tuned_on_half_{number + 1}"] = {**asdict(found), "held_out": report(other, found, threshold)}
        found = search(items, threshold)
        result["calibrated"] = {**asdict(found), "in_sample": report(items, found, threshold)}
        result["cross_checked"] = held_out
    if args.json:
        print(json.dumps(result, indent=1))
        return
    for name, block in [("current", result["figures"])] + (
        [("calibrated (in sample)", result["calibrated"]["in_sample"])]
        + [(f"{k}, held out", v["held_out"]) for k, v in result["cross_checked"].items()]
        if args.calibrate
        else []
    ):
        print(f"== {name}")
        for target, f in block.items():
            print(
                f"  {target:>3}: judged {f['judged']}  bad {f['bad']:>3}  misleading {f['misleading']:>3}  "
                f"doubted {f['doubted']:>3}  recall(bad) {f['recall_bad']}  recall(misleading) "
                f"{f['recall_misleading']}  precision {f['precision']}"
            )
    if args.calibrate:
        calibrated = result["calibrated"]
        print(
            "penalties:",
            json.dumps(calibrated["penalty"]),
            "ambiguity:",
            calibrated["ambiguity"],
            "agreement:",
            calibrated["agreement"],
        )


if __name__ == "__main__":
    main()
