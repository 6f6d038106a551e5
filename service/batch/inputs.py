"""Which files a batch run reads, where each one's outputs go, and their text."""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from service import messages
from service.batch.manifest import SIDECAR, Outcome
from service.errors import InputError, SourceError
from service.models.options import Options
from service.models.origin import Origin
from service.text.files import SUFFIXES, read_source
from service.text.limits import Limits

STDIN = "-"


class UsageError(ValueError):
    """Bad command-line input (exit code 2)."""


@dataclass(frozen=True)
class Input:
    """One file to process and where its outputs go, relative to ``--out``."""

    path: str  # a file path, or "-" for standard input
    rel: str  # output stem, mirroring the input tree


def collect_inputs(specs: Iterable[str], out_dir: Path) -> tuple[list[Input], list[Outcome]]:
    """Expand files, folders (recursively) and globs; name outputs after the input tree.

    Output stems are paths relative to the inputs' common folder, so two
    ``article.txt`` in different folders never collide; nothing inside the
    output folder is read back as input.
    """
    out_resolved = out_dir.resolve()
    files: list[Path] = []
    problems: list[Outcome] = []
    stdin = False
    for spec in specs:
        if spec == STDIN:
            stdin = True
            continue
        path = Path(spec)
        if path.is_dir():
            if path.resolve() == out_resolved:
                raise UsageError(
                    f"the output folder is the input folder {spec!r}: outputs (.md, .html) would overwrite inputs; "
                    f"choose another --out, e.g. {spec.rstrip('/')}/translations"
                )
            files += _walk(path)
        elif path.is_file():
            files.append(path)
        else:
            matches = sorted(Path(m) for m in glob.glob(spec, recursive=True) if Path(m).is_file())
            if not matches:
                problems.append(Outcome(spec, spec, "failed", error="no such file, folder or matching glob"))
            files += matches
    unique: dict[Path, Path] = {}
    for f in files:
        resolved = f.resolve()
        if resolved.is_relative_to(out_resolved) or resolved in unique:
            continue
        unique[resolved] = f
    inputs: list[Input] = []
    if unique:
        common = Path(os.path.commonpath([str(p.parent) for p in unique]))
        stems = Counter(p.with_suffix("") for p in unique)
        for resolved, original in unique.items():
            rel = resolved.relative_to(common)
            # "a.txt" and "a.md" in one folder would share outputs: keep the suffix then.
            clash = stems[resolved.with_suffix("")] > 1
            inputs.append(Input(str(original), str(rel.with_suffix("")) + (f".{rel.suffix[1:]}" if clash else "")))
    if stdin:
        inputs.append(Input(STDIN, "stdin"))
    inputs.sort(key=lambda i: i.rel)
    return inputs, problems


def _walk(folder: Path) -> list[Path]:
    """Article files below ``folder``, following linked folders once each (a link loop is not a trap)."""
    found: list[Path] = []
    seen: set[Path] = set()
    for root, dirs, names in os.walk(folder, followlinks=True):
        real = Path(root).resolve()
        if real in seen:
            dirs[:] = []  # reached again through a link: already collected
            continue
        seen.add(real)
        dirs.sort()
        found += [
            Path(root) / n
            for n in sorted(names)
            if Path(n).suffix.lower() in SUFFIXES - {""} and not n.startswith(".")  # ".x.part": being written
        ]
    return [f for f in found if f.is_file()]


class TooBig(SourceError):
    """A file over the size limit, refused before it is read."""


def read_bytes(item: Input, stdin_data: bytes | None, limit: int) -> bytes:
    """The item's bytes; a file over ``limit`` is refused from its size alone (never read whole)."""
    if item.path == STDIN:
        data = stdin_data or b""
    else:
        size = Path(item.path).stat().st_size
        if size > limit:
            raise TooBig(messages.FILE_TOO_BIG(size=size, limit=limit))
        with open(item.path, "rb") as handle:
            data = handle.read(limit + 1)  # a file that grew since stat() is still bounded
    if len(data) > limit:
        raise TooBig(messages.FILE_TOO_BIG_READ(limit=limit))
    return data


def read_origin(item: Input, default: Origin | None = None) -> Origin:
    """Where an input comes from: its side file ``NAME.meta.json`` if any, over the run's ``--outlet``/``--tag``.

    A side file that cannot be read or holds bad values is reported, not ignored.
    """
    default = default or Origin()
    if item.path == STDIN:
        return default
    sidecar = Path(item.path + SIDECAR)
    if not sidecar.is_file():
        return default
    try:
        values = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise SourceError(messages.BAD_SIDECAR(name=sidecar.name, reason=str(err)[:200])) from None
    if not isinstance(values, dict):
        raise SourceError(messages.BAD_SIDECAR(name=sidecar.name, reason="not a JSON object"))
    try:
        found = Origin.parse(values)
    except InputError as err:
        raise SourceError(messages.BAD_SIDECAR(name=sidecar.name, reason=err.detail.english)) from None
    return found.merged(default)


def read_text(
    item: Input, data: bytes, options: Options, config: dict, origin: Origin | None = None
) -> tuple[Outcome, str | None]:
    """The item's text (its origin recorded on the Outcome), or a failed Outcome saying why it has none."""
    outcome = Outcome(
        item.path, item.rel, "failed", sha256=hashlib.sha256(data).hexdigest(), options=options.fingerprint()
    )
    try:
        found = read_origin(item, origin)
        source = read_source(item.path if item.path != STDIN else "stdin.txt", data, Limits.from_config(config))
        outcome.encoding, outcome.html_extracted = source.encoding, source.extracted_from_html
        if source.origin:  # what the page says fills what the side file and the command line left blank
            # a page's odd metadata (a relative address, a date in words) is not the article's fault
            with contextlib.suppress(InputError):
                found = found.merged(Origin.parse(source.origin))
        outcome.origin = found.model_dump(exclude_defaults=True)
        if len(source.text) > config["MAX_TEXT_CHARS"]:
            limit = config["MAX_TEXT_CHARS"]
            raise SourceError(messages.TEXT_TOO_LONG_COUNTED(n=len(source.text), limit=limit))
    except SourceError as err:
        outcome.error = str(err)
        return outcome, None
    return outcome, source.text
