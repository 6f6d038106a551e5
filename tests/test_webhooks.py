"""Job completion webhooks, received by a real HTTP server on 127.0.0.1: signed, retried, private addresses refused."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from service.jobs.webhooks import Delivery
from tests.support import make_app

SECRET = "s3cret-for-tests"
WEBHOOKS = {"WEBHOOK_SECRET": SECRET, "WEBHOOK_ALLOWED": ["127.0.0.1"], "WEBHOOK_BACKOFF_SECONDS": 0.05,
            "WEBHOOK_TIMEOUT": 5.0}  # fmt: skip


class Receiver:
    """An HTTP server on 127.0.0.1 that records each POST, answering 500 to the first ``failures`` of them."""

    def __init__(self, failures: int = 0):
        self.calls: list[tuple[dict, bytes]] = []
        self.failures = failures
        self.got = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.got:
                    receiver.calls.append((dict(self.headers), body))
                    failing = len(receiver.calls) <= receiver.failures
                    receiver.got.notify_all()
                self.send_response(500 if failing else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self, count: int, timeout: float = 120.0) -> list[tuple[dict, bytes]]:
        with self.got:
            self.got.wait_for(lambda: len(self.calls) >= count, timeout)
            return list(self.calls)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def hooked(tmp_path, argos_dir):
    return make_app(tmp_path / "instance", argos_dir, **WEBHOOKS).test_client()


def _verified(headers: dict, body: bytes) -> dict:
    """The body, once its signature and timestamp are checked as a receiver should."""
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Signature"], expected)
    content = json.loads(body)
    assert str(content["sent_at"]) == headers["X-Webhook-Timestamp"]
    assert abs(time.time() - content["sent_at"]) < 300  # a receiver refuses older ones: no replays
    assert headers["Content-Type"] == "application/json"
    return content


def test_a_finished_job_posts_a_signed_callback(hooked, receiver, sample_text):
    response = hooked.post("/api/v1/jobs", json={"text": sample_text, "targets": ["es"], "callback_url": receiver.url})
    assert response.status_code == 202, response.get_data(as_text=True)
    job_id = response.get_json()["id"]
    [(headers, body)] = receiver.wait(1)
    content = _verified(headers, body)
    assert content["job_id"] == job_id and content["status"] == "done" and content["error"] is None
    assert content["article"] == f"http://localhost/api/v1/articles/{content['article_id']}"
    assert hooked.get(content["article"]).status_code == 200
    tampered = body.replace(b'"done"', b'"failed"')
    with pytest.raises(AssertionError):
        _verified(headers, tampered)


def test_a_failing_receiver_is_retried_with_back_off(hooked, sample_text):
    receiver = Receiver(failures=2)
    try:
        response = hooked.post(
            "/api/v1/articles",
            json={"text": sample_text, "targets": ["es"], "callback_url": receiver.url},
            headers={"Prefer": "respond-async"},
        )
        assert response.status_code == 202 and response.headers["Preference-Applied"] == "respond-async"
        calls = receiver.wait(3)
        assert len(calls) == 3  # two 500s, then a 204
        contents = [_verified(h, b) for h, b in calls]
        assert {c["job_id"] for c in contents} == {response.get_json()["id"]}
        assert all(c["status"] == "done" for c in contents)
        time.sleep(0.3)
        assert len(receiver.calls) == 3  # nothing more once one got through
    finally:
        receiver.close()


def test_a_cancelled_job_is_announced(tmp_path, argos_dir, receiver, sample_text):
    client = make_app(tmp_path / "instance", argos_dir, JOB_WORKERS=0, **WEBHOOKS).test_client()  # stays queued
    response = client.post("/api/v1/jobs", json={"text": sample_text, "targets": ["es"], "callback_url": receiver.url})
    assert client.delete(response.headers["Location"]).status_code == 200
    [(headers, body)] = receiver.wait(1)
    assert _verified(headers, body)["status"] == "cancelled"
    assert client.delete(response.headers["Location"]).status_code == 200  # cancelling again changes nothing
    time.sleep(0.2)
    assert len(receiver.calls) == 1  # announced once


def test_delivery_gives_up_after_its_attempts():
    receiver = Receiver(failures=100)
    waits: list[float] = []
    try:
        delivery = Delivery(SECRET, ("127.0.0.1",), attempts=4, backoff=0.5, timeout=5.0)
        assert delivery.deliver(receiver.url, {"job_id": "x"}, sleep=waits.append) is False
        assert len(receiver.calls) == 4 and waits == [0.5, 1.0, 2.0]
    finally:
        receiver.close()


@pytest.mark.parametrize(
    ("url", "allowed", "code"),
    [
        ("http://10.1.2.3/hook", ["127.0.0.1"], "bad_callback_url"),  # private
        ("http://127.0.0.1:9/hook", [], "bad_callback_url"),  # loopback, not allowed on this server
        ("http://[::1]/hook", ["127.0.0.1"], "bad_callback_url"),
        ("http://169.254.169.254/latest/meta-data", ["127.0.0.1"], "bad_callback_url"),  # link-local
        ("http://240.0.0.1/", [], "bad_callback_url"),  # reserved
        ("http://0.0.0.0/", [], "bad_callback_url"),
        ("http://localhost/hook", [], "bad_callback_url"),  # resolves to loopback
        ("ftp://127.0.0.1/hook", ["127.0.0.1"], "bad_callback_url"),
        ("file:///etc/passwd", ["127.0.0.1"], "bad_callback_url"),
        ("not a url", [], "bad_callback_url"),
        (42, [], "bad_callback_url"),
    ],
)
def test_refused_callback_urls(tmp_path, argos_dir, sample_text, url, allowed, code):
    config = {**WEBHOOKS, "WEBHOOK_ALLOWED": allowed}
    client = make_app(tmp_path / "instance", argos_dir, **config).test_client()
    response = client.post("/api/v1/jobs", json={"text": sample_text, "targets": ["es"], "callback_url": url})
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == code and error["field"] == "callback_url"
    assert client.get("/api/v1/jobs/none").status_code == 404


def test_callbacks_need_a_secret(client, sample_text):
    response = client.post(
        "/api/v1/jobs", json={"text": sample_text, "targets": ["es"], "callback_url": "http://127.0.0.1/hook"}
    )
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "webhooks_off"
