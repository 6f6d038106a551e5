"""Click options shared by the commands, with their defaults taken from ``service.options``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from service.errors import InputError
from service.models import summary as algorithms
from service.models.glossary import Glossary, parse_file
from service.models.options import DEFAULT_SOURCE, DEFAULT_SUMMARY_MODE, SUMMARY_MODES, Options


def source_option(name: str = "--source", help: str = "Source language code, or 'auto'.") -> Callable:
    return click.option(name, "source", default=DEFAULT_SOURCE, show_default=True, help=help)


def targets_option(required: bool = False, help: str | None = None) -> Callable:
    return click.option(
        "--to",
        "targets",
        required=required,
        default=None if required else "",
        help=help or "Target codes, comma-separated (e.g. en,es).",
    )


algorithm_option = click.option(
    "--algorithm",
    "-a",
    default=algorithms.DEFAULT,
    show_default=True,
    type=click.Choice(algorithms.NAMES),
    help="Summary algorithm.",
)
length_option = click.option(
    "--length",
    "-n",
    default=None,
    help=f"Summary length: sentences (3) or share of the body (20%). Default {algorithms.DEFAULT_LENGTH}.",
)
summary_option = click.option(
    "--summary",
    type=click.Choice(SUMMARY_MODES),
    default=DEFAULT_SUMMARY_MODE,
    show_default=True,
    help="How summaries in other languages are chosen.",
)


reference_date_option = click.option(
    "--reference-date",
    default=None,
    help="ISO date that relative datelines ('hier', 'il y a 3 heures') are read against. Default: now.",
)


glossary_option = click.option(
    "--glossary",
    "glossary_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV or TSV file: a term per line, then lang=translation columns (or a header row term,en,es); "
    "a term alone is never translated.",
)


def read_glossary(path: Path | None) -> Glossary | None:
    """The glossary in ``path``, or a usage error naming the file and line."""
    if path is None:
        return None
    try:
        return parse_file(path.read_text(encoding="utf-8-sig"), path.stem)
    except (OSError, UnicodeDecodeError) as err:
        raise click.UsageError(f"cannot read the glossary {path}: {err}") from None
    except InputError as err:
        raise click.UsageError(f"glossary {path}: {err}") from None


def parse_options(**values) -> Options:
    """``Options.parse`` with errors as Click usage errors naming the field."""
    try:
        return Options.parse(**values)
    except InputError as err:
        raise click.UsageError(f"{err.field}: {err}") from None
