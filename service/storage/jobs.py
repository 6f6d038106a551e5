"""Jobs in the database: the one durable record of every request answered with 202.

The row is the truth; whatever executes jobs (threads beside the web app, or
Celery workers) only *claims* a row. A claim is a conditional UPDATE, so of
two executors offered the same job exactly one wins, and a job whose
executor died (its lease not renewed) can be claimed again: nothing that got
a 202 is lost, and nothing runs twice at once. Idempotency keys are unique
while they are in their window.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from service.models.options import Options
from service.storage.sqlite import open_database

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
FINISHED = (DONE, FAILED, CANCELLED)

_COLUMNS = "id, status, created, updated, idem_key, request_hash, progress, article_id, error, attempts, worker"


def job_request_hash(text: str, options: Options) -> str:
    """Same text and same options, same hash: what makes a repeated form submission the same job."""
    return hashlib.sha256(f"{options.fingerprint()}\x1f{text}".encode()).hexdigest()


def initial_progress(targets) -> dict:
    """A new job's progress record: nothing done, every target waiting."""
    return {"done": 0, "total": 2 + 2 * len(targets), "stage": "queued", "detail": None,
            "targets": dict.fromkeys(targets, "waiting")}  # fmt: skip


@dataclass
class Job:
    """A job as clients see it (the request body is kept apart: it may be large)."""

    id: str
    status: str
    created: float
    updated: float
    idem_key: str | None = None
    request_hash: str | None = None
    progress: dict = field(default_factory=dict)
    article_id: str | None = None
    error: dict | None = None
    attempts: int = 0
    worker: str | None = None

    @classmethod
    def from_row(cls, row) -> Job:
        return cls(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            json.loads(row[6]) if row[6] else {},
            row[7],
            json.loads(row[8]) if row[8] else None,
            row[9] or 0,
            row[10],
        )

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class JobStore:
    """Create, claim, follow and finish jobs; SQLite file or PostgreSQL, same SQL."""

    def __init__(self, location: str | Path, busy_timeout: float | None = None, pool_size: int = 4):
        self._database = open_database(location, "jobs", busy_timeout, pool_size)

    def ready(self) -> None:
        """Open the database now, applying its migrations (``python -m service migrate``)."""
        self._database.ready()

    def _one(self, db, job_id: str) -> Job | None:
        row = db.execute(f"SELECT {_COLUMNS} FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return Job.from_row(row) if row else None

    def get(self, job_id: str) -> Job | None:
        with self._database.read() as db:
            return self._one(db, job_id)

    def request(self, job_id: str) -> dict | None:
        """The body the job was submitted with (``None`` once the job is finished and its text erased)."""
        with self._database.read() as db:
            row = db.execute("SELECT request FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def callback(self, job_id: str) -> dict | None:
        """Where to POST the job's outcome (``{"url", "base_url"}``), or None when the client gave no address."""
        with self._database.read() as db:
            row = db.execute("SELECT callback FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def create(
        self,
        request: dict,
        request_hash: str,
        idem_key: str | None,
        window: float,
        progress: dict | None = None,
        callback: dict | None = None,
    ) -> tuple[Job, bool]:
        """A new queued job, or the existing one for ``idem_key`` (``(job, False)``) while it is in its window.

        A key whose job is older than ``window`` seconds, failed or was cancelled
        is released, so the same key may start a new job.
        """
        now = time.time()
        body = json.dumps(request, ensure_ascii=False)
        with self._database.transaction() as db:
            if idem_key:
                row = db.execute(f"SELECT {_COLUMNS} FROM jobs WHERE idem_key = ?", (idem_key,)).fetchone()
                if row:
                    existing = Job.from_row(row)
                    if existing.created >= now - window and existing.status not in (FAILED, CANCELLED):
                        return existing, False
                    db.execute("UPDATE jobs SET idem_key = NULL WHERE id = ?", (existing.id,))
            job = Job(secrets.token_urlsafe(12), QUEUED, now, now, idem_key, request_hash, progress or {})
            db.execute(
                "INSERT INTO jobs (id, status, created, updated, idem_key, request_hash, request, progress, attempts, "
                "callback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                (
                    job.id,
                    QUEUED,
                    now,
                    now,
                    idem_key,
                    request_hash,
                    body,
                    json.dumps(job.progress),
                    json.dumps(callback) if callback else None,
                ),
            )
        return job, True

    def claim(self, job_id: str, worker: str, lease: float) -> Job | None:
        """Take a queued job, or a running one whose executor stopped renewing its lease; None if not ours to run."""
        now = time.time()
        with self._database.transaction() as db:
            changed = db.execute(
                "UPDATE jobs SET status = ?, worker = ?, lease_until = ?, updated = ?, attempts = attempts + 1 "
                "WHERE id = ? AND (status = ? OR (status = ? AND lease_until < ?))",
                (RUNNING, worker, now + lease, now, job_id, QUEUED, RUNNING, now),
            ).rowcount
            return self._one(db, job_id) if changed else None

    def claimable(self, limit: int = 10, stale_queued_after: float | None = None) -> list[str]:
        """Jobs an executor may claim now: queued (oldest first) and running with an expired lease.

        ``stale_queued_after``: only queued jobs older than this many seconds
        (for re-sending jobs whose broker message may have been lost).
        """
        now = time.time()
        queued_before = now - stale_queued_after if stale_queued_after is not None else now + 1
        with self._database.read() as db:
            rows = db.execute(
                "SELECT id FROM jobs WHERE (status = ? AND created < ?) OR (status = ? AND lease_until < ?) "
                "ORDER BY created LIMIT ?",
                (QUEUED, queued_before, RUNNING, now, limit),
            )
            return [r[0] for r in rows]

    def heartbeat(self, job_id: str, worker: str, lease: float, progress: dict | None = None) -> str | None:
        """Renew the lease (and record progress); the job's status, or None if another executor took it over."""
        now = time.time()
        with self._database.transaction() as db:
            sets, params = "lease_until = ?, updated = ?", [now + lease, now]
            if progress is not None:
                sets, params = sets + ", progress = ?", [*params, json.dumps(progress, ensure_ascii=False)]
            db.execute(
                f"UPDATE jobs SET {sets} WHERE id = ? AND worker = ? AND status = ?", (*params, job_id, worker, RUNNING)
            )
            row = db.execute("SELECT status, worker FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return row[0] if row and row[1] == worker else None

    def finish(self, job_id: str, worker: str, status: str, progress: dict, article_id=None, error=None) -> bool:
        """Record the outcome; False if the job was cancelled or taken over.

        The submitted text is erased once the article is saved; a failed job
        keeps it, so the form can give it back to the person who typed it.
        """
        now = time.time()
        with self._database.transaction() as db:
            return (
                db.execute(
                    "UPDATE jobs SET status = ?, progress = ?, article_id = ?, error = ?, updated = ?, "
                    "lease_until = NULL, request = CASE WHEN ? THEN NULL ELSE request END "
                    "WHERE id = ? AND worker = ? AND status = ?",
                    (
                        status,
                        json.dumps(progress, ensure_ascii=False),
                        article_id,
                        json.dumps(error) if error else None,
                        now,
                        status == DONE,
                        job_id,
                        worker,
                        RUNNING,
                    ),
                ).rowcount
                > 0
            )

    def release(self, job_id: str) -> None:
        """Free the job's idempotency key: the next identical submission starts a new job."""
        with self._database.transaction() as db:
            db.execute("UPDATE jobs SET idem_key = NULL WHERE id = ?", (job_id,))

    def cancel(self, job_id: str) -> Job | None:
        """Cancel a queued or running job (a running one stops at its next stage); the job, or None if unknown."""
        now = time.time()
        with self._database.transaction() as db:
            db.execute(
                "UPDATE jobs SET status = ?, updated = ?, request = NULL, lease_until = NULL "
                "WHERE id = ? AND status IN (?, ?)",
                (CANCELLED, now, job_id, QUEUED, RUNNING),
            )
            return self._one(db, job_id)

    def purge(self, older_than: float) -> int:
        """Forget finished jobs last updated before ``older_than``."""
        with self._database.transaction() as db:
            return db.execute(
                "DELETE FROM jobs WHERE updated < ? AND status IN (?, ?, ?)", (older_than, *FINISHED)
            ).rowcount
