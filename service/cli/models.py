"""``models``: list, install and remove Argos packages (Apertium pairs are listed)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from service.cli.main import config, main
from service.translation import argos_packages as model_store


@main.group("models")
def models_group() -> None:
    """List, install and remove Argos packages."""


def _packages_dir() -> Path:
    return Path(config()["ARGOS_PACKAGES_DIR"])


@models_group.command("list")
def models_list() -> None:
    """Installed Argos packages and Apertium pairs."""
    packages = model_store.list_packages(_packages_dir())
    click.echo(f"Argos packages in {_packages_dir()}:")
    for info in packages:
        click.echo(f"  {info.source}→{info.target}  v{info.version}  {info.size_bytes / 1e6:.1f} MB  {info.name}")
    if not packages:
        click.echo("  (none)")
    from service.translation.engines.apertium import ApertiumEngine

    settings = config()
    engine = ApertiumEngine(settings["APERTIUM_DATA_DIRS"], float(settings["APERTIUM_TIMEOUT"]))
    click.echo(f"Apertium: {engine.status().detail}")
    if engine.binary:
        for pair in engine.describe_pairs():
            version = f"v{pair['version']}" if pair["version"] else "version unknown"
            click.echo(
                f"  {pair['source']}→{pair['target']}  {version}  {pair['size_bytes'] / 1e6:.1f} MB  "
                f"{pair['package'] or pair['mode']} ({pair['mode']})"
            )


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
@click.option(
    "--sha256",
    "sums_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A SHA256SUMS file (sha256sum output): an archive it does not list, or whose digest differs, is refused. "
    "Without it, a SHA256SUMS file beside the archives is used when there is one.",
)
def models_install(
    paths: tuple[Path, ...], from_index: tuple[tuple[str, str], ...], timeout: float, sums_file: Path | None
) -> None:
    """Install .argosmodel files (or folders of them), or a pair from the index.

    Each archive is checked first (metadata, language codes, tokenizer and model load, checksum);
    a bad one is reported and the others still install; the exit code is 1 if any failed.

    Examples: python -m service models install models/
    python -m service models install --sha256 SHA256SUMS translate-fr_en-1_9.argosmodel
    """
    target_dir = _packages_dir()
    if from_index:
        have = {(p.source, p.target) for p in model_store.list_packages(target_dir)}
        wanted = [tuple(pair) for pair in from_index if tuple(pair) not in have]
        if not wanted:
            click.echo("all requested pairs are already installed")
            return
        try:
            url = config()["ARGOS_INDEX_URL"]
            installed, errors = model_store.install_from_index(wanted, target_dir, timeout, url)
        except model_store.OfflineError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(1)
    elif paths:
        try:
            sums = model_store.read_sums(sums_file) if sums_file else None
        except model_store.PackageError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(1)
        installed, errors = model_store.install_many(list(paths), target_dir, sums)
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
