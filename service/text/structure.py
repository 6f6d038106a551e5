"""The parts of a pasted news article, from evidence that holds across outlets, without losing a line.

Text copied off a news site carries its furniture: a rubric, a headline, a
dateline, a byline, photo credits, share buttons and counters, paywall
notices, related headlines, comments, a copyright footer. Summaries must
draw only on the body, and the side-by-side view must still show everything
pasted, so every line becomes a labelled block that keeps its text and
where it came from.

The labels come from general evidence, not from a list of formats: each
line's features (``service.text.line_features``: length, function words, a
finite verb, punctuation, digits, separators, capitals, dates, names,
links, the furniture vocabulary every site shares, its Markdown role, its
neighbours and place, whether it recurs across articles) go through a small
learned model, and the likeliest sequence of kinds is chosen for the whole
article with at most one title (``service.text.line_model``). Markdown is
read as Markdown (``service.text.markdown``). Dates are read from whatever
the model calls a dateline (``service.text.datelines``).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter, deque
from collections.abc import Collection, Sequence
from datetime import date, datetime

import numpy as np

from service import messages
from service.models.article import (
    BODY,
    BYLINE,
    CAPTION,
    CREDIT,
    DATELINE,
    HEADING,
    MUTED_KINDS,
    REPEATED_TITLE,
    STANDFIRST,
    TABLE,
    TITLE,
    TRANSLATED_KINDS,
    Article,
    ArticleSentence,
    Block,
)
from service.text.datelines import DATE_RE, TIME_RE, UPDATED, WIRE_STAMP, Dateline, parse_dateline
from service.text.line_features import (
    ABOUT_ITSELF,
    CELLS,
    CLOSERS,
    PIPES,
    comments_from,
    credited_names,
    features,
    item_openers,
    opens_with,
    outside_quotes,
    running_text,
)
from service.text.line_forms import WORDS_OF, YEAR, a_date_alone, kinds_by_form
from service.text.line_model import LineModel, default_model
from service.text.lines import Line, join_wrapped, plain_lines, split_heads
from service.text.markdown import looks_like_markdown, read_markdown
from service.text.morphology import Verbs, verbs_of_lines
from service.text.segmenter import Sentence, segment

__all__ = [
    "BODY", "HEADING", "MUTED_KINDS", "TITLE", "TRANSLATED_KINDS", "Article", "Block", "fingerprint",
    "line_fingerprints", "parse_article", "read_lines", "recurring_across",
]  # fmt: skip
# Kinds a paragraph is cut into sentences for (a table row is cut into cells; the others are translated whole).
_SEGMENTED = frozenset({BODY, STANDFIRST, CAPTION})
_WORD = re.compile(r"\w+", re.UNICODE)
_CELL_SEPARATOR = re.compile(f"{CELLS.pattern}|{PIPES.pattern}")
NEAR_DUPLICATE = 0.6  # Jaccard similarity of word sets
DUPLICATE_WINDOW = 400  # earlier sentences a sentence is compared with (see _mark_duplicates)
SAME_ARTICLE_SHARE = 0.5  # articles sharing this share of their lines are copies of one article
REPEATED_TITLE_SIMILARITY = 0.8
MAX_TITLE_WORDS = 40
OPENER_KINDS = (DATELINE, "kicker", HEADING)  # what opens a digest's or a live blog's items
RECURRING_NEVER = (BODY, HEADING, STANDFIRST, CAPTION, TABLE)  # what a line seen in other articles cannot be
# Under the count of the readers' comments (``line_features.comments_from``): neither the article's content nor
# its dates (a reader's "Ginette B. - 17 novembre 2026, 19 h 42" is no publication date).
COMMENTS_NEVER = (*sorted(TRANSLATED_KINDS), DATELINE, BYLINE)
# A line that opens with "©" is a copyright or a credit, never content (the 87 of the corpora and held-out sets).
_COPYRIGHT_FIRST = re.compile(r"^\(?©")
MIN_TITLE_LOG_PROBA = -7.0  # a line the model gives less than ~0.1 % of being the title never is
MIN_CONTENT_WORDS = 4  # a summary candidate says something: a finite verb and at least this many words
LONG_SENTENCE_WORDS = 25  # this long, a sentence with a verb is running text even without a final stop
# The reader addressed: a second-person pronoun ("rendez-vous" and "Abonnez-vous" are read as verbs or nouns).
_SECOND_PERSON = re.compile(r"(?<![\w-])(?:vous|votre|vos|tu|te|ton|ta|tes|toi)(?![\w-])", re.I)
# A list of items on one line, not a statement: one separator glyph standing between spaces twice or more
# ("DANS CE NUMÉRO ✦ Rangiroa : la ferme perlière qui mise sur le tourisme ✦ Va'a : …", "Accueil › Monde ›",
# "60 soudeurs · 45 électriciens · 35 techniciens"). In the corpora 343 lines have one; 1 of them is body.
_ITEM_SEPARATOR = re.compile(r"(?<=\s)([✦•·|›▪■◆★●►➤♦])(?=\s)")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 2}


def similarity(a: set[str], b: set[str]) -> float:
    """Jaccard similarity of two word sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def fingerprint(text: str) -> str:
    """What two copies of a line share however they were pasted: lower case, single spaces, no edge punctuation."""
    normal = " ".join(text.lower().split()).strip(" .:;,|•·–—-")
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:16]


