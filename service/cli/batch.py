"""``batch``: translate and summarise every article in files, folders or globs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from service import batch as batch_lib
from service.cli.main import config, main
from service.cli.options import (
    algorithm_option,
    glossary_option,
    length_option,
    parse_options,
    read_glossary,
    reference_date_option,
    source_option,
    summary_option,
    targets_option,
)
from service.errors import InputError
from service.models.origin import Origin


def parse_formats(formats: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    unknown = [f for f in chosen if f not in batch_lib.FORMATS]
    if unknown or not chosen:
        raise click.UsageError(f"--formats: choose from {', '.join(batch_lib.FORMATS)} (not {', '.join(unknown)})")
    return chosen


def parse_origin(outlet: str | None, tags: tuple[str, ...]) -> Origin:
    """The run's --outlet and --tag, validated like the API's fields."""
    try:
        return Origin.parse({"outlet": outlet, "tags": list(tags)})
    except InputError as err:
        raise click.BadParameter(err.detail.english, param_hint=f"--{err.field.rstrip('s')}") from None


def origin_options(function):
    """--outlet, --tag and --digest-lang: shared by batch, watch and feeds."""
    function = click.option(
        "--digest-lang",
        "digest_language",
        default=None,
        help="The language digest.html is read in (default: the first of --to).",
    )(function)
    function = click.option(
        "--tag", "tags", multiple=True, help="A tag for every article of the run (repeat for several)."
    )(function)
    return click.option(
        "--outlet",
        default=None,
        help="The outlet of articles whose page or side file does not name one.",
    )(function)


@main.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@targets_option(help="Targets, comma-separated (e.g. en,es); empty: summaries only.")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (created); re-running resumes here.",
)
@source_option()
@algorithm_option
@length_option
@summary_option
@click.option(
    "--workers",
    "-w",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes; each loads its models once. 1 is the fastest on 2 cores (one worker runs two targets at once).",
)
@reference_date_option
@glossary_option
@click.option(
    "--time-limit",
    type=click.FloatRange(0),
    default=None,
    help="Seconds one article may take before it is reported as failed (0: none). Default: SERVICE_ARTICLE_TIME_LIMIT.",
)
@click.option(
    "--no-keep",
    "no_keep",
    is_flag=True,
    help="Do not cache the articles' sentences (outputs are still written to --out).",
)
@click.option(
    "--formats",
    default=",".join(batch_lib.OUTPUT_FORMATS),
    show_default=True,
    help="Outputs per article, comma-separated: json, md, html (side by side), tmx, xliff (CAT tools), "
    "txt (the article translated, one file per target), doc (the input file translated in its own format "
    "— .html, .md, .docx, .txt — one file per target).",
)
@click.option(
    "--queue",
    is_flag=True,
    help="Submit each article as a job to the shared queue (SERVICE_BROKER_URL and SERVICE_DATABASE_URL) and "
    "write the outputs here as the workers finish them.",
)
@origin_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; only errors and the final line.")
def batch_command(
    inputs: tuple[str, ...],
    targets: str,
    out_dir: Path,
    source: str,
    algorithm: str,
    length: str | None,
    summary: str,
    workers: int,
    reference_date: str | None,
    glossary_file,
    time_limit: float | None,
    no_keep: bool,
    formats: str,
    queue: bool,
    outlet: str | None,
    tags: tuple[str, ...],
    digest_language: str | None,
    quiet: bool,
) -> None:
    """Process INPUTS (files, folders, globs, or - for stdin) into --out.

    Writes, per article, JSON (the API's schema), Markdown and a side-by-side
    HTML file, in paths that mirror the input tree, plus index.html,
    digest.html (the articles grouped by story) and manifest.json. Unchanged
    inputs are skipped on a re-run. Unless --no-keep, each article is also kept
    in the searchable archive with its outlet, address and tags (from the
    page's metadata, a side file NAME.meta.json, or --outlet and --tag).

    Exit codes: 0 all done; 1 some inputs or target languages failed (each is
    named, and a re-run retries them); 2 usage error; 3 the run could not go
    on (output folder unwritable, disk full: finished articles are kept).

    Example: scripts/batch ~/press/today --to en,es --out ~/press/out --workers 2
    """
    from tqdm import tqdm

    options = parse_options(
        source=source,
        targets=targets,
        algorithm=algorithm,
        length=length,
        summary=summary,
        reference_date=reference_date,
        keep=not no_keep,
        glossary=read_glossary(glossary_file),
    )
    chosen = parse_formats(formats)
    origin = parse_origin(outlet, tags)
    settings = config()
    if queue and not (settings.get("BROKER_URL") and settings.get("DATABASE_URL")):
        raise click.UsageError(
            "--queue needs SERVICE_BROKER_URL and SERVICE_DATABASE_URL (the queue and the database the workers share)"
        )
    if queue and no_keep:
        raise click.UsageError("--queue keeps each article in the shared database until its files are written: "
                               "it cannot be used with --no-keep")  # fmt: skip
    if time_limit is not None:
        settings["ARTICLE_TIME_LIMIT"] = time_limit
    stdin_data = batch_lib.stdin_bytes(int(settings["MAX_REQUEST_BYTES"])) if batch_lib.STDIN in inputs else None
    bars: list = []

    def start(total: int) -> None:
        bars.append(tqdm(total=total, unit="article", disable=quiet, file=sys.stderr, dynamic_ncols=True))

    def advance(count: int) -> None:
        if bars:
            bars[0].update(count)

    try:
        report = batch_lib.run_batch(
            list(inputs),
            out_dir,
            options,
            settings,
            workers,
            progress=advance,
            stdin_data=stdin_data,
            on_start=start,
            formats=chosen,
            queue=queue,
            origin=origin,
            digest_language=digest_language,
        )
    except batch_lib.UsageError as err:
        raise click.UsageError(str(err)) from None
    except batch_lib.RunAborted as err:
        click.echo(f"error: the run cannot go on: {err}. Finished articles are kept; run again to resume.", err=True)
        sys.exit(3)
    finally:
        for bar in bars:
            bar.close()
    for outcome in report.failed:
        label = "partly failed" if outcome.status == "partial" else "failed"
        click.echo(f"{label}: {outcome.input}: {outcome.error}", err=True)
    count = {status: sum(1 for o in report.outcomes if o.status == status) for status in ("done", "skipped", "partial")}
    partly = f" ({count['partial']} with some languages done)" if count["partial"] else ""
    click.echo(
        f"{count['done']} done, {count['skipped']} unchanged, {len(report.failed)} failed{partly}; "
        f"manifest: {report.manifest}",
        err=quiet is False,
    )
    if report.failed:
        sys.exit(1)
