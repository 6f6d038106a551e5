"""The result of processing one article: the model every front end reads.

The store keeps it as the API's JSON document and reads it back with
``ArticleResult.model_validate``; the pages, the exports and the batch read
attributes, not nested dicts. Its JSON is exactly what ``openapi.json``
describes as ``Article`` (the schema is generated from this model).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, computed_field, model_validator

from service import languages
from service.models.article import Article, ArticleSentence
from service.models.base import Model, WithNotices
from service.models.origin import Origin
from service.models.summary import ALIGNED, SUMMARY_MODES, Summary
from service.models.translation import TargetResult


class LanguageInfo(Model):
    """A language's code, names and writing direction."""

    code: str
    name: str
    native_name: str
    direction: str = Field(json_schema_extra={"enum": ["ltr", "rtl"]})


class SummaryInfo(Model):
    """How the summaries were made, and each language's."""

    algorithm: str
    length: str
    mode: str = Field(json_schema_extra={"enum": list(SUMMARY_MODES)})
    languages: dict[str, dict[str, Summary]] = Field(default_factory=dict)
    agreement: dict[str, float | None] = Field(default_factory=dict)


class ArticleResult(WithNotices):
    """Everything the views and exports show for one article."""

    id: str | None = Field(default=None, exclude_if=lambda value: value is None)  # set once the result is saved
    source: str
    detected: dict | None = None
    article: Article
    targets: dict[str, TargetResult] = Field(default_factory=dict)
    summary: SummaryInfo
    dates: dict[str, dict[str, str | None]] = Field(
        default_factory=dict,
        description="Per language, the published and updated dates in that language's own format.",
    )
    origin: Origin = Field(
        default_factory=Origin, description="Where the article comes from: outlet, original address, tags."
    )
    reviewed: bool = Field(default=False, description="Whether a person has checked the translations.")
    # Cache entries the translation used: not part of the document; lets deleting the article delete them.
    cache_keys: frozenset[str] = Field(default_factory=frozenset, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _sentences_into_article(cls, data: Any) -> Any:
        """The document lists sentences at its top level; the model keeps them with their article."""
        if isinstance(data, dict) and "sentences" in data and isinstance(data.get("article"), dict):
            data = {**data, "article": {**data["article"], "sentences": data["sentences"]}}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sentences(self) -> list[ArticleSentence]:
        return self.article.sentences

    @computed_field  # type: ignore[prop-decorator]
    @property
    def languages(self) -> dict[str, LanguageInfo]:
        """The source, then every target, in the order asked, with their names."""
        return {code: LanguageInfo(**languages.describe(code)) for code in self.codes}

    @property
    def codes(self) -> list[str]:
        """The source, then every target, in the order asked."""
        return [self.source, *self.targets]

    @property
    def title(self) -> str | None:
        return self.article.title

    @property
    def algorithm(self) -> str:
        return self.summary.algorithm

    @property
    def length(self) -> str:
        return self.summary.length

    @property
    def summary_mode(self) -> str:
        return self.summary.mode

    @property
    def summaries(self) -> dict[str, dict[str, Summary]]:
        return self.summary.languages

    @property
    def agreement(self) -> dict[str, float | None]:
        return self.summary.agreement

    def summary_for(self, language: str, mode: str | None = None) -> Summary | None:
        """The summary shown for a language (the source has only the aligned one)."""
        modes = self.summary.languages.get(language) or {}
        return modes.get(mode or self.summary.mode) or modes.get(ALIGNED)