def line_fingerprints(text: str) -> frozenset[str]:
    """The fingerprints of every line of an article (what the saved-article store and a batch compare)."""
    return frozenset(fingerprint(line.text) for line in read_lines(text))


def recurring_across(articles: Sequence[Collection[str]], same_share: float = SAME_ARTICLE_SHARE) -> frozenset[str]:
    """Fingerprints found in two or more of the articles (each given as its line fingerprints).

    Two articles that share ``same_share`` or more of their lines are the same article (pasted twice, a
    copy of a dispatch): copies count once, so their common lines are not evidence of furniture. Linear in
    the number of lines: only an article with that share of its lines found elsewhere can be a copy, and
    only those are compared with each other.
    """
    sets = [frozenset(a) for a in articles]
    counts = Counter(f for lines in sets for f in lines)
    suspects = [i for i, lines in enumerate(sets) if sum(counts[f] > 1 for f in lines) >= same_share * len(lines) > 0]
    group = list(range(len(sets)))  # union-find over copies

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    holders: dict[str, list[int]] = {}
    for i in suspects:
        for f in sets[i]:
            if counts[f] > 1:
                holders.setdefault(f, []).append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for found in holders.values():
        shared.update(itertools.combinations(found, 2))
    for (i, j), n in shared.items():
        if n >= same_share * min(len(sets[i]), len(sets[j])):
            group[root(i)] = root(j)
    members: dict[int, set[str]] = {}
    for i, lines in enumerate(sets):
        members.setdefault(root(i), set()).update(lines)
    per_group = Counter(f for lines in members.values() for f in lines)
    return frozenset(f for f, n in per_group.items() if n > 1)


def read_lines(text: str, markdown: bool | None = None) -> list[Line]:
    """The lines the structure reader labels: Markdown read as Markdown, heads cut off their lines."""
    is_markdown = looks_like_markdown(text) if markdown is None else markdown
    return split_heads(read_markdown(text) if is_markdown else join_wrapped(plain_lines(text)))


# Words only, or a label and its words ("VERDICT : FAUX"): a stamp ("Mise à jour 18 h 20"), a badge ("📌 Épinglé")
# or a counter is furniture however placed.
_PLAIN_WORDS = re.compile(
    r"[^\W\d_][^\W\d_'’ -]*(?:[ '’-]+[^\W\d_]+)*(?:\s?:\s[^\W\d_]+(?:[ '’-]+[^\W\d_]+)*)?\s*[?!]?"
)


