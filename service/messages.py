"""Every message the service gives a person, by id: its API wording and its catalogue entry.

Layers pass ``Message`` objects (an id and its parameters), never finished
sentences: the JSON API shows ``english`` (its wording is part of the
contract), pages and exports show ``localized(interface)`` through the
catalogue (``translations/``), and code that needs to tell one warning from
another compares ids, not text. Parameters that hold language codes are
named in ``languages``: their names are given in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from babel.support import NullTranslations, Translations

from service.asset_folders import TRANSLATIONS
from service.languages import language_name


def N_(message: str) -> str:
    """Mark a catalogue entry (translated where the interface language is known)."""
    return message


@lru_cache(maxsize=8)
def catalogue(interface: str) -> NullTranslations:
    """Compiled translations for an interface language (English: the identity)."""
    return Translations.load(str(TRANSLATIONS), [interface]) if interface != "en" else NullTranslations()


def gettext(message: str, interface: str, **values: Any) -> str:
    """``message`` in the interface language, formatted with ``values`` like Flask-Babel's ``_``."""
    translated = catalogue(interface).gettext(message)
    return translated % values if values else translated


class MessageType:
    """A kind of message: an id, the API's English template and the reader's catalogue entry."""

    def __init__(self, key: str, english: str, reader: str | None = None, languages: tuple[str, ...] = ()):
        self.key = key
        self.english = english
        self.reader = reader
        self.languages = languages
        REGISTRY[key] = self

    def __call__(self, **params: Any) -> Message:
        return Message(key=self.key, params=params)


REGISTRY: dict[str, MessageType] = {}


@dataclass(frozen=True)
class Message:
    """One message: its id and parameters (the sentence is made where it is shown)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def type(self) -> MessageType:
        return REGISTRY.get(self.key) or TEXT

    @property
    def english(self) -> str:
        """The API's wording."""
        return _fill(self.type.english, self.params)

    def localized(self, interface: str) -> str:
        """The reader's wording in ``interface`` (in English, the API's own wording)."""
        kind = self.type
        if kind.reader is None or interface == "en":
            return self.english
        params = dict(self.params)
        for name in kind.languages:
            if params.get(name):
                params[f"{name}_name"] = language_name(str(params[name]), interface)
        return gettext(kind.reader, interface, **_safe(params))

    def for_reader(self, interface: str) -> str:
        """The reader's wording in ``interface``, English included (the catalogue's source sentence)."""
        kind = self.type
        if kind.reader is None:
            return self.english
        if interface != "en":
            return self.localized(interface)
        params = dict(self.params)
        for name in kind.languages:
            if params.get(name):
                params[f"{name}_name"] = language_name(str(params[name]), interface)
        return _fill(kind.reader, params)

    def __str__(self) -> str:
        return self.english


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _safe(params: Mapping[str, Any]) -> dict:
    return _Missing({k: ("" if v is None else v) for k, v in params.items()})


def _fill(template: str, params: Mapping[str, Any]) -> str:
    return template % _safe(params) if params else template.replace("%%", "%")


# A message that was already a sentence (saved before messages had ids, or from a library).
TEXT = MessageType("text", "%(text)s", None)


def text(message: str) -> Message:
    """A plain sentence kept as it is (no catalogue entry)."""
    return TEXT(text=message)


def from_legacy(value: str | Mapping | Message) -> Message:
    """A message read back from stored JSON: a ``{"key", "params"}`` mapping, or an old plain string."""
    if isinstance(value, Message):
        return value
    if isinstance(value, Mapping):
        return Message(str(value.get("key", "text")), dict(value.get("params") or {}))
    return text(str(value))


