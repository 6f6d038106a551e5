"""Train and evaluate the structure reader's line model on the labelled corpora.

    scripts/structure_model train                        # writes service/text/structure_model.json
    scripts/structure_model evaluate --leave-one-kind-out  # per-kind figures, written to docs and tests/data
    scripts/structure_model forms                        # the rules by form against every labelled line

Training is a multinomial logistic regression (L2, L-BFGS from SciPy, which
the service already depends on) over ``service.text.line_features`` and a
table of transitions between kinds; nothing else is installed. The
evaluation that predicts how the service does on the next outlet is
*leave-one-kind-out*: for each outlet kind, the model is trained on all the
other kinds and tested on that one, with the whole reader (Markdown, page
reader, decoding, dates) and every summary method.

Repetition evidence is given as a batch run would give it: a line that
appears in two or more articles of the corpus is "recurring" (the text only,
never the labels).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # small matrices: one thread is ten times faster than several fighting

import numpy as np  # noqa: E402
from scipy.optimize import minimize  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.models.article import KINDS, TRANSLATED_KINDS  # noqa: E402
from service.text.line_features import FEATURE_NAMES, features  # noqa: E402
from service.text.line_model import MODEL_PATH, LineModel  # noqa: E402
from service.text.lines import Line  # noqa: E402
from service.text.morphology import Verbs, verbs_of_lines  # noqa: E402
from service.text.structure import (  # noqa: E402
    fingerprint,
    line_fingerprints,
    parse_article,
    read_lines,
    recurring_across,
)
from tests.support.outlets import HELD_OUT_SETS, Labelled, Score, align, articles, held_out, score  # noqa: E402

REPORT = ROOT / "tests" / "data" / "structure_loko.json"
L2 = 1.0  # weight of the penalty on the weights (per article line: the loss is summed)
TRANSITION_WEIGHT = 0.5
SMOOTHING = 0.5  # added to every transition count
PRIOR = 5.0  # weight a labelling convention starts from (the data may move it)
# The labelling conventions (tests/corpus/outlets/README.md) that hold for every outlet, as prior weights: the
# weights are pulled towards these instead of towards zero, so a convention seen in one kind of outlet only
# (wire sign-offs, live-blog time stamps, digest labels, communiqué contacts) is still known when that kind is
# left out. With data, the weights move like any other.
PRIORS: dict[tuple[str, str], float] = {
    ("time_only", "dateline"): PRIOR,
    ("minute_mark", "dateline"): PRIOR,
    ("cue_agency", "dateline"): PRIOR,  # "Sion (ats) - ", "PARIS, 12 fév (AFP) -"
    ("signoff_shape", "signoff"): PRIOR,
    ("wire_stamp", "dateline"): PRIOR,  # "031252 GMT AVR 25": the dispatch's transmission moment
    ("label_time", "kicker"): PRIOR,
    # A digest's item label: a short rubric shape that opens three items or more ("Santé", "SPORT • ",
    # "Mobilité · 7h15"), or a label cut off the start of a paragraph with no date in it.
    ("opener_label", "kicker"): PRIOR,
    ("label_head", "kicker"): PRIOR,
    ("item_headline", "heading"): PRIOR,  # the headline of one item of a digest, under its label
    ("cue_contact", "footer"): PRIOR,
    ("end_mark", "footer"): PRIOR,  # "###", "-30-", "— FIN —" close a communiqué
    ("after_end_mark", "footer"): PRIOR,  # ... and its contacts and boilerplate follow
    ("checked_by", "signature"): PRIOR,  # "Vérification : X. Relecture : Y." signs a fact-check
    ("initials_only", "signature"): PRIOR,  # "P. G." under a story
    ("place_dash", "dateline"): PRIOR,  # "SHERBROOKE –" over the story's first line
    ("cue_legal", "footer"): PRIOR,
    ("cue_press", "kicker"): PRIOR,
    ("cue_about", "heading"): PRIOR,
    ("cue_paywall", "paywall"): PRIOR,
    ("cue_subscribe", "cta"): PRIOR,
    ("cue_follow", "cta"): PRIOR,
    ("cue_app", "cta"): PRIOR,
    ("first_person_call", "cta"): PRIOR,
    ("imperative", "cta"): PRIOR,
    ("cue_share", "widget"): PRIOR,
    ("cue_related", "widget"): PRIOR,
    ("cue_comments", "widget"): PRIOR,
    ("cue_media", "widget"): PRIOR,
    ("cue_cookies", "widget"): PRIOR,
    ("cue_tags", "widget"): PRIOR,
    ("cue_navigation", "widget"): PRIOR,
    ("menu", "widget"): PRIOR,  # a menu of sections, a share bar
    ("cue_reading", "reading_time"): PRIOR,
    ("cue_byline", "byline"): PRIOR,
    ("cue_photo", "caption"): PRIOR,
    ("cue_translation", "credit"): PRIOR,
    ("cue_source", "credit"): PRIOR,
    ("credit_first", "credit"): PRIOR,
    ("credit_last", "caption"): PRIOR,
    ("after_image", "caption"): PRIOR,  # a picture's caption is the line under it
    ("italic_under_image", "caption"): PRIOR,
    ("counter", "widget"): PRIOR,
    ("number_only", "widget"): PRIOR,
    ("cells", "table"): PRIOR,
    ("cells_run", "table"): PRIOR,  # rows of one table, cut alike
    ("md_table", "table"): PRIOR,
    ("cue_question", "heading"): PRIOR,
    # A note about the page itself is furniture: "Cette entrevue a été condensée", "Cet article est tiré de notre
    # numéro", "La suite de ce reportage est réservée aux abonnés".
    ("about_itself", "body"): -PRIOR,
    ("about_itself", "standfirst"): -PRIOR,
    ("about_itself", "heading"): -PRIOR,
    ("about_itself", "caption"): -PRIOR,
    # A line found in other articles of the batch, or in saved articles, is furniture (a kicker or a title
    # may recur: "Justice", "Entretien").
    ("recurring", "body"): -PRIOR,
    ("recurring", "heading"): -PRIOR,
    ("recurring", "standfirst"): -PRIOR,
    ("recurring", "caption"): -PRIOR,
    ("recurring", "table"): -PRIOR,
    ("ends_stop", "title"): -PRIOR,  # a headline has no final full stop
    ("ends_stop", "kicker"): -PRIOR,
    ("ends_stop", "heading"): -PRIOR,
    ("ends_stop", "publication"): -PRIOR,  # an outlet's name is a name, not a sentence
    ("finite", "publication"): -PRIOR,
    ("digit_share", "publication"): -PRIOR,  # ... with no figures: a band of figures is a ticker
    ("signed_number", "publication"): -PRIOR,
    ("first_running_shorter", "standfirst"): PRIOR,  # a lede: the first paragraph, shorter than the body's
    ("lede_shorter_than_median", "standfirst"): PRIOR,
    ("lede_before_credit", "standfirst"): PRIOR,  # a lede set apart from the body by a byline or a dateline
    ("credited_opening", "signature"): PRIOR,  # an author's bio opens with the name the byline credits
    ("named_in_copyright", "publication"): PRIOR,  # the outlet's name, as its copyright line gives it
    # An interview's questions are headings, whatever their form: the interviewer's lines, and a short line
    # between two answers in an article of questions and answers.
    ("asks_as_questions", "heading"): PRIOR,
    ("between_answers", "heading"): PRIOR,
    ("remark_between_answers", "heading"): PRIOR,  # ... even with a full stop, where a heading has none
    ("over_picture_credit", "caption"): PRIOR,  # a short line over a picture's credit is its caption
    ("byline_dated", "dateline"): PRIOR,  # "Par X — 22 février 2025": a byline with a date is a dateline
    ("lone_cells", "table"): -PRIOR,  # a table has rows
    ("copyright_notice", "footer"): PRIOR,  # the page's copyright: "© Outlet 2025", "Tous droits réservés"
    ("contact_details", "footer"): PRIOR,  # ... and whom to contact ("Contact presse : X – tél. – courriel")
    ("parts_after_article", "footer"): PRIOR / 2,  # in parts after the article: a masthead, a legal bar
    ("ticker", "widget"): PRIOR,  # a ticker: quotes with their changes, a band of them or one on its own line
    ("trail", "widget"): PRIOR,  # a trail from the home page: "Accueil › Économie"
    ("cue_advert", "widget"): PRIOR,  # an advertisement's label: "Publicité"
    ("in_comments", "widget"): PRIOR,  # under "3 commentaires": the readers' comments and their furniture
    ("cue_pinned", "widget"): PRIOR,  # "📌 Épinglé"
    ("cue_refresh", "widget"): PRIOR,  # "⟳ Rafraîchir le direct"
    ("ends_comma", "signature"): PRIOR,  # "Pour le préfet et par délégation," over the signatory
    ("under_closing_formula", "signature"): PRIOR,  # ... and the signatory under it
    ("translated_note", "credit"): PRIOR,  # "Les propos en anglais ont été traduits par la rédaction."
    ("credit_roles", "credit"): PRIOR,  # "Vérification : Amina Belkacem. Relecture : Karim Hadjadj."
}
VARIANT_WEIGHT = 0.5  # each pasted-otherwise variant of an article counts this much
MIN_ARTICLES = 3
# Chosen by the training kinds themselves (leave-one-kind-out within them), never by the kind tested.
GRID = [
    {"l2": l2, "transition_weight": w} for l2 in (0.5, 1.0) for w in (0.25, 0.5)
]  # a word is a feature when found in this many training articles, of two kinds at least


@dataclass
class Prepared:
    item: Labelled
    text: str
    added: tuple[str, ...]
    lines: list[Line]
    verbs: list[Verbs]
    x: np.ndarray  # the fixed features (the vocabulary's are added per model)
    y: list[int | None]  # kind index per line, None where the labels do not say
    variants: list[Prepared] = field(default_factory=list)  # the same article pasted otherwise (training only)
    weight: float = 1.0


def read(item: Labelled) -> tuple[str, tuple[str, ...]]:
    from service.text.files import read_source

    source = read_source(item.path.name, item.data)
    return source.text, source.added


def wrapped(item: Labelled, width: int) -> Labelled:
    """``item`` as a text wrapped at ``width`` characters gives it: every line cut where its next word would
    not fit (a hyphenated word may be cut at its hyphen), the labels unchanged."""
    import textwrap

    text = item.data.decode("utf-8")
    lines = [textwrap.fill(line, width) if line.strip() else line for line in text.split("\n")]
    return dataclasses.replace(item, data="\n".join(lines).encode("utf-8"))


def recurring_lines(texts: list[str]) -> frozenset[str]:
    """Fingerprints of the lines found in two or more of ``texts`` (a batch's repetition evidence)."""
    return recurring_across([line_fingerprints(text) for text in texts])


def prepare(items: list[Labelled], recurring: frozenset[str]) -> list[Prepared]:
    out = []
    for item in items:
        text, added = read(item)
        lines = read_lines(text)
        verbs = verbs_of_lines([line.text for line in lines])
        x = features(lines, verbs, [fingerprint(line.text) in recurring for line in lines])
        y: list[int | None] = [None] * len(lines)
        for want, got in align(item, [("", line.text) for line in lines]):
            if want is not None and got is not None:
                y[got] = KINDS.index(item.expected[want][0])
        for i, line in enumerate(lines):
            if y[i] is None and line.text.strip() in added:
                y[i] = KINDS.index("dateline" if not line.text.startswith("Par ") else "byline")
        prepared = Prepared(item, text, added, lines, verbs, x, y)
        prepared.variants = variants(prepared, recurring)
        out.append(prepared)
    return out


CONTENT_KINDS = {KINDS.index(k) for k in ("title", "kicker", "standfirst", "heading", "body", "caption", "table")}


def variants(p: Prepared, recurring: frozenset[str]) -> list[Prepared]:
    """The article as other people paste it: its content only, its first lines, its body only, from its title
    on, as a short brief.

    The corpus shows pages with their furniture; users also paste clean text. Without these, position
    and neighbours would teach the model that a first line is never body and a short paragraph never a
    heading.
    """
    title = KINDS.index("title")
    body = KINDS.index("body")
    content = [i for i, y in enumerate(p.y) if y in CONTENT_KINDS]
    keeps = [
        content,
        content[:3],  # a headline and its first lines: a short paste
        [i for i, y in enumerate(p.y) if y == body],
        [i for i in range(p.y.index(title), len(p.y)) if p.y[i] is not None] if title in p.y else [],
    ]
    out: list[Prepared] = []
    seen = {tuple(i for i, y in enumerate(p.y) if y is not None)}
    for keep in keeps:
        if not keep or tuple(keep) in seen:
            continue
        seen.add(tuple(keep))
        lines = [p.lines[i] for i in keep]
        verbs = [p.verbs[i] for i in keep]
        x = features(lines, verbs, [fingerprint(line.text) in recurring for line in lines])
        out.append(Prepared(p.item, p.text, p.added, lines, verbs, x, [p.y[i] for i in keep], weight=VARIANT_WEIGHT))
    brief = _brief(p, recurring)
    if brief is not None:
        out.append(brief)
    if any(fingerprint(line.text) in recurring for line in p.lines):
        # The whole page read alone, with no other article to show what recurs (the web form's one article):
        # a line's own words and shape must tell an advertisement's "Publicité" from a heading ("Conclusion").
        x = features(p.lines, p.verbs, None)
        out.append(Prepared(p.item, p.text, p.added, p.lines, p.verbs, x, p.y, weight=VARIANT_WEIGHT))
    return out


def _brief(p: Prepared, recurring: frozenset[str]) -> Prepared | None:
    """The article as a short brief: its headline, its first two paragraphs cut to two sentences each, and its
    last line of furniture. Briefs are pasted too, and their paragraphs are short."""
    from service.text.segmenter import segment

    title, body = KINDS.index("title"), KINDS.index("body")
    if title not in p.y:
        return None
    bodies = [i for i, y in enumerate(p.y) if y == body][:2]
    last = next((i for i in range(len(p.y) - 1, -1, -1) if p.y[i] is not None), None)
    if not bodies or last is None:
        return None
    lines, labels = [p.lines[p.y.index(title)]], [title]
    for i in bodies:
        line = p.lines[i]
        pieces = segment(line.text)
        end = pieces[min(1, len(pieces) - 1)].end
        lines.append(dataclasses.replace(line, text=line.text[:end], offsets=line.offsets[:end]))
        labels.append(body)
    if p.y[last] not in CONTENT_KINDS:
        lines.append(p.lines[last])
        labels.append(p.y[last])
    verbs = verbs_of_lines([line.text for line in lines])
    x = features(lines, verbs, [fingerprint(line.text) in recurring for line in lines])
    return Prepared(p.item, p.text, p.added, lines, verbs, x, labels, weight=VARIANT_WEIGHT)


def vocabulary_of(prepared: list[Prepared], min_articles: int = MIN_ARTICLES, min_kinds: int = 2) -> list[str]:
    """Lemmas found in enough articles of enough kinds to say something about any outlet."""
    articles_with: Counter[str] = Counter()
    kinds_with: dict[str, set[str]] = {}
    for p in prepared:
        found = {lemma for v in p.verbs for lemma in v.lemmas if len(lemma) > 1 and not lemma.isdigit()}
        articles_with.update(found)
        for lemma in found:
            kinds_with.setdefault(lemma, set()).add(p.item.kind)
    return sorted(w for w, n in articles_with.items() if n >= min_articles and len(kinds_with[w]) >= min_kinds)


def with_vocabulary(p: Prepared, vocabulary: list[str]) -> np.ndarray:
    index = {word: j for j, word in enumerate(vocabulary)}
    words = np.zeros((len(p.lines), len(vocabulary)))
    for i, v in enumerate(p.verbs):
        for lemma in v.lemmas:
            if lemma in index:
                words[i, index[lemma]] = 1.0
    return np.hstack([p.x, words])


def fit(
    prepared: list[Prepared],
    l2: float = L2,
    transition_weight: float = TRANSITION_WEIGHT,
    priors: dict[tuple[str, str], float] | None = None,
) -> LineModel:
    vocabulary = vocabulary_of(prepared)
    everything = [q for p in prepared for q in (p, *p.variants)]
    rows = [
        (row, y, q.weight)
        for q in everything
        for row, y in zip(with_vocabulary(q, vocabulary), q.y, strict=True)
        if y is not None
    ]
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    weights = np.array([r[2] for r in rows])[:, None]
    n, f = x.shape
    k = len(KINDS)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0

    names = [*FEATURE_NAMES, *vocabulary]
    prior = np.zeros((f, k))
    for (feature, kind), value in (priors if priors is not None else PRIORS).items():
        prior[names.index(feature), KINDS.index(kind)] = value

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: f * k].reshape(f, k)
        b = theta[f * k :]
        scores = x @ w + b
        scores -= scores.max(axis=1, keepdims=True)
        log_p = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
        p = np.exp(log_p)
        value = -(weights * onehot * log_p).sum() + 0.5 * l2 * ((w - prior) ** 2).sum() + 0.5 * l2 * (b * b).sum()
        error = weights * (p - onehot)
        grad_w = x.T @ error + l2 * (w - prior)
        grad_b = error.sum(axis=0) + l2 * b
        return value, np.concatenate([grad_w.ravel(), grad_b])

    start_at = np.concatenate([prior.ravel(), np.zeros(k)])
    result = minimize(loss, start_at, jac=True, method="L-BFGS-B", options={"maxiter": 3000})
    w = result.x[: f * k].reshape(f, k).copy()
    b = result.x[f * k :].copy()
    # A kind the training never saw (a wire's sign-off when the wires are left out, as the next outlet may
    # bring one) was only ever pushed down. It is known by what it shares with the seen kinds of its group
    # (content or furniture: their mean weights) and by its own conventions.
    seen = onehot.sum(axis=0) > 0
    for j in np.flatnonzero(~seen):
        content = KINDS[j] in TRANSLATED_KINDS
        group = [i for i in np.flatnonzero(seen) if (KINDS[i] in TRANSLATED_KINDS) == content]
        if group:
            w[:, j] = w[:, group].mean(axis=1) + prior[:, j]
            b[j] = b[group].mean()
    counts = np.full((k, k), SMOOTHING)
    starts = np.full(k, SMOOTHING)
    for q in everything:
        labels = [y for y in q.y if y is not None]
        if labels:
            starts[labels[0]] += q.weight
        for a, c in itertools.pairwise(labels):
            counts[a, c] += q.weight
    # ... and it comes and goes where the kinds of its group do: without this, the transitions never seen
    # into and out of it (body to sign-off, sign-off to footer) would forbid it whatever its line says.
    for j in np.flatnonzero(~seen):
        content = KINDS[j] in TRANSLATED_KINDS
        group = [i for i in np.flatnonzero(seen) if (KINDS[i] in TRANSLATED_KINDS) == content]
        if group:
            rows = counts[group] / counts[group].sum(axis=1, keepdims=True)
            counts[j] = rows.mean(axis=0) * counts[group].sum(axis=1).mean()
            into = counts[:, group] / counts.sum(axis=1, keepdims=True)
            counts[:, j] = into.mean(axis=1) * counts.sum(axis=1)
            starts[j] = starts[group].mean()
    transitions = np.log(counts / counts.sum(axis=1, keepdims=True))
    start = np.log(starts / starts.sum())
    return LineModel(
        tuple(KINDS), (*FEATURE_NAMES, *vocabulary), tuple(vocabulary), w, b, start, transitions, transition_weight
    )


