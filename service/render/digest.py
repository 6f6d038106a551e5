"""The day read by story: articles grouped across outlets, each story told once in the reader's language.

Per story the digest gives a translated title and the best summary (from the
article that has the reader's language with the fewest doubtful summary
sentences, the most central one on a tie), the outlets, a link to every
article, and the doubts: a doubtful summary sentence is marked, and each
article shows how many doubtful sentences its translations hold. The same
``Digest`` is shown as a page, exported as HTML or Markdown, and written by
the batch as ``digest.html``.
"""

from __future__ import annotations

from collections.abc import Callable

from service.models.archive import Digest, DigestArticle, DigestStory, doubt_count
from service.models.article import TITLE
from service.models.result import ArticleResult
from service.render.html import _css, _environment
from service.render.i18n import gettext
from service.text.stories import StoryInput, group_stories


def _story_text(result: ArticleResult) -> str:
    """What a story is recognised by: the original's sentences other than the title."""
    return " ".join(s.text for s in result.article.sentences if s.kind != TITLE)


def _reading(result: ArticleResult, language: str) -> tuple[str, str | None, list[str], list[bool]]:
    """(language, title, summary sentences, doubtful per sentence) of one article in ``language`` if it has it."""
    target = result.targets.get(language)
    if language != result.source and target is not None and target.ok:
        titles = [
            target.translations[s.index].text
            for s in result.article.sentences
            if s.kind == TITLE and s.index < len(target.translations)
        ]
        summary = result.summary_for(language)
        sentences = summary.sentences if summary else []
        doubtful = []
        for position, _ in enumerate(sentences):
            index = summary.indices[position] if summary and position < len(summary.indices) else None
            sentence = target.translations[index] if index is not None and index < len(target.translations) else None
            doubtful.append(bool(sentence and sentence.doubtful))
        return language, " ".join(titles) or result.title, sentences, doubtful
    summary = result.summary_for(result.source)
    sentences = summary.sentences if summary else []
    return result.source, result.title, sentences, [False] * len(sentences)


def _preference(result: ArticleResult, language: str, central: ArticleResult) -> tuple:
    """Which article's summary a story shows: in the reader's language, fewest doubts, has one, the central one."""
    code, _, sentences, doubtful = _reading(result, language)
    return (code != language, sum(doubtful), not sentences, result is not central)


def build_digest(
    results: list[ArticleResult],
    language: str,
    link: Callable[[ArticleResult], str | None] | None = None,
    first_day: str | None = None,
    last_day: str | None = None,
) -> Digest:
    """Group ``results`` by story and read each story in ``language`` (else in its original language)."""
    items = [StoryInput(str(n), r.title, _story_text(r)) for n, r in enumerate(results)]
    stories = []
    for story in group_stories(items):
        members = [results[int(key)] for key in story.keys]
        central = results[int(story.central)]

        best = min(members, key=lambda result, central=central: _preference(result, language, central))
        code, title, summary, doubtful = _reading(best, language)
        articles = []
        for key, result in zip(story.keys, members, strict=True):
            repeated = story.duplicates.get(key)
            articles.append(
                DigestArticle(
                    id=result.id,
                    title=_reading(result, language)[1],
                    outlet=result.origin.outlet,
                    source_url=result.origin.url,
                    link=link(result) if link else None,
                    published=result.origin.published or result.article.published,
                    doubts=doubt_count(result),
                    duplicate_of=results[int(repeated)].id if repeated is not None else None,
                )
            )
        outlets = list(dict.fromkeys(r.origin.outlet for r in members if r.origin.outlet))
        stories.append(
            DigestStory(
                title=title,
                language=code,
                summary=summary,
                summary_doubts=doubtful,
                outlets=outlets,
                articles=articles,
                doubts=sum(a.doubts for a in articles),
            )
        )
    return Digest(language=language, first_day=first_day, last_day=last_day, stories=stories, articles=len(results))


def digest_html(digest: Digest, interface: str = "en") -> str:
    """The digest as one self-contained HTML file (styles inlined, no script)."""
    template = _environment(interface).get_template("digest_export.html")
    return template.render(digest=digest, css=_css(), lang=interface)


def digest_markdown(digest: Digest, interface: str = "en") -> str:
    """The digest in Markdown: a heading per story, its summary, its outlets and links; doubts marked ⚠."""

    def _(text: str, **values) -> str:
        return gettext(text, interface, **values)

    lines = [f"# {_('Digest')}", ""]
    period = " – ".join(dict.fromkeys(d for d in (digest.first_day, digest.last_day) if d))
    lines += [
        _("%(articles)s articles, %(stories)s stories.", articles=digest.articles, stories=len(digest.stories))
        + (f" {period}" if period else ""),
        "",
    ]
    for story in digest.stories:
        lines += [f"## {story.title or _('(untitled)')}", ""]
        if story.language != digest.language:
            lines += [
                f"*{_('Not translated into this language: shown in the original (%(code)s).', code=story.language)}*",
                "",
            ]
        for sentence, doubtful in zip(story.summary, story.summary_doubts, strict=False):
            lines.append(f"> {'⚠ ' if doubtful else ''}{sentence}")
        if story.summary:
            lines.append("")
        if story.outlets:
            lines += [f"**{_('Outlets')}:** {', '.join(story.outlets)}", ""]
        for article in story.articles:
            title = article.title or _("(untitled)")
            target = article.link or article.source_url
            entry = f"[{title}]({target})" if target else title
            extras = [article.outlet or "", article.published[:10] if article.published else ""]
            if article.doubts:
                extras.append("⚠ " + _("%(count)s doubtful sentence(s)", count=article.doubts))
            if article.duplicate_of:
                extras.append(_("a copy of another article"))
            if article.source_url and article.link:
                extras.append(f"[{_('original')}]({article.source_url})")
            lines.append(f"- {entry}" + "".join(f" · {e}" for e in extras if e))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
