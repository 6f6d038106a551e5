"""Signed-in sessions kept on the server (``instance/sessions.sqlite3``, or PostgreSQL).

The session cookie is signed but stateless; on its own it would stay valid for
its whole lifetime, after sign-out and after its key is removed. The cookie
therefore names a row here and the hash of the key it signed in with: signing
out deletes the row, and a key no longer configured no longer matches.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from service.storage.sqlite import open_database

MAX_AGE_SECONDS = 31 * 86400  # as long as Flask's permanent session cookie


class SessionStore:
    """Create, check and end signed-in sessions."""

    def __init__(self, path: str | Path, busy_timeout: float | None = None, pool_size: int = 4):
        self._database = open_database(path, "sessions", busy_timeout, pool_size)

    def ready(self) -> None:
        """Open the database now, applying its migrations."""
        self._database.ready()

    def create(self, key_hash: str) -> str:
        """A new session for the key with this hash; its id goes into the cookie."""
        session_id = secrets.token_urlsafe(24)
        now = time.time()
        with self._database.transaction() as db:
            db.execute("DELETE FROM sessions WHERE created < ?", (now - MAX_AGE_SECONDS,))
            db.execute("INSERT INTO sessions VALUES (?, ?, ?)", (session_id, key_hash, now))
        return session_id

    def valid(self, session_id: str, key_hash: str) -> bool:
        """Whether the session exists, is not too old and was opened with this key."""
        with self._database.read() as db:
            row = db.execute("SELECT key_hash, created FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return bool(row) and row[0] == key_hash and row[1] > time.time() - MAX_AGE_SECONDS

    def end(self, session_id: str) -> None:
        with self._database.transaction() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
