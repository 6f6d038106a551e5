"""Datelines of French news: which dates and times a dateline gives, whatever its shape.

The structure reader decides which lines are datelines (any line made
mostly of dates, places, bylines, counters or separators); this module reads
them. A dateline is cut where an update is announced ("mis à jour",
"modifié", "actualisé", "dernière mise à jour", "màj"): before is the
publication, after the update. In each part the first date is found
wherever it is (numeric, written with or without weekday and year, ISO 8601,
relative: "hier", "aujourd'hui", "il y a 3 heures"), then the first time
after it ("à 18h45", "| 15:20", "– 09h40", "6 h 00"), skipping counters
("Lu 312 fois", "5 min de lecture"). dateparser reads the date text (French
month abbreviations, relative dates against a reference moment). A part
with a time and no date takes the publication's day, or the day the caller
gives (a date in the headline), or the reference day, reported as relative.
A date that names no real day ("31/02/2025") is kept as text and reported,
never guessed.

Shapes read besides: a period ("semaine du 12 au 18 novembre 2026") gives
its first day, unless the line looks back on it ("ce qu'il fallait retenir
du 22 au 28 février"); an agency's transmission stamp ("031252 GMT AVR 25": day,
hour and minute, zone, month, year) its day and time; "il y a 1 h 35" its
minutes too; an update announced first ("Modifié le 04.12 à 10:05 | Publié
le 03.12 à 18:40") is told from the publication that follows it; a date
the line says is the publication's ("· Publié le 11 juin 2025") wins over an
earlier one (the online date over the print edition's). A time may come
before the date ("12 h 40 – vendredi 5 sept."), end in "min" ("22h30min") or
be in the afternoon of a 12-hour clock ("5 h 30 p.m."). Never read as the
page's: an embargo's part of the line, a save stamp ("Page enregistrée
le…"), an obituary's life dates, and a date later than the moment of
reading (a day's margin): that is an event's (a kick-off, the next hearing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

_MONTHS = (
    r"janvier|janv|jan|février|fevrier|févr|fevr|fév|fev|mars|mar|avril|avr|mai|juin|juillet|juil|août|aout|"
    r"septembre|sept|sep|octobre|oct|novembre|nov|décembre|decembre|déc|dec"
)
_WEEKDAY = r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\.?,?\s+)?"
_ISO = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_NUMERIC = r"(?<![\d,.])\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?![\d/.-]\d)"
_WRITTEN = rf"{_WEEKDAY}\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\.?(?:\s+\d{{4}})?(?![\w])"
# The month first, as a blog theme set to English order writes a date on a French page ("mardi, mars 18, 2025",
# "Tuesday, July 14, 2026", "May 4, 2026 · 5 min read"): the comma before the year makes it certain.
_ENGLISH_MONTHS = {
    "january": "janvier", "february": "février", "march": "mars", "april": "avril", "may": "mai", "june": "juin",
    "july": "juillet", "august": "août", "september": "septembre", "october": "octobre", "november": "novembre",
    "december": "décembre",
}  # fmt: skip
_ENGLISH_WEEKDAY = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
_MONTH_FIRST = (
    rf"(?:{_WEEKDAY}|{_ENGLISH_WEEKDAY})(?P<mf_month>{_MONTHS}|{'|'.join(_ENGLISH_MONTHS)})\.?\s+"
    rf"(?P<mf_day>\d{{1,2}})(?:er|st|nd|rd|th)?,\s*(?P<mf_year>\d{{4}})(?![\w])"
)
# A word of its own: "hier", not the end of "Tremblay-Gauthier".
_RELATIVE = (
    r"(?<![\w-])(?:aujourd['’]hui|avant-hier|hier|il\s+y\s+a\s+\d+\s*(?:min(?:ute)?s?|h(?:eures?)?|jours?))(?![\w])"
)
DATE_RE = re.compile(
    rf"(?P<iso>{_ISO})|(?P<numeric>{_NUMERIC})|(?P<written>{_WRITTEN})|(?P<monthfirst>{_MONTH_FIRST})|(?P<rel>{_RELATIVE})",
    re.I,
)
# "18h45", "18 h 45", "18:45", "à 6 h", "09H40"; not "5 min", "3 heures", "2 310 fois", "(1:52)" minutes of a clip.
TIME_RE = re.compile(
    r"(?<![\d,.:(])(?P<h>[01]?\d|2[0-3])\s?(?:h|:)\s?(?P<min>[0-5]\d)?(?:(?<=\d)min)?(?![\d\w])(?!\s?(?:min|fois))",
    re.I,
)
_COUNTER = re.compile(r"\b(?:lu|vu)e?s?\s+[\d  ]+\s*fois\b|\b\d+\s*(?:min(?:utes?)?|mn)\b(?:\s+de\s+lecture)?", re.I)
UPDATED = re.compile(
    r"derni(?:er|[èe]re)\s+(?:mise\s+à\s+jour|modification|actualisation|entrée|message|post|billet)"
    r"|mise?s?\s+à\s+jour"
    r"|actualisée?|modifiée?|modification|rectifiée?|corrigée?|retouchée?|révisée?|màj|\bmaj\b"
    r"|\b\d{1,2}(?:e|ème)\s+version\b"  # a wire's "2e version 14:05 TU"
    r"|\b(?:nouveau|ce|dernier)\s+lead\b",  # a wire's new lead: "Nouveau lead 09h48 GMT", "ce lead 09:48 GMT"
    re.I,
)
# What announces the publication itself, when an update was announced before it on the same line.
PUBLISHED = re.compile(
    r"\b(?:publiée?|mise?\s+en\s+ligne|en\s+ligne|parue?|postée?|diffusée?|transmise?|article\s+du"
    r"|(?:première|1re|1ère)\s+(?:publication|diffusion|mise\s+en\s+ligne)|début\s+du\s+direct|direct\s+ouvert)\b",
    re.I,
)
# Parts of a line that date something else than the page, up to the next separator: an embargo ("SOUS EMBARGO
# jusqu'au 25 novembre 2025, 6 h"), a browser's or a reader's stamp ("Page enregistrée le 12/12/2025 à 08:44",
# "Consulté le …"), a life's dates in an obituary's line ("Décédée le 8 février 2026 à Moncton").
_NOT_THE_PAGES = re.compile(
    r"(?:(?:sous\s+)?embargo\b|ne\s+pas\s+(?:diffuser|publier)\b"
    r"|(?:page\s+)?(?:enregistrée?|sauvegardée?|consultée?|imprimée?|décédée?|née?)\s+le\b)"
    r"(?:(?!\s[—–|·•/]\s).)*",
    re.I,
)
_PREMIER = re.compile(rf"\bpremier\s+(?=(?:{_MONTHS})\b)", re.I)  # "le premier mars 2026": the 1st
_AFTERNOON = re.compile(r"\s*p\.\s?m\.?|\s*pm\b", re.I)  # "5 h 30 p.m.": Louisiana, sometimes Canada
# Publication dates are never later than the moment the page is read; a day's margin for time zones. A later
# date is an event's: a match's kick-off, the next hearing, a festival, a planned maintenance.
FUTURE_MARGIN = timedelta(days=1)
# A period: an issue's week starts on its first day ("semaine du 12 au 18 novembre 2026", "du 30 mars au 5 avril
# 2025"); a look back is written at its end ("Ce qu'il fallait retenir du 22 au 28 février": the 28th).
_PERIOD = re.compile(
    rf"\bdu\s+(?P<first>\d{{1,2}})(?:er)?\s+(?:(?P<month>{_MONTHS})\.?\s+)?au\s+\d{{1,2}}(?:er)?\s+"
    rf"(?P<last_month>{_MONTHS})\.?(?P<year>\s+\d{{4}})?(?![\w])",
    re.I,
)
# An agency's transmission stamp: day, hour and minute run together, a time zone, month and year in capitals
# ("031252 GMT AVR 25", "191047 GMT+1 AOU 26", "140612 ICT MAI 25").
_LOOK_BACK = re.compile(r"\b(?:retenir|bilan|revue|résumé|récap\w*|rétrospective)\b", re.I)
_WIRE_MONTHS = {
    "JAN": 1, "FEV": 2, "FÉV": 2, "MAR": 3, "AVR": 4, "MAI": 5, "JUIN": 6, "JUN": 6, "JUIL": 7, "JUL": 7,
    "AOU": 8, "AOÛ": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12, "DÉC": 12,
}  # fmt: skip
WIRE_STAMP = re.compile(
    r"(?<![\w])(?P<day>[0-3]\d)(?P<hour>[0-2]\d)(?P<minute>[0-5]\d)\s+(?:GMT|UTC|TU|[A-Z]{2,5})(?:\s?[+-]\d{1,2})?"
    r"\s+(?P<month>JANV?|F[EÉ]VR?|MARS?|AVRI?L?|MAI|JUIN|JUN|JUIL?|JUL|AO[UÛ]T?|SEPT?|OCT|NOV|D[EÉ]C)\.?"
    r"\s+(?P<year>\d{2}|\d{4})(?![\w])"
)
_AGO_MINUTES = re.compile(r"\s*(?P<minutes>[0-5]?\d)(?:\s*min\w*)?(?![\w])")


@dataclass(frozen=True)
class Dateline:
    """What a dateline says, in ISO 8601 (minutes when a time is given)."""

    published: str | None = None
    updated: str | None = None
    relative: tuple[str, ...] = ()  # "published" / "updated" read from "hier", "il y a 3 h", or a time alone
    unreadable: tuple[str, ...] = ()  # date texts that name no real day, e.g. "31/02/2025"


@lru_cache(maxsize=1)
def _parser_class():
    from dateparser.date import DateDataParser  # about 0.2 s to import: only when a dateline is read

    return DateDataParser


@lru_cache(maxsize=4096)
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


def _full_year(text: str, reference: datetime) -> str:
    """ "11/03/25" -> "11/03/2025" (dateparser reads two-digit years as the 1900s)."""
    match = re.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2})", text)
    if not match:
        return text
    year = int(match.group(4))
    century = reference.year // 100 * 100
    full = century + year if century + year <= reference.year + 1 else century - 100 + year
    return f"{match.group(1)}{match.group(2)}{match.group(3)}{match.group(2)}{full}"


def _time_in(fragment: str) -> tuple[int, int] | None:
    """The first clock time of a fragment, counters left out ("Lu 312 fois", "5 min de lecture")."""
    for match in TIME_RE.finditer(_COUNTER.sub(lambda m: " " * len(m.group()), fragment)):
        if match.group("min") is None and not re.search(r"\dh|\d\sh", match.group(), re.I):
            continue  # "2025 14" is not a time
        hour = int(match.group("h"))
        if hour < 12 and _AFTERNOON.match(fragment, match.end()):
            hour += 12
        return hour, int(match.group("min") or 0)
    return None


def _wire_stamp(text: str, reference: datetime) -> str | None:
    """The moment of an agency's transmission stamp in ``text`` ("031252 GMT AVR 25" -> "2025-04-03T12:52")."""
    found = WIRE_STAMP.search(text)
    if found is None:
        return None
    month = next((n for prefix, n in _WIRE_MONTHS.items() if found.group("month").startswith(prefix)), None)
    year = int(found.group("year"))
    if year < 100:
        year += reference.year // 100 * 100
    try:
        day, hour, minute = (int(found.group(name)) for name in ("day", "hour", "minute"))
        moment = datetime(year, month or 0, day, hour, minute)
    except ValueError:
        return None  # "311252 GMT FEV 25" names no day
    return moment.isoformat(timespec="minutes")


