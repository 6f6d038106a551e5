"""One model of what a caller asks for, with every request default defined here once.

The form, the JSON API, the CLI and the batch all build an ``Options`` with
``Options.parse`` (or validate a request body with ``ArticleRequest``) from
whatever they received (strings, lists, ``None``), so a value is validated
in one place and every error names its field. The server's own limits (most
targets per request) and the way to find a saved glossary come in the
validation context, so the same model serves every front end.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from pydantic import Field, ValidationError, ValidationInfo, WithJsonSchema, field_validator

from service import languages, messages
from service.errors import InputError, TooManyTargets
from service.models.base import Model
from service.models.glossary import Glossary, check_name, from_mapping, parse_file
from service.models.summary import (
    ALIGNED,
    DEFAULT_LENGTH,
    DEFAULT_SUMMARY_MODE,
    NAMES,
    NATIVE,
    SUMMARY_MODES,
    parse_length,
)
from service.models.summary import DEFAULT as DEFAULT_ALGORITHM

DEFAULT_SOURCE = "fr"
AUTO = "auto"
DEFAULT_TARGETS = ("en", "es")  # pre-ticked on the form; the API and CLI ask explicitly
REFERENCE_DATE_HELP = (
    "ISO 8601 date or date-time that relative datelines ('hier', 'aujourd’hui à 06h00', 'il y a 3 heures') are read "
    "against; default: now. Such dates are listed in article.relative_dates. A date more than a day after it is "
    "an event's (a kick-off, the next hearing), never the publication's."
)
GLOSSARY_HELP = (
    'A saved glossary\'s name, or an inline glossary {"entries": [...]}, or CSV/TSV text (term then lang=translation '
    "columns, or a header row term,en,es). Terms are kept verbatim, or given their fixed translation, in every "
    "target; the target's 'glossary' lists the entries that applied."
)

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
        raise InputError(messages.NOT_A_STRING(field=name), name)
    value = str(value).strip()
    return value or None


def parse_source(value: object, field: str = "source") -> str:
    """A known language code (normalised) or ``auto``."""
    raw = _text_or_none(value, field) or DEFAULT_SOURCE
    if raw.lower() == AUTO:
        return AUTO
    if not languages.is_known(raw):
        raise InputError(messages.UNKNOWN_SOURCE(field=field, code=raw), field)
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
        raise InputError(messages.TARGETS_NOT_LIST(), "targets")
    codes: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InputError(messages.TARGETS_NOT_LIST(), "targets")
        if not item.strip():
            continue
        if not languages.is_known(item):
            raise InputError(messages.UNKNOWN_TARGET(code=item), "targets")
        codes.append(languages.normalize_code(item))
    if max_targets is not None and len(codes) > max_targets:  # counted as sent: a request is not a set
        raise TooManyTargets(max_targets)
    if required and not codes:
        raise InputError(messages.NO_TARGET(), "targets")
    return tuple(dict.fromkeys(codes))


def parse_reference_date(value: object) -> str | None:
    """An ISO 8601 date or date-time that relative dates ("hier") are read against; None: now."""
    raw = _text_or_none(value, "reference_date")
    if raw is None:
        return None
    try:
        return datetime.fromisoformat(raw).isoformat(timespec="minutes")
    except ValueError:
        raise InputError(messages.BAD_REFERENCE_DATE(value=raw), "reference_date") from None


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def parse_keep(value: object) -> bool:
    """Whether the article and its sentences may be kept (saved, cached); default yes."""
    if value is None or value == "":
        return True
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise InputError(messages.BAD_KEEP(), "keep")


GlossaryLookup = Callable[[str], Glossary | None]


def parse_glossary(value: object, lookup: GlossaryLookup | None = None) -> Glossary | None:
    """A saved glossary's name, an inline ``{"entries": [...]}``, CSV/TSV text with a newline, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, Glossary):
        return value or None
    if isinstance(value, str) and "\n" not in value and "," not in value and "\t" not in value:
        name = check_name(value.strip())
        found = lookup(name) if lookup else None
        if found is None:
            raise InputError(messages.GLOSSARY_NOT_FOUND(name=value), "glossary")
        return found or None
    if isinstance(value, str):
        return parse_file(value) or None
    if isinstance(value, dict):
        return from_mapping(value, value.get("name") if isinstance(value.get("name"), str) else None) or None
    raise InputError(messages.GLOSSARY_SHAPE(), "glossary")


def _context(info: ValidationInfo) -> dict:
    return info.context or {}


# What ``parse_length`` accepts: a count from 1, or a share above 0% and at most 100% (0 and 0% are refused).
LENGTH_SCHEMA = {
    "anyOf": [
        {"type": "integer", "minimum": 1},
        {"type": "string", "pattern": r"^\s*([1-9][0-9]{0,5}|100%|[1-9][0-9]?(\.[0-9]{1,3})?%)?\s*$"},
    ]
}