def label_lines(
    lines: list[Line], recurring: Collection[str] = frozenset(), model: LineModel | None = None
) -> list[str]:
    """The kind of every line (see the module's docstring)."""
    if not lines:
        return []
    model = model or default_model()
    verbs = verbs_of_lines([line.text for line in lines])
    seen = [fingerprint(line.text) in recurring for line in lines]
    x = features(lines, verbs, seen, model.vocabulary)
    log_proba = model.log_proba(x)
    recurs = [i for i, found in enumerate(seen) if found]
    # The same lines read without the repetition evidence (see below).
    free_proba = model.log_proba(features(lines, verbs, None, model.vocabulary)) if recurs else None
    # Repetition is evidence: a line found in other articles is furniture (a rubric or a headline may recur),
    # unless the story holds it: read without that evidence, it is content between content, as a section
    # heading many outlets share ("En bref", "Ce qu'il faut retenir", "Conclusion") is.
    content = [model.kinds.index(k) for k in RECURRING_NEVER]
    # A head cut off its line ("Lubumbashi, le 16 septembre 2025 – ", "SPORT • ") is made of what datelines and
    # labels are made of, and the running text is the rest of its line: it is never body itself. A time stamp
    # or an update note before its news ("Mise à jour du 4 décembre, 10 h 05 : ", "MAJ 10h15 — ": a time and no
    # date) may be, as the news it opens.
    heads = [
        line.head
        and not line.text.rstrip().endswith(":")
        and not (TIME_RE.search(line.text) and not DATE_RE.search(line.text))
        for line in lines
    ]
    unconstrained = [proba.copy() if proba is not None else None for proba in (log_proba, free_proba)]
    for proba in (log_proba, free_proba):
        if proba is not None:
            proba[heads, model.kinds.index(BODY)] = -np.inf
    # An item's opener (``line_features.item_openers``: a shape the article repeats to open three items or more)
    # is a label, a time stamp or a question heading; never a menu, a button or a footer, whatever its words
    # ("TRANSPORTS › Marckolsheim" is no breadcrumb), as are the 160 of the corpora and held-out sets.
    running = [i for i, (line, v) in enumerate(zip(lines, verbs, strict=True)) if running_text(line, v)]
    zone = comments_from(lines, verbs, running[0] if running else len(lines), set(running))
    openers = [found and i <= zone for i, found in enumerate(item_openers(lines, running))]  # readers' names open none
    not_openers = [i for i, k in enumerate(model.kinds) if k not in OPENER_KINDS]
    banned = [model.kinds.index(k) for k in COMMENTS_NEVER]
    copyrights = [i for i, line in enumerate(lines) if _COPYRIGHT_FIRST.match(line.text.strip())]
    content_kinds = [model.kinds.index(k) for k in sorted(TRANSLATED_KINDS)]
    for proba in (log_proba, free_proba):
        if proba is not None:
            proba[np.ix_(openers, not_openers)] = -np.inf
            proba[zone + 1 :, banned] = -np.inf
            proba[np.ix_(copyrights, content_kinds)] = -np.inf
    # A line whose form says its kind in every outlet is that kind, whatever the kinds around it
    # (``kinds_by_form``): the order learned from some outlets' pages must not make it another. Where the
    # constraints above or the repetition below leave it none of those kinds (a summary's "Conclusion" in what
    # looked like readers' comments, or found in other articles), its form wins.
    forms = kinds_by_form(lines, running)
    by_form = {i: [j for j, k in enumerate(model.kinds) if k in kinds] for i, kinds in forms.items()}
    for proba, before in zip((log_proba, free_proba), unconstrained, strict=True):
        _keep_to_form(proba, before, by_form)
    headlines = headline_candidates(lines, verbs, log_proba, model)  # the veto below leaves titles as they are
    if free_proba is not None:
        free = model.decode(free_proba, headlines)
        held = {
            i for i in recurs
            if 0 < i < len(lines) - 1 and all(free[j] in content for j in (i, i + 1))
            and _PLAIN_WORDS.fullmatch(lines[i].text.strip())
        }  # fmt: skip
        for i in recurs:
            if i in held:  # the story holds it: read as the story reads it, without the repetition
                log_proba[i] = free_proba[i]
            else:
                log_proba[i, content] = -np.inf
        _keep_to_form(log_proba, unconstrained[0], by_form)  # what recurs is furniture, unless its form says
    kinds = [model.kinds[i] for i in model.decode(log_proba, headlines)]
    if STANDFIRST in kinds and BODY not in kinds:  # a lede needs a body after it: alone, it is the body
        kinds = [BODY if kind == STANDFIRST else kind for kind in kinds]
    title = next((line.text for line, kind in zip(lines, kinds, strict=True) if kind == TITLE), None)
    if title:
        title_words = _words(title)
        for i, line in enumerate(lines):
            if kinds[i] != TITLE and similarity(_words(line.text), title_words) >= REPEATED_TITLE_SIMILARITY:
                kinds[i] = REPEATED_TITLE
    return kinds


def _keep_to_form(proba: np.ndarray | None, before: np.ndarray | None, by_form: dict[int, list[int]]) -> None:
    """Leave each line of ``by_form`` (line -> the kinds' indices its form allows) only those kinds; where the
    other constraints left it none of them, their scores ``before`` any constraint (the form wins)."""
    if proba is None or before is None:
        return
    for i, allowed in by_form.items():
        row = np.full(proba.shape[1], -np.inf)
        row[allowed] = proba[i, allowed] if np.isfinite(proba[i, allowed]).any() else before[i, allowed]
        proba[i] = row