# -- the request ---------------------------------------------------------------
EMPTY_TEXT = MessageType("empty_text", "the text is empty", N_("The text is empty."))
NOT_A_STRING = MessageType("not_a_string", "'%(field)s' must be a string", N_("“%(field)s” must be text."))
TEXT_TOO_LONG = MessageType(
    "text_too_long", "the text is longer than %(limit)s characters", N_("The text is longer than %(limit)s characters.")
)
REQUEST_TOO_LONG = MessageType(
    "request_too_long",
    "the texts of this request hold %(count)s characters together; the limit is %(limit)s",
    N_("The texts of this request hold %(count)s characters together; the limit is %(limit)s."),
)
DOCX_TOO_LARGE = MessageType(
    "docx_too_large",
    "the .docx file would inflate to %(size)s; the limit is %(limit)s",
    N_("The .docx file would inflate to %(size)s; the limit is %(limit)s."),
)
DOCX_TOO_MANY_PARTS = MessageType(
    "docx_too_many_parts",
    "the .docx file holds %(count)s parts; the limit is %(limit)s",
    N_("The .docx file holds %(count)s parts; the limit is %(limit)s."),
)
HTML_TOO_COMPLEX = MessageType(
    "html_too_complex",
    "the HTML holds %(elements)s elements and %(attributes)s attributes; the limits are %(max_elements)s and "
    "%(max_attributes)s",
    N_(
        "The HTML holds %(elements)s elements and %(attributes)s attributes; the limits are %(max_elements)s and "
        "%(max_attributes)s."
    ),
)
TEXT_TOO_LONG_COUNTED = MessageType(
    "text_too_long_counted",
    "text too long (%(n)s characters; the limit is %(limit)s)",
    N_("The text has %(n)s characters; the limit is %(limit)s."),
)
LONE_SURROGATE = MessageType(
    "lone_surrogate",
    "the text has an invalid character at position %(at)s (a lone UTF-16 surrogate, left by a broken copy of an "
    "emoji or accented letter); remove it and send the text again",
    N_("The text has an invalid character at position %(at)s (a broken emoji or accented letter): remove it."),
)
TEXTS_NOT_LIST = MessageType(
    "texts_not_list", "'texts' must be a non-empty list of strings", N_("“texts” must be a list of texts.")
)
NO_TARGET = MessageType(
    "no_target", "give at least one target language", N_("Choose at least one language to translate into.")
)
TARGETS_NOT_LIST = MessageType(
    "targets_not_list", "'targets' must be a list of language codes", N_("Choose the languages from the list.")
)
UNKNOWN_TARGET = MessageType(
    "unknown_target",
    "unknown target language %(code)r (use ISO 639-1 codes such as 'en')",
    N_("“%(code)s” is not a language this server knows."),
)
UNKNOWN_SOURCE = MessageType(
    "unknown_source",
    "unknown %(field)s language %(code)r (use an ISO 639-1 code such as 'fr', or 'auto')",
    N_("“%(code)s” is not a language this server knows."),
)
TOO_MANY_TARGETS = MessageType(
    "too_many_targets", "at most %(limit)s targets per request", N_("Choose at most %(limit)s languages.")
)
ONE_TARGET_PER_DOCUMENT = MessageType(
    "one_target_per_document",
    "give exactly one target language per document",
    N_("Choose one language to translate the document into."),
)
BAD_REFERENCE_DATE = MessageType(
    "bad_reference_date",
    "'reference_date' must be an ISO 8601 date such as 2025-02-14, not %(value)r",
    N_("The reference date must be written like 2025-02-14, not “%(value)s”."),
)
BAD_KEEP = MessageType("bad_keep", "'keep' must be true or false", N_("“keep” must be true or false."))
UNKNOWN_ALGORITHM = MessageType(
    "unknown_algorithm",
    "unknown algorithm %(name)r; choose from %(names)s",
    N_("“%(name)s” is not a summary method of this server."),
)
BAD_SUMMARY_MODE = MessageType(
    "bad_summary_mode", "summary mode must be one of %(modes)s", N_("Choose aligned or native summaries.")
)
BAD_LENGTH = MessageType(
    "bad_length",
    "length must be a sentence count such as 3 or a ratio such as 20%%, not %(value)r",
    N_("The summary length must be a number of sentences such as 3 or a share such as 20%%, not “%(value)s”."),
)
BAD_LIMIT = MessageType(
    "bad_limit", "'limit' must be a whole number, not %(value)r", N_("The limit must be a whole number.")
)
BAD_IDEMPOTENCY_KEY = MessageType(
    "bad_idempotency_key",
    "'Idempotency-Key' must be 1 to 255 printable characters",
    N_("The Idempotency-Key must be 1 to 255 printable characters."),
)
IDEMPOTENCY_KEY_REUSED = MessageType(
    "idempotency_key_reused",
    "this Idempotency-Key was used for a different request",
    N_("This Idempotency-Key was used for a different request."),
)
JOB_NEEDS_KEEP = MessageType(
    "job_needs_keep",
    "a job's result is saved: for a result that must not be stored, post to /api/v1/articles with keep=false "
    "(it answers synchronously)",
    N_("A job's result is saved: to keep nothing, send the article with “do not keep”."),
)
CHOOSE_DOCUMENT = MessageType(
    "choose_document", "Choose a document to translate.", N_("Choose a document to translate.")
)
NO_FILE_FIELD = MessageType(
    "no_file_field",
    "send the document in a multipart field named 'file'",
    N_("Choose a document to translate."),
)

