"""The lines of an article as the structure reader sees them: text, where it came from, and its markup.

A pasted text gives one line per non-empty line; a Markdown text (see
``service.text.markdown``) gives the same, without its markers and with its
role. A pasted line may hold two blocks: a wire dateline or a digest label
before the first sentence ("DAKAR, 3 mars (ATP) - Le port ...", "SPORT • Le
club ..."); it is cut in two when the head is made of what datelines and
labels are made of (capitals, a date, an agency in brackets, a bullet) and
the rest reads as running text.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from service.text.datelines import DATE_RE, TIME_RE


@dataclass
class Line:
    """One block of an article, before it is labelled."""

    text: str  # what a reader sees: for Markdown, no block marker, no inline markup, no link target
    offsets: list[int]  # where each character of ``text`` is in the original text
    line: int  # its line number in the original text
    marker: str = ""  # the Markdown block marker that was removed ("## ", "- ", "1. ", "> ")
    heading: int = 0  # Markdown heading level (1-6), 0 for none
    list_item: bool = False
    quote: bool = False
    table_row: bool = False
    cells: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each table cell in ``text``
    code: bool = False
    after_image: bool = False  # the line just before it was a picture (a caption follows pictures)
    emphasis: float = 0.0  # share of the text in bold or italics
    linked: float = 0.0  # share of the text inside links
    head: bool = False  # cut off the start of a pasted line (a dateline or a label)
    tail: bool = False  # what followed such a head on its line

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else 0

    @property
    def end(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0


def plain_lines(text: str) -> list[Line]:
    """Every line of a pasted text that shows text, stripped, with its offsets."""
    out = []
    offset = 0
    for number, raw in enumerate(text.splitlines(keepends=True)):
        stripped = raw.strip()
        if stripped:
            begin = offset + raw.index(stripped[0])
            out.append(Line(stripped, list(range(begin, begin + len(stripped))), number))
        offset += len(raw)
    return out


# A text wrapped at a fixed width (an e-mail, a wire's feed, a .txt file of an agency, a PDF's copy) cuts its
# paragraphs into lines no longer than the width: a line ends where its next word would not have fitted.
WRAP_WIDTH_MAX = 120  # a text whose longest line is longer was not wrapped (a paragraph per line)
WRAPPED_LINES = 2  # lines cut so, mid-sentence, before a text is read as wrapped
WIDTH_WORDS = 3  # lines of this many words or more tell the width
WIDTH_SHARE = 0.9  # ... the one longer than this share of them
_LOWER_START = re.compile(r"^[a-zà-ÿ»”)]")  # a sentence's middle, or the end of a quotation or a bracket
_TITLE_END = re.compile(r"(?:^|\s)(?:M|MM|Mme|Mmes|Me|Mgr|Dr|Pr)\.?$")  # "a déclaré M." / "Benmessaoud"
_MONTH_END = re.compile(
    r"\b(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)$", re.I
)
_SENTENCE_END = re.compile(r"[.!?…][»”\")]?$")
_SENTENCE_START = re.compile(r"^[«\"“A-ZÀ-Ý]")
_OPEN_END = re.compile(r"(?:[,;«“]|[^\W\d_]-)$")  # "… et," / "porte-" / "… moyenne. «": it goes on
# Words no sentence or headline ends with: a line ending with one was cut mid-sentence ("… la préfecture de").
_FUNCTION_END = re.compile(
    r"(?:^|[\s'’])(?:le|la|les|l|un|une|des|du|de|d|au|aux|à|et|ou|en|par|pour|sur|dans|avec|sans|sous|entre|"
    r"vers|chez|que|qu|qui|dont|ne|n|se|s|ce|cet|cette|ces|son|sa|ses|leur|leurs|notre|nos|votre|vos|mon|ma|mes|"
    r"il|elle|ils|elles|on|nous|est|a|ont|sont|été|plus|très|mais|donc|car|si|comme|lors|selon|depuis|après|"
    r"avant|contre|parmi|pendant|malgré|y|m|t|j)$",
    re.I,
)


def _cut_at_width(line: Line, following: Line, width: int, gapped: bool) -> bool:
    """``following`` goes on ``line``'s paragraph: right under it, its first word too long to fit on it, and
    ``line`` cut mid-sentence: ``following`` starts in lower case, or ``line`` ends with a comma, a word cut at
    its hyphen or a word no sentence ends with. A line that ends with a content word over one that starts with
    a capital may be a headline over its byline: it stays apart."""
    if following.line != line.line + 1:
        return False
    first = following.text.split(maxsplit=1)[0]
    if len(line.text) + 1 + len(first) <= width:
        return False
    if _LOWER_START.match(following.text) or _OPEN_END.search(line.text) or _FUNCTION_END.search(line.text):
        return True
    if following.text[:1].isdigit() and (line.text[-1:].isdigit() or _MONTH_END.search(line.text)):
        return True  # "612" / "000 tonnes", "18 février" / "2025"
    if _TITLE_END.search(line.text) or (following.text[:1] == "(" and not _SENTENCE_END.search(line.text)):
        return True
    # A sentence that ends a full line, where blank lines part the blocks: the paragraph goes on. A line longer
    # than the width was not wrapped: a paragraph of its own, and what follows it may be anything.
    return (
        gapped
        and len(line.text) <= width
        and bool(_SENTENCE_END.search(line.text))
        and bool(_SENTENCE_START.match(following.text))
    )


def wrap_width(lines: list[Line]) -> int | None:
    """The width ``lines`` were wrapped at, or None when they were not (see ``join_wrapped``)."""
    if len(lines) < 3:
        return None
    # The width: the longest line of words, but for a few longer ones (a link, a table's row) left as they were.
    sizes = sorted(len(line.text) for line in lines if len(line.text.split()) >= WIDTH_WORDS)
    if not sizes:
        return None
    width = sizes[min(len(sizes) - 1, int(len(sizes) * WIDTH_SHARE))]
    if width > WRAP_WIDTH_MAX:
        return None
    return width if sum(wrapped_cuts(lines, width)) >= WRAPPED_LINES else None


def wrapped_cuts(lines: list[Line], width: int) -> list[bool]:
    """For each line but the last: whether the next one goes on its paragraph (``_cut_at_width``)."""
    gapped = sum(b.line > a.line + 1 for a, b in itertools.pairwise(lines)) >= 2  # blank lines part blocks
    return [_cut_at_width(a, b, width, gapped) for a, b in itertools.pairwise(lines)]


def joins_without_space(text: str) -> bool:
    """A line ending with a word cut at its hyphen ("porte-" / "parole"): the next one is joined without a space."""
    return text[-2:-1].isalpha() and text.endswith("-")


def join_wrapped(lines: list[Line]) -> list[Line]:
    """Paragraphs of a text wrapped at a fixed width joined again, one line each.

    Read line by line, a wrapped paragraph is many blocks: the headline is its first line, sentences are cut
    where the lines are, and none of them reads as running text. A greedy wrap ends a line where the next
    word would not have fitted; with the text's width (its longer lines), a line that ends so, mid-sentence,
    goes on with the next one. A text whose lines are paragraphs (longer than ``WRAP_WIDTH_MAX``) is left as
    it is.
    """
    width = wrap_width(lines)
    if width is None:
        return lines
    cut = wrapped_cuts(lines, width)
    out: list[Line] = []
    for i, line in enumerate(lines):
        if i > 0 and cut[i - 1]:
            last = out[-1]
            gap = "" if joins_without_space(last.text) else " "
            offsets = last.offsets + ([last.offsets[-1] + 1] if gap else []) + line.offsets
            out[-1] = Line(last.text + gap + line.text, offsets, last.line)
        else:
            out.append(line)
    return out


def unwrap(text: str) -> tuple[str, list[int], int] | None:
    """``text`` with the line breaks inside its wrapped paragraphs gone (a space, or nothing after a word cut
    at its hyphen), where each of its characters is in ``text``, and the width it was wrapped at; None when it
    was not wrapped.

    For the plain-text paths (``/translate``), which cut sentences at line breaks: a sentence that a wrap cut
    in two is found whole, and its span in ``text`` covers the line break. A wrapped document is translated
    so, and wrapped again at the width.
    """
    lines = plain_lines(text)
    width = wrap_width(lines)
    if width is None:
        return None
    breaks: dict[int, str] = {}
    for i, found in enumerate(wrapped_cuts(lines, width)):
        if found:
            at = lines[i].offsets[-1] + 1
            while at < len(text) and text[at] in " \t":
                at += 1
            if at < len(text) and text[at] == "\n":  # another line break ("\u2028") is left as it is
                breaks[at] = "" if joins_without_space(lines[i].text) else " "
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        if index in breaks:
            if breaks[index]:
                chars.append(breaks[index])
                where.append(index)
            continue
        chars.append(char)
        where.append(index)
    return "".join(chars), where, width


# A head ends with a dash or a bullet between spaces, or an agency: "(ATP) - ", "/Fil Presse/ - ", "SPORT • ";
# a dash typed as two hyphens too ("KISANGANI, 22 sept (APF) -- ").
_SEPARATOR = re.compile(r"(?:\s+(?:--|[-–—•·])\s+|\s*[•·]\s+|(?<=[)/])\s*(?:--|[-–—])\s*)(?=[«\"“A-ZÀ-Ý0-9])")
# A copyright line is one block however it is punctuated ("ACI – Agence ... Toute reproduction interdite").
_RIGHTS = re.compile(r"©|reproduction|droits réservés|copyright", re.I)
_AGENCY = re.compile(r"\([A-Za-zÀ-ÿ][\w.' -]{0,24}\)|/[^/]{2,40}/")
_LETTERS = re.compile(r"[^\W\d_]")
# A place and its date as the line's first sentence, ended by a full stop ("Allanche, le 2 juin 2025. Après
# un printemps…", "GENÈVE, 14 mars 2025, 10 h. La banque…"), as press releases and some papers write them.
_PLACE_DATED = re.compile(r"^[A-ZÀ-Ý][\w'’ ()-]{1,40},\s+(?P<date>[^.!?]{4,40}?)\.\s+(?=[«\"“A-ZÀ-Ý])")
# ... of which the date is all there is, but for "le", "à" and a time.
_DATE_LEFT = re.compile(r"^(?:le|à|,|\s)*$", re.I)
_FINAL = re.compile(r"[.!?…»\"”)]$")
SPEAKER_CHARS = 12  # a speaker's label before a dash: initials or a short name ("ÉDL — ", "E. N. — ")


def _head_like(head: str) -> bool:
    """Made of what datelines and labels are made of: capitals, a date, an agency, and few words."""
    words = head.split()
    if not words or len(words) > 12 or len(head) > 90 or head.endswith((",", ":")):
        return False
    letters = _LETTERS.findall(head)
    capitals = sum(ch.isupper() for ch in letters) / max(len(letters), 1)
    return capitals >= 0.6 or bool(DATE_RE.search(head)) or bool(_AGENCY.search(head))


def _place_dated(text: str) -> re.Match | None:
    """A first sentence that is a place and a date, nothing else."""
    match = _PLACE_DATED.match(text)
    if match is None:
        return None
    rest = TIME_RE.sub(" ", DATE_RE.sub(" ", match.group("date"), count=1))
    return match if DATE_RE.search(match.group("date")) and _DATE_LEFT.match(rest) else None


def _speakers(lines: list[Line]) -> set[str]:
    """Heads with no digit that open two lines or more: an interview's speakers ("ÉDL — ", "E. N. — "), whose
    words follow; a dateline opens one line of its article."""
    heads = Counter(
        line.text[: match.start()].strip()
        for line in lines
        if (match := _SEPARATOR.search(line.text, 0, SPEAKER_CHARS))
        and not any(c.isdigit() for c in line.text[: match.start()])
    )
    return {head for head, count in heads.items() if count >= 2 and head}


def split_heads(lines: list[Line]) -> list[Line]:
    """Lines with a dateline or a label before running text cut in two (head, then tail); an interview's
    speakers stay with their words."""
    out: list[Line] = []
    speakers = _speakers(lines)
    for line in lines:
        if line.heading or line.table_row or line.code:
            out.append(line)
            continue
        stamp = _place_dated(line.text)
        match = stamp or _SEPARATOR.search(line.text, 0, 100)
        if match is None or (not stamp and line.text[: match.start()].strip() in speakers):
            out.append(line)
            continue
        if not stamp:  # a place, then its date, each before a dash: "Kampot (Cambodge) – 14 mai 2025 – La…"
            further = _SEPARATOR.search(line.text, match.end(), match.end() + 45)
            if further and DATE_RE.search(line.text[match.end() : further.start()]):
                match = further
        head, tail = line.text[: match.end()], line.text[match.end() :]
        if (
            not (stamp or _head_like(head.strip(" -–—•·")))
            # A time and no date: an update's stamp, which stays with the news it opens ("MAJ 17h05 – La
            # compagnie…", "Mise à jour 18 h 20 : le ministère…"); the line is that news.
            or (TIME_RE.search(head) and not DATE_RE.search(head))
            or len(tail.split()) < 8
            or not _FINAL.search(tail.rstrip())
            or _RIGHTS.search(line.text)
        ):
            out.append(line)
            continue
        cut = match.end()
        out.append(
            Line(head, line.offsets[:cut], line.line, marker=line.marker, list_item=line.list_item,
                 quote=line.quote, emphasis=line.emphasis, linked=line.linked, head=True)
        )  # fmt: skip
        out.append(Line(tail, line.offsets[cut:], line.line, quote=line.quote, linked=line.linked, tail=True))
    return out
