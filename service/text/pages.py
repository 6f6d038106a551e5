"""A saved web page read as the article a person sees: its visible blocks, as Markdown.

Every block a reader sees (the inline text of a ``p``, ``h1``-``h6``, ``li``,
``figcaption``, ``td``, ``div``..., a ``<br>`` starting a new one) is kept in
page order, except what the markup itself says is not the article: ``nav``,
``aside`` and ``footer`` elements, navigation and dialog roles, and
containers named for cookies, comments, sharing, related links, menus or
ads (as trafilatura and jusText read class names), and lists made only of
short links (a menu of sections, whatever its container is called) — never
the one holding the headline or most of the text. The blocks become Markdown, so the page's
own evidence travels with its text through every path (form, API, batch,
jobs): ``h1`` to ``#``, other headings to ``##``, list items to ``-``,
quotations to ``>``, a data table to a Markdown table, pictures to
``![...]`` (a caption follows), bold to ``**``, mostly-linked blocks keep
their links. Layout tables give one block per cell. When the page has no
``h1``, the block most like the page's ``<title>`` (or ``og:title``, JSON-LD
``headline``) becomes the ``#`` line. Dates and an author that the markup
states but the page does not show come back as dateline and byline lines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul", "html"
    }
)  # fmt: skip
SKIPPED_TAGS = frozenset(
    {
        "head", "title", "meta", "link", "script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
        "canvas", "select", "option", "input", "textarea", "map", "audio", "video", "source", "track"
    }
)  # fmt: skip
DROPPED_TAGS = frozenset({"nav", "aside", "footer"})
CAPTION_NAMES = frozenset({"caption", "legende", "légende", "legend", "figcaption"})
DROPPED_ROLES = frozenset({"navigation", "contentinfo", "complementary", "search", "dialog", "alertdialog"})
# Words in class and id names that mark a container as furniture across sites.
DROPPED_NAMES = frozenset(
    {
        "cookie", "cookies", "consent", "gdpr", "rgpd", "comment", "comments", "commentaires", "reactions", "share",
        "sharing", "partage", "social", "related", "similar", "more", "also", "recommended", "newsletter", "subscribe",
        "subscription", "abonnement", "breadcrumb", "breadcrumbs", "menu", "nav", "navbar", "navigation", "footer",
        "sidebar", "ad", "ads", "advert", "advertising", "advertisement", "pub", "publicite", "sponsor", "sponsored",
        "promo", "popup", "modal", "skip", "tags", "keywords", "toolbar", "tools", "print"
    }
)  # fmt: skip
_NAME_PARTS = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_URL = re.compile(r"[^\s()<>]+")
_WORD = re.compile(r"\w+")
_TITLE_PARTS = re.compile(r"\s+[|–—-]\s+")
_LEADING_MARKER = re.compile(r"^(#{1,6}\s|[-+*]\s|\d{1,9}[.)]\s|>)")
_INLINE_SPECIAL = re.compile(r"([\\`*\[\]]|<(?=[A-Za-z/!]))")


@dataclass
class _Block:
    tag: str
    parts: list[tuple[str, str | None, bool, bool]] = field(default_factory=list)  # (text, href, bold, italic)
    list_tag: str | None = None
    quote: bool = False
    caption: bool = False  # a figure's caption: written in italics under its picture, as Markdown does

    @property
    def text(self) -> str:
        return _SPACES.sub(" ", "".join(p[0] for p in self.parts)).strip()


@dataclass
class Page:
    """The page as Markdown, and the lines written from its metadata rather than its visible text."""

    markdown: str
    added: tuple[str, ...] = ()
    title: str | None = None


def _names(element) -> set[str]:
    raw = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return {part for part in _NAME_PARTS.split(raw) if part}


MENU_ITEMS = 3  # a list of this many short links or more, and nothing else, is a menu
MENU_ITEM_WORDS = 3


def _link_menu(element) -> bool:
    """A list whose every item is one link of one to three words ("Liban", "Moyen-Orient", "Monde"): a menu of
    sections or tags, whatever its container is called."""
    if not isinstance(element.tag, str) or element.tag.lower() not in ("ul", "ol", "menu"):
        return False
    items = [child for child in element if isinstance(child.tag, str)]
    if len(items) < MENU_ITEMS or any(item.tag.lower() != "li" for item in items):
        return False
    for item in items:
        links = list(item.iter("a"))
        text = " ".join(item.text_content().split())
        if len(links) != 1 or " ".join(links[0].text_content().split()) != text:
            return False
        if not 1 <= len(text.split()) <= MENU_ITEM_WORDS:
            return False
    return True


def _escape(text: str, line_start: bool = True) -> str:
    """Text that Markdown reads back as itself: inline markup escaped, and a block marker at a line's start."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return "\\" + text if line_start and _LEADING_MARKER.match(text) else text


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 2}


