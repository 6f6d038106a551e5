"""What a batch writes for each article: JSON, Markdown, HTML, TMX, XLIFF, the text per target, the document itself.

Shared by the local run (``runner``) and the queued run (``queued``): every
output goes through ``write_atomic``, and an output folder that cannot be
written (read-only, disk full) ends the run with ``RunAborted``.
"""

from __future__ import annotations

import errno
from pathlib import Path

from service import render
from service.batch.inputs import Input
from service.batch.manifest import OUTPUT_FORMATS, Outcome, write_atomic
from service.errors import ServiceError
from service.facade import Service
from service.models.options import Options
from service.models.result import ArticleResult
from service.pipeline.documents import reassemble
from service.render import doubts


class RunAborted(RuntimeError):
    """The run itself cannot go on (output folder unwritable, disk full): exit code 3."""


# Errors of the output folder, not of one article: continuing would fail every article the same way.
FATAL_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT}


def _marked(sentence):
    return sentence.model_copy(update={"text": doubts.marked(sentence.text, sentence)}) if sentence else sentence


def translated_text(result: ArticleResult, code: str) -> str:
    """The pasted article in one target language: every sentence replaced by its translation, layout kept.

    Doubtful sentences start with ``⚠`` (the manifest counts them per language).
    """
    lines = []
    for block in result.article.blocks:
        sentences = [s for s in result.article.sentences if s.block == block.index]
        relative = [
            s.model_copy(update={"start": s.start - block.start, "end": s.end - block.start}) for s in sentences
        ]
        # A doubtful sentence carries the marker: a reader of the text file sees what to check.
        translations = [_marked(result.targets[code].translations[s.index]) for s in sentences]
        lines.append(reassemble(block.text, relative, translations))
    return "\n\n".join(lines) + "\n"


def write_outputs(
    outcome: Outcome, result: ArticleResult, out_dir: str, formats: tuple[str, ...] = OUTPUT_FORMATS
) -> Outcome:
    """Record every target's fate; write the outputs unless no target could be translated."""
    outcome.source = result.source
    outcome.title = result.title
    outcome.languages = {
        code: {
            "route": t.route.describe() if t.route else None,
            "status": "done" if t.ok else "failed",
            "error": t.error,
            "doubtful": sum(1 for s in t.translations if s is not None and doubts.doubtful(s)) if t.ok else 0,
        }
        for code, t in result.targets.items()
    }
    failed = [code for code, t in result.targets.items() if not t.ok]
    if result.targets and len(failed) == len(result.targets):
        outcome.error = "no target language could be translated: " + "; ".join(
            f"{code}: {result.targets[code].error}" for code in failed
        )
        return outcome  # status stays "failed": a re-run tries again
    result.id = outcome.sha256[:16]
    base = Path(out_dir) / outcome.rel
    view = render.side_by_side(result)  # shared by the Markdown and HTML renderings
    try:
        for fmt in formats:
            if fmt == "doc":
                continue  # written by _write_documents, which needs the input's bytes
            if fmt == "txt":
                for code, target_result in result.targets.items():
                    if target_result.ok:
                        path = base.parent / f"{base.name}.{code}.txt"
                        write_atomic(path, translated_text(result, code))
                        outcome.outputs[f"txt:{code}"] = str(path.relative_to(out_dir))
                continue
            path = base.parent / f"{base.name}.{fmt}"
            write_atomic(path, render.EXPORTS[fmt](result, view=view))
            outcome.outputs[fmt] = str(path.relative_to(out_dir))
    except OSError as err:
        if err.errno in FATAL_ERRNOS:
            raise RunAborted(f"cannot write to {out_dir}: {err.strerror}") from err
        raise
    outcome.status = "partial" if failed else "done"
    if failed:
        outcome.error = "; ".join(f"{code}: {result.targets[code].error}" for code in failed)
    return outcome


def write_documents(
    service: Service, outcome: Outcome, item: Input, data: bytes, options: Options, out_dir: str
) -> None:
    """The input file translated in its own format (.html, .md, .docx, .txt), one file per translated target."""
    suffix = (Path(item.path).suffix.lower() if item.path != "-" else "") or ".txt"
    base = Path(out_dir) / outcome.rel
    problems = []
    for code, language in (outcome.languages or {}).items():
        if language["status"] != "done":
            continue
        try:
            body, _ = service.translate_document(f"input{suffix}", data, options.replace(targets=(code,)))
            path = base.parent / f"{base.name}.{code}{suffix}"
            write_atomic(path, body)
        except ServiceError as err:
            problems.append(f"doc:{code}: {err}")
            continue
        except OSError as err:
            if err.errno in FATAL_ERRNOS:
                raise RunAborted(f"cannot write to {out_dir}: {err.strerror}") from err
            raise
        outcome.outputs[f"doc:{code}"] = str(path.relative_to(out_dir))
    if problems:
        outcome.status = "partial"
        outcome.error = "; ".join(filter(None, [outcome.error, *problems]))
