"""``worker`` and ``migrate``: the commands of a scaled-out deployment (Celery workers, PostgreSQL schema)."""

from __future__ import annotations

import click

from service.cli.main import main, service
from service.errors import StorageUnavailable


@main.command("worker")
@click.option("--concurrency", "-c", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes; each loads the models once and runs one job at a time.")  # fmt: skip
@click.option("--loglevel", default="INFO", show_default=True, help="Celery log level.")
def worker_command(concurrency: int, loglevel: str) -> None:
    """Run jobs from the queue named by SERVICE_BROKER_URL (a Celery worker of the same pipeline).

    Needs SERVICE_BROKER_URL (Redis) and SERVICE_DATABASE_URL (PostgreSQL) shared
    with the web nodes. Start as many as you like, on any machine.

    Example: SERVICE_BROKER_URL=redis://queue:6379/0 SERVICE_DATABASE_URL=postgresql://… python -m service worker -c 2
    """
    from service.jobs.celery_worker import run_worker

    run_worker(concurrency, loglevel)


@main.command("migrate")
def migrate_command() -> None:
    """Create or update the tables (articles, jobs, glossaries, translation cache) in the configured database.

    Safe to run any number of times and from several machines at once. With
    SERVICE_DATABASE_URL unset it prepares the SQLite files of the instance folder.

    Example: SERVICE_DATABASE_URL=postgresql://… python -m service migrate
    """
    try:
        for name in service().migrate():
            click.echo(f"{name}: ready")
    except StorageUnavailable as err:
        raise click.ClickException(str(err)) from None
