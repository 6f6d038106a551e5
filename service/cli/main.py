"""The command group every command joins, and what commands share: settings and the service layer."""

from __future__ import annotations

import click

from service import settings
from service.facade import Service


def config() -> dict:
    """Settings for a command: defaults and environment variables (``service.settings``)."""
    return settings.from_env()


def service() -> Service:
    """The service layer for one command (models load on first use)."""
    return Service(config())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Offline translation and summaries of French news articles."""
