"""One search over saved articles, spoken in SQLite's FTS5 or in PostgreSQL's full-text search.

A reader's query (``"phrase"``, ``prefix*``, ``OR``, ``-excluded``) is parsed
once into terms, then written in each database's own query language:
FTS5's MATCH expression (tokenizer ``unicode61 remove_diacritics 2``) or a
``tsquery`` in the ``service_search`` configuration (``unaccent`` + simple).
Both ignore accents and case, neither stems: a prefix query (``élect*``)
finds the other forms of a word. The rows searched are ``article_texts``,
one per article and language (``texts_for``), so an English query finds an
article through its English translation and a French one through the
original; the snippet is cut from the row that matched best, in its language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service import messages
from service.errors import InputError
from service.models.archive import SearchQuery, Snippet
from service.models.article import TITLE, TRANSLATED_KINDS
from service.models.result import ArticleResult

START, STOP = "\x02", "\x03"  # marks around matched words in snippets; no article text holds them
_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'(-?)"([^"]*)"?(\*?)|(\S+)')


@dataclass(frozen=True)
class Term:
    """A word or a phrase (its words in order); ``prefix``: the last word may continue."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """All ``groups`` must match (each group: any of its terms); no ``excluded`` term may."""

    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...] = ()


def parse(text: str) -> ParsedQuery:
    """The reader's query as terms; ``InputError`` when nothing positive is left to look for."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = False
    for match in _TOKEN.finditer(text):
        negate, quoted, star, bare = match.groups()
        if bare is not None:
            if bare == "OR":
                join_next = bool(groups)
                continue
            negate = "-" if bare.startswith("-") and len(bare) > 1 else ""
            star = "*" if bare.endswith("*") else ""
            quoted = bare[1:] if negate else bare
        words = tuple(w.casefold() for w in _WORD.findall(quoted or ""))
        if not words:
            continue
        term = Term(words, bool(star))
        if negate:
            excluded.append(term)
            join_next = False
        elif join_next:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
    if not groups:
        raise InputError(messages.QUERY_NO_WORDS(), "q")
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))


def fts5_expression(query: ParsedQuery) -> str:
    """FTS5's MATCH syntax: quoted phrases (a trailing ``*`` for a prefix), AND by juxtaposition, OR, NOT."""

    def term(t: Term) -> str:
        return '"' + " ".join(t.words) + '"' + (" *" if t.prefix else "")

    parts = ["(" + " OR ".join(term(t) for t in group) + ")" for group in query.groups]
    expression = " AND ".join(parts)
    for t in query.excluded:
        expression = f"({expression}) NOT {term(t)}"
    return expression


def tsquery_expression(query: ParsedQuery) -> str:
    """A ``to_tsquery`` string: ``<->`` between a phrase's words, ``:*`` for a prefix, ``&``, ``|``, ``!``."""

    def term(t: Term) -> str:
        words = [f"'{w}'" for w in t.words]
        if t.prefix:
            words[-1] += ":*"
        return "(" + " <-> ".join(words) + ")"

    parts = ["(" + " | ".join(term(t) for t in group) + ")" for group in query.groups]
    parts += ["!" + term(t) for t in query.excluded]
    return " & ".join(parts)


def to_snippet(language: str, marked: str) -> Snippet:
    """A snippet cut by the database, its matched words between ``START`` and ``STOP``, as text and offsets."""
    text, highlights, start = [], [], None
    length = 0
    for piece in re.split(f"([{START}{STOP}])", marked or ""):
        if piece == START:
            start = length
        elif piece == STOP:
            if start is not None and length > start:
                highlights.append((start, length))
            start = None
        else:
            text.append(piece)
            length += len(piece)
    return Snippet(language=language, text="".join(text), highlights=highlights)


def texts_for(result: ArticleResult) -> list[tuple[str, bool, str | None, str | None]]:
    """The rows indexed for an article: (language, is_source, title, text) for the original and each translation.

    The original row holds every sentence (bylines and captions are searched
    too); a translation's row holds only the sentences that are translated, so
    a French word shown as pasted in an English column does not make the
    English row match. The migration builds the same rows for the articles
    saved before it.
    """
    sentences = result.article.sentences
    rows = [
        (
            result.source,
            True,
            " ".join(s.text for s in sentences if s.kind == TITLE) or None,
            " ".join(s.text for s in sentences if s.kind != TITLE) or None,
        )
    ]
    for code, target in result.targets.items():
        if not target.ok or code == result.source:
            continue
        title, body = [], []
        for sentence, translated in zip(sentences, target.translations, strict=False):
            if sentence.kind == TITLE:
                title.append(translated.text)
            elif sentence.kind in TRANSLATED_KINDS:
                body.append(translated.text)
        rows.append((code, False, " ".join(title) or None, " ".join(body) or None))
    return rows


