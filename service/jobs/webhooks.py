"""Job completion webhooks: a signed POST to the client's ``callback_url`` when its job ends.

A client that gives ``callback_url`` with a job need not poll: when the job
is done, failed or cancelled, the service POSTs a small JSON body (job id,
status, article id and address, error) to it. The body carries ``sent_at``,
also sent as ``X-Webhook-Timestamp``; ``X-Signature: sha256=<hex>`` is the
HMAC-SHA256 of the raw body with ``SERVICE_WEBHOOK_SECRET``, so a receiver
checks who sent it and refuses old timestamps (replays). A failed delivery
(no connection, a non-2xx answer) is tried again after 1, 2, 4… times
``SERVICE_WEBHOOK_BACKOFF_SECONDS``, ``SERVICE_WEBHOOK_ATTEMPTS`` times in
all, on a thread of its own: the job process goes on with other jobs.

The address is checked when the job is submitted and again before each
attempt (a name may resolve elsewhere later): only http(s), and never a
private, loopback, link-local, multicast or reserved address unless
``SERVICE_WEBHOOK_ALLOWED`` lists its host or network.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from service import messages
from service.errors import InputError

FIELD = "callback_url"
MAX_URL_LENGTH = 2048
log = logging.getLogger(__name__)


def _allowed(host: str, addresses: list, allowed: Sequence[str]) -> bool:
    """True when the host name, or every address it resolves to, is listed in ``allowed``."""
    networks = []
    for entry in allowed:
        if entry.strip().lower() == host.lower():
            return True
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return bool(addresses) and all(any(a in n for n in networks) for a in addresses)


def _public(address) -> bool:
    return not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def check_callback_url(url: object, allowed: Sequence[str] = (), resolve=socket.getaddrinfo) -> str:
    """``url`` if a job may call it back; ``InputError`` (422 ``bad_callback_url``) saying why not."""
    if not isinstance(url, str) or not url.strip() or len(url) > MAX_URL_LENGTH:
        raise InputError(messages.CALLBACK_URL_SCHEME(), FIELD, "bad_callback_url")
    parts = urlsplit(url.strip())
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = None
    if parts.scheme not in ("http", "https") or not parts.hostname or port is None or parts.username:
        raise InputError(messages.CALLBACK_URL_SCHEME(), FIELD, "bad_callback_url")
    host = parts.hostname
    try:
        found = resolve(host, port, type=socket.SOCK_STREAM)
        addresses = list({ipaddress.ip_address(info[4][0].split("%")[0]) for info in found})
    except (OSError, ValueError, UnicodeError):
        raise InputError(messages.CALLBACK_URL_UNRESOLVED(host=host), FIELD, "bad_callback_url") from None
    if _allowed(host, addresses, allowed):
        return url.strip()
    private = [a for a in addresses if not _public(a)]
    if private or not addresses:
        raise InputError(messages.CALLBACK_URL_PRIVATE(host=host, address=str(private[0]) if private else "?"),
                         FIELD, "bad_callback_url")  # fmt: skip
    return url.strip()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is a failed attempt, never followed: it could point at an address the check refused."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def sign(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: the HMAC-SHA256 of the raw body, the value of ``X-Signature``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def payload(job, base_url: str = "") -> dict:
    """What the callback says about a finished job (``sent_at`` is set per attempt)."""
    article = f"{base_url.rstrip('/')}/api/v1/articles/{job.article_id}" if job.article_id else None
    return {"event": "job.finished", "job_id": job.id, "status": job.status, "article_id": job.article_id,
            "article": article, "error": job.error}  # fmt: skip


@dataclass(frozen=True)
class Delivery:
    """How callbacks are sent on this server (from the settings)."""

    secret: str
    allowed: tuple[str, ...] = ()
    attempts: int = 5
    backoff: float = 1.0
    timeout: float = 10.0

    @classmethod
    def from_config(cls, config: Mapping) -> Delivery:
        return cls(
            secret=str(config.get("WEBHOOK_SECRET") or ""),
            allowed=tuple(config.get("WEBHOOK_ALLOWED") or ()),
            attempts=max(1, int(config.get("WEBHOOK_ATTEMPTS", 5))),
            backoff=float(config.get("WEBHOOK_BACKOFF_SECONDS", 1.0)),
            timeout=float(config.get("WEBHOOK_TIMEOUT", 10.0)),
        )

    def attempt(self, url: str, content: dict) -> bool:
        """One signed POST; True on a 2xx answer."""
        check_callback_url(url, self.allowed)  # again: the name may point elsewhere now
        now = int(time.time())
        body = json.dumps({**content, "sent_at": now}, ensure_ascii=False, sort_keys=True).encode("utf-8")
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Content-Type", "application/json")
        request.add_header("User-Agent", "offline-news-translate-webhook")
        request.add_header("X-Webhook-Timestamp", str(now))
        request.add_header("X-Signature", sign(self.secret, body))
        with _OPENER.open(request, timeout=self.timeout) as response:
            return 200 <= response.status < 300

    def deliver(self, url: str, content: dict, sleep: Callable[[float], None] = time.sleep) -> bool:
        """Send until a 2xx answer, waiting 1, 2, 4… × backoff between attempts; True if one got through."""
        for number in range(self.attempts):
            try:
                if self.attempt(url, content):
                    return True
            except InputError as err:
                log.warning("webhook for job %s not sent: %s", content.get("job_id"), err.message)
                return False
            except (OSError, urllib.error.URLError, ValueError) as err:  # HTTPError (non-2xx) is a URLError
                log.info("webhook for job %s, attempt %d: %s", content.get("job_id"), number + 1, err)
            if number + 1 < self.attempts:
                sleep(self.backoff * 2**number)
        log.warning("webhook for job %s: no 2xx answer after %d attempts", content.get("job_id"), self.attempts)
        return False

    def send(self, url: str, content: dict) -> threading.Thread:
        """Deliver on a thread of its own (the caller goes on at once); the thread, for tests to join."""
        thread = threading.Thread(target=self.deliver, args=(url, content), name="webhook", daemon=True)
        thread.start()
        return thread


def notify(store, config: Mapping, job_id: str, statuses: Sequence[str] = ()) -> threading.Thread | None:
    """Send the finished job's callback, if its client gave one (and its status is among ``statuses``, if given).

    The delivery thread, or None when nothing is sent.
    """
    try:
        callback = store.callback(job_id)
        job = store.get(job_id) if callback else None
    except Exception:  # the outcome is recorded; a callback that cannot be read must not undo that
        log.exception("job %s: its callback could not be read", job_id)
        return None
    if not callback or job is None or not job.finished or (statuses and job.status not in statuses):
        return None
    return Delivery.from_config(config).send(callback["url"], payload(job, callback.get("base_url", "")))


def callback_for(url: object, base_url: str, config: Mapping) -> dict:
    """The callback a job stores: ``url`` checked against the settings, and the address its article link uses."""
    if not str(config.get("WEBHOOK_SECRET") or ""):
        raise InputError(messages.WEBHOOKS_OFF(), FIELD, "webhooks_off")
    return {"url": check_callback_url(url, tuple(config.get("WEBHOOK_ALLOWED") or ())), "base_url": base_url}