def summaries_of(article) -> dict[str, list[int]]:
    from service.models.summary import NAMES
    from service.summaries.across_languages import candidates
    from service.summaries.summarizers import summarize

    found = candidates(article)
    return {a: (summarize(found, "fr", a, "50%", article.title) if found else []) for a in NAMES}


def evaluate(prepared: list[Prepared], model: LineModel, recurring: frozenset[str], with_summaries: bool) -> Score:
    total = Score()
    for p in prepared:
        article = parse_article(p.text, "fr", p.item.reference, recurring=recurring, model=model)
        total.add(score(p.item, article, p.added, summaries_of if with_summaries else None))
    return total


def leave_one_kind_out(
    prepared: list[Prepared],
    recurring: frozenset[str],
    with_summaries: bool = True,
    tune: bool = False,
    chosen: dict[str, dict] | None = None,
    **kw,
) -> tuple[dict[str, Score], dict[str, dict]]:
    """Per kind: train on the others, test on it. ``tune``: the others also choose the L2 weight and the
    transition weight (an inner leave-one-kind-out over ``GRID``); ``chosen``: the values to use per kind."""
    kinds = sorted({p.item.kind for p in prepared})
    per_kind: dict[str, Score] = {}
    used: dict[str, dict] = {}
    for kind in kinds:
        train = [p for p in prepared if p.item.kind != kind]
        point = (chosen or {}).get(kind) or (choose(train, recurring, **kw) if tune else {})
        used[kind] = point
        model = fit(train, **{**kw, **point})
        per_kind[kind] = evaluate([p for p in prepared if p.item.kind == kind], model, recurring, with_summaries)
    return per_kind, used