def _similarity(text: str, title: str) -> float:
    """How much a block is the page's title: Jaccard similarity of words, with or without the site's name
    (``<title>`` is often "Headline | Site" or "Site - Headline")."""
    x = _words(text)
    best = 0.0
    for part in [title, *_TITLE_PARTS.split(title)]:
        y = _words(part)
        if x and y:
            best = max(best, len(x & y) / len(x | y))
    return best


class _Reader:
    """Walks the tree, collecting blocks; inline text joins the nearest open block."""

    def __init__(self, keep: set):
        self.blocks: list[_Block | str] = []  # a str is a ready Markdown line (a picture, a table)
        self.keep = keep  # ids of elements that must never be dropped (they hold the article)
        self.current = _Block("body")

    def flush(self) -> None:
        if self.current.text:
            self.blocks.append(self.current)
        self.current = _Block(self.current.tag, list_tag=self.current.list_tag, quote=self.current.quote)

    def _dropped(self, element) -> bool:
        if element in self.keep:
            return False
        if element.tag in DROPPED_TAGS or (element.get("role") or "").lower() in DROPPED_ROLES:
            return True
        if element.get("hidden") is not None or element.get("aria-hidden") == "true":
            return True
        return bool(_names(element) & DROPPED_NAMES) or _link_menu(element)

    def walk(self, element, bold: bool = False, italic: bool = False, href: str | None = None) -> None:
        """Read ``element`` and its tail; the arguments are the inline formatting around it."""
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag and tag not in SKIPPED_TAGS and not self._dropped(element):
            if tag == "table" and _data_table(element):
                self.flush()
                self.blocks.append(_table_markdown(element))
            elif tag == "img":
                self.flush()
                alt = _escape(_SPACES.sub(" ", element.get("alt") or "").strip())
                source = element.get("src") or ""
                self.blocks.append(f"![{alt}]({source if _URL.fullmatch(source) else 'image'})")
            elif tag == "br":
                self.flush()
            else:
                self._inside(element, tag, bold, italic, href)
        if element.tail:
            self.current.parts.append((element.tail, href, bold, italic))

    def _inside(self, element, tag: str, bold: bool, italic: bool, href: str | None) -> None:
        block = tag in BLOCK_TAGS
        outer = self.current
        if block:
            self.flush()
            list_tag = outer.list_tag
            if tag == "li":
                parent = element.getparent()
                list_tag = parent.tag if parent is not None and parent.tag in ("ol", "ul", "menu") else "ul"
            self.current = _Block(
                tag,
                list_tag=list_tag,
                quote=outer.quote or tag == "blockquote",
                caption=tag == "figcaption" or bool(_names(element) & CAPTION_NAMES),
            )
        bold = bold or tag in ("b", "strong")
        italic = italic or tag in ("i", "em")
        href = (element.get("href") or "#") if tag == "a" else href
        if element.text:
            self.current.parts.append((element.text, href, bold, italic))
        for child in element:
            self.walk(child, bold, italic, href)
        if block:
            self.flush()
            self.current = _Block(outer.tag, list_tag=outer.list_tag, quote=outer.quote)


