"""Commands on text: ``languages``, ``translate``, ``summarize`` and ``evaluate``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from service.cli.main import main, service
from service.cli.options import (
    glossary_option,
    length_option,
    parse_options,
    read_glossary,
    reference_date_option,
    source_option,
    targets_option,
)
from service.errors import ServiceError
from service.models.options import ALIGNED, DEFAULT_ALGORITHM


@main.command("languages")
@source_option(help="Source language code.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def languages_command(source: str, as_json: bool) -> None:
    """Print every target reachable from SOURCE and the route used.

    Example: python -m service languages --source fr
    """
    from service.languages import language_name

    layer = service()
    routes = layer.routes(source)
    if as_json:
        click.echo(json.dumps({t: r.to_dict() for t, r in sorted(routes.items())}, ensure_ascii=False, indent=2))
        return
    if not routes:
        click.echo(f"No language reachable from {source}: install Apertium pairs or Argos packages.")
        return
    for target, route in sorted(routes.items()):
        click.echo(f"{source}→{target}  {language_name(target):<12} {route.describe()}")
    for engine in layer.health().engines:
        for problem in engine.problems:
            click.echo(f"warning: {engine.name}: {problem}", err=True)


@main.command("translate")
@targets_option(required=True)
@source_option()
@glossary_option
@click.option("--json", "as_json", is_flag=True, help="Print the pipeline's JSON result.")
def translate_command(targets: str, source: str, glossary_file, as_json: bool) -> None:
    """Translate standard input and print each sentence beside its translations.

    Example: echo "Il pleut à Lyon." | python -m service translate --to en
    """
    text = sys.stdin.read()
    options = parse_options(
        source=source, targets=targets, targets_required=True, glossary=read_glossary(glossary_file)
    )
    try:
        result = service().translate([text], options, require_one=False)[0]
    except ServiceError as err:
        raise click.UsageError(f"{err.field}: {err}" if err.field else str(err)) from None
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        for i, sentence in enumerate(result.sentences):
            click.echo(f"[{result.source}] {sentence.text}")
            for code, target in result.targets.items():
                if target.ok:
                    click.echo(f"[{code}] {target.translations[i].text}")
            click.echo("")
    failed = {code: t.error for code, t in result.targets.items() if not t.ok}
    for code, error in failed.items():
        click.echo(f"error: {code}: {error}", err=True)
    if failed:
        sys.exit(1)


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise click.UsageError(f"cannot read {path}: {err}") from None


def _summary_of(text: str, options) -> tuple[list[str] | None, str | None, list[str]]:
    """(sentences, error, warnings) of the source summary; usage errors for bad input."""
    try:
        result = service().process_many([text], options)[0]
    except ServiceError as err:
        raise click.UsageError(f"{err.field}: {err}") from None
    if isinstance(result, ServiceError):
        raise click.UsageError(f"{result.field}: {result}")
    summary = result.summary_for(result.source, ALIGNED)
    return summary.sentences, summary.error, result.warnings


# Free text, not a Choice: the pipeline's message lists the algorithms and says what to fix.
_algorithm_name = click.option(
    "--algorithm", "-a", default=DEFAULT_ALGORITHM, show_default=True, help="Summariser (see 'evaluate --help')."
)


@main.command("summarize")
@click.argument("path", default="-")
@_algorithm_name
@length_option
@source_option("--language", help="Language of the text.")
@reference_date_option
def summarize_command(path: str, algorithm: str, length: str | None, source: str, reference_date: str | None) -> None:
    """Print an extractive summary of the article at PATH (or stdin).

    Example: python -m service summarize samples/article-fr.txt -a text-rank -n 3
    """
    options = parse_options(source=source, algorithm=algorithm, length=length, reference_date=reference_date)
    sentences, error, warnings = _summary_of(_read(path), options)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    for sentence in sentences:
        click.echo(sentence)


@main.command("evaluate")
@click.argument("path")
@click.option("--reference", "-r", required=True, help="File with the reference summary.")
@click.option("--algorithm", "-a", "algorithms", multiple=True, help="Algorithms to score (default: all).")
@length_option
@source_option("--language", help="Language of article and reference.")
def evaluate_command(path: str, reference: str, algorithms: tuple[str, ...], length: str | None, source: str) -> None:
    """Score each algorithm's summary of PATH against a reference (ROUGE-1/2/L F1).

    Example: python -m service evaluate article.txt -r my-summary.txt -n 3
    """
    from service.models.summary import NAMES as ALGORITHMS
    from service.summaries.rouge import rouge

    text, ref = _read(path), _read(reference)
    chosen = list(algorithms) or list(ALGORITHMS)
    click.echo(f"{'algorithm':<10} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8}")
    for algorithm in chosen:
        options = parse_options(source=source, algorithm=algorithm, length=length)
        sentences, error, _ = _summary_of(text, options)
        if error:
            click.echo(f"{algorithm:<10} error: {error}")
            continue
        try:
            scores = rouge(" ".join(sentences), ref, options.source)
        except RuntimeError as err:  # the optional rouge-score package is missing: say how to get it
            raise click.ClickException(str(err)) from None
        click.echo(
            f"{algorithm:<10} {scores['rouge1'].f1:>8.3f} {scores['rouge2'].f1:>8.3f} {scores['rougeL'].f1:>8.3f}"
        )