class Dialect:
    """What differs between the databases: how words are matched, ranked and cut into snippets."""

    name = "sqlite"

    def hits(self, query: ParsedQuery) -> tuple[str, list]:
        """SQL naming each matching article once with a score (lower is better), and its parameters."""
        # MATERIALIZED: bm25() only works in the query that runs the MATCH, not once SQLite flattens it.
        sql = (
            "WITH m AS MATERIALIZED (SELECT rowid AS rid, bm25(article_search, 4.0, 1.0) AS score "
            "FROM article_search WHERE article_search MATCH ?) "
            "SELECT t.article_id AS id, min(m.score) AS score FROM m JOIN article_texts t ON t.id = m.rid "
            "GROUP BY t.article_id"
        )
        return sql, [fts5_expression(query)]

    def snippets(self, query: ParsedQuery, ids: list[str], words: int) -> tuple[str, list]:
        """SQL giving (article id, language, marked snippet, score) for every matching row of these articles."""
        marks = ", ".join("?" for _ in ids)
        sql = (
            "SELECT t.article_id, t.language, snippet(article_search, -1, ?, ?, '…', ?), "
            "bm25(article_search, 4.0, 1.0) FROM article_search JOIN article_texts t ON t.id = article_search.rowid "
            f"WHERE article_search MATCH ? AND t.article_id IN ({marks})"
        )
        return sql, [START, STOP, words, fts5_expression(query), *ids]


class PostgresDialect(Dialect):
    name = "postgresql"

    def hits(self, query: ParsedQuery) -> tuple[str, list]:
        sql = (
            "SELECT t.article_id AS id, -max(ts_rank(t.document, q.query)) AS score FROM article_texts t, "
            "(SELECT to_tsquery('service_search', ?) AS query) q WHERE t.document @@ q.query GROUP BY t.article_id"
        )
        return sql, [tsquery_expression(query)]

    def snippets(self, query: ParsedQuery, ids: list[str], words: int) -> tuple[str, list]:
        marks = ", ".join("?" for _ in ids)
        options = (
            f'StartSel="{START}", StopSel="{STOP}", MaxWords={words}, MinWords={max(5, words // 2)}, '
            'MaxFragments=2, FragmentDelimiter=" … "'
        )
        sql = (
            "SELECT t.article_id, t.language, ts_headline('service_search', "
            "concat_ws(' — ', t.title, t.body), q.query, ?), -ts_rank(t.document, q.query) FROM article_texts t, "
            "(SELECT to_tsquery('service_search', ?) AS query) q "
            f"WHERE t.document @@ q.query AND t.article_id IN ({marks})"
        )
        return sql, [options, tsquery_expression(query), *ids]


def dialect_of(name: str) -> Dialect:
    return PostgresDialect() if name == "postgresql" else Dialect()


def filters(query: SearchQuery) -> tuple[list[str], list]:
    """The WHERE conditions on ``articles a`` that every dialect writes the same way."""
    where, params = [], []
    if query.date_from:
        where.append("a.day >= ?")
        params.append(query.date_from)
    if query.date_to:
        where.append("a.day <= ?")
        params.append(query.date_to)
    if query.outlet:
        where.append("lower(a.outlet) = lower(?)")
        params.append(query.outlet)
    if query.language:
        where.append("a.targets LIKE ?")
        params.append(f'%"{query.language}"%')
    if query.tag:
        where.append("EXISTS (SELECT 1 FROM article_tags g WHERE g.article_id = a.id AND g.tag = ?)")
        params.append(query.tag)
    if query.doubts is not None:
        where.append("a.doubts > 0" if query.doubts else "a.doubts = 0")
    if query.reviewed is not None:
        where.append("a.reviewed = ?")
        params.append(1 if query.reviewed else 0)
    return where, params


ORDER = {
    "relevance": "hits.score, a.created DESC, a.id",
    "newest": "a.day DESC, a.created DESC, a.id",
    "oldest": "a.day, a.created, a.id",
}
