"""gunicorn settings for this app: its own errors in the API's JSON shape, and "serving" when it is true.

gunicorn answers some requests itself, before the app sees them (request
line or headers too long, malformed chunked bodies) — with an HTML page.
API clients must get the one JSON error shape everywhere, so its error
writer is replaced when the server starts (``--config python:service.web.gunicorn_conf``).

gunicorn listens before its workers have loaded anything; ``scripts/run``
leaves the word "serving" to the first worker that has warmed up.

Workers are gevent's: a connection waits for its bytes in a greenlet, not in
one of a few threads, so slow clients (one byte every five seconds) cannot
take every worker while ``/health`` and everyone else wait. With gthread, ten
such clients held all eight threads of ``scripts/run``'s defaults. A worker
still runs one CPU-bound request at a time (engines hold the core): add
workers for more at once.
"""

from __future__ import annotations

import json
import multiprocessing
import socket
import time

import gunicorn.util

worker_class = "gevent"
worker_connections = 1000  # open connections per worker, most of them waiting cheaply

CODES = {400: "bad_request", 403: "forbidden", 414: "uri_too_long", 417: "expectation_failed", 431: "headers_too_large"}


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's ``util.write_error``, with a JSON body."""
    body = json.dumps(
        {"error": {"code": CODES.get(status_int, "bad_request" if status_int < 500 else "internal_error"),
                   "message": f"{reason.lower()}: {mesg}" if mesg else reason.lower()}}
    ).encode()  # fmt: skip
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1")
    gunicorn.util.write_nonblock(sock, head + body)
    _linger(sock)


def _linger(sock, seconds: float = 2.0, most: int = 1 << 20) -> None:
    """Read what the client is still sending before the socket closes (a lingering close, as Apache does).

    gunicorn answers an oversized request line or header before reading all of it; closing with unread
    bytes makes the kernel reset the connection, and the reset can reach the client before the answer.
    Bounded in time and bytes, so a client that keeps sending cannot hold the worker.
    """
    deadline = time.monotonic() + seconds
    drained = 0
    try:
        sock.shutdown(socket.SHUT_WR)
        while drained < most and (left := deadline - time.monotonic()) > 0:
            sock.settimeout(left)
            chunk = sock.recv(65536)
            if not chunk:
                break
            drained += len(chunk)
    except OSError:
        pass  # the client is gone: nothing left to protect


# Set by the first worker ready to answer; shared with the workers, which fork from the arbiter.
_SERVING = multiprocessing.Value("b", 0)


def on_starting(server) -> None:
    """Install the JSON error writer in the arbiter (workers fork from it and inherit the change)."""
    gunicorn.util.write_error = write_json_error


def say_serving(worker) -> None:
    """ "serving on …" once, when the first worker has warmed up: from then on a request is answered at once."""
    with _SERVING.get_lock():
        if _SERVING.value:
            return
        _SERVING.value = 1
    addresses = ", ".join(f"http://{bind}" for bind in worker.cfg.bind)
    print(f"[run] serving on {addresses}", flush=True)


def post_worker_init(worker) -> None:
    """Before a worker accepts its first request: start its job process, and load the models.

    The first request after a restart then costs what any other does; jobs
    left queued (or running on a worker that died) are picked up at once.
    """
    service = worker.wsgi.extensions["service"]
    if not service.config.get("BROKER_URL") and int(service.config["JOB_WORKERS"]) > 0:
        service.executor.start_process()  # it loads its own models while this worker loads its own
    if service.config.get("WARM_UP"):
        try:
            service.warm()
        except Exception as err:  # a broken model must not stop the worker: requests report it
            worker.log.warning("warm-up failed: %s", err)
    say_serving(worker)


gunicorn.util.write_error = write_json_error  # also when this module is imported by a worker directly