# -- glossaries ----------------------------------------------------------------
GLOSSARY_NOT_FOUND = MessageType(
    "glossary_not_found", "no saved glossary named %(name)r", N_("There is no saved glossary named “%(name)s”.")
)
GLOSSARY_NAME = MessageType(
    "glossary_name",
    "a glossary name is 1 to 64 letters, digits, '.', '_' or '-'",
    N_("A glossary name is 1 to 64 letters, digits, dots, underscores or hyphens."),
)
GLOSSARY_SHAPE = MessageType(
    "glossary_shape",
    "'glossary' must be a saved glossary's name or {\"entries\": [...]}",
    N_("The glossary must be a saved glossary's name or a list of entries."),
)
GLOSSARY_TERM_TOO_LONG = MessageType(
    "glossary_term_too_long",
    "%(where)s %(line)s: a term or translation has at most %(limit)s characters",
    N_("Glossary line %(line)s: a term or translation has at most %(limit)s characters."),
)
GLOSSARY_TOO_BIG = MessageType(
    "glossary_too_big", "a glossary has at most %(limit)s entries", N_("A glossary has at most %(limit)s entries.")
)
GLOSSARY_LINE_TOO_BIG = MessageType(
    "glossary_line_too_big",
    "line %(line)s: a glossary has at most %(limit)s entries",
    N_("Glossary line %(line)s: a glossary has at most %(limit)s entries."),
)
GLOSSARY_ENTRY_SHAPE = MessageType(
    "glossary_entry_shape",
    'entry %(line)s: must be a term or {"term": ..., "translations": ...}',
    N_("Glossary entry %(line)s must be a term, or a term with its translations."),
)
GLOSSARY_EMPTY_FILE = MessageType("glossary_empty_file", "the glossary file is empty", N_("The glossary is empty."))
GLOSSARY_EMPTY_TERM = MessageType(
    "glossary_empty_term", "%(where)s %(line)s: the term is empty", N_("Glossary line %(line)s: the term is empty.")
)
GLOSSARY_UNKNOWN_LANGUAGE = MessageType(
    "glossary_unknown_language",
    "%(where)s %(line)s: unknown language %(code)r (use ISO 639-1 codes such as 'en')",
    N_("Glossary line %(line)s: “%(code)s” is not a language code."),
)
GLOSSARY_EMPTY_TRANSLATION = MessageType(
    "glossary_empty_translation",
    "%(where)s %(line)s: the %(code)s translation of %(term)r is empty",
    N_("Glossary line %(line)s: the translation of “%(term)s” is empty."),
)
GLOSSARY_TRANSLATIONS_SHAPE = MessageType(
    "glossary_translations_shape",
    "%(where)s %(line)s: 'translations' must map language codes to text",
    N_("Glossary line %(line)s: translations must map language codes to text."),
)
GLOSSARY_HEADER_LANGUAGE = MessageType(
    "glossary_header_language",
    "line %(line)s: unknown language %(code)r in the header",
    N_("Glossary line %(line)s: “%(code)s” is not a language code."),
)
GLOSSARY_COLUMNS = MessageType(
    "glossary_columns",
    "line %(line)s: %(got)s columns, the header has %(want)s",
    N_("Glossary line %(line)s: %(got)s columns, but the header has %(want)s."),
)
GLOSSARY_PAIR = MessageType(
    "glossary_pair",
    "line %(line)s: write translations as lang=text (e.g. en=Weather France), not %(cell)r",
    N_("Glossary line %(line)s: write translations as language=text, e.g. en=Weather France."),
)

