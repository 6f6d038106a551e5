"""Datelines of French news: is a line a dateline, and which dates and times does it give?

"Publié le 3 mars 2024 à 10h15, mis à jour à 11h02" gives a published and an
updated value in ISO 8601; a time after "mis à jour" with no date of its own
belongs to the last date.
"""

from __future__ import annotations

import re
from datetime import date, datetime

MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
    "janv": 1,
    "févr": 2,
    "fevr": 2,
    "avr": 4,
    "juil": 7,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "déc": 12,
    "dec": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMERIC_DATE = r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
_WEEKDAY = r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
_WORD_DATE = rf"{_WEEKDAY}(?P<d2>\d{{1,2}})(?:er)?\s+(?P<m2>{_MONTH})\.?\s+(?P<y2>\d{{4}})"
_TIME = r"(?P<h>\d{1,2})\s*(?:h|:)\s*(?P<min>\d{2})?"
_DATE_RE = re.compile(rf"{_NUMERIC_DATE}|{_WORD_DATE}", re.IGNORECASE)
_TIME_RE = re.compile(rf"(?:à\s*|,\s*|\s)?{_TIME}\b", re.IGNORECASE)
_UPDATED = re.compile(r"mis\s+à\s+jour|actualisé|modifié|màj", re.IGNORECASE)
_DATELINE_WORDS = re.compile(
    rf"^(?:publié|mis\s+à\s+jour|actualisé|modifié|le|à|et|par|{_MONTH}|h|er|\d+|[|:,.\-–/]|\s|lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche)+$",
    re.IGNORECASE,
)


def is_dateline(line: str) -> bool:
    """A short line made of a date, times and dateline words only."""
    if len(line) > 140 or not _DATE_RE.search(line):
        return False
    rest = _DATE_RE.sub(" ", line)
    rest = _TIME_RE.sub(" ", rest)
    return bool(_DATELINE_WORDS.match(rest.strip() or "le"))


def parse_dateline(line: str) -> tuple[str | None, str | None]:
    """ISO 8601 published and updated values of a dateline.

    "14/09/2023 mis à jour: 23:00" -> ("2023-09-14", "2023-09-14T23:00"): a
    time after "mis à jour" with no date of its own belongs to the last date.
    """
    parts = _UPDATED.split(line, maxsplit=1)
    published = _first_datetime(parts[0], None)
    updated = _first_datetime(parts[1], published) if len(parts) > 1 else None
    return published, updated


def _first_datetime(fragment: str, fallback: str | None) -> str | None:
    match = _DATE_RE.search(fragment)
    day: date | None = None
    after = fragment
    if match:
        if match.group("d"):
            numbers = (int(match.group("y")), int(match.group("m")), int(match.group("d")))
        else:
            month = MONTHS[match.group("m2").lower().rstrip(".")]
            numbers = (int(match.group("y2")), month, int(match.group("d2")))
        try:
            day = date(*numbers)
        except ValueError:
            day = None
        after = fragment[match.end() :]
    elif fallback:
        day = date.fromisoformat(fallback[:10])
    if day is None:
        return None
    time_match = re.search(_TIME, after)
    if time_match:
        hour, minute = int(time_match.group("h")), int(time_match.group("min") or 0)
        if hour < 24 and minute < 60:
            return datetime(day.year, day.month, day.day, hour, minute).isoformat(timespec="minutes")
    return day.isoformat()