def _ago(text: str, following: str, reference: datetime) -> datetime | None:
    """ "il y a 1 h 35" (``text`` "il y a 1 h", ``following`` " 35 · Par…"): the moment, minutes included."""
    found = re.search(r"(\d+)\s*(min|h|heure|jour)", text, re.I)
    if found is None:
        return None
    amount, unit = int(found.group(1)), found.group(2).lower()
    minutes = _AGO_MINUTES.match(following) if unit in ("h", "heure") else None
    try:
        if unit == "min":
            return reference - timedelta(minutes=amount)
        if unit == "jour":
            return reference - timedelta(days=amount)
        return reference - timedelta(hours=amount, minutes=int(minutes.group("minutes")) if minutes else 0)
    except (OverflowError, ValueError):
        return None  # "il y a 99999999999 jours": before any calendar


def _part(fragment: str, day: date | None, reference: datetime) -> tuple[str | None, bool, str | None]:
    """(ISO value, relative, unreadable text) of one side of a dateline; ``day`` for a time alone."""
    stamp = _wire_stamp(fragment, reference)
    if stamp is not None:
        return stamp, False, None
    period = _PERIOD.search(fragment)
    if period is not None and not _LOOK_BACK.search(fragment):
        month = period.group("month") or period.group("last_month")
        fragment = f"{fragment[: period.start()]}{period.group('first')} {month}{period.group('year') or ''}"
    match = DATE_RE.search(fragment)
    if match is None:
        clock = _time_in(fragment)
        named = _named_day(fragment, reference)
        if clock is None and named is None:
            return None, False, None
        if clock is None:
            return named.isoformat(), False, None  # type: ignore[union-attr]
        relative = day is None and named is None
        on = day or named or reference.date()
        return datetime(on.year, on.month, on.day, *clock).isoformat(timespec="minutes"), relative, None
    text = match.group(0)
    if match.group("rel") and text.lower().startswith("il"):
        moment = _ago(text, fragment[match.end() :], reference)
        if moment is None:
            return None, False, text  # reported, never guessed
        return _iso(moment, not re.search(r"jour", text, re.I)), True, None
    clock = None if match.group("iso") else (_time_in(fragment[match.end() :]) or _time_in(fragment[: match.start()]))
    if match.group("monthfirst"):
        month = match.group("mf_month")
        text = f"{match.group('mf_day')} {_ENGLISH_MONTHS.get(month.lower(), month)} {match.group('mf_year')}"
    wanted = _full_year(text.replace("’", "'"), reference)
    wanted = re.sub(r"(\d)er\b", r"\1", wanted)
    wanted = re.sub(rf"\b({_MONTHS})\.", r"\1", wanted, flags=re.I)
    moment, timed = _read(wanted, reference)
    if moment is None:
        return None, False, text
    relative = bool(match.group("rel"))
    if clock:
        moment = moment.replace(hour=clock[0], minute=clock[1])
        timed = True
    elif relative and not re.search(r"min|h", text, re.I):
        timed = False  # "hier" names a day, not the reference's hour
    return _iso(moment, timed), relative, None