# -- files and documents -------------------------------------------------------
FILE_EMPTY = MessageType("file_empty", "the file is empty", N_("The file is empty."))
FILE_NO_TEXT = MessageType("file_no_text", "the file has no text", N_("The file has no text."))
FILE_BINARY = MessageType(
    "file_binary", "binary file, not text", N_("This file is not text (it looks like a binary file).")
)
FILE_ENCODING = MessageType(
    "file_encoding",
    "cannot tell the text encoding (not UTF-8, cp1252 or latin-1)",
    N_("The file's encoding could not be recognised: save it as UTF-8."),
)
FILE_TYPE = MessageType(
    "file_type",
    "unsupported file type %(suffix)r: use .txt, .md, .html or .docx",
    N_("Files of type %(suffix)s are not supported: use .txt, .md, .html or .docx."),
)
DOCUMENT_TYPE = MessageType(
    "document_type",
    "unsupported document type %(suffix)r: use .txt, .md, .html or .docx",
    N_("Files of type %(suffix)s are not supported: use .txt, .md, .html or .docx."),
)
FILE_NAME_CONTROL = MessageType(
    "file_name_control",
    "the file name contains a line break or another control character",
    N_("The file name contains a line break or another control character: rename the file."),
)
FILE_NAME_TOO_LONG = MessageType(
    "file_name_too_long",
    "the file name is longer than %(limit)s bytes",
    N_("The file name is too long (more than %(limit)s bytes): rename the file."),
)
DOCX_UNREADABLE = MessageType(
    "docx_unreadable",
    "not a readable .docx document (%(reason)s)",
    N_("This is not a readable Word (.docx) document."),
)
CALLBACK_URL_SCHEME = MessageType(
    "callback_url_scheme",
    "callback_url must be an http or https address with a host (at most 2048 characters)",
    N_("The callback address must be an http or https address with a host."),
)
CALLBACK_URL_UNRESOLVED = MessageType(
    "callback_url_unresolved",
    "callback_url names %(host)s, which does not resolve to an address",
    N_("The callback address names %(host)s, which does not resolve to an address."),
)
CALLBACK_URL_PRIVATE = MessageType(
    "callback_url_private",
    "callback_url names %(host)s, a private, loopback, link-local or reserved address (%(address)s); "
    "SERVICE_WEBHOOK_ALLOWED can allow it",
    N_(
        "The callback address %(host)s is a private, loopback, link-local or reserved address (%(address)s): "
        "this server does not call it back."
    ),
)
WEBHOOKS_OFF = MessageType(
    "webhooks_off",
    "this server sends no job callbacks (SERVICE_WEBHOOK_SECRET is not set)",
    N_("This server sends no job callbacks."),
)
DOCX_ENTITY = MessageType(
    "docx_entity",
    "the .docx text uses the entity &%(name)s; that cannot be read (external, undeclared or too long)",
    N_(
        "This Word (.docx) document uses an entity (&%(name)s;) that cannot be read: save it again from a word "
        "processor."
    ),
)
HTML_NO_TEXT = MessageType(
    "html_no_text", "the HTML page has no article text", N_("This web page has no article text.")
)
HTML_NO_ARTICLE = MessageType(
    "html_no_article",
    "the HTML page has no article: only navigation, links or page furniture",
    N_("This web page has no article: only navigation, links or page furniture."),
)
FILE_TOO_BIG = MessageType(
    "file_too_big",
    "file too large (%(size)s bytes; the limit is %(limit)s)",
    N_("The file is too large (%(size)s bytes; the limit is %(limit)s)."),
)
FILE_TOO_BIG_READ = MessageType(
    "file_too_big_read", "file too large (over %(limit)s bytes)", N_("The file is larger than %(limit)s bytes.")
)
DOCUMENT_NOT_STORED = MessageType(
    "document_not_stored",
    "the translated file cannot be stored: %(reason)s",
    N_("The translated file cannot be stored for now: try again shortly."),
)

