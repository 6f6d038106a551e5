"""``memory``: the translation memory of reviewed sentence pairs, to and from TMX."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from service.cli.main import main, service
from service.errors import ServiceError
from service.render.tmx import memory_to_tmx


@main.group("memory")
def memory() -> None:
    """The translation memory: sentence pairs reviewed on the result page or by the API.

    An exact match of a new sentence takes its reviewed translation; a close one is
    offered as a suggestion. Import a CAT tool's TMX to start from a team's memory.
    """


@memory.command("export")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--source", default=None, help="Only pairs from this language (e.g. fr).")
@click.option("--target", default=None, help="Only pairs into this language (e.g. en).")
def export_command(output: Path | None, source: str | None, target: str | None) -> None:
    """Write the memory as TMX 1.4 to OUTPUT (default: standard output).

    Example: python -m service memory export memory.tmx --target en
    """
    text = memory_to_tmx(service().export_memory(source, target))
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {text.count('<tu ')} pairs to {output}", err=True)


@memory.command("import")
@click.argument("tmx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", default=None, help="Who reviewed the pairs, when the file does not say (changeid).")
def import_command(tmx: Path, by: str | None) -> None:
    """Add every sentence pair of a TMX file (from OmegaT, Trados, memoQ or this service) to the memory.

    A pair whose source sentence is already remembered replaces it. Example:
    python -m service memory import team.tmx
    """
    try:
        counts = service().import_memory(tmx.read_bytes(), by)
    except ServiceError as err:
        raise click.ClickException(err.message) from None
    if not counts:
        raise click.ClickException(f"{tmx} has no sentence pairs")
    click.echo(", ".join(f"{pair}: {n} pairs" for pair, n in sorted(counts.items())))


@memory.command("stats")
def stats_command() -> None:
    """How many reviewed pairs the memory holds per language pair.

    Example: python -m service memory stats
    """
    counts = service().memory_counts()
    for pair, n in counts.items():
        click.echo(f"{pair}\t{n}")
    if not counts:
        click.echo("the memory is empty")