def _data_table(table) -> bool:
    """Rows of at least two short cells, with no blocks inside: a table of figures, not a page layout."""
    rows = [r for r in table.iter("tr") if next(r.iterancestors("table"), None) is table]
    if len(rows) < 2:
        return False
    for row in rows:
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if len(cells) < 2:
            return False
        for cell in cells:
            if any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS - {"td", "th"} for d in cell.iterdescendants()):
                return False
    return True


def _table_markdown(table) -> str:
    rows = []
    for row in table.iter("tr"):
        cells = [
            _SPACES.sub(" ", c.text_content()).strip() for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")
        ]
        rows.append("| " + " | ".join(_escape(c).replace("|", "\\|") or " " for c in cells) + " |")
    width = rows[0].count(" | ") + 1
    return "\n".join([rows[0], "| " + " | ".join(["---"] * width) + " |", *rows[1:]])


def _markdown_of(block: _Block, title_tag: bool) -> str:
    text = block.text
    linked = sum(len(p[0].strip()) for p in block.parts if p[1]) / max(len(text), 1)
    if linked >= 0.5:
        pieces = []
        for piece, href, _, _ in block.parts:
            clean = _SPACES.sub(" ", piece)
            if href and clean.strip():
                target = href if _URL.fullmatch(href) else "#"
                lead, core, trail = (
                    clean[: len(clean) - len(clean.lstrip())],
                    clean.strip(),
                    clean[len(clean.rstrip()) :],
                )
                pieces.append(f"{lead}[{_escape(core, False)}]({target}){trail}")
            else:
                pieces.append(_escape(clean, False))
        body = _SPACES.sub(" ", "".join(pieces)).strip()
        body = "\\" + body if _LEADING_MARKER.match(body) else body
    else:
        body = _escape(text)
        visible = [p for p in block.parts if p[0].strip()]
        if visible and all(p[2] for p in visible):
            body = f"**{body}**"
        elif block.caption or (visible and all(p[3] for p in visible)):
            body = f"*{body}*"
        elif visible and visible[0][2]:
            lead = _escape(_SPACES.sub(" ", visible[0][0]).strip())
            if lead and body.startswith(lead):
                body = f"**{lead}**{body[len(lead) :]}"
    if block.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return ("# " if title_tag else "## ") + body.strip("*")
    if block.list_tag:
        return ("1. " if block.list_tag == "ol" else "- ") + body
    if block.quote:
        return "> " + body
    return body


def _meta_title(document) -> str | None:
    for xpath in ('//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content'):
        found = document.xpath(xpath)
        if found and found[0].strip():
            return found[0].strip()
    for script in document.xpath('//script[@type="application/ld+json"]/text()'):
        headline = _json_ld(script).get("headline")
        if isinstance(headline, str) and headline.strip():
            return headline.strip()
    title = document.findtext(".//title")
    if title and title.strip():
        return _SPACES.sub(" ", title).strip()
    return None


def _json_ld(raw: str) -> dict:
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    if isinstance(data, list):
        data = next((d for d in data if isinstance(d, dict) and "headline" in d), data[0] if data else {})
    if isinstance(data, dict) and "@graph" in data and isinstance(data["@graph"], list):
        data = next((d for d in data["@graph"] if isinstance(d, dict) and "headline" in d), data)
    return data if isinstance(data, dict) else {}


def page_authors(document) -> list[str]:
    """Authors the markup names (``<meta name="author">``, JSON-LD ``author``), without a leading "Par"."""
    found: list[str] = []
    for value in document.xpath('//meta[@name="author"]/@content'):
        found.append(value)
    for script in document.xpath('//script[@type="application/ld+json"]/text()'):
        author = _json_ld(script).get("author")
        for person in author if isinstance(author, list) else [author]:
            name = person.get("name") if isinstance(person, dict) else person
            if isinstance(name, str):
                found.append(name)
    clean = [re.sub(r"^(?:par|by|de)\s+", "", _SPACES.sub(" ", a).strip(), flags=re.I) for a in found]
    return list(dict.fromkeys(a for a in clean if a))