# -- engines and routes --------------------------------------------------------
NO_ENGINE_CONFIGURED = MessageType(
    "no_engine_configured",
    "no translation engine is configured",
    N_("No translation engine is installed on this server."),
)
NO_ENGINE = MessageType(
    "no_engine",
    "no translation engine is installed or working on this server",
    N_("No translation engine is installed or working on this server."),
)
NO_TARGET_SUCCEEDED = MessageType("no_target_succeeded", "no target succeeded", N_("No language could be translated."))
SAME_LANGUAGE = MessageType(
    "same_language", "target %(code)r is the source language", N_("The article is already in this language.")
)
NO_ROUTE = MessageType(
    "no_route",
    "no engine can translate %(source)s→%(target)s; reachable from %(source)s: %(reachable)s",
    N_("No engine can translate %(source)s→%(target)s; reachable from %(source)s: %(reachable)s."),
)
ENGINE_FAILED = MessageType("engine_failed", "%(reason)s", N_("The translation engine failed: %(reason)s"))

# -- limits and storage --------------------------------------------------------
TIME_LIMIT = MessageType(
    "time_limit",
    "processing took longer than the %(limit)s s limit (while %(stage)s); send a shorter text or fewer target "
    "languages",
    N_("Processing took longer than the %(limit)s s limit (while %(stage)s): send a shorter text or fewer languages."),
)
STORAGE_UNAVAILABLE = MessageType(
    "storage_unavailable",
    "storage %(name)s is unavailable: %(reason)s",
    N_("Storage is unavailable for a moment (%(name)s): nothing was lost; try again shortly."),
)
SUMMARY_NO_BODY = MessageType(
    "summary_no_body",
    "the article has no body sentences to summarise",
    N_("The article has no body sentences to summarise."),
)
SUMMARY_TOO_LONG = MessageType(
    "summary_too_long",
    "%(algorithm)s handles at most %(limit)s sentences (this text has %(count)s); use lex-rank or text-rank for long "
    "documents",
    N_("%(algorithm)s handles at most %(limit)s sentences (this text has %(count)s): choose LexRank or TextRank."),
)

