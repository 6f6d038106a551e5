"""The result as XLIFF 1.2, for CAT tools: one ``<file>`` per target language, one unit per sentence.

XLIFF 1.2 rather than 2.x: it is the version every common CAT tool (Trados,
memoQ, OmegaT, Okapi, Phrase, Weblate) imports, and translate-toolkit reads
it. Doubts travel with the text: a unit whose sentence is doubtful is
``needs-review-translation`` (its confidence is under the doubt threshold) and its notes say why.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from service.models.result import ArticleResult
from service.render import doubts
from service.text.structure import TRANSLATED_KINDS

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"


def to_xliff(result: ArticleResult, interface: str = "en", view: dict | None = None) -> str:
    """Every translated sentence of every target language as a trans-unit."""
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}xliff", version="1.2")
    sentences = [s for s in result.article.sentences if s.kind in TRANSLATED_KINDS]
    for code, target in result.targets.items():
        if not target.ok:
            continue
        attributes = {
            "original": f"article-{result.id or 'unsaved'}",
            "source-language": result.source,
            "target-language": code,
            "datatype": "plaintext",
            "tool-id": "offline-news-translate",
        }
        body = ET.SubElement(ET.SubElement(root, f"{{{NAMESPACE}}}file", attributes), f"{{{NAMESPACE}}}body")
        for sentence in sentences:
            found = target.translations[sentence.index]
            unit = ET.SubElement(body, f"{{{NAMESPACE}}}trans-unit", id=str(sentence.index + 1), resname=sentence.kind)
            ET.SubElement(unit, f"{{{NAMESPACE}}}source").text = sentence.text
            doubtful = doubts.doubtful(found)
            state = "needs-review-translation" if doubtful else "translated"
            ET.SubElement(unit, f"{{{NAMESPACE}}}target", state=state).text = found.text
            notes = [f"route: {found.route or (target.route.describe() if target.route else '')}"]
            if found.confidence is not None:
                notes.append(f"confidence: {found.confidence:.2f}")
            if found.flags:
                notes.append("flags: " + " ".join(found.flags))
            notes += [reason.for_reader(interface) for reason in doubts.reasons(found, code)]
            for note in notes:
                ET.SubElement(unit, f"{{{NAMESPACE}}}note", {"from": "offline-news-translate"}).text = note
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
