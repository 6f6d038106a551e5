"""Translations as readers and programs receive them: routes, sentences with their doubts, targets.

``Translated`` is what one engine hop returns (internal); the rest are the
API's documents: a ``SentenceResult`` per source sentence and target, with a
confidence and the named doubts that let a reader see what to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field, computed_field, model_validator

from service.messages import Message, from_legacy
from service.models.base import Model, WithNotices

UNKNOWN_WORDS, PIVOT_LEFTOVER, SHIELD_FALLBACK, OTHER_LANGUAGE, NUMBERS_CHANGED = (
    "unknown_words",
    "pivot_leftover",
    "shield_fallback",
    "other_language",
    "numbers_changed",
)
AMBIGUOUS_WORD, POLARITY, INVENTED_WORDS, NAMES_CHANGED, QUOTES_MOVED, NUMBER_FORMAT, ROUTES_DISAGREE = (
    "ambiguous_word",
    "polarity",
    "invented_words",
    "names_changed",
    "quotes_moved",
    "number_format",
    "routes_disagree",
)
FLAGS = (
    UNKNOWN_WORDS, PIVOT_LEFTOVER, SHIELD_FALLBACK, OTHER_LANGUAGE, NUMBERS_CHANGED, AMBIGUOUS_WORD, POLARITY,
    INVENTED_WORDS, NAMES_CHANGED, QUOTES_MOVED, NUMBER_FORMAT, ROUTES_DISAGREE,
)  # fmt: skip
FLAGS_HELP = (
    "Doubts, each a reason to read the sentence against its source: unknown_words (source words passed through "
    "untranslated), pivot_leftover (pivot-language words left in the output), shield_fallback (protected spans "
    "could not be carried through; translated without protection), other_language (the sentence is in another "
    "language than the text), numbers_changed (the numbers are not the same values), ambiguous_word (a word the "
    "dictionary translates several ways, chosen with no rule: see ambiguities), polarity (a negation on one side "
    "only), invented_words (output words the target dictionary does not know), names_changed (a protected name is "
    "missing from the output), quotes_moved (quotation marks hold something else), number_format (a French ordinal "
    "left as it was), routes_disagree (independent routes to this language give different translations)."
)


@dataclass(frozen=True)
class Translated:
    """One sentence's translation by one engine hop.

    ``score`` is the model's 0..1 confidence (Argos) or None; ``unknown``
    lists the words of this hop's input that the engine did not know and
    passed through untranslated (Apertium), ``coverage`` the share of words
    it knew; ``flags`` are doubts raised on the way (e.g. ``shield_fallback``).
    """

    text: str
    score: float | None = None
    unknown: tuple[str, ...] = ()
    coverage: float | None = None
    flags: tuple[str, ...] = ()
    # Words the hop's dictionary translates several ways, chosen with no rule: (lemma, tags, translations).
    choices: tuple[tuple[str, str, tuple[str, ...]], ...] = ()


class Hop(Model):
    """One engine call on the way: ``source`` -> ``target`` with ``engine``."""

    model_config = Model.model_config | {"frozen": True}

    source: str
    target: str
    engine: str


class Route(Model):
    """A chain of hops; the first source is the text's language."""

    model_config = Model.model_config | {"frozen": True}

    hops: tuple[Hop, ...] = Field(min_length=1)

    @classmethod
    def of(cls, hops: tuple[Hop, ...] | list[Hop]) -> Route:
        return cls(hops=tuple(hops))

    @property
    def source(self) -> str:
        return self.hops[0].source

    @property
    def target(self) -> str:
        return self.hops[-1].target

    @property
    def pivots(self) -> list[str]:
        return [hop.target for hop in self.hops[:-1]]

    @property
    def engines(self) -> list[str]:
        return [hop.engine for hop in self.hops]

    @computed_field(json_schema_extra={"examples": ["fr→es (apertium) → en (apertium)"]})  # type: ignore[prop-decorator]
    @property
    def description(self) -> str:
        """Human form, e.g. ``fr→es (apertium) → en (apertium)``."""
        first = self.hops[0]
        parts = [f"{first.source}→{first.target} ({first.engine})"]
        parts += [f"{hop.target} ({hop.engine})" for hop in self.hops[1:]]
        return " → ".join(parts)

    def describe(self) -> str:
        return self.description


class UnknownWord(Model):
    """A word an engine passed through untranslated: in the source, or in a pivot language's text."""

    model_config = Model.model_config | {"frozen": True}

    word: str
    start: int | None = Field(description="Offset of the word in the source sentence (null for a pivot-language word).")
    end: int | None
    language: str = Field(description="The language the word is in (the source, or the pivot it was left in).")
    pivot: bool = Field(
        default=False,
        description="true: a word of a pivot language left in the output (e.g. Spanish words in English).",
    )


