"""Generated requests to every endpoint: never a 5xx, always a documented answer.

Hypothesis builds JSON bodies of any shape (wrong types, deep nesting, huge
numbers, control characters, lone surrogates) around the fields the API
knows, form posts with any values, and odd paths and query strings. Each
response must be below 500 and match ``openapi.json``: the documented error
shape, or a valid documented result. Seeded for CI; set FUZZ_EXAMPLES for
a longer run.
"""

from __future__ import annotations

import json
import os
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import make_app
from tests.support.openapi import conforms

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("FUZZ_EXAMPLES"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters that break naive code: controls, surrogates, RTL marks, NUL, emoji, French letters.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec=None, exclude_categories=()),
        st.sampled_from([*"\x00\x1b\u202e\ufeff\ud800\udfff\u00a0«»éÉ.!? \n", "😀"]),
    ),
    max_size=60,
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
    st.sampled_from(["fr", "en", "es", "auto", "xx", "", "lex-rank", "lead", "3", "20%", "0", "native", "2025-02-14"]),
)
JSON = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6
)
GOOD_TEXT = st.sampled_from(["Le chat dort.", "Titre\n\nLe conseil a voté. Le maire a parlé.", "Bonjour"])
FIELD_VALUES = {
    "text": st.one_of(GOOD_TEXT, JSON),
    "texts": st.one_of(st.lists(GOOD_TEXT, max_size=3), JSON),
    "source": st.one_of(st.sampled_from(["fr", "auto", "en"]), JSON),
    "language": st.one_of(st.sampled_from(["fr", "en"]), JSON),
    "targets": st.one_of(st.lists(st.sampled_from(["es", "ca", "ja", "fr", "zz"]), max_size=3), JSON),
    "algorithm": st.one_of(st.sampled_from(["lex-rank", "lead", "kl"]), JSON),
    "length": st.one_of(st.sampled_from(["2", 3, "20%", "0", "-1"]), JSON),
    "summary": st.one_of(st.sampled_from(["aligned", "native"]), JSON),
    "reference_date": st.one_of(st.sampled_from(["2025-02-14", "hier"]), JSON),
}
BODIES = st.one_of(
    st.fixed_dictionaries({}, optional=FIELD_VALUES),
    st.fixed_dictionaries({}, optional=FIELD_VALUES).flatmap(
        lambda known: st.dictionaries(TEXT, JSON, max_size=2).map(lambda extra: {**extra, **known})
    ),
    JSON,
)


@pytest.fixture(scope="module")
def client(tmp_path_factory, argos_dir):
    app = make_app(tmp_path_factory.mktemp("fuzz"), argos_dir, RATELIMIT_ENABLED=False, WTF_CSRF_ENABLED=False)
    return app.test_client()


def check_api(response, path: str, method: str) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if response.status_code >= 400:
        error = response.get_json()["error"]
        assert isinstance(error["code"], str) and isinstance(error["message"], str) and error["message"]
    conforms(response, path, method)


@pytest.mark.parametrize("endpoint", ["/translate", "/summarize", "/articles"])
@FUZZ
@given(body=BODIES)
def test_json_bodies_never_break_the_api(client, endpoint, body):
    raw = json.dumps(body, ensure_ascii=True)  # \\ud800 travels as an escape, as a client would send it
    response = client.post(f"/api/v1{endpoint}", data=raw, content_type="application/json")
    check_api(response, endpoint, "post")


@FUZZ
@given(raw=st.one_of(TEXT, st.binary(max_size=50).map(lambda b: b.decode("latin-1"))), deep=st.integers(1, 5000))
def test_malformed_and_deep_json(client, raw, deep):
    for data in (raw, "[" * deep + "]" * deep, '{"text": ' + "[" * deep + "]" * deep + "}"):
        response = client.post(
            "/api/v1/articles", data=data.encode("utf-8", "surrogatepass"), content_type="application/json"
        )
        check_api(response, "/articles", "post")


@FUZZ
@given(limit=st.one_of(TEXT, st.integers(-(10**20), 10**20).map(str)), article_id=TEXT.filter(lambda s: "/" not in s))
def test_query_strings_and_ids(client, limit, article_id):
    listing = client.get("/api/v1/articles", query_string={"limit": limit.encode("utf-8", "surrogatepass")})
    check_api(listing, "/articles", "get")
    assert len(listing.get_json().get("articles", [])) <= 500
    quoted = "".join(c if c in string.ascii_letters + string.digits else "_" for c in article_id) or "x"
    check_api(client.get(f"/api/v1/articles/{quoted}"), "/articles/{id}", "get")
    check_api(client.delete(f"/api/v1/articles/{quoted}"), "/articles/{id}", "delete")


FORM_VALUES = st.one_of(TEXT, GOOD_TEXT, st.sampled_from(["fr", "auto", "es", "lead", "3", "native", ""]))


@FUZZ
@given(
    form=st.fixed_dictionaries(
        {},
        optional={
            "text": FORM_VALUES,
            "source": FORM_VALUES,
            "targets": st.lists(FORM_VALUES, max_size=3),
            "algorithm": FORM_VALUES,
            "length": FORM_VALUES,
            "summary": FORM_VALUES,
        },
    )
)
def test_form_posts_never_break_the_page(client, form):
    def sendable(value: str) -> str:  # a browser cannot send a lone surrogate: it arrives as U+FFFD
        return value.encode("utf-8", "replace").decode("utf-8")

    data = {k: [sendable(x) for x in v] if isinstance(v, list) else sendable(v) for k, v in form.items()}
    response = client.post("/articles", data=data)
    assert response.status_code in (303, 404, 413, 422, 503), response.status_code
    if response.status_code != 303:
        assert "text/html" in response.headers["Content-Type"]


LIBRE_FIELDS = {
    "q": st.one_of(GOOD_TEXT, st.lists(GOOD_TEXT, max_size=3), JSON),
    "source": st.one_of(st.sampled_from(["fr", "auto", "en", "zz"]), JSON),
    "target": st.one_of(st.sampled_from(["es", "ca", "ja", "fr"]), JSON),
    "format": st.one_of(st.sampled_from(["text", "html"]), JSON),
    "alternatives": JSON,
    "api_key": JSON,
}


@pytest.mark.parametrize("endpoint", ["/translate", "/detect"])
@FUZZ
@given(body=st.one_of(st.fixed_dictionaries({}, optional=LIBRE_FIELDS), JSON))
def test_libretranslate_paths_never_break(client, endpoint, body):
    response = client.post(endpoint, data=json.dumps(body, ensure_ascii=True), content_type="application/json")
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if response.status_code >= 400:
        assert isinstance(response.get_json()["error"], str)
