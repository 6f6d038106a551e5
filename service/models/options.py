"""One model of what a caller asks for, with every default defined here once.

The form, the JSON API, the CLI and the batch all build an ``Options`` with
``Options.parse`` from whatever they received (strings, lists, ``None``), so
a value is validated in one place and every error names its field.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from service import languages
from service.errors import InputError, TooManyTargets
from service.summaries.algorithms import DEFAULT as DEFAULT_ALGORITHM
from service.summaries.algorithms import DEFAULT_LENGTH, NAMES, SummaryError, parse_length
from service.translation.glossary import Glossary

DEFAULT_SOURCE = "fr"
AUTO = "auto"
DEFAULT_TARGETS = ("en", "es")  # pre-ticked on the form; the API and CLI ask explicitly
# aligned: chosen on the source and projected; native: chosen in each language.
ALIGNED, NATIVE = SUMMARY_MODES = ("aligned", "native")
DEFAULT_SUMMARY_MODE = ALIGNED

__all__ = [
    "ALIGNED",
    "AUTO",
    "DEFAULT_ALGORITHM",
    "DEFAULT_LENGTH",
    "DEFAULT_SOURCE",
    "DEFAULT_SUMMARY_MODE",
    "DEFAULT_TARGETS",
    "NATIVE",
    "SUMMARY_MODES",
    "Options",
    "parse_source",
    "parse_targets",
]


def _text_or_none(value: object, name: str) -> str | None:
    """``None`` and "" mean "use the default"; anything but a string is an error."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(f"'{name}' must be a string", name)
    value = str(value).strip()
    return value or None


def parse_source(value: object, field: str = "source") -> str:
    """A known language code (normalised) or ``auto``."""
    raw = _text_or_none(value, field) or DEFAULT_SOURCE
    if raw.lower() == AUTO:
        return AUTO
    if not languages.is_known(raw):
        raise InputError(f"unknown {field} language {raw!r} (use an ISO 639-1 code such as 'fr', or 'auto')", field)
    return languages.normalize_code(raw)


def parse_targets(value: object, max_targets: int | None = None, required: bool = True) -> tuple[str, ...]:
    """Normalised, de-duplicated target codes from a list or a comma-separated string."""
    if value is None:
        items: list = []
    elif isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise InputError("'targets' must be a list of language codes", "targets")
    codes: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InputError("'targets' must be a list of language codes", "targets")
        if not item.strip():
            continue
        if not languages.is_known(item):
            raise InputError(f"unknown target language {item!r} (use ISO 639-1 codes such as 'en')", "targets")
        codes.append(languages.normalize_code(item))
    if max_targets is not None and len(codes) > max_targets:  # counted as sent: a request is not a set
        raise TooManyTargets(max_targets)
    if required and not codes:
        raise InputError("give at least one target language", "targets")
    return tuple(dict.fromkeys(codes))


def parse_reference_date(value: object) -> str | None:
    """An ISO 8601 date or date-time that relative dates ("hier") are read against; None: now."""
    raw = _text_or_none(value, "reference_date")
    if raw is None:
        return None
    try:
        return datetime.fromisoformat(raw).isoformat(timespec="minutes")
    except ValueError:
        message = f"'reference_date' must be an ISO 8601 date such as 2025-02-14, not {raw!r}"
        raise InputError(message, "reference_date") from None


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def parse_keep(value: object) -> bool:
    """Whether the article and its sentences may be kept (saved, cached); default yes."""
    if value is None or value == "":
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise InputError("'keep' must be true or false", "keep")


def _glossary(value: object) -> Glossary | None:
    """A glossary already built (by ``Runtime.options`` or the CLI), or None; empty ones count as none."""
    if value is None or value == "":
        return None
    if isinstance(value, Glossary):
        return value or None
    raise InputError("'glossary' must be a saved glossary's name or {\"entries\": [...]}", "glossary")


@dataclass(frozen=True)
class Options:
    """Everything besides the text that changes a result."""

    source: str = DEFAULT_SOURCE
    targets: tuple[str, ...] = ()
    algorithm: str = DEFAULT_ALGORITHM
    length: str = DEFAULT_LENGTH
    summary: str = DEFAULT_SUMMARY_MODE
    reference_date: str | None = None  # relative dates are read against it; None: now
    keep: bool = True  # False: "do not keep" — neither the article nor its sentences are stored
    glossary: Glossary | None = None  # terms to keep or to translate a fixed way (see service.glossary)

    @classmethod
    def parse(
        cls,
        source: object = None,
        targets: object = None,
        algorithm: object = None,
        length: object = None,
        summary: object = None,
        reference_date: object = None,
        keep: object = None,
        glossary: object = None,
        *,
        max_targets: int | None = None,
        targets_required: bool = False,
    ) -> Options:
        """Validate raw values (``None`` or "" take the default); raise ``InputError`` naming the field."""
        algorithm_name = _text_or_none(algorithm, "algorithm") or DEFAULT_ALGORITHM
        if algorithm_name not in NAMES:
            raise InputError(f"unknown algorithm {algorithm_name!r}; choose from {', '.join(NAMES)}", "algorithm")
        mode = _text_or_none(summary, "summary") or DEFAULT_SUMMARY_MODE
        if mode not in SUMMARY_MODES:
            raise InputError(f"summary mode must be one of {', '.join(SUMMARY_MODES)}", "summary")
        wanted = _text_or_none(length, "length") or DEFAULT_LENGTH
        try:
            parse_length(wanted, 1)
        except SummaryError as err:
            raise InputError(str(err), "length") from None
        return cls(
            parse_source(source),
            parse_targets(targets, max_targets, targets_required),
            algorithm_name,
            wanted,
            mode,
            parse_reference_date(reference_date),
            parse_keep(keep),
            _glossary(glossary),
        )

    @classmethod
    def from_mapping(cls, values: dict, **kwargs) -> Options:
        """``Options.parse`` over a request body or form (unknown keys ignored)."""
        keys = ("source", "targets", "algorithm", "length", "summary", "reference_date", "keep", "glossary")
        return cls.parse(*(values.get(k) for k in keys), **kwargs)

    def replace(self, **changes) -> Options:
        """A copy with some fields changed (values already valid)."""
        return dataclasses.replace(self, **changes)

    @property
    def reference(self) -> datetime | None:
        return datetime.fromisoformat(self.reference_date) if self.reference_date else None

    def to_dict(self) -> dict:
        values = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "glossary"}
        values["targets"] = list(self.targets)
        values["glossary"] = self.glossary.fingerprint() if self.glossary else None
        return values

    def fingerprint(self) -> str:
        """A short stable hash of what changes a result: the batch's resume key (``keep`` changes none)."""
        values = {k: v for k, v in self.to_dict().items() if k != "keep"}
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]
