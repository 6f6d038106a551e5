"""The result of processing one article: the model every front end reads.

The store keeps it as JSON (``to_dict``) and gives it back as this model
(``from_dict``); the pages, the exports and the batch read attributes, not
nested dicts. ``to_dict`` is exactly the document ``openapi.json`` describes
as ``Article``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service import languages
from service.models.options import ALIGNED
from service.text.structure import Article
from service.translation.translator import TargetResult


@dataclass
class Summary:
    """Chosen sentences (indices into the article's sentences) in one language."""

    language: str
    mode: str
    indices: list[int] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict:
        return {
            "language": self.language,
            "mode": self.mode,
            "indices": self.indices,
            "sentences": self.sentences,
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Summary:
        return cls(data["language"], data["mode"], list(data["indices"]), list(data["sentences"]), data.get("error"))


@dataclass
class ArticleResult:
    """Everything the views and exports show for one article."""

    article: Article
    source: str
    targets: dict[str, TargetResult]
    algorithm: str
    length: str
    summary_mode: str
    summaries: dict[str, dict[str, Summary]]
    agreement: dict[str, float | None]
    dates: dict[str, dict[str, str | None]]
    detected: dict | None = None
    warnings: list[str] = field(default_factory=list)
    id: str | None = None  # set once the result is saved
    # Cache entries the translation used: not part of the document; lets deleting the article delete them.
    cache_keys: frozenset[str] = field(default_factory=frozenset, compare=False, repr=False)

    @property
    def title(self) -> str | None:
        return self.article.title

    @property
    def languages(self) -> list[str]:
        """The source, then every target, in the order asked."""
        return [self.source, *self.targets]

    def summary(self, language: str, mode: str | None = None) -> Summary | None:
        """The summary shown for a language (the source has only the aligned one)."""
        modes = self.summaries.get(language) or {}
        return modes.get(mode or self.summary_mode) or modes.get(ALIGNED)

    def to_dict(self) -> dict:
        document = {
            "source": self.source,
            "detected": self.detected,
            "warnings": self.warnings,
            "article": self.article.to_dict(),
            "sentences": [s.to_dict() for s in self.article.sentences],
            "targets": {code: target.to_dict() for code, target in self.targets.items()},
            "summary": {
                "algorithm": self.algorithm,
                "length": self.length,
                "mode": self.summary_mode,
                "languages": {
                    lang: {mode: summary.to_dict() for mode, summary in modes.items()}
                    for lang, modes in self.summaries.items()
                },
                "agreement": self.agreement,
            },
            "dates": self.dates,
            "languages": {code: languages.describe(code) for code in self.languages},
        }
        if self.id is not None:
            document["id"] = self.id
        return document

    @classmethod
    def from_dict(cls, data: dict) -> ArticleResult:
        summary = data["summary"]
        return cls(
            article=Article.from_dict(data["article"], data["sentences"]),
            source=data["source"],
            targets={code: TargetResult.from_dict(t) for code, t in data["targets"].items()},
            algorithm=summary["algorithm"],
            length=summary["length"],
            summary_mode=summary["mode"],
            summaries={
                lang: {mode: Summary.from_dict(s) for mode, s in modes.items()}
                for lang, modes in summary["languages"].items()
            },
            agreement=dict(summary.get("agreement") or {}),
            dates=data.get("dates") or {},
            detected=data.get("detected"),
            warnings=list(data.get("warnings") or []),
            id=data.get("id"),
        )