# -- warnings shown with a result ----------------------------------------------
NO_BODY = MessageType(
    "no_body",
    "no body paragraph found: the text looks like boilerplate only",
    N_("No body paragraph was found: the text looks like page furniture only."),
)
LANGUAGE_UNSURE = MessageType(
    "language_unsure",
    "could not tell the language reliably; assuming %(code)s",
    N_("The language could not be told reliably; assuming %(code)s."),
)
DETECTED_OTHER = MessageType(
    "detected_other",
    "the text looks like %(name)s (%(code)s), not French; translating from %(code)s",
    N_("The text looks like %(code_name)s (%(code)s), not French: translated from %(code)s."),
    languages=("code",),
)
SENT_AS_OTHER = MessageType(
    "sent_as_other",
    "the text looks like %(name)s (%(code)s), not %(source_name)s: its sentences in %(name)s were translated from "
    "%(name)s; choose the right source language or 'auto'",
    N_(
        "The text looks like %(code_name)s, not %(source_code_name)s: its sentences in %(code_name)s were translated "
        "from %(code_name)s; choose the right source language or “auto”."
    ),
    languages=("code", "source_code"),
)
DICTIONARY_SWITCH = MessageType(
    "dictionary_switch",
    "only %(current)s of the words are %(name)s words but %(share)s are %(best_name)s words: translating from "
    "%(best_name)s (%(best)s)",
    N_(
        "Only %(current)s of the words are %(code_name)s words but %(share)s are %(best_code_name)s words: "
        "translated from %(best_code_name)s."
    ),
    languages=("code", "best_code"),
)
DICTIONARY_DOUBT = MessageType(
    "dictionary_doubt",
    "only %(current)s of the words are known to the %(name)s dictionary%(hint)s: the source language may be wrong, "
    "or the text a dialect or a mix; treat the translations with caution",
    N_(
        "Only %(current)s of the words are known to the %(code_name)s dictionary: the source language may be wrong, "
        "or the text a dialect or a mix; read the translations with caution."
    ),
    languages=("code",),
)
SUMMARY_SHORT_BODY = MessageType(
    "summary_short_body",
    "asked for %(wanted)s sentences but the body has %(count)s: all are in the summary",
    N_("You asked for %(wanted)s sentences but the body has %(count)s: all of them are in the summary."),
)
DATE_UNREADABLE = MessageType(
    "date_unreadable",
    "the date %(date)r names no real day: kept as written, not read",
    N_("The date “%(date)s” names no real day: kept as written, not read."),
)
RELATIVE_DATES = MessageType(
    "relative_dates",
    "relative dates (%(dates)s) read against %(day)s",
    N_("Relative dates (%(dates)s) were read against %(day)s."),
)
OTHER_LANGUAGE_SENTENCES = MessageType(
    "other_language_sentences",
    "%(count)s sentence%(plural)s in %(name)s (%(code)s): translated from %(name)s where a route exists, otherwise "
    "kept as written (flag other_language)",
    N_(
        "%(count)s sentence(s) in %(code_name)s: translated from %(code_name)s where a route exists, otherwise kept "
        "as written."
    ),
    languages=("code",),
)

# -- the web server's own answers ----------------------------------------------
REQUEST_TOO_LARGE = MessageType(
    "request_too_large",
    "the request body is larger than this server accepts",
    N_("The file or text is larger than this server accepts."),
)
RATE_LIMITED = MessageType(
    "rate_limited",
    "too many requests: the limit is %(limit)s; try again shortly",
    N_("Too many requests (the limit is %(limit)s): wait a moment and try again."),
)
INTERNAL_ERROR = MessageType(
    "internal_error",
    "internal error: the server could not finish this request; nothing was saved",
    N_("The server could not finish this request; nothing was saved."),
)

# -- the monitoring desk: origins, search, watch, feeds, digest -------------------
BAD_TAGS = MessageType("bad_tags", "'tags' must be a list of strings or a comma-separated string",
                       N_("Tags must be words separated by commas."))  # fmt: skip
