"""Who may do what: the shared secret, API keys, rate limits, private saved articles, cookies."""

from __future__ import annotations

import multiprocessing
import re
import uuid

import pytest

from service.web.security import secret_key
from tests.support import make_app
from tests.support.services import redis_server

KEY = "k-" + "7" * 30


def _race(folder: str, barrier, results) -> None:
    from pathlib import Path

    barrier.wait()
    results.put(secret_key(Path(folder)))


def test_secret_key_is_created_once_under_concurrent_start(tmp_path):
    context = multiprocessing.get_context("fork")
    for round_number in range(5):
        folder = tmp_path / f"instance-{round_number}"
        folder.mkdir()
        barrier, results = context.Barrier(12), context.Queue()
        processes = [context.Process(target=_race, args=(str(folder), barrier, results)) for _ in range(12)]
        for p in processes:
            p.start()
        keys = [results.get(timeout=30) for _ in processes]
        for p in processes:
            p.join()
        assert len(set(keys)) == 1 and len(keys[0]) == 64, keys
        assert [p.name for p in folder.iterdir()] == ["secret_key"]  # no temporary file left behind


def _make(tmp_path, argos_dir, **config):
    return make_app(tmp_path / "instance", argos_dir, **config)


def test_invalid_keys_do_not_escape_the_rate_limit(tmp_path, argos_dir):
    app = _make(tmp_path, argos_dir, API_KEYS=[KEY], API_RATE_LIMIT="3/minute")
    client = app.test_client()
    answers = [client.get("/api/v1/languages", headers={"X-API-Key": uuid.uuid4().hex}).status_code for _ in range(5)]
    assert answers == [401, 401, 401, 429, 429]  # guessing keys is limited by address
    assert client.get("/api/v1/languages", headers={"X-API-Key": KEY}).status_code == 200  # a valid key: own bucket
    assert all(client.get("/api/v1/health").status_code == 200 for _ in range(10))  # monitoring is never limited


def test_rate_limit_is_shared_through_redis(tmp_path, argos_dir):
    with redis_server(tmp_path / "redis") as url:
        first = _make(tmp_path / "a", argos_dir, API_RATE_LIMIT="3/minute", RATELIMIT_STORAGE_URI=url).test_client()
        second = _make(tmp_path / "b", argos_dir, API_RATE_LIMIT="3/minute", RATELIMIT_STORAGE_URI=url).test_client()
        codes = [c.get("/api/v1/languages").status_code for c in (first, second, first, second)]
        assert codes == [200, 200, 200, 429]  # two workers (or machines), one budget


def test_the_broker_redis_shares_rate_limits_when_no_storage_is_named(tmp_path, argos_dir):
    with redis_server(tmp_path / "redis") as url:
        apps = [_make(tmp_path / n, argos_dir, API_RATE_LIMIT="2/minute", BROKER_URL=url) for n in "ab"]
        codes = [app.test_client().get("/api/v1/languages").status_code for app in (*apps, apps[0])]
        assert codes == [200, 200, 429]


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_saved_articles_are_private_when_keys_are_configured(tmp_path, argos_dir, sample_text):
    app = _make(tmp_path, argos_dir, API_KEYS=[KEY])
    api = app.test_client()
    created = api.post("/api/v1/articles", json={"text": sample_text, "targets": ["es"]}, headers={"X-API-Key": KEY})
    article_id = created.get_json()["id"]
    browser = app.test_client()
    for path in ("/", "/articles", f"/articles/{article_id}", f"/articles/{article_id}/export.json"):
        response = browser.get(path)
        assert response.status_code == 303 and "/login" in response.headers["Location"], path
    assert browser.post(f"/articles/{article_id}/delete").status_code in (400, 401)  # no CSRF token, no session
    assert api.get(f"/articles/{article_id}/export.json", headers={"X-API-Key": KEY}).status_code == 200
    login = browser.get(f"/login?next=/articles/{article_id}")
    wrong = browser.post("/login", data={"csrf_token": _token(login.get_data(as_text=True)), "key": "guess"})
    assert wrong.status_code == 401
    right = browser.post(
        "/login",
        data={"csrf_token": _token(login.get_data(as_text=True)), "key": KEY, "next": f"/articles/{article_id}"},
    )
    assert right.status_code == 303 and right.headers["Location"].endswith(f"/articles/{article_id}")
    cookie = right.headers["Set-Cookie"]
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
    assert browser.get(f"/articles/{article_id}/export.md").status_code == 200
    fresh = browser.get("/login").get_data(as_text=True)  # signing in rotated the session and its CSRF secret
    elsewhere = browser.post("/login", data={"csrf_token": _token(fresh), "key": KEY, "next": "//evil.example/x"})
    assert elsewhere.headers["Location"] == "/"  # never sent off-site after signing in
    page = browser.get("/").get_data(as_text=True)
    assert browser.post("/logout", data={"csrf_token": _token(page)}).status_code == 303
    assert browser.get("/articles").status_code == 303


def test_pages_are_open_without_keys(tmp_path, argos_dir):
    client = _make(tmp_path, argos_dir).test_client()
    assert client.get("/articles").status_code == 200


@pytest.mark.parametrize("header", ["X-API-Key"])
def test_api_key_comparison_accepts_only_exact_keys(tmp_path, argos_dir, header):
    client = _make(tmp_path, argos_dir, API_KEYS=[KEY, "second-key"]).test_client()
    for candidate, status in ((KEY, 200), ("second-key", 200), (KEY[:-1], 401), (KEY + "x", 401), ("", 401)):
        assert client.get("/api/v1/languages", headers={header: candidate}).status_code == status, candidate