def choose(prepared: list[Prepared], recurring: frozenset[str], **kw) -> dict:
    """The point of ``GRID`` with the most lines right, leave-one-kind-out within ``prepared`` only."""
    best: tuple[float, dict] | None = None
    for point in GRID:
        per_kind, _ = leave_one_kind_out(prepared, recurring, with_summaries=False, **{**kw, **point})
        lines = sum(r.lines for r in per_kind.values())
        right = sum(r.right for r in per_kind.values()) / max(lines, 1)
        if best is None or right > best[0]:
            best = (right, point)
    assert best is not None
    return best[1]


def check_forms() -> int:
    """Every line of the corpora and held-out sets the rules by form (``line_forms.kinds_by_form``) fix, against
    its label: a rule is kept only if every such line carries one of the kinds it allows."""
    from service.text.line_features import running_text
    from service.text.line_forms import kinds_by_form

    sets = {"corpus": articles()} | {name: held_out(name) for name in HELD_OUT_SETS}
    hits: Counter[tuple[str, bool]] = Counter()
    wrong = []
    for name, items in sets.items():
        for p in prepare(items, recurring_lines([read(item)[0] for item in items])):
            running = [i for i, (line, v) in enumerate(zip(p.lines, p.verbs, strict=True)) if running_text(line, v)]
            for i, kinds in kinds_by_form(p.lines, running).items():
                if p.y[i] is None:
                    continue
                label = KINDS[p.y[i]]
                hits["|".join(sorted(kinds)), label in kinds] += 1
                if label not in kinds:
                    wrong.append(f"{name}/{p.item.path.name}: {'|'.join(sorted(kinds))} (labelled {label}) "
                                 f"{p.lines[i].text[:70]!r}")  # fmt: skip
    for (kinds, right), count in sorted(hits.items()):
        print(f"{kinds:40} {'right' if right else 'WRONG':>6} {count:>5}")
    print(f"{sum(hits.values())} lines fixed by their form, {len(wrong)} against their label")
    print("\n".join(wrong))
    return 1 if wrong else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("train", "evaluate", "forms"))
    parser.add_argument("--leave-one-kind-out", action="store_true", help="per kind: train on the others, test on it")
    parser.add_argument("--no-repetition", action="store_true", help="each article alone: no batch evidence")
    parser.add_argument("--errors", action="store_true", help="print every wrong line")
    parser.add_argument("--no-summaries", action="store_true", help="skip the summary check (faster)")
    parser.add_argument("--write", action="store_true", help="record the figures in tests/data/structure_loko.json")
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--transition-weight", type=float, default=TRANSITION_WEIGHT)
    parser.add_argument("--no-priors", action="store_true", help="weights pulled towards zero, not the conventions")
    parser.add_argument(
        "--tune", action="store_true", help="choose --l2 and --transition-weight on the training kinds (slow)"
    )
    parser.add_argument(
        "--reuse-chosen",
        action="store_true",
        help="with --leave-one-kind-out: the --l2 and --transition-weight each fold's training kinds chose in the "
        "recorded run (a change that leaves the labels alone, such as the content rule, cannot move them)",
    )
    parser.add_argument(
        "--held-out",
        nargs="?",
        const="heldout",
        choices=sorted(HELD_OUT_SETS),
        help="the committed model on a held-out set of tests/corpus/ (never trained on; default heldout)",
    )
    parser.add_argument(
        "--wrapped",
        type=int,
        metavar="WIDTH",
        help="evaluate the pasted (.txt) articles with every line wrapped at WIDTH characters (textwrap)",
    )
    args = parser.parse_args(argv)
    if args.command == "forms":
        return check_forms()
    items = articles()
    if args.wrapped:  # the pasted articles as a mail or an agency's .txt file gives them: wrapped at a width
        items = [wrapped(item, args.wrapped) for item in items if item.format == "txt"]
    started = time.perf_counter()
    texts = [read(item)[0] for item in items]
    recurring = frozenset() if args.no_repetition else recurring_lines(texts)
    prepared = prepare(items, recurring)
    options = {"l2": args.l2, "transition_weight": args.transition_weight, "priors": {} if args.no_priors else None}
    if args.command == "train":
        if args.tune:
            point = choose(prepared, recurring, priors=options["priors"])
            options.update(point)
            print(f"chosen by leave-one-kind-out over every kind: {point}")
        model = fit(prepared, **options)
        MODEL_PATH.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
        seen = evaluate(prepared, model, recurring, with_summaries=False)
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}: {len(model.feature_names)} features "
              f"({len(model.vocabulary)} words) x {len(KINDS)} kinds; "
              f"on its own training corpus: {seen.figures()}")  # fmt: skip
        return 0
    if not args.leave_one_kind_out:
        from service.text.line_model import default_model

        if args.held_out:  # read as one batch of its own, as a morning run would read them
            items = held_out(args.held_out)
            if args.wrapped:
                items = [wrapped(item, args.wrapped) for item in items if item.format == "txt"]
            recurring = frozenset() if args.no_repetition else recurring_lines([read(i)[0] for i in items])
            prepared = prepare(items, recurring)
        result = evaluate(prepared, default_model(), recurring, not args.no_summaries)
        print(json.dumps(result.figures()))
        if args.errors:
            print("\n".join(result.errors))
        if args.write and args.held_out:
            report = json.loads(REPORT.read_text(encoding="utf-8"))
            if report.get("model_sha256") != hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest():
                raise SystemExit("record the leave-one-kind-out figures of this model first")
            report[HELD_OUT_SETS[args.held_out]] = {"all": result.figures(), "errors": result.errors}
            REPORT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return 0
    chosen = None
    if args.reuse_chosen:
        chosen = json.loads(REPORT.read_text(encoding="utf-8"))["with_repetition"]["chosen"]
    if args.tune or chosen:
        options = {"priors": options["priors"]}
    per_kind, used = leave_one_kind_out(
        prepared, recurring, not args.no_summaries, tune=args.tune, chosen=chosen, **options
    )
    total = Score()
    print(f"{'kind (left out)':18} {'articles':>8} {'lines':>6} {'lines right':>11} {'roles':>6} {'titles':>7} "
          f"{'dates':>6} {'furniture in summaries':>22}")  # fmt: skip
    for kind, result in per_kind.items():
        total.add(result)
        f = result.figures()
        print(f"{kind:18} {f['articles']:>8} {f['lines']:>6} {f['lines_right']:>11.1%} {f['roles_right']:>6.1%} "
              f"{f['titles_right']:>7.1%} {f['dates_read']:>6.1%} {f['furniture_in_summaries']:>22}")  # fmt: skip
    f = total.figures()
    print(f"{'all kinds':18} {f['articles']:>8} {f['lines']:>6} {f['lines_right']:>11.1%} {f['roles_right']:>6.1%} "
          f"{f['titles_right']:>7.1%} {f['dates_read']:>6.1%} {f['furniture_in_summaries']:>22}")  # fmt: skip
    print(f"({time.perf_counter() - started:.0f} s; repetition evidence: {'no' if args.no_repetition else 'yes'})")
    if args.errors:
        print("\n".join(total.errors))
    if args.write:
        report = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.is_file() else {}
        digest = hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()
        if report.get("model_sha256") != digest:
            report = {"model_sha256": digest}  # figures of an older model are not kept beside the new one's
        how = (
            "--reuse-chosen"
            if chosen
            else "--tune"
            if args.tune
            else f"--l2 {args.l2} --transition-weight {args.transition_weight}"
        )
        report["command"] = f"scripts/structure_model evaluate --leave-one-kind-out {how} --write"
        key = "without_repetition" if args.no_repetition else "with_repetition"
        report[key] = {
            "all": f,
            "per_kind": {k: r.figures() for k, r in per_kind.items()},
            "chosen": {k: used[k] or {"l2": args.l2, "transition_weight": args.transition_weight} for k in used},
        }
        REPORT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