BAD_TAG = MessageType(
    "bad_tag",
    "the tag %(tag)r is not valid: letters, digits, spaces, . & ' - only, at most %(limit)s characters",
    N_("The tag “%(tag)s” is not valid: letters, digits, spaces and . & ' - only, at most %(limit)s characters."),
)
TOO_MANY_TAGS = MessageType(
    "too_many_tags", "at most %(limit)s tags per article", N_("An article has at most %(limit)s tags.")
)
OUTLET_TOO_LONG = MessageType(
    "outlet_too_long",
    "the outlet's name is longer than %(limit)s characters",
    N_("The outlet’s name is longer than %(limit)s characters."),
)
BAD_SOURCE_URL = MessageType(
    "bad_source_url",
    "the source address must be an http:// or https:// address of at most %(limit)s characters, without spaces",
    N_("The source address must start with http:// or https:// (at most %(limit)s characters, no spaces)."),
)
BAD_DAY = MessageType(
    "bad_day",
    "'%(field)s' must be a day written YYYY-MM-DD, not %(value)r",
    N_("“%(field)s” must be a day written YYYY-MM-DD (not “%(value)s”)."),
)
DAYS_REVERSED = MessageType(
    "days_reversed",
    "the first day (%(first)s) is after the last one (%(last)s)",
    N_("The first day (%(first)s) is after the last one (%(last)s)."),
)
BAD_FLAG = MessageType(
    "bad_flag",
    "'%(field)s' must be true or false, not %(value)r",
    N_("“%(field)s” must be true or false (not “%(value)s”)."),
)
BAD_NUMBER = MessageType(
    "bad_number",
    "'%(field)s' must be a whole number, not %(value)r",
    N_("“%(field)s” must be a whole number (not “%(value)s”)."),
)
NUMBER_OUT_OF_RANGE = MessageType(
    "number_out_of_range",
    "'%(field)s' must be between %(low)s and %(high)s",
    N_("“%(field)s” must be between %(low)s and %(high)s."),
)
QUERY_TOO_LONG = MessageType(
    "query_too_long",
    "the search is longer than %(limit)s characters",
    N_("The search is longer than %(limit)s characters."),
)
BAD_SORT = MessageType(
    "bad_sort",
    "'sort' must be one of %(choices)s, not %(value)r",
    N_("Sort by one of: %(choices)s (not “%(value)s”)."),
)
BAD_LANGUAGE_FILTER = MessageType(
    "bad_language_filter",
    "'language' must be a language code such as en or es, not %(value)r",
    N_("The language must be a code such as en or es (not “%(value)s”)."),
)
ONE_TAG_FILTER = MessageType("one_tag_filter", "filter on one tag at a time", N_("Filter on one tag at a time."))
QUERY_NO_WORDS = MessageType(
    "query_no_words",
    "the search has no word to look for (only exclusions or punctuation)",
    N_("The search has no word to look for: add at least one word that is not excluded."),
)
NOT_AN_OBJECT = MessageType("not_an_object", "'%(field)s' must be a JSON object", N_("“%(field)s” must be an object."))
BAD_SIDECAR = MessageType(
    "bad_sidecar",
    "the side file %(name)s cannot be used: %(reason)s",
    N_("The side file %(name)s cannot be used: %(reason)s"),
)