class Options(Model):
    """Everything besides the text that changes a result."""

    model_config = Model.model_config | {"frozen": True}

    source: str = Field(default=DEFAULT_SOURCE, description="ISO 639-1 code, or auto")
    targets: Annotated[
        tuple[str, ...],
        # At least one code when given: an empty list is refused (4xx), so the schema does not offer it.
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
                    {"type": "string", "minLength": 1},
                ]
            }
        ),
    ] = Field(
        default=(),
        description='ISO 639-1 codes: a list, or one string with commas ("en,es").',
        # No "default": [] in the schema: an empty list is not a value a client may send.
        json_schema_extra=lambda schema: schema.pop("default", None),
    )
    algorithm: str = Field(default=DEFAULT_ALGORITHM, json_schema_extra={"enum": list(NAMES)})
    length: Annotated[str, WithJsonSchema(LENGTH_SCHEMA)] = Field(
        default=DEFAULT_LENGTH,
        description="Summary length: a sentence count (3) or a share of the body (20%).",
        json_schema_extra={"examples": [3, "20%"]},
    )
    summary: str = Field(default=DEFAULT_SUMMARY_MODE, json_schema_extra={"enum": list(SUMMARY_MODES)})
    reference_date: str | None = Field(
        default=None,
        description=REFERENCE_DATE_HELP,
        json_schema_extra={"examples": ["2025-02-14", "2025-02-14T12:00"]},
    )
    keep: bool = Field(
        default=True,
        description="false: do not keep — the result is not saved (answer 200 without id) and none of its sentences "
        "are written to the translation cache.",
    )
    glossary: Annotated[
        Glossary | None,
        WithJsonSchema(
            {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Glossary"}, {"type": "null"}]},
            mode="validation",
        ),
    ] = Field(default=None, description=GLOSSARY_HELP)

    # Each validator reuses the parse function of its field, so errors keep their wording and field.
    @field_validator("source", mode="before")
    @classmethod
    def _source(cls, value: Any) -> str:
        return parse_source(value)

    @field_validator("targets", mode="before")
    @classmethod
    def _targets(cls, value: Any, info: ValidationInfo) -> tuple[str, ...]:
        context = _context(info)
        return parse_targets(value, context.get("max_targets"), bool(context.get("targets_required")))

    @field_validator("algorithm", mode="before")
    @classmethod
    def _algorithm(cls, value: Any) -> str:
        name = _text_or_none(value, "algorithm") or DEFAULT_ALGORITHM
        if name not in NAMES:
            raise InputError(messages.UNKNOWN_ALGORITHM(name=name, names=", ".join(NAMES)), "algorithm")
        return name

    @field_validator("length", mode="before")
    @classmethod
    def _length(cls, value: Any) -> str:
        wanted = _text_or_none(value, "length") or DEFAULT_LENGTH
        parse_length(wanted, 1)
        return wanted

    @field_validator("summary", mode="before")
    @classmethod
    def _summary(cls, value: Any) -> str:
        mode = _text_or_none(value, "summary") or DEFAULT_SUMMARY_MODE
        if mode not in SUMMARY_MODES:
            raise InputError(messages.BAD_SUMMARY_MODE(modes=", ".join(SUMMARY_MODES)), "summary")
        return mode

    @field_validator("reference_date", mode="before")
    @classmethod
    def _reference_date(cls, value: Any) -> str | None:
        return parse_reference_date(value)

    @field_validator("keep", mode="before")
    @classmethod
    def _keep(cls, value: Any) -> bool:
        return parse_keep(value)

    @field_validator("glossary", mode="before")
    @classmethod
    def _glossary(cls, value: Any, info: ValidationInfo) -> Glossary | None:
        return parse_glossary(value, _context(info).get("glossary_lookup"))

    @classmethod
    def validate_values(
        cls,
        values: dict,
        *,
        max_targets: int | None = None,
        targets_required: bool = False,
        glossary_lookup: GlossaryLookup | None = None,
    ) -> Options:
        """Validate a request body or form (unknown keys ignored); raise ``InputError`` naming the field."""
        context = {"max_targets": max_targets, "targets_required": targets_required, "glossary_lookup": glossary_lookup}
        wanted = {k: values.get(k) for k in cls.model_fields if k in values}
        wanted.setdefault("targets", None)  # an absent list is validated too (it may be required)
        try:
            return cls.model_validate(wanted, context=context)
        except ValidationError as err:
            raise _input_error(err) from None

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
        values = {
            "source": source,
            "targets": targets,
            "algorithm": algorithm,
            "length": length,
            "summary": summary,
            "reference_date": reference_date,
            "keep": keep,
            "glossary": glossary,
        }
        return cls.validate_values(values, max_targets=max_targets, targets_required=targets_required)

    def replace(self, **changes: Any) -> Options:
        """A copy with some fields changed (values already valid)."""
        return self.model_copy(update=changes)

    @property
    def reference(self) -> datetime | None:
        return datetime.fromisoformat(self.reference_date) if self.reference_date else None

    def to_dict(self) -> dict:
        """Every option as JSON; the glossary by its fingerprint (what changes a result)."""
        values = self.model_dump(mode="json", exclude={"glossary"})
        values["glossary"] = self.glossary.fingerprint() if self.glossary else None
        return values

    def request_dict(self) -> dict:
        """Every option as JSON, the glossary's entries included: what a job keeps to run later."""
        values = self.model_dump(mode="json", exclude={"glossary"})
        values["glossary"] = self.glossary.to_dict() if self.glossary else None
        return values

    def fingerprint(self) -> str:
        """A short stable hash of what changes a result: the batch's resume key (``keep`` changes none)."""
        values = {k: v for k, v in self.to_dict().items() if k != "keep"}
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]


def _input_error(err: ValidationError) -> InputError:
    """The first problem of a validation as ``InputError`` (validators raise ours; pydantic's own are worded here)."""
    first = err.errors()[0]
    cause = (first.get("ctx") or {}).get("error")
    if isinstance(cause, InputError):
        return cause
    field = str(first["loc"][0]) if first.get("loc") else "body"
    return InputError(messages.text(f"'{field}': {first['msg']}"), field)