def headline_candidates(lines: list[Line], verbs: list[Verbs], log_proba, model: LineModel) -> list[bool]:
    """The lines that may be the title: above the first paragraph of running text and not one, and above the
    first of a series of items (``line_features.item_openers``: a digest's labels, a live blog's time stamps)
    when a line there may be, with no final full stop, two to forty words, and a title not unthinkable for
    the model.

    When one may, the article has one title, chosen by score (``LineModel.decode``), not "the first line"; a
    digest's first item headline, just above the first paragraph, heads an item, not the page. Where some of
    them stand over the article's credit, only those may.
    """
    # An editor's note wholly in brackets ("(Remplace la dépêche ACP 0412 diffusée à 10h20 GMT. Corrige…)") is
    # set apart from the story: the headline may come after it.
    running = [
        running_text(line, v) and not _BRACKETED.fullmatch(line.text.strip())
        for line, v in zip(lines, verbs, strict=True)
    ]
    first = running.index(True) if True in running else len(lines)
    openers = item_openers(lines, [i for i, found in enumerate(running) if found])
    title = model.kinds.index(TITLE)

    def candidates(limit: int) -> list[bool]:
        out = []
        for i, line in enumerate(lines):
            text = line.text.strip()
            out.append(
                (line.heading == 1 or (i < max(limit, 1) and not running[i]))
                and 2 <= len(text.split()) <= MAX_TITLE_WORDS
                and not text.rstrip(CLOSERS).endswith(".")
                and not _menu_like(text)
                and not _LINK_CUE.match(text)
                and not (i > 0 and _LINK_CUE.fullmatch(lines[i - 1].text.strip()))
                and log_proba[i, title] > MIN_TITLE_LOG_PROBA
            )
        return out

    before_items = candidates(min(first, openers.index(True))) if True in openers else []
    found = before_items if any(before_items) else candidates(first)
    # A headline stands over its credit (``_over_their_credit``): where lines do, the title is one of them (of
    # those above the first running line, if any are), unless the model reads another line as the headline
    # far more surely (a reading time, a player's "Lecture automatique", a gallery's "Diaporama (24 photos)"
    # right over "Publié le …").
    over_credit = _over_their_credit(lines, running, candidates(first + OVER_CREDIT_LOOK), log_proba, model)
    best = max(
        [log_proba[i, title] for i, may in enumerate(found) if may] + [log_proba[i, title] for i in over_credit],
        default=0.0,
    )
    over_credit = [i for i in over_credit if log_proba[i, title] >= best - OVER_CREDIT_MARGIN]
    before = [i for i in over_credit if i < first]
    chosen = before or over_credit
    return [i in chosen for i in range(len(lines))] if chosen else found


OVER_CREDIT_MARGIN = 2.5  # log-odds: a headline over its credit wins unless the model prefers another 12 to 1
OVER_CREDIT_LOOK = 8  # lines after the first running one where a headline over its credit is still looked for
STANDFIRST_WORDS = 8  # a standfirst between a headline and its credit is a sentence of this many words or more
CREDIT_REACH = 3  # lines from a headline to its credit: a standfirst, a picture's caption, a date between
# A byline, or a line that says it is the publication's date ("Par …", "Texte …", "Publié le …").
_CREDIT = re.compile(
    r"(?:(?:écrit\s+|rédigé\s+)?par|de\s+notre|texte|propos\s+recueillis|photos?|publié|mis\s+en\s+ligne"
    r"|mis\s+à\s+jour|actualisé)\b",
    re.I,
)


def _title_case(text: str) -> bool:
    """Every word of four letters or more capitalised, not the whole line in capitals: an outlet's or an
    institution's name ("Nord-Côtier Média", "Le Phare de l'Ouest"). French headlines capitalise their first
    word and their names only."""
    words = [w for w in WORDS_OF.findall(text) if len(w) >= 4]
    return len(words) >= 2 and all(w[0].isupper() for w in words) and not text.isupper()


# A sentence of six words or more, then another: "…deux soirs par semaine. Pour combien de temps ?"
_TWO_SENTENCES = re.compile(r"^(?:\S+\s+){5,}\S+[.!…]\s+[«\"“A-ZÀ-Ý]")


def _several_sentences(text: str) -> bool:
    """Two sentences or more: a standfirst, whatever its last mark (a headline is one)."""
    return bool(_TWO_SENTENCES.search(text.strip()))


def _over_their_credit(
    lines: list[Line], running: list[bool], shaped: list[bool], log_proba, model: LineModel
) -> list[int]:
    """The headline-shaped lines that sit over a credit (a byline or the publication's date), with only a
    standfirst, a caption or other credits between them.

    Kickers, sections' names and outlets' slogans stand over the headline, never over its credit. A cookie
    banner, a correction notice or a teaser may come before the headline and read as running text: a
    headline over its credit is still one.
    """
    # What the model reads as someone's or something's name, a picture's caption, or a date is none.
    named = {model.kinds.index(k) for k in (BYLINE, CAPTION, CREDIT, "signature")}
    dated = model.kinds.index(DATELINE)
    seen = Counter(" ".join(line.text.split()) for line in lines)

    def credit(j: int) -> bool:
        return bool(_CREDIT.match(lines[j].text.strip()))

    def between(m: int) -> bool:
        text = lines[m].text
        words = len(text.split())
        return (
            credit(m)
            or "©" in text
            or (words >= STANDFIRST_WORDS and text.rstrip(CLOSERS).endswith((".", "!", "…")))
            or _several_sentences(text)
            or a_date_alone(text)
        )

    return [
        i
        for i in range(min(len(lines), len(shaped)))
        if shaped[i]
        and not running[i]
        and not credit(i)
        and "©" not in lines[i].text
        and int(np.argmax(log_proba[i])) not in named
        and not (int(np.argmax(log_proba[i])) == dated and a_date_alone(lines[i].text))
        and seen[" ".join(lines[i].text.split())] == 1  # an outlet's name, shown again over the date
        and not _title_case(lines[i].text)
        and not _several_sentences(lines[i].text)
        and any(
            credit(j) and all(between(m) for m in range(i + 1, j))
            for j in range(i + 1, min(i + 1 + CREDIT_REACH, len(lines)))
        )
    ]


