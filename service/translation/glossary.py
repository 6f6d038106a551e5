"""Glossaries: terms never to translate, and terms with a fixed translation per target language.

A newsroom's "SUD-Rail" must not become "SOUTH-RAIL", nor "Météo-France"
"Climate-France". Glossary terms go through the same protected-span
mechanism as codes and URLs (``service.protect``): matched as whole words,
case-insensitively, and written out in the glossary's own form.

File format (CSV or TSV, UTF-8): ``term`` then optional ``lang=translation``
columns, or a header row ``term,en,es,...``; a row with only a term means
"do not translate". Every error names its line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field

from service import languages
from service.errors import InputError

MAX_ENTRIES = 2000


@dataclass(frozen=True)
class Entry:
    """A term, and its fixed translation per target language (none: do not translate)."""

    term: str
    translations: tuple[tuple[str, str], ...] = ()

    def output(self, target: str) -> str | None:
        """The fixed translation into ``target``, or None (keep the term as it is)."""
        return dict(self.translations).get(target)

    def to_dict(self) -> dict:
        return {"term": self.term, "translations": dict(self.translations)}


@dataclass(frozen=True)
class Glossary:
    """Entries in order; a name when saved."""

    entries: tuple[Entry, ...] = ()
    name: str | None = field(default=None, compare=False)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def fingerprint(self) -> str:
        raw = json.dumps([e.to_dict() for e in self.entries], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()[:12]

    def terms_for(self, target: str, first_hop: bool) -> dict[str, str | None]:
        """Protected terms for one hop of a route to ``target``.

        The first hop puts each fixed translation in place of its term; later
        hops (pivots) carry that translation, and do-not-translate terms,
        through unchanged.
        """
        terms: dict[str, str | None] = {}
        for entry in self.entries:
            fixed = entry.output(target)
            if first_hop:
                terms[entry.term] = fixed
            else:
                terms[fixed or entry.term] = None
        return terms

    def applied(self, source_text: str, target: str) -> list[dict]:
        """The entries that matched ``source_text``, as the result reports them."""
        from service.translation.placeholders import find_spans

        found = {s.text.lower() for s in find_spans(source_text, {e.term: None for e in self.entries})}
        return [
            {"term": e.term, "translation": e.output(target) or e.term} for e in self.entries if e.term.lower() in found
        ]

    def to_dict(self) -> dict:
        return {"name": self.name, "entries": [e.to_dict() for e in self.entries]}


def _entry(term: object, translations: object, where: str) -> Entry:
    if not isinstance(term, str) or not term.strip():
        raise InputError(f"{where}: the term is empty", "glossary")
    pairs = []
    for code, text in (translations or {}).items() if isinstance(translations, dict) else ():
        if not isinstance(code, str) or not languages.is_known(code):
            raise InputError(f"{where}: unknown language {code!r} (use ISO 639-1 codes such as 'en')", "glossary")
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{where}: the {code} translation of {term!r} is empty", "glossary")
        pairs.append((languages.normalize_code(code), text.strip()))
    if translations is not None and not isinstance(translations, dict):
        raise InputError(f"{where}: 'translations' must map language codes to text", "glossary")
    return Entry(term.strip(), tuple(sorted(pairs)))


def from_mapping(value: object, name: str | None = None) -> Glossary:
    """A glossary from the API's JSON: ``{"entries": [{"term": ..., "translations": {"en": ...}}]}``."""
    if not isinstance(value, dict) or not isinstance(value.get("entries"), list):
        raise InputError("'glossary' must be a saved glossary's name or {\"entries\": [...]}", "glossary")
    entries = value["entries"]
    if len(entries) > MAX_ENTRIES:
        raise InputError(f"a glossary has at most {MAX_ENTRIES} entries", "glossary")
    parsed = []
    for number, item in enumerate(entries, 1):
        if isinstance(item, str):
            item = {"term": item}
        if not isinstance(item, dict):
            raise InputError(f'entry {number}: must be a term or {{"term": ..., "translations": ...}}', "glossary")
        parsed.append(_entry(item.get("term"), item.get("translations"), f"entry {number}"))
    return Glossary(tuple(parsed), name)


def parse_file(text: str, name: str | None = None) -> Glossary:
    """A glossary from CSV or TSV text; errors name the line."""
    lines = [line for line in text.lstrip("\ufeff").splitlines()]
    if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        raise InputError("the glossary file is empty", "glossary")
    sample = next(line for line in lines if line.strip() and not line.lstrip().startswith("#"))
    delimiter = "\t" if "\t" in sample else ";" if ";" in sample and "," not in sample else ","
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    header: list[str] | None = None
    entries: list[Entry] = []
    for number, row in enumerate(rows, 1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if header is None and cells[0].lower() in ("term", "terme") and len(cells) > 1:
            header = [c.lower() for c in cells]
            for code in header[1:]:
                if not languages.is_known(code):
                    raise InputError(f"line {number}: unknown language {code!r} in the header", "glossary")
            continue
        if header is not None:
            if len(cells) > len(header):
                raise InputError(f"line {number}: {len(cells)} columns, the header has {len(header)}", "glossary")
            translations = {header[i]: c for i, c in enumerate(cells) if i and c}
        else:
            translations = {}
            for cell in cells[1:]:
                if not cell:
                    continue
                code, sep, text = cell.partition("=")
                if not sep:
                    raise InputError(
                        f"line {number}: write translations as lang=text (e.g. en=Weather France), not {cell!r}",
                        "glossary",
                    )
                translations[code.strip()] = text
        entries.append(_entry(cells[0], translations, f"line {number}"))
        if len(entries) > MAX_ENTRIES:
            raise InputError(f"line {number}: a glossary has at most {MAX_ENTRIES} entries", "glossary")
    return Glossary(tuple(entries), name)
