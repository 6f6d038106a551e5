"""The archive of saved articles as the monitoring desk reads it: where each came from, searches, pages, digests.

``Origin`` is what a newsroom knows about an article besides its text (the
outlet, the page it came from, its tags, when it was published); it comes
from the HTML page's metadata, the batch input's side file, a form field or
the API, and is stored beside the result. ``SearchQuery`` is one query over
the archive, validated once whatever front end sent it (the page's GET form,
``GET /api/v1/articles``); ``ArticlePage`` is one page of its answer, with
snippets in the language that matched. ``Digest`` is the day read by story.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import Field

from service import messages
from service.errors import InputError
from service.models.base import Model
from service.models.origin import Origin, clean_day, clean_outlet, clean_tags, clean_url
from service.models.result import ArticleResult

MAX_QUERY_CHARS = 500
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
SORTS = ("relevance", "newest", "oldest")


class ArticleUpdate(Model):
    """A change to a saved article's record (``PATCH``): only the fields given change."""

    outlet: str | None = None
    url: str | None = None
    tags: list[str] | None = None
    reviewed: bool | None = Field(default=None, description="Whether a person has checked the translations.")

    @classmethod
    def parse(cls, values: dict) -> ArticleUpdate:
        """Validate a PATCH body; InputError naming the field."""
        update: dict[str, Any] = {}
        if "outlet" in values:
            update["outlet"] = clean_outlet(values["outlet"])
        if "url" in values:
            update["url"] = clean_url(values["url"])
        if "tags" in values:
            update["tags"] = clean_tags(values["tags"])
        if "reviewed" in values:
            update["reviewed"] = parse_flag(values["reviewed"], "reviewed")
        return cls.model_validate(update)

    def given(self) -> set[str]:
        return set(self.model_fields_set)


def parse_flag(raw: object, field: str) -> bool | None:
    """``true``/``false`` (also 1/0, yes/no, on/off); None when empty."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise InputError(messages.BAD_FLAG(field=field, value=str(raw)[:40]), field)


def _int(raw: object, field: str, default: int, low: int, high: int | None) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise InputError(messages.BAD_NUMBER(field=field, value=str(raw)[:40]), field) from None
    if value < low or (high is not None and value > high):
        raise InputError(messages.NUMBER_OUT_OF_RANGE(field=field, low=low, high=high or "∞"), field)
    return value


class SearchQuery(Model):
    """One query over the saved articles: words, filters, order, page. Every field is optional."""

    q: str = Field(
        default="",
        description='Words to find, in the original or any translation, accents and case ignored: "a phrase", '
        "prefix*, OR between alternatives, -word to exclude.",
    )
    date_from: str | None = Field(default=None, alias="from", description="First publication day (YYYY-MM-DD).")
    date_to: str | None = Field(default=None, alias="to", description="Last publication day (YYYY-MM-DD).")
    outlet: str | None = None
    language: str | None = Field(default=None, description="Only articles translated into this language.")
    tag: str | None = None
    doubts: bool | None = Field(default=None, description="true: only articles with doubts; false: none.")
    reviewed: bool | None = None
    sort: str = Field(default="relevance", json_schema_extra={"enum": list(SORTS)})
    limit: int = Field(default=DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(default=0, ge=0)

    @classmethod
    def parse(cls, values: dict, *, limit_default: int = DEFAULT_PAGE_SIZE) -> SearchQuery:
        """Validate query-string values (strings; empty means absent); InputError naming the parameter."""
        q = values.get("q") or ""
        if not isinstance(q, str):
            raise InputError(messages.NOT_A_STRING(field="q"), "q")
        q = " ".join(q.split())
        if len(q) > MAX_QUERY_CHARS:
            raise InputError(messages.QUERY_TOO_LONG(limit=MAX_QUERY_CHARS), "q")
        sort = (values.get("sort") or "").strip() or ("relevance" if q else "newest")
        if sort not in SORTS:
            raise InputError(messages.BAD_SORT(value=sort[:40], choices=", ".join(SORTS)), "sort")
        if sort == "relevance" and not q:
            sort = "newest"
        date_from, date_to = clean_day(values.get("from"), "from"), clean_day(values.get("to"), "to")
        if date_from and date_to and date_from > date_to:
            raise InputError(messages.DAYS_REVERSED(first=date_from, last=date_to), "to")
        language = (values.get("language") or "").strip().lower() or None
        if language is not None and not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", language):
            raise InputError(messages.BAD_LANGUAGE_FILTER(value=language[:20]), "language")
        tags = clean_tags(values.get("tag"), "tag")
        if len(tags) > 1:
            raise InputError(messages.ONE_TAG_FILTER(), "tag")
        return cls.model_validate(
            {
                "q": q,
                "from": date_from,
                "to": date_to,
                "outlet": clean_outlet(values.get("outlet")),
                "language": language,
                "tag": tags[0] if tags else None,
                "doubts": parse_flag(values.get("doubts"), "doubts"),
                "reviewed": parse_flag(values.get("reviewed"), "reviewed"),
                "sort": sort,
                "limit": _int(values.get("limit"), "limit", limit_default, 1, MAX_PAGE_SIZE),
                "offset": _int(values.get("offset"), "offset", 0, 0, None),
            }
        )

    def args(self, **changes: Any) -> dict[str, str]:
        """The query as URL parameters (only what differs from the defaults), for links to other pages."""
        values = {**self.model_dump(by_alias=True), **changes}
        out = {}
        for key, value in values.items():
            if value is None or value == "" or (key == "offset" and value == 0):
                continue
            if key == "limit" and value == DEFAULT_PAGE_SIZE:
                continue
            if key == "sort" and value == ("relevance" if self.q else "newest"):
                continue
            out[key] = str(value).lower() if isinstance(value, bool) else str(value)
        return out


class Snippet(Model):
    """Where the words were found: a passage in one language, with the matched words' offsets."""

    language: str = Field(description="The language of the passage: the original's or a translation's.")
    text: str
    highlights: list[tuple[int, int]] = Field(
        default_factory=list, description="[start, end) offsets in text of each matched word."
    )

    def parts(self) -> list[tuple[str, bool]]:
        """The text cut into (piece, matched) parts, for a page to mark up safely."""
        out, at = [], 0
        for start, end in self.highlights:
            if start > at:
                out.append((self.text[at:start], False))
            out.append((self.text[start:end], True))
            at = end
        if at < len(self.text):
            out.append((self.text[at:], False))
        return out