# A link to another article: its cue, alone on its line or before the linked headline ("À lire aussi :
# Pénurie d'eau…", "« Article précédent" then the previous article's headline).
_LINK_CUE = re.compile(
    r"[«‹<←\s]*(?:à\s+lire\s+(?:aussi|également)|lire\s+aussi|à\s+voir\s+aussi|voir\s+aussi|article\s+(?:précédent|suivant)"
    r"|sur\s+le\s+même\s+sujet|dans\s+la\s+même\s+rubrique)\b[\s:»›>→]*",
    re.I,
)


_BRACKETED = re.compile(r"[(\[][^()\[\]]+[)\]]\.?")
# Separators of a menu, a breadcrumb or an account bar ("Nos vérifications | Méthode | Qui sommes-nous ?").
_MENU_SEPARATOR = re.compile(r"\s[|·•›»/]\s|\s*⁄\s*")
MENU_ITEM_WORDS = 4


def _menu_like(text: str) -> bool:
    """Three entries or more of a few words each, between separators: a menu, never a headline."""
    parts = [p for p in _MENU_SEPARATOR.split(text) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= MENU_ITEM_WORDS for p in parts)


def _block(index: int, kind: str, line: Line) -> Block:
    """A block with its visible text; edge spaces (a cut-off dateline's "- ") are not part of it."""
    text = line.text
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    offsets = line.offsets[left:right] or line.offsets[:1]
    return Block(
        index=index,
        kind=kind,
        text=text[left:right],
        start=offsets[0] if offsets else 0,
        end=offsets[-1] + 1 if offsets else 0,
        line=line.line,
        marker=line.marker.strip() or None,
    )


def _better_date(current: str | None, found: str, later_days: int = 0) -> bool:
    """``found`` sets the publication: none yet, or the same day with its time ("2025-05-14" → "…T06:12").

    ``later_days``: a stamp with its time may also name one of the days after a day alone. A court report
    opens on the hearing's place and day ("LONS-LE-SAUNIER — audience du mardi 18 février 2025") and is
    stamped the morning after ("19/02/2025 - 05:30"); the stamp is the page's.
    """
    if current is None:
        return True
    if len(current) != 10 or len(found) <= 10:
        return False
    gap = (date.fromisoformat(found[:10]) - date.fromisoformat(current)).days
    return 0 <= gap <= later_days


# A note in the story on a change to it, headed by its moment: "Correction, 20 mai à 11 h 30 : …", "[Ajout du
# 5 novembre, 17 h] …", "Précision (3 septembre, 11 h 15) : …", "Mise à jour, May 5, 2026 : …".
_UPDATE_NOTE = re.compile(
    r"^\W*(?P<head>(?:mise à jour|correction|rectificatif|précision|ajout|erratum|actualisation)\b[^:\]]{3,60}?)"
    r"\s*(?:[:\]]|\)\s*:)",
    re.I,
)


def _updated_by_a_note(article: Article, reference: datetime | None) -> str | None:
    """The moment of the story's first note on a change to it, when it is dated after the publication."""
    published = date.fromisoformat(article.published[:10]) if article.published else None
    for block in article.blocks:
        note = _UPDATE_NOTE.match(block.text) if block.kind == BODY else None
        if note is None or not DATE_RE.search(note.group("head")):
            continue
        found = parse_dateline(note.group("head"), reference, published)
        moment = found.updated or found.published
        if moment and published and date.fromisoformat(moment[:10]) >= published and moment != article.published:
            return moment
    return None


