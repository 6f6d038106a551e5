"""Who may use the server: the shared secret, API keys, the rate-limit bucket, the signed-in session.

- The secret key is created once, atomically: written to a private temporary
  file and hard-linked into place, so concurrent workers starting together
  all read the same complete key (``os.link`` fails if another won the race).
- API keys are compared in constant time; only a *valid* key chooses the
  rate-limit bucket, so random or guessed keys are limited by client address.
- With keys configured, the saved articles and their exports are private:
  the pages need a signed-in session (sign in with a key at /login) or an
  ``X-API-Key`` header, like the API. A session names a row kept on the
  server (``storage/sessions.py``) and the hash of its key: signing out, or
  removing the key from the configuration, ends it.
- A browser's cross-site request may not change anything or spend work
  (``refuse_cross_site``): forms carry CSRF tokens, but the LibreTranslate
  routes take plain form posts, so every unsafe method is checked against
  ``Sec-Fetch-Site`` and ``Origin``. Clients that are not browsers send
  neither header and pass.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from flask import abort, current_app, redirect, request, session, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import Forbidden


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
        return "key:" + key_hash(key)[:16]
    return "addr:" + (request.remote_addr or "unknown")


def key_hash(key: str) -> str:
    """What a session remembers of its key: enough to notice the key was removed, not the key."""
    return hashlib.sha256(key.encode()).hexdigest()


def _session_valid() -> bool:
    from service.web.context import get_service

    sid, hashed = session.get("sid"), session.get("key")
    if not isinstance(sid, str) or not isinstance(hashed, str):
        return False
    configured = {key_hash(k) for k in current_app.config.get("API_KEYS") or []}
    if hashed not in configured:  # the key was removed from the configuration
        return False
    try:
        return get_service().sessions.valid(sid, hashed)
    except Exception:  # storage unavailable: nobody is signed in rather than everybody
        return False


def signed_in() -> bool:
    """A page request from someone who may read saved articles."""
    if not keys_required():
        return True
    return valid_key(request.headers.get("X-API-Key")) is not None or _session_valid()


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
    from service.web.context import get_service

    key = valid_key(candidate)
    if key is None:
        return False
    session.clear()
    session["key"] = key_hash(key)
    session["sid"] = get_service().sessions.create(session["key"])
    session["who"] = key_label(candidate)
    return True


def sign_out() -> None:
    from service.web.context import get_service

    sid = session.get("sid")
    session.clear()
    if isinstance(sid, str):
        get_service().sessions.end(sid)


def local_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None.

    Browsers drop tabs and line breaks from a URL and read a backslash as a
    slash, so ``/\t/evil.example`` or ``/\\evil`` would lead off-site: any
    control character, space or backslash, and anything with a scheme or host, is refused.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if any(c in target for c in "\\ ") or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
API_BLUEPRINTS = {"api", "libre"}


def _origin_allowed(origin: str | None) -> bool:
    """Whether an API call from this other site's page is allowed (``CORS_ORIGINS``)."""
    allowed = current_app.config.get("CORS_ORIGINS") or []
    return request.blueprint in API_BLUEPRINTS and origin is not None and ("*" in allowed or origin in allowed)


def _same_origin(origin: str) -> bool:
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == request.host.lower()


def refuse_cross_site() -> None:
    """No request from another site's page may change state or spend work (403), unless CORS allows its origin."""
    if request.method not in UNSAFE_METHODS:
        return
    origin = request.headers.get("Origin")
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        cross = site not in ("same-origin", "none")
    elif origin is not None:
        cross = origin == "null" or not _same_origin(origin)
    else:
        return  # not a browser, or one too old to say: CSRF tokens still guard the forms
    if cross and not _origin_allowed(origin):
        raise Forbidden(description="Cross-site requests are refused: call this server from its own pages.")


def cors_headers(response):
    """CORS for the APIs as LibreTranslate sets it, for the origins ``CORS_ORIGINS`` allows."""
    origin = request.headers.get("Origin")
    if _origin_allowed(origin):
        allowed = current_app.config.get("CORS_ORIGINS") or []
        response.headers["Access-Control-Allow-Origin"] = "*" if "*" in allowed else origin
        response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type, X-API-Key, Idempotency-Key"
        response.headers["Access-Control-Expose-Headers"] = "Location, Retry-After"
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, DELETE"
        response.headers["Access-Control-Max-Age"] = str(20 * 86400)
        if "*" not in allowed:
            response.headers.add("Vary", "Origin")
    return response


OPEN_PAGES = {"web.login"}


def require_sign_in():
    """With API keys configured, the pages (form, jobs, saved articles, exports) are for signed-in users only."""
    if request.endpoint in OPEN_PAGES or signed_in():
        return None
    if request.method == "GET":
        return redirect(url_for("web.login", next=request.full_path.rstrip("?")), code=303)
    abort(401, description=_("Sign in with an access key first."))
