"""Slow clients cannot starve the others: ten connections dripping a byte at a time, and /health still answers.

Against the real server as ``scripts/run`` starts it (gunicorn with
``service.web.gunicorn_conf``, two workers), on 127.0.0.1. Each slow client
sends a request line and then one byte every few seconds; with gthread
workers the ten of them held every thread (two workers of four) and
``/health`` waited for as long as they dripped. The wait is bounded by a
socket timeout that only starvation reaches: no timing is asserted.
"""

from __future__ import annotations

import socket
import threading
import urllib.request

from tests.support.services import gunicorn_server

SLOW_CLIENTS = 10
DRIP_SECONDS = 5.0
HEALTH_TIMEOUT = 60.0  # starved, /health waits as long as the clients drip (they drip until it answers)


def _drip(url: str, stop: threading.Event, opened: list) -> None:
    """One slow client: a POST whose body comes a byte every DRIP_SECONDS, until ``stop``."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        head = (
            "POST /api/v1/translate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n"
        )
        sock.sendall(head.encode())
        opened.append(sock)
        while not stop.wait(DRIP_SECONDS):
            try:
                sock.sendall(b"X-Slow: 1\r\n"[:1])
            except OSError:
                return


def test_ten_slow_clients_do_not_starve_health(tmp_path, argos_dir):
    with gunicorn_server(tmp_path / "server", {"ARGOS_PACKAGES_DIR": str(argos_dir), "SERVICE_WARM_UP": "0"}) as (
        url,
        _,
    ):
        stop = threading.Event()
        opened: list = []
        clients = [threading.Thread(target=_drip, args=(url, stop, opened), daemon=True) for _ in range(SLOW_CLIENTS)]
        for client in clients:
            client.start()
        try:
            while len(opened) < SLOW_CLIENTS and any(c.is_alive() for c in clients):
                stop.wait(0.05)
            stop.wait(DRIP_SECONDS + 1)  # every slow client has been taken by a worker and has dripped once
            with urllib.request.urlopen(url + "/api/v1/health", timeout=HEALTH_TIMEOUT) as response:
                assert response.status in (200, 503)  # an answer (503: no engine), not a timeout
            request = urllib.request.Request(
                url + "/api/v1/translate",
                data=b'{"text": "Le chat dort.", "source": "fr", "targets": ["es"]}',
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=HEALTH_TIMEOUT) as response:
                assert b"gato" in response.read()
        finally:
            stop.set()
            for client in clients:
                client.join(timeout=DRIP_SECONDS + 5)
