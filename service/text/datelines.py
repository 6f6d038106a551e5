"""Datelines of French news: is a line a dateline, and which dates and times does it give?

Finding the date inside a line is ours (a few patterns: numeric, written,
abbreviated, ISO 8601 and relative dates, then the dateline's own words);
reading it is dateparser's, which knows French month abbreviations and
relative dates ("hier", "aujourd'hui à 06h00", "il y a 3 heures"). Relative
dates are resolved against a reference moment the caller gives (default
now) and reported as relative; a date that names no real day ("31/02/2025")
is kept as text and reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

_MONTHS = (
    r"janvier|janv|jan|février|fevrier|févr|fevr|fév|fev|mars|mar|avril|avr|mai|juin|juillet|juil|août|aout|"
    r"septembre|sept|sep|octobre|oct|novembre|nov|décembre|decembre|déc|dec"
)
_WEEKDAY = r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\.?\s+)?"
_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_NUMERIC = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
_WRITTEN = rf"{_WEEKDAY}\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\.?\s+\d{{4}}"
_RELATIVE = r"aujourd['’]hui|avant-hier|hier|il\s+y\s+a\s+\d+\s*(?:min(?:ute)?s?|h(?:eures?)?|jours?)"
_TIME = r"(?P<h>\d{1,2})\s*(?:h|:)\s*(?P<min>\d{2})?"
DATE_RE = re.compile(rf"(?P<iso>{_ISO})|(?P<numeric>{_NUMERIC})|(?P<written>{_WRITTEN})|(?P<rel>{_RELATIVE})", re.I)
_TIME_RE = re.compile(rf"(?:à\s*|,\s*|\s|^)?{_TIME}\b", re.I)
_TIME_ONLY = re.compile(rf"^(?:à\s*)?{_TIME}$", re.I)
_TIME_AFTER_DATE = re.compile(rf"^\s*(?:à|,|-)?\s*{_TIME}\b", re.I)
_UPDATED = re.compile(r"mis\s+à\s+jour|mise\s+à\s+jour|actualisé|modifié|màj", re.I)
_DATELINE_WORDS = re.compile(
    r"^(?:publié|publiée|mis\s+en\s+ligne|mis\s+à\s+jour|mise\s+à\s+jour|actualisé|modifié|màj|le|à|et|par|"
    rf"dernière|h|er|\d+|[|:,.\-–/()]|\s|{_MONTHS}|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)+$",
    re.I,
)
# "PARIS, 12 fév 2025 (AFP) - ..." or "Lyon (AFP) - ...": the wire dateline that opens a first paragraph.
WIRE_DATELINE = re.compile(
    rf"^[A-ZÀ-Ý][\wÀ-ÿ'’ .-]{{1,40}}(?:\s*\([^)]{{1,30}}\))?,?\s*"
    rf"(?:(?:{_WRITTEN}|{_NUMERIC}|\d{{1,2}}\s+(?:{_MONTHS})\.?)"
    r"(?:\s+\d{4})?\s*)?\((?:AFP|Reuters|AP|ANSA|Belga|ATS|EFE|DPA|Xinhua|APS|MAP|Kyodo)\)\s*[-–—]\s*",
)


@dataclass(frozen=True)
class Dateline:
    """What a dateline says, in ISO 8601 (minutes when a time is given)."""

    published: str | None = None
    updated: str | None = None
    relative: tuple[str, ...] = ()  # "published" / "updated" read from "hier", "il y a 3 h", ...
    unreadable: tuple[str, ...] = ()  # date texts that name no real day, e.g. "31/02/2025"


def is_dateline(line: str) -> bool:
    """A short line made of dates, times and dateline words only ("Publié le ..., modifié à ...")."""
    if len(line) > 160:
        return False
    if _TIME_ONLY.match(line.strip()):
        return True  # a live blog's "10h32"
    if not DATE_RE.search(line):
        return False
    rest = _TIME_RE.sub(" ", DATE_RE.sub(" ", line))
    return bool(_DATELINE_WORDS.match(rest.strip() or "le"))


@lru_cache(maxsize=1)
def _parser_class():
    from dateparser.date import DateDataParser  # about 0.2 s to import: only when a dateline is read

    return DateDataParser


def _read(fragment: str, reference: datetime) -> tuple[datetime | None, bool]:
    """(moment, whether a time was given) of a date text, or (None, False)."""
    parser = _parser_class()(
        languages=["fr"],
        settings={
            "DATE_ORDER": "DMY",
            "RELATIVE_BASE": reference,
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
            "STRICT_PARSING": False,
        },
    )
    data = parser.get_date_data(fragment)
    if data is None or data.date_obj is None:
        return None, False
    return data.date_obj, data.period == "time"


def _iso(moment: datetime | date, with_time: bool) -> str:
    if with_time and isinstance(moment, datetime):
        return moment.replace(tzinfo=None).isoformat(timespec="minutes")
    return (moment.date() if isinstance(moment, datetime) else moment).isoformat()


def _part(fragment: str, fallback: str | None, reference: datetime) -> tuple[str | None, bool, str | None]:
    """(ISO value, relative, unreadable text) of one side of a dateline."""
    match = DATE_RE.search(fragment)
    if match is None:
        if not fallback:
            return None, False, None
        time_match = _TIME_RE.search(fragment)
        if time_match is None:
            return None, False, None
        hour, minute = int(time_match.group("h")), int(time_match.group("min") or 0)
        if hour >= 24 or minute >= 60:
            return None, False, None
        day = date.fromisoformat(fallback[:10])
        return datetime(day.year, day.month, day.day, hour, minute).isoformat(timespec="minutes"), False, None
    text = match.group(0)
    time_match = _TIME_AFTER_DATE.match(fragment[match.end() :]) if not match.group("iso") else None
    if time_match and time_match.group("min") is None and not re.search(r"\d\s*h", time_match.group(0)):
        time_match = None  # "2025 14" is not a time
    if time_match:
        hour, minute = int(time_match.group("h")), int(time_match.group("min") or 0)
        if hour >= 24 or minute >= 60:
            time_match = None
    # dateparser reads "12 fév 2025 09:30" but not every press spelling of it ("1er", "fév.", "9 h 30").
    wanted = re.sub(r"(\d)er\b", r"\1", text.replace("’", "'"))
    wanted = re.sub(rf"\b({_MONTHS})\.", r"\1", wanted, flags=re.I)
    if time_match:
        wanted += f" {hour:02d}:{minute:02d}"
    moment, timed = _read(wanted, reference)
    if moment is None:
        return None, False, text
    relative = bool(match.group("rel"))
    if relative and not time_match and not re.search(r"min|h", text, re.I):
        timed = False  # "hier" names a day, not the reference's hour
    return _iso(moment, timed), relative, None


def parse_dateline(line: str, reference: datetime | None = None) -> Dateline:
    """Published and updated values of a dateline.

    "14/09/2023 mis à jour: 23:00" -> published "2023-09-14", updated
    "2023-09-14T23:00": a time after "mis à jour" with no date of its own
    belongs to the published day.
    """
    reference = reference or datetime.now()
    parts = _UPDATED.split(line, maxsplit=1)
    updated_only = len(parts) > 1 and not DATE_RE.search(parts[0]) and not _TIME_RE.search(parts[0])
    published, published_relative, bad_published = (
        (None, False, None) if updated_only else _part(parts[0], None, reference)
    )
    updated, updated_relative, bad_updated = (
        _part(parts[1], published, reference) if len(parts) > 1 else (None, False, None)
    )
    relative = tuple(name for name, flag in (("published", published_relative), ("updated", updated_relative)) if flag)
    unreadable = tuple(text for text in (bad_published, bad_updated) if text)
    return Dateline(published, updated, relative, unreadable)
