"""Glossaries: terms never to translate, and terms with a fixed translation per target language.

A newsroom's "SUD-Rail" must not become "SOUTH-RAIL", nor "Météo-France"
"Climate-France". Glossary terms go through the same protected-span
mechanism as codes and URLs (``service.translation.placeholders``): matched
as whole words, case-insensitively, and written out in the glossary's own
form.

File format (CSV or TSV, UTF-8): ``term`` then optional ``lang=translation``
columns, or a header row ``term,en,es,...``; a row with only a term means
"do not translate". Every error names its line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re

from pydantic import Field

from service import languages, messages
from service.errors import InputError
from service.models.base import Model

MAX_ENTRIES = 2000
MAX_TERM_CHARS = 200  # a term or its translation; with MAX_ENTRIES, what one glossary costs is bounded
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def check_name(name: object) -> str:
    """A saved glossary's name: 1 to 64 letters, digits, '.', '_' or '-'."""
    if not isinstance(name, str) or not NAME.match(name):
        raise InputError(messages.GLOSSARY_NAME(), "name")
    return name


class Entry(Model):
    """A term, and its fixed translation per target language (none: do not translate)."""

    term: str = Field(description="Matched as a whole word, case-insensitively.")
    translations: dict[str, str] = Field(
        default_factory=dict, description="Fixed translation per target language code; none: never translated."
    )

    def output(self, target: str) -> str | None:
        """The fixed translation into ``target``, or None (keep the term as it is)."""
        return self.translations.get(target)


class Glossary(Model):
    """Entries in order; a name when saved."""

    name: str | None = Field(default=None, exclude_if=lambda value: value is None)
    entries: list[Entry] = Field(default_factory=list)

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


def _entry(term: object, translations: object, where: str, line: int) -> Entry:
    if not isinstance(term, str) or not term.strip():
        raise InputError(messages.GLOSSARY_EMPTY_TERM(where=where, line=line), "glossary")
    if len(term.strip()) > MAX_TERM_CHARS:
        raise InputError(messages.GLOSSARY_TERM_TOO_LONG(where=where, line=line, limit=MAX_TERM_CHARS), "glossary")
    pairs = []
    for code, text in (translations or {}).items() if isinstance(translations, dict) else ():
        if not isinstance(code, str) or not languages.is_known(code):
            raise InputError(messages.GLOSSARY_UNKNOWN_LANGUAGE(where=where, line=line, code=code), "glossary")
        if not isinstance(text, str) or not text.strip():
            raise InputError(
                messages.GLOSSARY_EMPTY_TRANSLATION(where=where, line=line, code=code, term=term), "glossary"
            )
        if len(text.strip()) > MAX_TERM_CHARS:
            raise InputError(messages.GLOSSARY_TERM_TOO_LONG(where=where, line=line, limit=MAX_TERM_CHARS), "glossary")
        pairs.append((languages.normalize_code(code), text.strip()))
    if translations is not None and not isinstance(translations, dict):
        raise InputError(messages.GLOSSARY_TRANSLATIONS_SHAPE(where=where, line=line), "glossary")
    return Entry(term=term.strip(), translations=dict(sorted(pairs)))


def from_mapping(value: object, name: str | None = None) -> Glossary:
    """A glossary from the API's JSON: ``{"entries": [{"term": ..., "translations": {"en": ...}}]}``."""
    if not isinstance(value, dict) or not isinstance(value.get("entries"), list):
        raise InputError(messages.GLOSSARY_SHAPE(), "glossary")
    entries = value["entries"]
    if len(entries) > MAX_ENTRIES:
        raise InputError(messages.GLOSSARY_TOO_BIG(limit=MAX_ENTRIES), "glossary")
    parsed = []
    for number, item in enumerate(entries, 1):
        if isinstance(item, str):
            item = {"term": item}
        if not isinstance(item, dict):
            raise InputError(messages.GLOSSARY_ENTRY_SHAPE(line=number), "glossary")
        parsed.append(_entry(item.get("term"), item.get("translations"), "entry", number))
    return Glossary(entries=parsed, name=name)


def parse_file(text: str, name: str | None = None) -> Glossary:
    """A glossary from CSV or TSV text; errors name the line."""
    lines = [line for line in text.lstrip("\ufeff").splitlines()]
    if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        raise InputError(messages.GLOSSARY_EMPTY_FILE(), "glossary")
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
                    raise InputError(messages.GLOSSARY_HEADER_LANGUAGE(line=number, code=code), "glossary")
            continue
        if header is not None:
            if len(cells) > len(header):
                raise InputError(messages.GLOSSARY_COLUMNS(line=number, got=len(cells), want=len(header)), "glossary")
            translations = {header[i]: c for i, c in enumerate(cells) if i and c}
        else:
            translations = {}
            for cell in cells[1:]:
                if not cell:
                    continue
                code, sep, value = cell.partition("=")
                if not sep:
                    raise InputError(messages.GLOSSARY_PAIR(line=number, cell=cell), "glossary")
                translations[code.strip()] = value
        entries.append(_entry(cells[0], translations, "line", number))
        if len(entries) > MAX_ENTRIES:
            raise InputError(messages.GLOSSARY_LINE_TOO_BIG(line=number, limit=MAX_ENTRIES), "glossary")
    return Glossary(entries=entries, name=name)