def _read_dates(article: Article, reference: datetime | None) -> None:
    """Published and updated from the datelines (and dated bylines), in page order.

    The first dateline that gives a publication sets it; a later one may only make it more precise (the
    same day, with a time). A time alone (a live blog's "11h52") says nothing once a day is known. An
    update is taken from the first dateline that announces one. Relative and unreadable dates are
    reported.
    """
    title = next((b.text for b in article.blocks if b.kind == TITLE), "")
    titled = parse_dateline(title, reference) if DATE_RE.search(title) else None
    title_day = date.fromisoformat(titled.published[:10]) if titled and titled.published else None
    relative: dict[str, bool] = {}
    for block in article.blocks:
        if block.kind != DATELINE and not (block.kind == BYLINE and DATE_RE.search(block.text)):
            continue
        if article.published and not DATE_RE.search(block.text) and not UPDATED.search(block.text):
            continue  # a time stamp down a live blog
        found = parse_dateline(block.text, reference, title_day)
        if found.published and _better_date(article.published, found.published, STAMP_AFTER_DAYS):
            article.published = found.published
            relative["published"] = "published" in found.relative
        if found.updated and article.updated is None:
            article.updated = found.updated
            relative["updated"] = "updated" in found.relative
        for text in found.unreadable:
            article.notices.append(messages.DATE_UNREADABLE(date=text))
    if article.updated is None and article.published:
        noted = _updated_by_a_note(article, reference)
        if noted is not None:
            article.updated = noted
    if article.published is None or len(article.published) == 10:  # none, or a day whose hour may be elsewhere
        found = _date_elsewhere(article, reference, title_day)  # only ever a better publication
        if found is not None:
            article.published = found.published
            relative["published"] = "published" in found.relative
    if article.updated and article.updated == article.published:
        article.updated = None
        relative.pop("updated", None)
    article.relative_dates = [name for name in ("published", "updated") if relative.get(name)]
    if article.relative_dates:
        day = (reference or datetime.now()).date().isoformat()
        article.notices.append(messages.RELATIVE_DATES(dates=", ".join(article.relative_dates), day=day))


# A place and a date opening the first paragraph, as letters and press releases write them ("Allanche, le
# 2 juin 2025. Après un printemps…").
_PLACE_AND_DATE = re.compile(r"^\s*[A-ZÀ-Ý][^,.;:!?\n]{1,40},\s+le\s")
_NOT_DATELINES = frozenset({BODY, TITLE, STANDFIRST, CAPTION, TABLE})
_SAYS_PUBLISHED = re.compile(
    r"\s*(?:publié|mis en ligne|en ligne|paru|posté|diffusé|transmis)e?\s+(?:le\s+)?(?:\w+\s+)?\d", re.I
)
# What a line made only of its date and time may hold besides: separators, update words, a zone.
_DATE_ONLY_REST = re.compile(r"[\W\d_]+|\b(?:le|à|et|h|GMT|UTC|TU)\b", re.I)
DATED_LINE_CHARS = 120  # longer than this, a line holding a date is about something, not the page's date
STAMP_AFTER_DAYS = 2  # a dated stamp with its time may follow the day of the events by this many days


def _date_only(text: str) -> bool:
    """A line that is nothing but a date stamp: "12/02/2025 11:05 – Mise à jour : 12/02/2025 11:05",
    "031252 GMT AVR 25". Whatever it is labelled, it says when the page was written."""
    if WIRE_STAMP.fullmatch(text.strip()):
        return True
    rest = UPDATED.sub(" ", DATE_RE.sub(" ", text))
    return bool(DATE_RE.search(text)) and not _DATE_ONLY_REST.sub("", rest)


def _date_elsewhere(article: Article, reference: datetime | None, title_day: date | None) -> Dateline | None:
    """The publication date where no dateline gave one, or gave the day only: the dateline is there in
    another shape.

    A short line above the story holding a full date (a masthead's "Édition du mardi 17 juin 2025 — N°
    5021", "Mardi 24 juin 2025 · 16 h 20 · Service économique" taken for a heading), or the place and
    date opening the first paragraph. Below the story a date is more often another article's, unless the line
    says it is the publication's ("Publié le 27 août 2026 · Partager", "Transmis le 18.03.2025 à 10h20"). A
    line that is nothing but a stamp ("031252 GMT AVR 25", "12/02/2025 11:05") below the story only gives
    the hour of a day already known: under a list of related headlines, a date alone is theirs.
    """
    shown = [b for b in article.blocks if b.text.strip()]
    first_body = next((i for i, b in enumerate(shown) if b.kind == BODY), len(shown))
    texts = [b.text for b in shown[:first_body] if b.kind not in _NOT_DATELINES and len(b.text) <= DATED_LINE_CHARS]
    if first_body < len(shown) and _PLACE_AND_DATE.match(shown[first_body].text):
        match = DATE_RE.search(shown[first_body].text[:80])
        texts.append(shown[first_body].text[: match.end()] if match else "")
    below = [b.text for b in shown[first_body:] if len(b.text) <= DATED_LINE_CHARS]
    texts += [text for text in below if _SAYS_PUBLISHED.match(text) or (article.published and _date_only(text))]
    for text in texts:
        match = DATE_RE.search(text)
        if WIRE_STAMP.search(text) or (match and match.group("rel") is None and YEAR.search(match.group(0))):
            found = parse_dateline(text, reference, title_day)
            if found.published and _better_date(article.published, found.published):
                return found
    return None


