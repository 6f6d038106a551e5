"""The result as TMX 1.4, for translation-memory and CAT tools.

Doubts travel as TMX allows: ``x-confidence``, ``x-flags`` and ``x-doubtful`` properties, and one
note per reason (``service.render.doubts``) on the target's variant.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from service.models.result import ArticleResult
from service.render import doubts
from service.text.structure import TRANSLATED_KINDS


def to_tmx(result: ArticleResult, interface: str = "en", view: dict | None = None) -> str:
    """Each translated sentence and its translations as one translation unit."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "offline-news-translate",
            "creationtoolversion": "0.1",
            "segtype": "sentence",
            "o-tmf": "json",
            "adminlang": "en",
            "srclang": result.source,
            "datatype": "plaintext",
            "creationdate": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        },
    )
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
            if doubts.doubtful(found):
                ET.SubElement(tuv, "prop", type="x-doubtful").text = "yes"
            for reason in doubts.reasons(found, code):
                ET.SubElement(tuv, "note").text = reason.for_reader(interface)
            ET.SubElement(tuv, "seg").text = found.text
    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n' + xml + "\n"
