"""``watch`` and ``feeds``: the monitoring desk's commands, each a batch that keeps going.

Both stop cleanly on SIGTERM or Ctrl-C: the round in progress finishes its
engine call, the manifest and digest are written, and the exit code is 0.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import click

from service.cli.batch import origin_options, parse_formats, parse_origin
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


def run_options(function: Callable) -> Callable:
    """The options every run shares with ``batch``: targets, output folder, summaries, formats, origin."""
    for option in reversed(
        [
            targets_option(help="Targets, comma-separated (e.g. en,es); empty: summaries only."),
            click.option(
                "--out",
                "out_dir",
                required=True,
                type=click.Path(file_okay=False, path_type=Path),
                help="Output folder (created): the same outputs, manifest.json and digest.html as batch.",
            ),
            source_option(),
            algorithm_option,
            length_option,
            summary_option,
            reference_date_option,
            glossary_option,
            click.option(
                "--no-keep",
                "no_keep",
                is_flag=True,
                help="Neither cache the sentences nor keep the articles in the archive (the files are still written).",
            ),
            click.option("--formats", default="json,md,html", show_default=True, help="As for batch."),
            origin_options,
            click.option("--quiet", "-q", is_flag=True, help="Only errors and the final line."),
        ]
    ):
        function = option(function)
    return function


def _prepare(values: dict):
    options = parse_options(
        source=values["source"],
        targets=values["targets"],
        algorithm=values["algorithm"],
        length=values["length"],
        summary=values["summary"],
        reference_date=values["reference_date"],
        keep=not values["no_keep"],
        glossary=read_glossary(values["glossary_file"]),
    )
    return options, parse_formats(values["formats"]), parse_origin(values["outlet"], values["tags"])


def _stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT: the loop ends after the round in progress."""
    stop = threading.Event()

    def handler(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    return stop


def _report(outcomes, quiet: bool) -> None:
    for outcome in outcomes:
        if outcome.complete:
            if not quiet:
                click.echo(f"done: {outcome.input} -> {outcome.rel}", err=True)
        else:
            label = "partly failed" if outcome.status == "partial" else "failed"
            click.echo(f"{label}: {outcome.input}: {outcome.error}", err=True)


@main.command("watch")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@run_options
@click.option("--verbose", "-v", is_flag=True, help="Say when each round starts and what it found.")
def watch_command(folder: Path, verbose: bool, **values) -> None:
    """Process the files landing in FOLDER into --out until stopped (SIGTERM, Ctrl-C).

    A file is read once it is complete: unchanged for SERVICE_WATCH_SETTLE_SECONDS,
    not open for writing by any process, not hidden (copy to ".name.part", then
    rename). A changed file is processed again; a restarted watch resumes from
    the manifest. Outputs, manifest.json and digest.html are those of batch.

    Example: python -m service watch ~/press/inbox --to en --out ~/press/out
    """
    from service.batch.watch import watch_folder

    options, formats, origin = _prepare(values)
    out_dir: Path = values["out_dir"]
    if out_dir.resolve() == folder.resolve():
        raise click.UsageError("--out must not be the watched folder: outputs would be read back as inputs")
    stop = _stop_on_signals()
    quiet = values["quiet"]
    if not quiet:
        click.echo(f"watching {folder} (stop with Ctrl-C or SIGTERM)", err=True)

    def on_round(number: int, found: int) -> None:
        if verbose:
            click.echo(f"round {number}: {found} file(s) ready", err=True)

    try:
        rounds = watch_folder(
            folder,
            out_dir,
            options,
            config(),
            stop,
            formats=formats,
            origin=origin,
            digest_language=values["digest_language"],
            on_outcomes=lambda outcomes: _report(outcomes, quiet),
            on_round=on_round,
        )
    except Exception as err:  # RunAborted and storage errors: say why, keep what was done
        from service.batch import RunAborted

        if isinstance(err, RunAborted):
            click.echo(f"error: the watch cannot go on: {err}. Finished articles are kept.", err=True)
            sys.exit(3)
        raise
    click.echo(f"stopped after {rounds} round(s); manifest: {out_dir / 'manifest.json'}", err=True)


@main.command("feeds")
@click.argument("feeds", nargs=-1, required=True)
@run_options
@click.option("--inbox", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where fetched articles are kept as HTML (default: OUT/inbox).")  # fmt: skip
@click.option("--every", type=click.FloatRange(0), default=0, show_default=True,
              help="Read the feeds again every this many seconds until stopped (0: once).")  # fmt: skip
def feeds_command(feeds: tuple[str, ...], inbox: Path | None, every: float, **values) -> None:
    """Fetch the new items of FEEDS (RSS or Atom files or http(s) addresses) and process them into --out.

    Each new item's page is fetched (time limits, one request per host every
    SERVICE_FEED_HOST_INTERVAL seconds, robots.txt respected), reduced to the
    article and processed like a batch input, with the feed's title as outlet
    and the page's address. Items are de-duplicated by address and by content
    across runs (OUT/feeds.json); a page that failed is retried on later runs.
    This is the only command that uses the network.

    Exit codes: 0 every item taken or skipped; 1 some items or feeds failed.

    Example: python -m service feeds https://example.org/rss.xml --to en --out ~/press/feeds --every 900
    """
    from service.batch import RunAborted, run_batch
    from service.batch.feeds import Fetcher, collect_items

    options, formats, origin = _prepare(values)
    out_dir: Path = values["out_dir"]
    inbox = inbox or out_dir / "inbox"
    settings = config()
    fetcher = Fetcher(
        user_agent=str(settings["FEED_USER_AGENT"]),
        timeout=float(settings["FEED_TIMEOUT"]),
        interval=float(settings["FEED_HOST_INTERVAL"]),
        max_bytes=int(settings["FEED_MAX_BYTES"]),
    )
    stop = _stop_on_signals()
    quiet = values["quiet"]
    failures = 0
    while True:
        report = collect_items(list(feeds), inbox, out_dir, fetcher, origin.outlet, origin.tags)
        for spec, reason in report.feeds_failed:
            click.echo(f"feed failed: {spec}: {reason}", err=True)
        for item in report.items:
            if item["status"] == "failed":
                again = " (retried next run)" if item.get("retry") else ""
                click.echo(f"item failed: {item['url']}: {item['error']}{again}", err=True)
            elif not quiet:
                detail = item.get("duplicate_of") or item.get("file") or ""
                click.echo(f"{item['status']}: {item['url']} {detail}".rstrip(), err=True)
        failed_items = sum(item["status"] == "failed" for item in report.items)
        try:
            outcomes = []
            if report.inputs:
                outcomes = run_batch(
                    [],
                    out_dir,
                    options,
                    settings,
                    collected=(report.inputs, []),
                    keep_others=True,
                    formats=formats,
                    origin=origin,
                    digest_language=values["digest_language"],
                ).outcomes
        except RunAborted as err:
            click.echo(f"error: the run cannot go on: {err}. Finished articles are kept.", err=True)
            sys.exit(3)
        _report(outcomes, quiet)
        failures = len(report.feeds_failed) + failed_items + sum(not o.complete for o in outcomes)
        taken = sum(item["status"] == "taken" for item in report.items)
        click.echo(
            f"{taken} new, {sum(item['status'] == 'duplicate' for item in report.items)} duplicate, "
            f"{failed_items} failed items; {len(report.feeds_failed)} feed(s) failed; {fetcher.requests} request(s)",
            err=quiet is False,
        )
        if not every or stop.wait(every):
            break
    if failures:
        sys.exit(1)