def parse_article(
    text: str,
    language: str = "fr",
    reference: datetime | None = None,
    *,
    markdown: bool | None = None,
    recurring: Collection[str] = frozenset(),
    model: LineModel | None = None,
) -> Article:
    """Label every line of ``text`` and split the translatable ones into sentences.

    ``reference``: the moment relative dates ("hier", "il y a 3 heures") are read against (default: now).
    ``markdown``: read the text as Markdown (None: when it looks like Markdown). ``recurring``: fingerprints
    (``fingerprint``) of lines seen in other articles of the batch or among the saved articles.
    """
    is_markdown = looks_like_markdown(text) if markdown is None else markdown
    lines = read_lines(text, is_markdown)
    kinds = label_lines(lines, recurring, model)
    blocks = [_block(i, kind, line) for i, (kind, line) in enumerate(zip(kinds, lines, strict=True))]
    sentences = _sentences(blocks, lines, language)
    _mark_content(sentences, credited_names([line.text for line in lines]))
    _mark_after_story(blocks, sentences)
    _mark_duplicates(blocks, sentences)
    article = Article(blocks=blocks, sentences=sentences)
    if is_markdown:
        article.notices.append(messages.READ_AS_MARKDOWN())
    _read_dates(article, reference)
    if not any(b.kind == BODY for b in blocks):
        article.notices.append(messages.NO_BODY())
    return article


