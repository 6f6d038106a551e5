"""Sessions that end, sign-in that cannot be guessed at speed, and no work done for another site's page."""

from __future__ import annotations

import re

import pytest

from service.web.security import local_path
from tests.support import make_app

KEY = "a-long-enough-test-key"
OFF_SITE = [
    "/\t/evil.example",
    "/%09/evil.example".replace("%09", "\t"),
    "/\r\n/evil.example",
    "//evil",
    "\\\\evil",
    "/\\evil",
    "/ /evil",
    "https://evil.example/",
    "javascript:alert(1)",
    "http:/evil",
    "evil.example",
    "",
]


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _sign_in(client, key=KEY, next_path=None):
    page = client.get("/login").get_data(as_text=True)
    data = {"csrf_token": _token(page), "key": key}
    if next_path is not None:
        data["next"] = next_path
    return client.post("/login", data=data)


@pytest.mark.parametrize("target", OFF_SITE)
def test_next_accepts_local_paths_only(target):
    assert local_path(target) is None


@pytest.mark.parametrize("target", ["/", "/articles", "/articles/abc?lang=fr", "/jobs/x#top"])
def test_next_keeps_local_paths(target):
    assert local_path(target) == target


@pytest.mark.parametrize("target", OFF_SITE)
def test_sign_in_never_leads_off_site(tmp_path, argos_dir, target):
    client = make_app(tmp_path / "instance", argos_dir, API_KEYS=[KEY]).test_client()
    answer = _sign_in(client, next_path=target)
    assert answer.status_code == 303 and answer.headers["Location"] == "/"


