"""Where an article comes from: outlet, original address, tags and publication day, validated once.

Kept apart from the archive's models so that the result document itself can
carry its origin (``ArticleResult.origin``).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from pydantic import Field

from service import messages
from service.errors import InputError
from service.models.base import Model

MAX_TAGS = 20
MAX_TAG_CHARS = 40
MAX_OUTLET_CHARS = 200
MAX_URL_CHARS = 2000
_TAG = re.compile(r"^[\w][\w .&'’-]*$")


def clean_tags(raw: object, field: str = "tags") -> list[str]:
    """Tags from a list or a comma-separated string: trimmed, lower-cased, without repeats, in order."""
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        items: list[object] = raw.split(",")
    elif isinstance(raw, list | tuple):
        items = list(raw)
    else:
        raise InputError(messages.BAD_TAGS(), field)
    tags: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InputError(messages.BAD_TAGS(), field)
        tag = " ".join(item.split()).casefold()
        if not tag:
            continue
        if len(tag) > MAX_TAG_CHARS or not _TAG.match(tag):
            raise InputError(messages.BAD_TAG(tag=tag[:60], limit=MAX_TAG_CHARS), field)
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise InputError(messages.TOO_MANY_TAGS(limit=MAX_TAGS), field)
    return tags


def clean_outlet(raw: object, field: str = "outlet") -> str | None:
    """An outlet's name, spaces collapsed (None when empty)."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InputError(messages.NOT_A_STRING(field=field), field)
    name = " ".join(raw.split())
    if len(name) > MAX_OUTLET_CHARS:
        raise InputError(messages.OUTLET_TOO_LONG(limit=MAX_OUTLET_CHARS), field)
    return name or None


def clean_url(raw: object, field: str = "url") -> str | None:
    """An http(s) address (None when empty); anything else is refused rather than stored as a link."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InputError(messages.NOT_A_STRING(field=field), field)
    url = raw.strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or len(url) > MAX_URL_CHARS:
        raise InputError(messages.BAD_SOURCE_URL(limit=MAX_URL_CHARS), field)
    if any(c.isspace() for c in url):
        raise InputError(messages.BAD_SOURCE_URL(limit=MAX_URL_CHARS), field)
    return url


def clean_day(raw: object, field: str) -> str | None:
    """``YYYY-MM-DD`` (or the day of an ISO moment ``YYYY-MM-DDTHH:MM…``); None when empty."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise InputError(messages.BAD_DAY(field=field, value=str(raw)[:40]), field)
    try:
        return date.fromisoformat(raw.strip()[:10]).isoformat()
    except ValueError:
        raise InputError(messages.BAD_DAY(field=field, value=raw[:40]), field) from None


class Origin(Model):
    """Where an article comes from: its outlet, the page's address, the reader's tags, its publication day."""

    outlet: str | None = Field(default=None, description="The newspaper, agency or site that published it.")
    url: str | None = Field(default=None, description="The address of the original page (http or https).")
    tags: list[str] = Field(default_factory=list, description="The reader's tags, lower-cased.")
    published: str | None = Field(
        default=None,
        description="The publication day (YYYY-MM-DD) as the page, the feed or the sender gave it; else the "
        "dateline's.",
    )

    @classmethod
    def parse(cls, values: dict, prefix: str = "") -> Origin:
        """Validate ``outlet``, ``url``, ``tags`` and ``published`` (absent: empty); InputError naming the field."""
        return cls(
            outlet=clean_outlet(values.get("outlet"), prefix + "outlet"),
            url=clean_url(values.get("url"), prefix + "url"),
            tags=clean_tags(values.get("tags"), prefix + "tags"),
            published=clean_day(values.get("published"), prefix + "published"),
        )

    def merged(self, other: Origin | None) -> Origin:
        """This origin with the blanks filled from ``other`` (tags joined)."""
        if other is None:
            return self
        return Origin(
            outlet=self.outlet or other.outlet,
            url=self.url or other.url,
            tags=list(dict.fromkeys([*self.tags, *other.tags])),
            published=self.published or other.published,
        )
