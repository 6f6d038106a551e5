"""Bodies of the JSON API that are not results of the pipeline: requests, listings, reports, errors.

With the result models (``result``, ``translation``, ``article``, ``glossary``)
these are the one source of ``openapi.json``'s schemas
(``service/web/openapi_spec.py``); the views build their answers from them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from service.models.archive import ArticlePage, ArticleUpdate
from service.models.article import Article
from service.models.base import Model
from service.models.glossary import Glossary
from service.models.options import Options
from service.models.result import ArticleResult, LanguageInfo
from service.models.translation import Route, SentenceResult, TranslationResult

TEXT_HELP = "The article or text, at most SERVICE_MAX_TEXT_CHARS characters."
# A text with nothing but spaces is refused (422): the schema asks for one visible character.
TEXT_SCHEMA = {"minLength": 1, "pattern": r"\S"}


class ErrorDetail(Model):
    code: str
    message: str
    field: str | None = Field(
        default=None, exclude_if=lambda value: value is None, description="The request field to fix (422 answers)."
    )


class ErrorBody(Model):
    """The one error shape of the API."""

    error: ErrorDetail


class LanguagePair(Model):
    source: str
    target: str
    route: Route


class Languages(Model):
    """Every reachable language, and the route to each pair."""

    languages: list[LanguageInfo]
    sources: list[str]
    targets: list[str]
    pairs: list[LanguagePair]


class EngineReport(Model):
    name: str
    available: bool
    detail: str = ""
    pairs: list[list[str]]
    problems: list[str]


class Health(Model):
    """Each engine, its pairs and any broken package."""

    status: str = Field(
        json_schema_extra={"enum": ["ok", "degraded", "unavailable"]},
        description="ok; degraded: translations are served but something is down (see `jobs`, or an engine's "
        "`problems`: the pairs of a broken package answer 503); "
        "unavailable: no engine works.",
    )
    engines: list[EngineReport]
    jobs: str | None = Field(
        default=None,
        json_schema_extra={"enum": ["running", "stopped", None]},
        description="The embedded job process: stopped while it is being restarted (jobs wait, none is lost).",
    )
    cache: str | None = Field(
        default=None,
        description="What happened to the translation cache, when something did: it was damaged and has been "
        "started afresh (the damaged file is kept beside it).",
    )


class TranslateRequest(Options):
    """``/translate``: one ``text`` or a list of ``texts``, and the options."""

    model_config = Options.model_config | {"json_schema_extra": {"required": ["targets"]}}

    text: str | None = Field(default=None, description=TEXT_HELP, json_schema_extra=TEXT_SCHEMA)
    texts: list[str] | None = Field(
        default=None,
        description="Several texts, translated in one batch per hop.",
        json_schema_extra={"minItems": 1, "items": {"type": "string", **TEXT_SCHEMA}},
    )
    keep: bool = Field(default=True, description="false: none of the sentences are written to the translation cache.")


class TranslateResults(Model):
    """``/translate`` with ``texts``: one result per text, in order."""

    results: list[TranslationResult]


class SummarizeRequest(Model):
    text: str = Field(description=TEXT_HELP, json_schema_extra=TEXT_SCHEMA)
    language: str = Field(default="fr", description="ISO 639-1 code, or auto")
    algorithm: str = Options.model_fields["algorithm"]
    length: str | int = Options.model_fields["length"]
    reference_date: str | None = Options.model_fields["reference_date"]


class SummarizeResult(Model):
    language: str
    algorithm: str
    length: str
    indices: list[int]
    sentences: list[str]
    article: Article
    warnings: list[str] = Field(default_factory=list)


class ArticleRequest(Options):
    """``/articles`` and ``/jobs``: the article, the options, and where the article comes from."""

    text: str = Field(description=TEXT_HELP, json_schema_extra=TEXT_SCHEMA)
    outlet: str | None = Field(default=None, description="The newspaper, agency or site that published it.")
    url: str | None = Field(default=None, description="The original page's address (http or https).")
    tags: list[str] = Field(default_factory=list, description="Tags (a list, or one comma-separated string).")
    callback_url: str | None = Field(
        default=None,
        description="Jobs only (POST /jobs, or POST /articles with Prefer: respond-async): an http(s) address the "
        "service POSTs to when the job is done, failed or cancelled, signed with SERVICE_WEBHOOK_SECRET "
        "(see the jobs page of the docs). A private, loopback, link-local or reserved address is refused (422 "
        "bad_callback_url) unless SERVICE_WEBHOOK_ALLOWED lists it.",
        json_schema_extra={"format": "uri", "maxLength": 2048},
    )


class GlossaryRow(Model):
    name: str
    updated: float
    entries: int


class GlossaryList(Model):
    glossaries: list[GlossaryRow]


class JobProgressView(Model):
    done: int = Field(ge=0)
    total: int = Field(ge=0)
    stage: str = Field(
        description="queued, warming (the job process is starting its engines: `warming` names the engine and pair), "
        "starting, segmenting, translating, summarising, done or failed"
    )
    detail: str | None = Field(
        default=None, description="the pipeline's current step, e.g. 'translating fr→es with apertium'"
    )
    warming: str | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="only while the stage is `warming`: the engine and pair being started ('apertium fr→es')",
    )
    targets: dict[str, str] = Field(
        json_schema_extra={
            "additionalProperties": {
                "type": "string",
                "enum": ["waiting", "translating", "translated", "summarising", "done", "failed"],
            }
        }
    )


class JobError(Model):
    code: str
    message: str


class JobView(Model):
    """A job as the API shows it."""

    id: str
    status: str = Field(json_schema_extra={"enum": ["queued", "running", "done", "failed", "cancelled"]})
    progress: JobProgressView
    created: float
    updated: float
    attempts: int = Field(description="executions started; more than one after an executor died")
    article_id: str | None
    article: str | None = Field(
        default=None, exclude_if=lambda value: value is None, description="URL of the saved article, once done"
    )
    error: JobError | None


# The schema names openapi.json uses for each model (its historical names).
SCHEMA_NAMES = {
    "ErrorBody": "Error",
    "LanguageInfo": "Language",
    "SentenceResult": "Translation",
    "TargetResult": "Target",
    "TranslationResult": "TranslateResult",
    "Article": "Structure",
    "ArticleResult": "Article",
    "Entry": "GlossaryEntry",
    "JobView": "Job",
    "ArticlePage": "ArticleList",
    "ArticleSummary": "SavedArticle",
}
# Each model the contract names, and whether it is read (validation) or written (serialization) by the server.
CONTRACT: list[tuple[type[Model], str]] = [
    (ErrorBody, "serialization"),
    (Languages, "serialization"),
    (Health, "serialization"),
    (TranslateRequest, "validation"),
    (TranslationResult, "serialization"),
    (TranslateResults, "serialization"),
    (SummarizeRequest, "validation"),
    (SummarizeResult, "serialization"),
    (ArticleRequest, "validation"),
    (ArticleResult, "serialization"),
    (ArticlePage, "serialization"),
    (ArticleUpdate, "validation"),
    (Glossary, "serialization"),
    (GlossaryList, "serialization"),
    (JobView, "serialization"),
]


class SentenceView(Model):
    """One sentence of a saved article in one target language: the source, its translation and its state."""

    article: str = Field(description="The article's id.")
    target: str = Field(description="The target language.")
    number: int = Field(ge=1, description="The sentence's number, 1 for the first (its index + 1).")
    kind: str = Field(description="The block the sentence belongs to (title, body, dateline, …).")
    source: str = Field(description="The source sentence.")
    translation: SentenceResult
    doubtful: bool = Field(description="Whether a reader should check it (never once reviewed).")


class SentenceChange(Model):
    """A correction (``text``) or an acceptance (``state``: ``reviewed``) of one sentence."""

    text: str | None = Field(
        default=None, description="The corrected translation; it replaces the machine's in every export and summary."
    )
    state: Literal["reviewed"] | None = Field(
        default=None,
        description="reviewed: keep the translation as it is and clear its doubt (with no text).",
    )
    reviewer: str | None = Field(
        default=None, max_length=100, description="Who reviews, for the history (else the API key's label)."
    )


class MemoryStats(Model):
    """The translation memory's size per language pair ("fr-en")."""

    pairs: dict[str, int]


class MemoryImport(Model):
    """What a TMX import added, per language pair."""

    imported: dict[str, int]


CONTRACT += [
    (SentenceView, "serialization"),
    (SentenceChange, "validation"),
    (MemoryStats, "serialization"),
    (MemoryImport, "serialization"),
]
