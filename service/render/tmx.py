"""TMX 1.4 both ways: a result for translation-memory and CAT tools, and the translation memory itself.

Doubts travel as TMX allows: ``x-confidence``, ``x-flags`` and ``x-doubtful`` properties, and one
note per reason (``service.render.doubts``) on the target's variant. A sentence a person reviewed
carries ``x-state`` ``reviewed`` (``memory`` when it came from the translation memory) with the
``changedate`` and ``changeid`` of the review. The translation memory is written the same way
(``memory_to_tmx``) and read back from any CAT tool's TMX (``read_tmx``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, datetime

from service import messages
from service.errors import InputError
from service.models.result import ArticleResult
from service.render import doubts
from service.storage.memory import Pair
from service.text.structure import TRANSLATED_KINDS

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INLINE_CODES = {"bpt", "ept", "ph", "it", "ut"}  # native formatting codes inside a segment: not text


def _tmx_date(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y%m%dT%H%M%SZ")


def _header(srclang: str) -> dict[str, str]:
    return {
        "creationtool": "offline-news-translate",
        "creationtoolversion": "0.1",
        "segtype": "sentence",
        "o-tmf": "json",
        "adminlang": "en",
        "srclang": srclang,
        "datatype": "plaintext",
        "creationdate": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
    }


def _document(root: ET.Element) -> str:
    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n' + xml + "\n"


def memory_to_tmx(pairs: Iterable[Pair]) -> str:
    """Reviewed pairs as TMX 1.4: one unit per pair, dated and signed by its review."""
    pairs = list(pairs)
    sources = {p.source for p in pairs}
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", _header(sources.pop() if len(sources) == 1 else "*all*"))
    body = ET.SubElement(root, "body")
    for pair in pairs:
        date = _tmx_date(pair.reviewed)
        unit = ET.SubElement(body, "tu", {"srclang": pair.source, "changedate": date})
        if pair.reviewer:
            unit.set("changeid", pair.reviewer)
        ET.SubElement(unit, "prop", type="x-state").text = "reviewed"
        ET.SubElement(ET.SubElement(unit, "tuv", {"xml:lang": pair.source}), "seg").text = pair.sentence
        ET.SubElement(ET.SubElement(unit, "tuv", {"xml:lang": pair.target}), "seg").text = pair.translation
    return _document(root)


def _segment_text(seg: ET.Element) -> str:
    """A segment's text without its inline formatting codes (their tails are text)."""
    parts = [seg.text or ""]
    for child in seg:
        if child.tag not in _INLINE_CODES:
            parts.append(_segment_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _language(code: str | None) -> str:
    """A TMX language tag as this service's code: "fr-FR" -> "fr", "pt-BR" -> "pt"."""
    return (code or "").replace("_", "-").split("-")[0].lower()


def _timestamp(value: str | None) -> float | None:
    try:
        return datetime.strptime(value or "", "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None


def read_tmx(data: bytes, by: str | None = None) -> list[Pair]:
    """The sentence pairs of a TMX file (1.1 to 1.4): each unit's source variant with every other one.

    The source of a unit is its ``srclang`` (or the header's; with ``*all*``, its first variant); the
    review date is the variant's or unit's ``changedate`` (else ``creationdate``, else now), the
    reviewer its ``changeid`` (else ``creationid``, else ``by``). DTD declarations are refused: an
    imported file never expands entities.
    """
    if b"<!ENTITY" in data or b"<!ELEMENT" in data:
        raise InputError(messages.BAD_TMX(reason="it declares entities"), "file", code="bad_tmx")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise InputError(messages.BAD_TMX(reason=str(err)), "file", code="bad_tmx") from None
    if root.tag != "tmx" or root.find("body") is None:
        raise InputError(messages.BAD_TMX(reason="no <tmx> with a <body>"), "file", code="bad_tmx")
    header = root.find("header")
    default_source = header.get("srclang", "*all*") if header is not None else "*all*"
    now = datetime.now(UTC).timestamp()
    pairs: list[Pair] = []
    for unit in root.iter("tu"):
        variants = []
        for tuv in unit.findall("tuv"):
            seg = tuv.find("seg")
            language = _language(tuv.get(_XML_LANG) or tuv.get("lang"))
            if seg is not None and language:
                variants.append((language, _segment_text(seg), tuv))
        wanted = _language(unit.get("srclang") or default_source)
        source = next((v for v in variants if v[0] == wanted), variants[0] if variants else None)
        if source is None or not source[1]:
            continue
        for language, text, tuv in variants:
            if language == source[0] or not text:
                continue
            when = next(
                (t for t in (_timestamp(e.get(a)) for e in (tuv, unit) for a in ("changedate", "creationdate")) if t),
                now,
            )
            who = next((e.get(a) for e in (tuv, unit) for a in ("changeid", "creationid") if e.get(a)), by)
            pairs.append(Pair(source[0], language, source[1], text, when, who))
    return pairs


def to_tmx(result: ArticleResult, interface: str = "en", view: dict | None = None) -> str:
    """Each translated sentence and its translations as one translation unit."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", _header(result.source))
    body = ET.SubElement(root, "body")
    for sentence in result.article.sentences:
        if sentence.kind not in TRANSLATED_KINDS:
            continue
        i = sentence.index
        unit = ET.SubElement(body, "tu", tuid=str(i + 1))
        ET.SubElement(ET.SubElement(unit, "tuv", {"xml:lang": result.source}), "seg").text = sentence.text
        for code, target in result.targets.items():
            if not target.ok or i >= len(target.translations):
                continue
            tuv = ET.SubElement(unit, "tuv", {"xml:lang": code})
            found = target.translations[i]
            route = found.route or (target.route.describe() if target.route else None)
            if route:
                ET.SubElement(tuv, "prop", type="x-route").text = route
            if found.confidence is not None:
                ET.SubElement(tuv, "prop", type="x-confidence").text = f"{found.confidence:.2f}"
            if found.flags:
                ET.SubElement(tuv, "prop", type="x-flags").text = " ".join(found.flags)
            ET.SubElement(tuv, "prop", type="x-state").text = found.state
            if found.reviewed is not None:
                tuv.set("changedate", _tmx_date(found.reviewed))
                if found.reviewer:
                    tuv.set("changeid", found.reviewer)
            if doubts.doubtful(found):
                ET.SubElement(tuv, "prop", type="x-doubtful").text = "yes"
            for reason in doubts.reasons(found, code):
                ET.SubElement(tuv, "note").text = reason.for_reader(interface)
            ET.SubElement(tuv, "seg").text = found.text
    return _document(root)
