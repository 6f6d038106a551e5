"""``purge``: delete saved articles and cached sentences older than a given age."""

from __future__ import annotations

import re

import click

from service.cli.main import main, service

_AGE = re.compile(r"^(\d+(?:\.\d+)?)\s*([dh])$")


def parse_age(value: str) -> float:
    """Days in "30d" or "12h"."""
    match = _AGE.match(value.strip().lower())
    if not match:
        raise click.BadParameter("write an age such as 30d (days) or 12h (hours)")
    amount, unit = float(match.group(1)), match.group(2)
    return amount if unit == "d" else amount / 24


@main.command("purge")
@click.option("--older-than", "older_than", required=True, help="Age such as 30d or 12h.")
@click.option(
    "--what",
    type=click.Choice(["all", "articles", "cache"]),
    default="all",
    show_default=True,
    help="Saved articles, cached sentence translations, or both.",
)
def purge_command(older_than: str, what: str) -> None:
    """Delete saved articles and cached sentences older than --older-than.

    Deleting an article also deletes the cached sentences no other saved
    article uses. The server does this by itself with SERVICE_ARTICLE_RETENTION_DAYS
    and SERVICE_CACHE_RETENTION_DAYS.

    Example: python -m service purge --older-than 30d
    """
    days = parse_age(older_than)
    counts = service().purge(days if what != "cache" else None, days if what != "articles" else None)
    click.echo(
        f"purged {counts['articles']} saved articles, {counts['cached_sentences']} cached sentences, "
        f"{counts.get('documents', 0)} translated files and {counts.get('jobs', 0)} finished jobs"
    )