def test_sign_in_attempts_are_rate_limited(tmp_path, argos_dir):
    client = make_app(tmp_path / "instance", argos_dir, API_KEYS=[KEY], LOGIN_RATE_LIMIT="3/minute").test_client()
    page = client.get("/login").get_data(as_text=True)
    codes = [client.post("/login", data={"csrf_token": _token(page), "key": f"guess{i}"}).status_code for i in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    assert client.post("/login", data={"csrf_token": _token(page), "key": KEY}).status_code == 429  # even the key
    assert client.get("/login").status_code == 200  # the page itself stays readable


def _session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_a_copied_session_cookie_stops_working_after_sign_out(tmp_path, argos_dir):
    app = make_app(tmp_path / "instance", argos_dir, API_KEYS=[KEY])
    browser = app.test_client()
    assert _sign_in(browser).status_code == 303
    stolen = _session_cookie(browser)
    assert browser.get("/articles").status_code == 200
    page = browser.get("/").get_data(as_text=True)
    assert browser.post("/logout", data={"csrf_token": _token(page)}).status_code == 303
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    answer = thief.get("/articles")
    assert answer.status_code == 303 and "/login" in answer.headers["Location"]


def test_removing_a_key_ends_its_sessions(tmp_path, argos_dir):
    app = make_app(tmp_path / "instance", argos_dir, API_KEYS=[KEY, "another-key-entirely"])
    browser = app.test_client()
    _sign_in(browser)
    assert browser.get("/articles").status_code == 200
    app.config["API_KEYS"] = ["another-key-entirely"]
    assert browser.get("/articles").status_code == 303


def test_sessions_are_independent(tmp_path, argos_dir):
    app = make_app(tmp_path / "instance", argos_dir, API_KEYS=[KEY])
    first, second = app.test_client(), app.test_client()
    _sign_in(first)
    _sign_in(second)
    page = first.get("/").get_data(as_text=True)
    first.post("/logout", data={"csrf_token": _token(page)})
    assert second.get("/articles").status_code == 200  # signing out here does not sign out elsewhere


CROSS_SITE = [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:8080"},
    {"Origin": "http://localhost", "Sec-Fetch-Site": "cross-site"},
]
SAME_SITE = [{}, {"Origin": "http://localhost"}, {"Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}]


@pytest.fixture
def open_client(tmp_path, argos_dir):
    """The open configuration (no keys), the one a page on another site could drive."""
    return make_app(tmp_path / "instance", argos_dir).test_client()


def _libre_form(client, headers):
    return client.post("/translate", data={"q": "Bonjour.", "source": "fr", "target": "es"}, headers=headers)


def _libre_file(client, headers):
    import io

    files = {"file": (io.BytesIO(b"Bonjour."), "note.txt"), "source": "fr", "target": "es"}
    return client.post("/translate_file", data=files, headers=headers, content_type="multipart/form-data")


def _api_translate(client, headers):
    return client.post("/api/v1/translate", json={"text": "Bonjour.", "targets": ["es"]}, headers=headers)


def _glossary(client, headers):
    entries = [{"term": "Élysée", "translations": {"es": "Elíseo"}}]
    return client.put("/api/v1/glossaries/g", json={"entries": entries}, headers=headers)


ROUTES = [_libre_form, _libre_file, _api_translate, _glossary]


@pytest.mark.parametrize("headers", CROSS_SITE)
@pytest.mark.parametrize("call", ROUTES)
def test_cross_site_requests_are_refused(open_client, call, headers):
    answer = call(open_client, headers)
    assert answer.status_code == 403, answer.get_data(as_text=True)
    assert answer.is_json  # in each API's own error shape
    assert "Access-Control-Allow-Origin" not in answer.headers


@pytest.mark.parametrize("headers", SAME_SITE)
@pytest.mark.parametrize("call", ROUTES)
def test_same_site_and_non_browser_requests_pass(open_client, call, headers):
    assert call(open_client, headers).status_code == 200


def test_cross_site_form_posts_to_pages_are_refused_before_any_work(tmp_path, argos_dir):
    client = make_app(tmp_path / "instance", argos_dir, WTF_CSRF_ENABLED=False).test_client()
    data = {"text": "Bonjour tout le monde.", "targets": "es"}
    assert client.post("/articles", data=data, headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.post("/articles", data=data, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post("/articles", data=data).status_code == 303


def test_cors_origins_allow_named_sites_on_the_apis_only(tmp_path, argos_dir):
    app = make_app(tmp_path / "instance", argos_dir, CORS_ORIGINS=["https://app.example"], WTF_CSRF_ENABLED=False)
    client = app.test_client()
    friend = {"Origin": "https://app.example", "Sec-Fetch-Site": "cross-site"}
    answer = _libre_form(client, friend)
    assert answer.status_code == 200 and answer.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert _api_translate(client, friend).status_code == 200
    preflight = client.options("/translate", headers={**friend, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 200 and "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert _libre_form(client, {"Origin": "https://other.example"}).status_code == 403
    assert client.post("/articles", data={"text": "Bonjour."}, headers=friend).status_code == 403  # never the pages


def test_any_origin_as_libretranslate_does(tmp_path, argos_dir):
    client = make_app(tmp_path / "instance", argos_dir, CORS_ORIGINS=["*"]).test_client()
    answer = _libre_form(client, {"Origin": "https://anywhere.example"})
    assert answer.status_code == 200 and answer.headers["Access-Control-Allow-Origin"] == "*"


def test_idempotency_keys_are_scoped_per_api_key(tmp_path, argos_dir, sample_text):
    client = make_app(tmp_path / "instance", argos_dir, API_KEYS=[KEY, "second-key-here"]).test_client()
    body = {"text": sample_text, "targets": ["es"]}
    first = client.post("/api/v1/jobs", json=body, headers={"X-API-Key": KEY, "Idempotency-Key": "k1"})
    again = client.post("/api/v1/jobs", json=body, headers={"X-API-Key": KEY, "Idempotency-Key": "k1"})
    other = client.post("/api/v1/jobs", json=body, headers={"X-API-Key": "second-key-here", "Idempotency-Key": "k1"})
    assert first.status_code == 202 and again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"]
    assert other.status_code == 202 and other.get_json()["id"] != first.get_json()["id"]