class ArticleSummary(Model):
    """One saved article in a list or a search answer (not the article itself)."""

    id: str
    created: float = Field(description="When it was saved (seconds since 1970, UTC).")
    title: str | None
    source: str
    targets: list[str]
    outlet: str | None = None
    source_url: str | None = Field(default=None, description="The original page's address, when known.")
    tags: list[str] = Field(default_factory=list)
    published: str | None = Field(default=None, description="The publication day (else the day it was saved).")
    reviewed: bool = False
    doubts: int = Field(default=0, description="Doubtful sentences over every translation, and failed targets.")
    matched: list[str] = Field(default_factory=list, description="The languages in which the words were found.")
    snippet: Snippet | None = None
    url: str | None = Field(default=None, description="The article's address in this API.")


class ArticlePage(Model):
    """One page of saved articles, newest first or by relevance, and how to get the others."""

    articles: list[ArticleSummary]
    total: int = Field(description="How many articles match, over every page.")
    limit: int
    offset: int
    next: str | None = Field(default=None, description="The next page's address (null on the last page).")
    previous: str | None = None


class DigestArticle(Model):
    """One article of a story in the digest."""

    id: str | None = None
    title: str | None
    outlet: str | None = None
    source_url: str | None = None
    link: str | None = Field(default=None, description="Where to read it: this service's page, or an output file.")
    published: str | None = None
    doubts: int = 0
    duplicate_of: str | None = Field(default=None, description="The id of the article it (nearly) repeats.")


class DigestStory(Model):
    """One story told by one or more outlets: its title and best summary in the reader's language."""

    title: str | None
    language: str = Field(description="The language of the title and summary (the reader's, or the original's).")
    summary: list[str] = Field(default_factory=list)
    summary_doubts: list[bool] = Field(default_factory=list, description="Per summary sentence: doubtful?")
    outlets: list[str] = Field(default_factory=list)
    articles: list[DigestArticle]
    doubts: int = 0


class Digest(Model):
    """The articles of a period grouped by story, the biggest stories first."""

    language: str
    first_day: str | None = None
    last_day: str | None = None
    stories: list[DigestStory]
    articles: int


def doubt_count(result: ArticleResult) -> int:
    """How many translated sentences carry a doubt, plus the targets that failed: what "has doubts" filters on."""
    count = 0
    for target in result.targets.values():
        if not target.ok:
            count += 1
            continue
        count += sum(1 for sentence in target.translations if sentence.doubtful)
    return count


def published_day(result: ArticleResult, origin: Origin | None, saved: float) -> str:
    """The day an article belongs to: the sender's or page's date, else its dateline's, else the day it was saved."""
    from datetime import UTC, datetime

    for candidate in (origin.published if origin else None, result.article.published):
        if candidate:
            try:
                return date.fromisoformat(candidate[:10]).isoformat()
            except ValueError:
                continue
    return datetime.fromtimestamp(saved, UTC).date().isoformat()
