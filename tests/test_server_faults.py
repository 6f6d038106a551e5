"""The real server under faults: gunicorn's own errors, oversized chunked bodies, a worker killed under load."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlparse

import pytest

from tests.support.services import gunicorn_server, worker_pids

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory, argos_dir):
    instance = tmp_path_factory.mktemp("server-instance")
    with gunicorn_server(
        instance, {"ARGOS_PACKAGES_DIR": str(argos_dir), "SERVICE_API_RATE_LIMIT": "100000/minute"}
    ) as (
        url,
        process,
    ):
        yield url, process, instance


def _raw(url: str, payload: bytes) -> tuple[int, dict, bytes]:
    """Send raw bytes to the server and read its answer."""
    parsed = urlparse(url)
    with socket.create_connection((parsed.hostname, parsed.port), timeout=30) as sock:
        sock.sendall(payload)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /api/v1/languages?" + b"x" * 9000 + b" HTTP/1.1\r\nHost: a\r\n\r\n", 414),
        (b"GET /api/v1/languages HTTP/1.1\r\nHost: a\r\nX-Big: " + b"y" * 9000 + b"\r\n\r\n", 431),
        (b"GET /api/v1/languages HTTP/1.1\r\nHost: a\r\n" + b"X-H: 1\r\n" * 120 + b"\r\n", 431),
        (
            b"POST /api/v1/translate HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\nZZ\r\nbad\r\n",
            400,
        ),
    ],
)
def test_the_servers_own_errors_are_json(server, request_bytes, status):
    url, _, _ = server
    got, headers, body = _raw(url, request_bytes)
    assert got == status and headers["Content-Type"] == "application/json"
    error = json.loads(body)["error"]
    assert error["code"] and error["message"]


def test_a_20_mb_chunked_body_is_413(server):
    url, _, _ = server
    parsed = urlparse(url)
    head = (
        b"POST /api/v1/translate HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    piece = b"a" * (1024 * 1024)
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    with socket.create_connection((parsed.hostname, parsed.port), timeout=60) as sock:
        sock.sendall(head + b'10\r\n{"text": "aaaaaa\r\n')
        try:
            for _ in range(20):
                sock.sendall(chunk)
            sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before the 20 MB were sent: as it should
        data = b""
        try:
            while part := sock.recv(65536):
                data += part
        except ConnectionResetError:
            pass
    status_line, _, rest = data.partition(b"\r\n")
    assert b" 413 " in status_line, data[:300]
    assert json.loads(rest.partition(b"\r\n\r\n")[2])["error"]["code"] == "too_large"


def _post(url: str, text: str) -> tuple[str, object]:
    request = urllib.request.Request(
        url + "/api/v1/articles",
        data=json.dumps({"text": text, "targets": ["es"]}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return "answer", (response.status, json.loads(response.read()))
    except urllib.error.HTTPError as err:
        return "answer", (err.code, json.loads(err.read()))
    except (urllib.error.URLError, ConnectionError, http.client.HTTPException, TimeoutError) as err:
        return "connection", str(err)


def test_a_worker_killed_under_load_loses_no_saved_article(server):
    url, process, instance = server
    results: list[tuple[str, object]] = []
    stop = time.monotonic() + 16
    lock = threading.Lock()

    def client(number: int) -> None:
        sent = 0
        while time.monotonic() < stop and sent < 40:
            text = (
                f"Séance {number}-{sent}\n\nLe conseil numéro {number} a voté {sent} délibérations. Le maire a parlé."
            )
            outcome = _post(url, text)
            with lock:
                results.append(outcome)
            sent += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    time.sleep(5)
    victim = worker_pids(process.pid)[0]
    os.kill(victim, signal.SIGKILL)
    for t in threads:
        t.join()
    answers = [r for kind, r in results if kind == "answer"]
    assert len(answers) >= 20, results[:5]
    assert all(status < 500 for status, _ in answers), [a for a in answers if a[0] >= 500][:3]
    saved = [body["id"] for status, body in answers if status == 201]
    for article_id in saved:
        with urllib.request.urlopen(f"{url}/api/v1/articles/{article_id}", timeout=30) as response:
            assert response.status == 200
    with sqlite3.connect(instance / "articles.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(worker_pids(process.pid)) == 2  # gunicorn replaced the killed worker
