"""Who may use the server: the shared secret, API keys, the rate-limit bucket, the signed-in session.

- The secret key is created once, atomically: written to a private temporary
  file and hard-linked into place, so concurrent workers starting together
  all read the same complete key (``os.link`` fails if another won the race).
- API keys are compared in constant time; only a *valid* key chooses the
  rate-limit bucket, so random or guessed keys are limited by client address.
- With keys configured, the saved articles and their exports are private:
  the pages need a signed-in session (sign in with a key at /login) or an
  ``X-API-Key`` header, like the API.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

from flask import abort, current_app, redirect, request, session, url_for
from flask_babel import gettext as _


def secret_key(instance: Path) -> str:
    """The instance's secret key, created once by whichever process comes first."""
    path = instance / "secret_key"
    if not path.exists():
        fd, tmp = tempfile.mkstemp(prefix=".secret_key.", dir=instance)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):  # another process placed its key first: use that one
                os.link(tmp, path)  # atomic, and never replaces an existing key
        finally:
            os.unlink(tmp)
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it and restart, or set SERVICE_SECRET_KEY")
    return key


def valid_key(candidate: str | None) -> str | None:
    """The configured key that ``candidate`` equals (compared in constant time), or None."""
    if not candidate:
        return None
    found = None
    for key in current_app.config.get("API_KEYS") or []:
        if hmac.compare_digest(candidate.encode(), key.encode()):
            found = key
    return found


def keys_required() -> bool:
    return bool(current_app.config.get("API_KEYS"))


def client_bucket() -> str:
    """Rate-limit bucket: a valid API key (hashed), else the client address."""
    key = valid_key(request.headers.get("X-API-Key"))
    if key:
        return "key:" + hashlib.sha256(key.encode()).hexdigest()[:16]
    return "addr:" + (request.remote_addr or "unknown")


def signed_in() -> bool:
    """A page request from someone who may read saved articles."""
    if not keys_required():
        return True
    return bool(session.get("signed_in")) or valid_key(request.headers.get("X-API-Key")) is not None


def key_label(key: str) -> str:
    """How a key is named in a sentence's history: never the key itself."""
    return "key " + hashlib.sha256(key.encode()).hexdigest()[:8]


def who(name: str | None = None) -> str | None:
    """Who is making a change, for a sentence's history: a given name, else the key used (or signed in with)."""
    name = " ".join((name or "").split())[:100]
    key = valid_key(request.headers.get("X-API-Key"))
    label = key_label(key) if key else session.get("who")
    if name and label:
        return f"{name} ({label})"
    return name or label or None


def sign_in(candidate: str) -> bool:
    if valid_key(candidate) is None:
        return False
    session.clear()
    session["signed_in"] = True
    session["who"] = key_label(candidate)
    return True


def sign_out() -> None:
    session.clear()


OPEN_PAGES = {"web.login"}


def require_sign_in():
    """With API keys configured, the pages (form, jobs, saved articles, exports) are for signed-in users only."""
    if request.endpoint in OPEN_PAGES or signed_in():
        return None
    if request.method == "GET":
        return redirect(url_for("web.login", next=request.full_path.rstrip("?")), code=303)
    abort(401, description=_("Sign in with an access key first."))