def read_page(html: str) -> Page:
    """The visible article of a saved page as Markdown (see the module's docstring)."""
    import lxml.html

    document = lxml.html.document_fromstring(html)
    title = _meta_title(document)
    body = document.find("body")
    if body is None:
        body = document
    keep = _article_holders(body)
    reader = _Reader(keep)
    reader.walk(body)
    reader.flush()
    blocks = reader.blocks
    headings = [b for b in blocks if isinstance(b, _Block) and b.tag == "h1"]
    title_block = None
    if headings:
        title_block = max(headings, key=lambda b: (_similarity(b.text, title) if title else 0.0, -blocks.index(b)))
    elif title:
        scored = [(b, _similarity(b.text, title)) for b in blocks if isinstance(b, _Block) and len(b.text) > 15]
        best = max(scored, key=lambda p: p[1], default=None)
        if best and best[1] >= 0.5:
            title_block = best[0]
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            lines.append(block)
            continue
        if block is title_block and block.tag not in ("h1",):
            lines.append("# " + _escape(block.text))
        elif block.tag == "h1" and block is not title_block:
            lines.append("**" + _escape(block.text) + "**")
        else:
            lines.append(_markdown_of(block, block is title_block))
    added = _metadata_lines(html, document, [b.text for b in blocks if isinstance(b, _Block)])
    if added:
        at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
        lines[at:at] = added
    return Page("\n\n".join(lines), tuple(added), title)


def _article_holders(body) -> set:
    """Elements that hold the headline or most of the text: never dropped, whatever their names say.

    lxml elements are kept themselves (not their ``id``: lxml makes proxy objects on demand).
    """
    total = sum(len(p.text_content()) for p in body.iter("p"))
    keep: set = set()
    for h1 in body.iter("h1"):
        keep.update(h1.iterancestors())
        keep.add(h1)
    for element in body.iter("article", "main"):
        keep.add(element)
        keep.update(element.iterancestors())
    if total:
        for element in body.iter():
            if isinstance(element.tag, str) and sum(len(p.text_content()) for p in element.iter("p")) > 0.4 * total:
                keep.add(element)
    return keep


def _metadata_lines(html: str, document, visible: list[str]) -> list[str]:
    """A byline and datelines for what the markup states but the page does not show (or shows less precisely)."""
    from service.text.datelines import DATE_RE, french_moment, page_dates, parse_dateline

    lines = []
    shown = " ".join(visible).lower()
    for author in page_authors(document)[:1]:
        if author.lower() not in shown:
            lines.append(f"Par {author}")
    seen: set[str] = set()
    for text in visible:
        if len(text) < 200 and DATE_RE.search(text):
            found = parse_dateline(text)
            seen.update(v for v in (found.published, found.updated) if v)
    published, updated = (_iso_minutes(v) for v in page_dates(html))
    if published and not _shown(published, seen):
        lines.append(f"Publié le {french_moment(published)}")
    if updated and updated != published and not _shown(updated, seen):
        lines.append(f"Mis à jour le {french_moment(updated)}")
    return lines


def _shown(value: str, seen: set[str]) -> bool:
    """The page already shows this moment; a day alone is shown by any moment of that day.

    The markup's guess is often only a day ("2025-04-03"); a page showing "Mise en ligne : 31/03/2025 -
    07:45 / Dernière modification : 03/04/2025 - 11:20" needs no "Publié le 03/04/2025" line above it.
    """
    return value in seen or (len(value) == 10 and any(moment[:10] == value for moment in seen))


def _iso_minutes(value: str | None) -> str | None:
    """ "2025-02-12T06:00:00+0100" -> "2025-02-12T06:00" (a date alone when the markup says midnight)."""
    from datetime import datetime

    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if (moment.hour, moment.minute) == (0, 0):
        return moment.date().isoformat()
    return moment.replace(tzinfo=None).isoformat(timespec="minutes")
