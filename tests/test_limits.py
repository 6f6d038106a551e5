"""A budget for every input, on every path: characters per request, .docx packages, HTML markup, glossaries.

The zip bomb is real (a 1 GiB part deflated to about 1 MB, under the request
size limit) and goes through every upload path of the real app: each answers
a clear 4xx naming the limit, and nothing is inflated.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import pytest
from docx import Document

from service.errors import SourceError, TooLarge
from service.facade import Service
from service.models.glossary import MAX_TERM_CHARS, from_mapping
from service.settings import defaults
from service.text.files import read_source
from service.text.limits import Limits, check_characters, check_docx, check_html, html_counts
from service.translation import placeholders

GIB = 2**30


def _docx(text: str = "Le chat dort.") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _RepeatedBlock:
    """A deflate compressor for a stream of identical chunks: the first chunk's block, reused (fully flushed,
    so each block stands alone); deflating 1 GiB again for every run would take ten seconds."""

    def __init__(self, chunk: bytes):
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
        self.last = compressor.flush()

    def compress(self, data: bytes) -> bytes:
        return self.block

    def flush(self) -> bytes:
        return self.last


@pytest.fixture(scope="module")
def docx_bomb() -> bytes:
    """A real .docx with one more part: 1 GiB of zeros, deflated to about 1 MB."""
    buffer = io.BytesIO(_docx())
    chunk = bytes(2**20)
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as package,
        package.open("word/media/image1.png", "w", force_zip64=True) as part,
    ):
        part._compressor = _RepeatedBlock(chunk)
        for _ in range(GIB // len(chunk)):
            part.write(chunk)
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as package, package.open("word/media/image1.png") as part:
        assert len(part.read(2**21)) == 2**21  # a valid part: it inflates
    assert len(data) < int(defaults()["MAX_REQUEST_BYTES"])  # it passes the request size limit
    return data


def _csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_docx_bomb_refused_before_it_is_opened(docx_bomb):
    with pytest.raises(TooLarge) as caught:
        check_docx(docx_bomb, Limits())
    assert caught.value.detail.key == "docx_too_large" and "inflate to 1025 MB" in caught.value.message
    check_docx(_docx(), Limits())  # an ordinary document passes


def test_docx_bomb_refused_on_every_upload_path(client, docx_bomb):
    api = client.post("/api/v1/documents", data={"file": (io.BytesIO(docx_bomb), "a.docx"), "target": "es"})
    assert api.status_code == 413 and api.get_json()["error"]["code"] == "too_large"
    assert "inflate to 1025 MB" in api.get_json()["error"]["message"]

    libre = client.post("/translate_file", data={"file": (io.BytesIO(docx_bomb), "a.docx"), "target": "es"})
    assert libre.status_code == 413 and "inflate" in libre.get_data(as_text=True)

    token = _csrf(client, "/documents")
    page = client.post(
        "/documents", data={"csrf_token": token, "file": (io.BytesIO(docx_bomb), "a.docx"), "target": "es"}
    )
    assert page.status_code == 422 and "inflate to 1025 MB" in page.get_data(as_text=True)

    token = _csrf(client, "/")
    form = client.post("/articles", data={"csrf_token": token, "text": "", "file": (io.BytesIO(docx_bomb), "a.docx")})
    assert form.status_code == 422 and "inflate to 1025 MB" in form.get_data(as_text=True)

    with pytest.raises(SourceError, match="inflate"):  # the batch's reader
        read_source("a.docx", docx_bomb)


def test_docx_with_too_many_parts():
    buffer = io.BytesIO(_docx())
    with zipfile.ZipFile(buffer, "a") as package:
        for i in range(30):
            package.writestr(f"extra/item{i}.xml", "<a/>")
    with pytest.raises(TooLarge, match="parts"):
        check_docx(buffer.getvalue(), Limits(docx_parts=20))


# -- HTML ----------------------------------------------------------------------------------------------------------


def test_html_counts():
    assert html_counts('<p class="a" id=b hidden>x</p><img src="a>b" alt=\'c\'/><br>') == (3, 5)
    assert html_counts("a < b and <3 <!-- <p x> -->") == (1, 1)  # comments are not skipped: a bound, not a parse


def test_html_with_150000_attributes_refused_before_any_extractor(client):
    page = "<html><body><p " + " ".join(f"a{i}" for i in range(150_000)) + ">Texte.</p></body></html>"
    with pytest.raises(TooLarge, match="150000 attributes"):
        check_html(page, Limits())
    with pytest.raises(SourceError, match="attributes"):
        read_source("page.html", page.encode())
    token = _csrf(client, "/")
    form = client.post(
        "/articles", data={"csrf_token": token, "text": "", "file": (io.BytesIO(page.encode()), "page.html")}
    )
    assert form.status_code == 422 and "150000 attributes" in form.get_data(as_text=True)
    many = "<div>" * 60_000
    api = client.post("/api/v1/documents", data={"file": (io.BytesIO(many.encode()), "a.html"), "target": "es"})
    assert api.status_code == 413 and "60000 elements" in api.get_json()["error"]["message"]


# -- characters per request ----------------------------------------------------------------------------------------


def test_character_budget_counts_every_item():
    check_characters(["a" * 10, "b" * 10], 20)
    with pytest.raises(TooLarge) as caught:
        check_characters(["a" * 10, "b" * 11], 20)
    assert caught.value.detail.key == "request_too_long"


def test_character_budget_on_lists_and_documents(client, app):
    limit = 3000
    app.config["MAX_TEXT_CHARS"] = limit
    texts = ["Le chat dort."] * (limit // 13 + 1)  # each item is short; together they are over
    api = client.post("/api/v1/translate", json={"texts": texts, "targets": ["es"], "source": "fr"})
    assert api.status_code == 413 and api.get_json()["error"]["code"] == "too_large"
    libre = client.post("/translate", json={"q": texts, "source": "fr", "target": "es"})
    assert libre.status_code == 413
    long_txt = ("Le chat dort. " * (limit // 14 + 1)).encode()
    document = client.post("/api/v1/documents", data={"file": (io.BytesIO(long_txt), "a.txt"), "target": "es"})
    assert document.status_code == 413
    word = client.post(
        "/api/v1/documents", data={"file": (io.BytesIO(_docx("Le chat dort. " * 300)), "a.docx"), "target": "es"}
    )
    assert word.status_code == 413
    short = client.post("/api/v1/translate", json={"texts": texts[:10], "targets": ["es"], "source": "fr"})
    assert short.status_code == 200


def test_character_budget_on_uploaded_article(app):
    service: Service = app.extensions["service"]
    service.config["MAX_TEXT_CHARS"] = 100
    text = read_source("a.txt", ("Le chat dort. " * 20).encode()).text
    with pytest.raises(TooLarge):
        service.summarize(text, service.options({}))


# -- glossaries ----------------------------------------------------------------------------------------------------


def test_glossary_terms_are_bounded():
    with pytest.raises(Exception, match="at most 200 characters"):
        from_mapping({"entries": [{"term": "x" * (MAX_TERM_CHARS + 1)}]})


def test_pattern_cache_is_bounded():
    placeholders._term_pattern.cache_clear()
    for i in range(placeholders.PATTERN_CACHE_SIZE + 500):
        placeholders.find_spans("Le chat dort.", {f"terme{i}": None})
    info = placeholders._term_pattern.cache_info()
    assert info.currsize == placeholders.PATTERN_CACHE_SIZE == info.maxsize