# A day and month with no year, as an update writes them after the publication's full date: "actualisé mar. 15.09
# – 08:20", "mis à jour le 15/09 à 8 h 20" (not a decimal: "1.5", not part of a full date).
_DAY_MONTH = re.compile(r"(?<![\d,.])(?P<day>\d{1,2})[./](?P<month>\d{1,2})(?![\d]|[./]\d)")


# A weekday, then its day and month with no year: "Mercredi 20/05 ⏤ 18 h 12", "jeu. 14.05 · 07:30".
_WEEKDAY_DAY_MONTH = re.compile(
    r"\b(?:lun|mar|mer|jeu|ven|sam|dim)(?:\.|di|credi|dredi|edi|anche)?\.?,?\s+" + _DAY_MONTH.pattern, re.I
)


def _day_of(found: re.Match | None, year: int) -> date | None:
    """The day a match of ``_DAY_MONTH``'s groups names in ``year`` ("31.02" names none)."""
    if found is None:
        return None
    try:
        return date(year, int(found.group("month")), int(found.group("day")))
    except ValueError:
        return None


def _named_day(fragment: str, reference: datetime) -> date | None:
    """The day a weekday and its day and month name, in the latest year that does not put it after the reference
    (a page's stamp is never later than its reading)."""
    found = _WEEKDAY_DAY_MONTH.search(fragment)
    moment = _day_of(found, reference.year)
    if moment is None or moment <= (reference + FUTURE_MARGIN).date():
        return moment
    return _day_of(found, reference.year - 1)