# -- doubts on a translated sentence (page, exports, batch) -------------------------
DOUBT_CHECK = MessageType("doubt_check", "check this sentence against the original", N_("Check this sentence."))
# ``value`` is a percentage already written for the reader's locale ("92%" in English, "92 %" in French).
DOUBT_CONFIDENCE = MessageType("doubt_confidence", "confidence: %(value)s", N_("Confidence: %(value)s."))
DOUBT_UNKNOWN = MessageType("doubt_unknown_words", "not translated: %(words)s", N_("Not translated: %(words)s."))
DOUBT_PIVOT_LEFTOVER = MessageType(
    "doubt_pivot_leftover",
    "words of the pivot language left in: %(words)s",
    N_("Words of the pivot language were left in: %(words)s."),
)
DOUBT_SHIELD_FALLBACK = MessageType(
    "doubt_shield_fallback",
    "names or codes could not be protected here",
    N_("Names or codes could not be protected here."),
)
DOUBT_OTHER_LANGUAGE = MessageType(
    "doubt_other_language",
    "this sentence is in another language than the text",
    N_("This sentence is in another language than the text."),
)
DOUBT_NUMBERS = MessageType(
    "doubt_numbers_changed", "the numbers differ from the original", N_("The numbers differ from the original.")
)
DOUBT_AMBIGUOUS = MessageType(
    "doubt_ambiguous_word",
    "“%(word)s” can be translated several ways: %(alternatives)s (the dictionary chose “%(choice)s” with no rule)",
    N_("“%(word)s” has several translations: %(alternatives)s; “%(choice)s” was chosen without a rule."),
)
DOUBT_POLARITY = MessageType(
    "doubt_polarity",
    "a negation is on one side only: the translation may say the opposite",
    N_("A negation is on one side only: the translation may say the opposite."),
)
DOUBT_INVENTED = MessageType(
    "doubt_invented_words",
    "not words of %(name)s: %(words)s",
    N_("Not words of %(language_name)s: %(words)s."),
    languages=("language",),
)
DOUBT_NAMES = MessageType(
    "doubt_names_changed", "names changed or missing: %(names)s", N_("Names changed or missing: %(names)s.")
)
DOUBT_QUOTES = MessageType(
    "doubt_quotes_moved",
    "the quotation marks do not hold the same words",
    N_("The quotation marks do not hold the same words."),
)
DOUBT_NUMBER_FORMAT = MessageType(
    "doubt_number_format",
    "a French ordinal was left as it was",
    N_("A French ordinal (“21e”) was left as it was."),
)
DOUBT_ROUTES = MessageType(
    "doubt_routes_disagree",
    "another route translates it differently: %(other)s",
    N_("Another route translates it differently: %(other)s"),
)
DOUBT_ROUTE = MessageType("doubt_route", "route: %(route)s", N_("Route: %(route)s."))
# -- the structure reader (appended: issue 21) ---------------------------------
READ_AS_MARKDOWN = MessageType(
    "read_as_markdown",
    "read as Markdown: headings, lists, quotes and tables keep their role; their markers are not translated",
    N_("The text was read as Markdown: headings, lists, quotes and tables keep their role, and their markers are "
       "not translated."),
)  # fmt: skip

# -- the review desk ---------------------------------------------------------
ARTICLE_BUSY = MessageType(
    "article_busy",
    "the article is being changed by others at this moment; try again",
    N_("Others are changing this article at this moment: try again."),
)
NO_SUCH_TARGET = MessageType(
    "no_such_target",
    "the article has no translation into %(name)s (%(language)s)",
    N_("The article has no translation into %(language_name)s."),
    languages=("language",),
)
NO_SUCH_SENTENCE = MessageType(
    "no_such_sentence",
    "the article has no sentence %(number)s (it has %(count)s)",
    N_("The article has no sentence %(number)s (it has %(count)s)."),
)
EMPTY_CORRECTION = MessageType(
    "empty_correction",
    "a corrected sentence cannot be empty; to keep the translation as it is, mark it reviewed",
    N_("A corrected sentence cannot be empty. To keep the translation as it is, mark it reviewed."),
)
BAD_REVIEW_STATE = MessageType(
    "bad_review_state",
    "'state' must be 'reviewed' (or leave it out and send 'text')",
    N_("Choose “reviewed”, or send a corrected text."),
)
BAD_TMX = MessageType(
    "bad_tmx", "the file is not a TMX file this service can read: %(reason)s", N_("This is not a TMX file: %(reason)s.")
)
TMX_NO_PAIR = MessageType(
    "tmx_no_pair",
    "the TMX file has no unit with both %(source)s and %(target)s",
    N_("The TMX file has no sentence in both %(source)s and %(target)s."),
)
FROM_MEMORY = MessageType("from_memory", "from memory, reviewed on %(date)s", N_("From memory, reviewed on %(date)s."))
REVIEWED_ON = MessageType("reviewed_on", "reviewed on %(date)s", N_("Reviewed on %(date)s."))
MEMORY_SUGGESTION = MessageType(
    "memory_suggestion",
    "a close sentence was reviewed (%(score)s alike): %(text)s",
    N_("A close sentence was reviewed (%(score)s alike): %(text)s"),
)
