"""An article's structure: labelled blocks (every pasted line) and their sentences.

The vocabulary of block kinds lives here because every layer speaks it: the
structure reader assigns kinds, the pipeline translates some, summaries use
one, renderers show the rest muted.
"""

from __future__ import annotations

from pydantic import Field, computed_field

from service.models.base import Model, WithNotices

TITLE, KICKER, STANDFIRST, DATELINE, BYLINE, READING_TIME, PAYWALL = (
    "title",
    "kicker",
    "standfirst",
    "dateline",
    "byline",
    "reading_time",
    "paywall",
)
CREDIT, CAPTION, WIDGET, CALL_TO_ACTION, HEADING, BODY = ("credit", "caption", "widget", "cta", "heading", "body")
SIGNOFF, SIGNATURE, PUBLICATION, REPEATED_TITLE, FOOTER, TABLE = (
    "signoff",
    "signature",
    "publication",
    "repeated_title",
    "footer",
    "table",
)
KINDS = (
    TITLE, KICKER, STANDFIRST, DATELINE, BYLINE, READING_TIME, PAYWALL, CREDIT, CAPTION, WIDGET,
    CALL_TO_ACTION, HEADING, BODY, SIGNOFF, SIGNATURE, PUBLICATION, REPEATED_TITLE, FOOTER, TABLE,
)  # fmt: skip
# Blocks a reader needs translated; the rest is shown as pasted. Only BODY is summarised.
TRANSLATED_KINDS = frozenset({TITLE, KICKER, STANDFIRST, CAPTION, HEADING, BODY, TABLE})
# Shown greyed out beside the article: furniture, not content.
MUTED_KINDS = frozenset(set(KINDS) - TRANSLATED_KINDS)
KIND_HELP = (
    "What the line is. Only title, kicker, standfirst, caption, heading, body and table (a row of a table) are "
    "translated; only body sentences that read as content are summarised."
)


class Block(Model):
    """One pasted line, labelled, with where it sits in the original text."""

    index: int
    kind: str = Field(json_schema_extra={"enum": list(KINDS)}, description=KIND_HELP)
    text: str
    start: int
    end: int
    line: int
    duplicate_of: int | None = Field(default=None, description="Index of the block it nearly repeats.")
    marker: str | None = Field(
        default=None,
        description="The Markdown marker the line had ('#', '##', '-', '1.', '>'), never translated; `text`, "
        "`start` and `end` are its text without markers (for Markdown, `start`/`end` span the source, inline "
        "markup included).",
    )

    @property
    def translated(self) -> bool:
        return self.kind in TRANSLATED_KINDS


class ArticleSentence(Model):
    """A sentence of a block, and whether a summary may use it."""

    index: int
    block: int
    kind: str
    text: str
    start: int
    end: int
    duplicate_of: int | None = None
    # Whether it reads as content (a finite verb, a minimum length): set by the structure reader.
    reads_as_content: bool = Field(default=True, exclude=True)
    # Whether it comes after the story's end (a comment, a bio): set by the structure reader.
    after_story: bool = Field(default=False, exclude=True)

    @property
    def summarisable(self) -> bool:
        """A summary may use it: body, not a near-repeat, within the story, and it reads as content
        whatever its label says."""
        return self.kind == BODY and self.duplicate_of is None and self.reads_as_content and not self.after_story


class Article(WithNotices):
    """Labelled blocks, their sentences, and the dates found in the datelines (the API's ``Structure``)."""

    blocks: list[Block] = Field(default_factory=list)
    # The result document lists sentences at its top level (``ArticleResult.sentences``), not here.
    sentences: list[ArticleSentence] = Field(default_factory=list, exclude=True)
    published: str | None = None
    updated: str | None = None
    relative_dates: list[str] = Field(
        default_factory=list,
        json_schema_extra={"items": {"enum": ["published", "updated"]}},
        description="Which dates were written relatively ('hier', 'il y a 3 heures') and resolved against the "
        "reference date.",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def title(self) -> str | None:
        return next((b.text for b in self.blocks if b.kind == TITLE), None)

    @property
    def body_sentences(self) -> list[ArticleSentence]:
        return [s for s in self.sentences if s.summarisable]