def _day_without_year(fragment: str, published: date) -> date | None:
    """The day an update names without its year, in the publication's year (or the next, if it would come
    before the publication)."""
    found = _DAY_MONTH.search(fragment)
    moment = _day_of(found, published.year)
    if moment is None or moment >= published:
        return moment
    return _day_of(found, published.year + 1)


def parse_dateline(line: str, reference: datetime | None = None, day: date | None = None) -> Dateline:
    """Published and updated values of a dateline.

    "14/09/2023 mis à jour: 23:00" -> published "2023-09-14", updated "2023-09-14T23:00": a time after
    "mis à jour" with no date of its own belongs to the published day. ``day``: the day a time alone
    belongs to when the line has no date (a date given elsewhere, e.g. in the headline); else the
    reference day, and the value is relative.
    """
    reference = reference or datetime.now()
    line = _PREMIER.sub("1er ", _NOT_THE_PAGES.sub(" ", line))
    found = UPDATED.search(line)
    before, after = (line[: found.start()], line[found.end() :]) if found else (line, None)
    announced = PUBLISHED.search(after) if after is not None else None
    if announced is not None and not DATE_RE.search(before) and _time_in(before) is None:
        # The update first, then the publication: "Modifié le 04.12.2025 à 10:05 | Publié le 03.12.2025 à 18:40"
        before, after = after[announced.end() :], after[: announced.start()]
    said = [m for m in PUBLISHED.finditer(before) if DATE_RE.search(before[m.end() :])]
    if said and DATE_RE.search(before[: said[-1].start()]):
        # Said to be the publication's, the date after the word wins over an earlier one (an issue's week, a
        # hearing's day, the print edition's): "N° 2841 · Semaine du 12 au 18 juin 2025 · Publié le 11 juin
        # 2025", "Paru dans l'édition papier du 12 mai — Publié en ligne le 11 mai à 21h30".
        before = before[said[-1].end() :]
    updated_only = found is not None and not DATE_RE.search(before) and _time_in(before) is None
    published, published_relative, bad_published = (
        (None, False, None) if updated_only else _part(before, day, reference)
    )
    updated, updated_relative, bad_updated = (None, False, None)
    if after is not None:
        own_day = date.fromisoformat(published[:10]) if published else day
        if published and not DATE_RE.search(after):
            own_day = _day_without_year(after, own_day) or own_day
        updated, updated_relative, bad_updated = _part(after, own_day, reference)
        if published and not DATE_RE.search(after):
            # A time alone belongs to the publication's day: relative when that day was only implied too.
            updated_relative = published_relative and not DATE_RE.search(before)
    if updated and updated == published:
        updated, updated_relative = None, False  # "11:05 – Mise à jour : 11:05": never updated
    latest = reference + FUTURE_MARGIN
    if published and datetime.fromisoformat(published) > latest:
        published, published_relative = None, False
    if updated and datetime.fromisoformat(updated) > latest:
        updated, updated_relative = None, False
    relative = tuple(name for name, flag in (("published", published_relative), ("updated", updated_relative)) if flag)
    unreadable = tuple(text for text in (bad_published, bad_updated) if text)
    return Dateline(published, updated, relative, unreadable)


def has_date(line: str) -> bool:
    return bool(DATE_RE.search(line) or WIRE_STAMP.search(line))


def french_moment(value: str | None) -> str | None:
    """ "2025-02-12T06:00:00+0100" as a French dateline writes it ("12/02/2025 à 06h00")."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    day = moment.strftime("%d/%m/%Y")
    return day if (moment.hour, moment.minute) == (0, 0) else f"{day} à {moment:%Hh%M}"


def page_dates(html: str) -> tuple[str | None, str | None]:
    """Publication and last-modified moments that a page's markup states (``<time>``, ``article:*_time``, JSON-LD)."""
    import htmldate

    found = []
    for original in (True, False):
        try:
            found.append(
                htmldate.find_date(
                    html, extensive_search=False, original_date=original, outputformat="%Y-%m-%dT%H:%M:%S%z"
                )
            )
        except Exception:  # htmldate gives up on some markup; a page without a date is still an article
            found.append(None)
    published, updated = found
    return published, (updated if updated != published else None)