def _cells(text: str) -> list[Sentence]:
    """A table row's cells (the separators between them are no cell's text)."""
    out, last = [], 0
    for match in [*_CELL_SEPARATOR.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[last:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(Sentence(piece.strip(), 0, last + lead, last + lead + len(piece.strip())))
        last = match.end() if match else len(text)
    return out or [Sentence(text, 0, 0, len(text))]


def _sentences(blocks: list[Block], lines: list[Line], language: str) -> list[ArticleSentence]:
    out: list[ArticleSentence] = []
    for block, line in zip(blocks, lines, strict=True):
        if block.kind in _SEGMENTED:
            pieces: list[Sentence] = segment(block.text, language)
        elif block.kind == TABLE:
            pieces = _cells(block.text)
        else:
            pieces = [Sentence(block.text, 0, 0, len(block.text))]
        lead = len(line.text) - len(line.text.lstrip())
        for piece in pieces:
            first, last = lead + piece.start, lead + piece.end - 1
            start = line.offsets[first] if first < len(line.offsets) else block.start
            end = line.offsets[last] + 1 if 0 <= last < len(line.offsets) else block.end
            out.append(
                ArticleSentence(
                    index=len(out), block=block.index, kind=block.kind, text=piece.text, start=start, end=end
                )
            )
    return out


def reads_as_content(text: str, verbs: Verbs, unquoted: Verbs | None = None, credited: Collection[str] = ()) -> bool:
    """Running text a summary may quote, whatever its label says.

    It asserts something about the world: a finite verb past the first word (a capitalised first word is as
    often a noun: "Groupe", "Reste"; a passé simple of the first or second person singular is a participle:
    "élus"; a word after its determiner is a noun: "la clôture"), enough words to say something, and the end of
    a statement (or the length of a paragraph). Share buttons, tickers, rubric labels, lists of names and "Je
    m'abonne" are none of these. It is not a question
    (a question asserts nothing; the corpora have none in running text), it does not speak to the reader
    outside a quotation (a second person, a verb in the second person: "Vous avez une question ?", "Posez-la à
    notre rédaction", "Il vous reste 68 % de cet article à lire") nor of the page itself ("cet article", "ce
    site", "la rédaction", "les commentaires", "notre numéro", "notre charte", "Ce reportage a été réalisé…"),
    and it is not about a person the article credits ("Hélène Marchais est journaliste au service Politique",
    under "Par Hélène MARCHAIS"; the rest of that paragraph neither). Nor is it a list of items
    cut by one separator standing twice or more ("✦", "·", "|", "›"): a page's teasers, a trail, a tally.
    ``unquoted``: the verbs of the sentence's unquoted words (``outside_quotes``).
    """
    words = len(_WORD.findall(text))
    end = text.rstrip(' »”"’)]*')
    if words < MIN_CONTENT_WORDS or verbs.asserting_after_first == 0 or end.endswith("?"):
        return False
    if not (end.endswith((".", "!", "…")) or words >= LONG_SENTENCE_WORDS):
        return False
    said = outside_quotes(text)
    if _SECOND_PERSON.search(said) or ABOUT_ITSELF.search(said) or (unquoted is not None and unquoted.second_person):
        return False
    separators = _ITEM_SEPARATOR.findall(said)
    if separators and max(map(separators.count, set(separators))) >= 2:
        return False
    return not opens_with(text, credited)


def _mark_content(sentences: list[ArticleSentence], credited: Collection[str] = ()) -> None:
    """Whether each body sentence reads as content (one analyser call for the article)."""
    body = [s for s in sentences if s.kind == BODY]
    texts = [s.text for s in body]
    found = verbs_of_lines([*texts, *(outside_quotes(t) for t in texts)])
    opened: set[int] = set()  # blocks whose first sentence has been seen
    about_credited: set[int] = set()  # blocks that open on a person the article credits: a bio, all of it
    for sentence, verbs, unquoted in zip(body, found[: len(body)], found[len(body) :], strict=True):
        sentence.reads_as_content = reads_as_content(sentence.text, verbs, unquoted, credited)
        if sentence.block not in opened and opens_with(sentence.text, credited):
            about_credited.add(sentence.block)
        opened.add(sentence.block)
        if sentence.block in about_credited:
            # "Marie-Ève Tremblay est journaliste à Sept-Îles. Elle a séjourné à Anticosti du 8 au 19
            # septembre.": the bio goes on with a pronoun, about the same person.
            sentence.reads_as_content = False


# A story's running text and what stands inside it without ending it.
STORY_KINDS = frozenset({BODY, HEADING, TABLE, CAPTION, CREDIT})
# Lines of furniture in a row after the story that end it for summaries: tags, share line, related links,
# a comment count... No article of the corpora (152, labels as written) has body after such a gap, while a
# comment section, a bio or a paywall's teaser come after one and read as content.
AFTER_STORY_GAP = 3


def _mark_after_story(blocks: list[Block], sentences: list[ArticleSentence]) -> None:
    """Body sentences after the story's end are no summary's, whatever their label says.

    The story is the run of body (two blocks or more, with headings, tables, captions and credits
    between them) holding the most text; after it, once ``AFTER_STORY_GAP`` lines of furniture have
    come in a row, the next body is a reader's comment, an author's bio, a teaser under a paywall: it
    reads as content, so neither the label model nor the content test tells it from the story.
    """
    shown = [b for b in blocks if b.text.strip()]
    runs: list[tuple[int, int]] = []  # (end, body characters) of each run
    i = 0
    while i < len(shown):
        j = i
        while j < len(shown) and shown[j].kind in STORY_KINDS:
            j += 1
        body = [b for b in shown[i:j] if b.kind == BODY]
        if len(body) >= 2:
            runs.append((j, sum(len(b.text) for b in body)))
        i = max(j, i + 1)
    if not runs:
        return
    end = max(runs, key=lambda run: run[1])[0]
    gap = 0
    for k in range(end, len(shown)):
        if shown[k].kind not in STORY_KINDS:
            gap += 1
        elif gap >= AFTER_STORY_GAP:
            after = {b.index for b in shown[k:]}
            for sentence in sentences:
                if sentence.block in after:
                    sentence.after_story = True
            return
        else:
            gap = 0


def _mark_duplicates(blocks: list[Block], sentences: list[ArticleSentence]) -> None:
    """Mark body sentences that nearly repeat an earlier one, and mostly-repeated blocks.

    A sentence is compared with the last ``DUPLICATE_WINDOW`` kept ones (all of them in any ordinary
    article); an exact repeat further back is still found by its word set. Comparing each with every
    earlier one was quadratic on 20,000 one-line sentences.
    """
    recent: deque[tuple[int, set[str]]] = deque(maxlen=DUPLICATE_WINDOW)
    exact: dict[frozenset[str], int] = {}
    for sentence in sentences:
        if sentence.kind != BODY:
            continue
        words = _words(sentence.text)
        if len(words) >= 4:
            earlier = next((i for i, seen in recent if similarity(words, seen) >= NEAR_DUPLICATE), None)
            if earlier is None:
                earlier = exact.get(frozenset(words))
            if earlier is not None:
                sentence.duplicate_of = earlier
                continue
        recent.append((sentence.index, words))
        exact.setdefault(frozenset(words), sentence.index)
    by_block: dict[int, list[ArticleSentence]] = {}
    for s in sentences:
        if s.kind == BODY:
            by_block.setdefault(s.block, []).append(s)
    for block in blocks:
        own = by_block.get(block.index, [])
        repeated = [s for s in own if s.duplicate_of is not None]
        if own and len(repeated) * 2 >= len(own):
            block.duplicate_of = sentences[repeated[0].duplicate_of].block