class Ambiguity(Model):
    """A word an engine's dictionary translates several ways, and the one it took with no rule to choose."""

    model_config = Model.model_config | {"frozen": True}

    word: str = Field(description="The word (its dictionary form) in the language of the hop that chose.")
    language: str = Field(description="The language of ``word``: the source, or a pivot.")
    choice: str = Field(description="The translation the engine took (its first).")
    alternatives: tuple[str, ...] = Field(description="Every translation the dictionary has, the choice first.")


# A sentence under this confidence is shown as doubtful everywhere (page, exports, counts, search filters);
# the value is calibrated on judged sentences with the confidence penalties (service/translation/quality.py).
DOUBTFUL_BELOW = 0.5


class SentenceResult(Model):
    """One source sentence in one target language, with what the reader should know about it."""

    model_config = Model.model_config | {"frozen": True}

    text: str
    score: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="The neural model's own score (Argos), product over hops; null for rule-based hops.",
    )
    confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="One confidence for every engine: the product over hops of the model score (Argos) or the "
        "dictionary coverage (Apertium: share of the words it knew). null: not translated (boilerplate shown as "
        "pasted).",
    )
    flags: tuple[str, ...] = Field(
        default=(), json_schema_extra={"items": {"enum": list(FLAGS)}}, description=FLAGS_HELP
    )
    unknown_words: tuple[UnknownWord, ...] = ()
    ambiguities: tuple[Ambiguity, ...] = Field(default=(), description="Words chosen among several translations.")
    invented_words: tuple[str, ...] = Field(
        default=(), description="Output words the target language's dictionary does not know (invented forms)."
    )
    lost_names: tuple[str, ...] = Field(default=(), description="Protected names missing from the output.")
    second_opinion: str | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="The sentence as an independent route translates it, present when the two disagree "
        "(routes_disagree): where they differ is what to check.",
    )
    route: str | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="Present when this sentence took another route than its target (e.g. an English sentence inside "
        "a French text).",
    )

    @property
    def doubtful(self) -> bool:
        """Whether a reader should check this sentence against its source (confidence under DOUBTFUL_BELOW)."""
        return self.confidence is not None and self.confidence < DOUBTFUL_BELOW


class TargetError(Model):
    """Why a target could not be translated: a code, the API's English, and the message id for other languages."""

    code: str
    detail: Message = Field(alias="notice")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def message(self) -> str:
        return self.detail.english

    @model_validator(mode="before")
    @classmethod
    def _legacy(cls, data: Any) -> Any:
        """Errors saved before they had message ids carry only ``message``."""
        if isinstance(data, dict) and "notice" not in data and "detail" not in data:
            return {**data, "notice": from_legacy(str(data.get("message", "")))}
        if isinstance(data, dict) and isinstance(data.get("notice"), dict):
            return {**data, "notice": from_legacy(data["notice"])}
        return data


class GlossaryUse(Model):
    """A glossary entry that applied to the text, with what it became in the target."""

    term: str
    translation: str


class TargetResult(Model):
    """All translations into one language, aligned with the source sentences."""

    language: str
    route: Route | None = None
    translations: list[SentenceResult] = Field(
        default_factory=list,
        alias="sentences",
        description="One per source sentence, in order (empty when error is set).",
    )
    failure: TargetError | None = Field(default=None, alias="error")
    glossary: list[GlossaryUse] = Field(default_factory=list, description="Glossary entries that applied to this text.")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def engines(self) -> list[str]:
        return self.route.engines if self.route else []

    @property
    def ok(self) -> bool:
        return self.failure is None

    @property
    def error(self) -> str | None:
        """Why the target failed, in the API's English (None when it did not)."""
        return self.failure.message if self.failure else None

    @property
    def error_code(self) -> str | None:
        return self.failure.code if self.failure else None

    @classmethod
    def failed(cls, language: str, code: str, message: Message) -> TargetResult:
        return cls(language=language, failure=TargetError(code=code, detail=message))


class SourceSentence(Model):
    """A sentence of a text sent to ``/translate``, with where it sits in that text."""

    text: str
    paragraph: int
    start: int
    end: int


class TranslationResult(WithNotices):
    """Source sentences and their aligned translations per target (``/translate``)."""

    source: str
    detected: dict | None = None
    sentences: list[SourceSentence]
    targets: dict[str, TargetResult]
