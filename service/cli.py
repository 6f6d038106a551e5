"""Command line: a thin layer over the pipeline and model management.

Examples::

    python -m service languages
    echo "Bonjour le monde." | python -m service translate --to en,es
    python -m service models install models/
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from . import config as service_config
from . import models as model_store


def _config() -> dict:
    return service_config.from_env()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Offline translation and summaries of French news articles."""


@main.command("languages")
@click.option("--source", default="fr", show_default=True, help="Source language code.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def languages_command(source: str, as_json: bool) -> None:
    """Print every target reachable from SOURCE and the route used.

    Example: python -m service languages --source fr
    """
    from .languages import language_name

    translator = service_config.build_translator(_config())
    routes = translator.routes(source)
    if as_json:
        click.echo(json.dumps({t: r.to_dict() for t, r in sorted(routes.items())}, ensure_ascii=False, indent=2))
        return
    if not routes:
        click.echo(f"No language reachable from {source}: install Apertium pairs or Argos packages.")
        return
    for target, route in sorted(routes.items()):
        click.echo(f"{source}→{target}  {language_name(target):<12} {route.describe()}")
    for engine in translator.engines.values():
        for problem in engine.status().problems:
            click.echo(f"warning: {engine.name}: {problem}", err=True)


@main.command("translate")
@click.option("--to", "targets", required=True, help="Target codes, comma-separated (e.g. en,es).")
@click.option("--source", default="fr", show_default=True, help="Source language, or 'auto'.")
@click.option("--json", "as_json", is_flag=True, help="Print the pipeline's JSON result.")
def translate_command(targets: str, source: str, as_json: bool) -> None:
    """Translate standard input and print each sentence beside its translations.

    Example: echo "Il pleut à Lyon." | python -m service translate --to en
    """
    from .pipeline import InputError, translate_text

    text = sys.stdin.read()
    translator = service_config.build_translator(_config())
    try:
        result = translate_text(translator, text, source, targets)
    except InputError as err:
        raise click.UsageError(f"{err.field}: {err}") from None
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


@main.command("summarize")
@click.argument("path", default="-")
@click.option("--algorithm", "-a", default="lex-rank", show_default=True, help="Summariser (see 'evaluate --help').")
@click.option("--length", "-n", default=None, help="Sentences (3) or a ratio of the body (20%). Default 20%.")
@click.option("--language", default="fr", show_default=True, help="Language of the text.")
def summarize_command(path: str, algorithm: str, length: str | None, language: str) -> None:
    """Print an extractive summary of the article at PATH (or stdin).

    Example: python -m service summarize samples/article-fr.txt -a text-rank -n 3
    """
    from .pipeline import InputError, process_article

    try:
        result = process_article(None, _read(path), language, [], algorithm, length)
    except InputError as err:
        raise click.UsageError(f"{err.field}: {err}") from None
    summary = result.summaries[result.source]["aligned"]
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if summary.error:
        click.echo(f"error: {summary.error}", err=True)
        sys.exit(1)
    for sentence in summary.sentences:
        click.echo(sentence)


@main.command("evaluate")
@click.argument("path")
@click.option("--reference", "-r", required=True, help="File with the reference summary.")
@click.option("--algorithm", "-a", "algorithms", multiple=True, help="Algorithms to score (default: all).")
@click.option("--length", "-n", default=None, help="Summary length, as for 'summarize'.")
@click.option("--language", default="fr", show_default=True, help="Language of article and reference.")
def evaluate_command(path: str, reference: str, algorithms: tuple[str, ...], length: str | None, language: str) -> None:
    """Score each algorithm's summary of PATH against a reference (ROUGE-1/2/L F1).

    Example: python -m service evaluate article.txt -r my-summary.txt -n 3
    """
    from .evaluate import rouge
    from .pipeline import InputError, process_article
    from .summarize import ALGORITHMS

    text, ref = _read(path), _read(reference)
    chosen = list(algorithms) or list(ALGORITHMS)
    click.echo(f"{'algorithm':<10} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8}")
    for algorithm in chosen:
        try:
            result = process_article(None, text, language, [], algorithm, length)
        except InputError as err:
            raise click.UsageError(f"{err.field}: {err}") from None
        summary = result.summaries[result.source]["aligned"]
        if summary.error:
            click.echo(f"{algorithm:<10} error: {summary.error}")
            continue
        scores = rouge(" ".join(summary.sentences), ref, language)
        click.echo(
            f"{algorithm:<10} {scores['rouge1'].f1:>8.3f} {scores['rouge2'].f1:>8.3f} {scores['rougeL'].f1:>8.3f}"
        )


@main.group("models")
def models_group() -> None:
    """List, install and remove Argos packages."""


def _packages_dir() -> Path:
    return Path(_config()["ARGOS_PACKAGES_DIR"])


@models_group.command("list")
def models_list() -> None:
    """Installed Argos packages and Apertium pairs."""
    packages = model_store.list_packages(_packages_dir())
    click.echo(f"Argos packages in {_packages_dir()}:")
    for info in packages:
        click.echo(f"  {info.source}→{info.target}  v{info.version}  {info.size_bytes / 1e6:.1f} MB  {info.name}")
    if not packages:
        click.echo("  (none)")
    from .engines.apertium import ApertiumEngine

    status = ApertiumEngine().status()
    click.echo(f"Apertium: {status.detail}")
    for source, target in status.pairs:
        click.echo(f"  {source}→{target}")


@models_group.command("install")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--from-index",
    "from_index",
    nargs=2,
    multiple=True,
    help="Download SOURCE TARGET from the Argos index (online; repeatable; installed pairs are skipped).",
)
@click.option("--timeout", default=model_store.DEFAULT_TIMEOUT, show_default=True, help="Network timeout, seconds.")
def models_install(paths: tuple[Path, ...], from_index: tuple[tuple[str, str], ...], timeout: float) -> None:
    """Install .argosmodel files (or folders of them), or a pair from the index.

    Example: python -m service models install models/
    """
    target_dir = _packages_dir()
    if from_index:
        have = {(p.source, p.target) for p in model_store.list_packages(target_dir)}
        wanted = [tuple(pair) for pair in from_index if tuple(pair) not in have]
        if not wanted:
            click.echo("all requested pairs are already installed")
            return
        try:
            url = os.environ.get("SERVICE_ARGOS_INDEX_URL", model_store.INDEX_URL)
            installed, errors = model_store.install_from_index(wanted, target_dir, timeout, url)
        except model_store.OfflineError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(1)
    elif paths:
        installed, errors = model_store.install_many(list(paths), target_dir)
    else:
        raise click.UsageError("give .argosmodel paths or --from-index SOURCE TARGET")
    for path in installed:
        click.echo(f"installed {path.name}")
    for error in errors:
        click.echo(f"error: {error}", err=True)
    if errors:
        sys.exit(1)


@models_group.command("remove")
@click.argument("code")
def models_remove(code: str) -> None:
    """Remove the Argos package for a pair, written SOURCE-TARGET (e.g. fr-en)."""
    try:
        source, target = code.replace("_", "-").split("-")
    except ValueError:
        raise click.UsageError("write the pair as SOURCE-TARGET, e.g. fr-en") from None
    removed = model_store.remove_package(_packages_dir(), source, target)
    if not removed:
        click.echo(f"error: no installed package for {source}→{target}", err=True)
        sys.exit(1)
    for path in removed:
        click.echo(f"removed {path.name}")
