"""One naming rule for translated files kept for download, and upload names that cannot be names refused (400)."""

from __future__ import annotations

import io
import string
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.pipeline.documents import MAX_FILE_NAME_BYTES, stored_name
from tests.support import make_app

NAMES = [
    "élection présidentielle.txt",
    "_brouillon.txt",
    ".cache.txt",
    "..txt",
    "dépêche AFP n°3.txt",
    "a b'c (2).txt",
    "Ünïcödé-ñame.md",
    "ночь.txt",
    "x" * 150 + ".txt",
]
TOKEN_ALPHABET = string.ascii_letters + string.digits + "-_"


@pytest.fixture(scope="module")
def app(tmp_path_factory, argos_dir):
    return make_app(tmp_path_factory.mktemp("names") / "instance", argos_dir)


def _upload(client, name: str, body: bytes = "Bonjour à tous.".encode()):
    data = {"file": (io.BytesIO(body), name), "source": "fr", "target": "es"}
    return client.post("/translate_file", data=data, content_type="multipart/form-data")


def _download(client, url: str):
    return client.get(urlsplit(url).path)


@pytest.mark.parametrize("name", NAMES)
def test_every_kept_file_can_be_downloaded(app, name):
    client = app.test_client()
    answer = _upload(client, name)
    assert answer.status_code == 200, answer.get_json()
    got = _download(client, answer.get_json()["translatedFileUrl"])
    assert got.status_code == 200 and got.data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    token=st.text(TOKEN_ALPHABET, min_size=16, max_size=16),
    name=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
)
def test_lookup_follows_the_saving_rule(app, token, name):
    """Whatever the token (leading ``-`` or ``_`` included) and the name, what was saved is found again."""
    kept = stored_name(name + ".es.txt")
    folder = __import__("pathlib").Path(app.config["INSTANCE_PATH"]) / "documents" / token
    folder.mkdir(parents=True, exist_ok=True)
    (folder / kept).write_bytes(b"hola")
    with app.test_request_context():
        from flask import url_for

        url = url_for("libre.download_file", token=token, name=kept)
    got = app.test_client().get(url)
    assert got.status_code == 200 and got.data == b"hola"


@given(st.text(min_size=1, max_size=60))
def test_the_rule_is_stable_and_safe(name):
    once = stored_name(name)
    assert stored_name(once) == once
    assert "/" not in once and "\\" not in once and not once.startswith(".")


@pytest.mark.parametrize(
    "path", ["/download_file/../x", "/download_file/short/a.txt", "/download_file/AAAAAAAAAAAAAAAA/..%2Fsecret_key"]
)
def test_lookups_outside_the_rule_are_404_in_json(app, path):
    got = app.test_client().get(path)
    assert got.status_code == 404 and "error" in got.get_json()


BAD_NAMES = ["note\r\nSet-Cookie: x=1.txt", "note\n.txt", "tab\there.txt", "é" * 150 + ".txt", "x" * 300 + ".txt"]


def _multipart(name: str, fields: dict) -> tuple[bytes, str]:
    """A body as a client would send it, the file name in RFC 5987 form (how a line break can travel in it)."""
    from urllib.parse import quote

    boundary = "xyzzy-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="upload.txt"; '
        f"filename*=UTF-8''{quote(name)}\r\nContent-Type: text/plain\r\n\r\n"
    )
    body = "".join(parts).encode() + head.encode() + b"Bonjour." + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_upload_names_are_400(app, name):
    client = app.test_client()
    body, kind = _multipart(name, {"source": "fr", "target": "es"})
    libre = client.post("/translate_file", data=body, content_type=kind)
    assert libre.status_code == 400 and "name" in libre.get_json()["error"], libre.get_json()
    body, kind = _multipart(name, {"target": "es"})
    api = client.post("/api/v1/documents", data=body, content_type=kind)
    assert api.status_code == 400 and api.get_json()["error"]["code"] == "bad_file_name"
    assert len(name.encode()) <= MAX_FILE_NAME_BYTES or "long" in api.get_json()["error"]["message"]


def test_bad_upload_names_on_the_documents_page(tmp_path, argos_dir):
    client = make_app(tmp_path / "instance", argos_dir, WTF_CSRF_ENABLED=False).test_client()
    body, kind = _multipart("a\r\nb.txt", {"source": "fr", "target": "es"})
    page = client.post("/documents", data=body, content_type=kind)
    assert page.status_code == 422 and "control character" in page.get_data(as_text=True)
