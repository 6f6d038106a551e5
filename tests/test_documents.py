"""Documents in, the same documents out, translated: read back with the same libraries (and a browser)."""

from __future__ import annotations

import io
import json
import urllib.request

import pytest
from docx import Document

HTML = (
    '<!doctype html><html lang="fr"><head><title>Le marché</title><style>p { color: red; }</style></head><body>'
    '<p class="lead">Le marché couvert rouvre <em>samedi</em> après les travaux.</p>'
    '<p><a href="https://www.exemple.fr/marche" title="Le nouveau marché">Lire la suite</a></p>'
    '<img src="marche.jpg" alt="Le marché couvert de la ville">'
    '<script>var titre = "Le marché";</script><pre>Le code reste.</pre></body></html>'
)
MARKDOWN = (
    "# Le marché rouvre\n\n- Le marché couvert rouvre samedi.\n- Les commerçants sont ravis.\n\n"
    "```\nLe code reste.\n```\n"
)


def _translate(client, name: str, data: bytes, target: str = "es"):
    response = client.post(
        "/api/v1/documents", data={"file": (io.BytesIO(data), name), "target": target, "source": "fr"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert f".{target}." in response.headers["Content-Disposition"]
    return response


def test_text_keeps_its_layout(client):
    text = "Le chat dort.  Il pleut à Lyon.\n\n\nLa maison est grande.\n"
    out = _translate(client, "note.txt", text.encode()).get_data(as_text=True)
    assert out == "El gato duerme.  Llueve en Lyon.\n\n\nLa casa es grande.\n"


def test_a_text_wrapped_at_a_width_is_translated_by_paragraph_and_wrapped_again(client):
    """A mail or an agency's .txt file wrapped at 60 characters: each sentence goes to the engine whole (the
    words are those of the same text unwrapped), and the translation is wrapped at the same width."""
    import textwrap

    paragraphs = [
        "Le tribunal correctionnel de Lille a condamné mardi un ancien agent immobilier à deux ans de prison, "
        "dont un avec sursis, pour escroquerie et abus de confiance.",
        "Selon le parquet, une quarantaine de familles avaient versé des acomptes pour des appartements qui "
        "n'ont jamais été construits dans la métropole lilloise.",
    ]
    unwrapped = "Escroquerie immobilière à Lille\n\n" + "\n\n".join(paragraphs) + "\n"
    wrapped = "Escroquerie immobilière à Lille\n\n" + "\n\n".join(textwrap.fill(p, 60) for p in paragraphs) + "\n"
    whole = _translate(client, "whole.txt", unwrapped.encode()).get_data(as_text=True)
    out = _translate(client, "wrapped.txt", wrapped.encode()).get_data(as_text=True)
    assert out.split() == whole.split()  # the same translation: no sentence was cut where a line ended
    assert out.count("\n") > whole.count("\n") + 2 and max(len(line) for line in out.split("\n")) <= 60
    assert out.split("\n\n")[0] == whole.split("\n\n")[0]  # the headline, one short line, as it was


def test_markdown_keeps_its_structure(client):
    out = _translate(client, "note.md", MARKDOWN.encode()).get_data(as_text=True).split("\n")
    assert out[0].startswith("# ") and "mercado" in out[0].lower()
    assert out[2].startswith("- ") and out[3].startswith("- ") and "comerciantes" in out[3]
    assert out[5:8] == ["```", "Le code reste.", "```"]  # code untouched


def test_html_keeps_markup_and_translates_attributes(client, tmp_path):
    out = _translate(client, "page.html", HTML.encode()).get_data(as_text=True)
    assert '<p class="lead">' in out and "<em>" in out and 'href="https://www.exemple.fr/marche"' in out
    assert 'title="El mercado nuevo"' in out or 'title="El nuevo mercado"' in out
    assert 'alt="' in out and "Le marché couvert" not in out.split('alt="')[1].split('"')[0]
    assert '<script>var titre = "Le marché";</script>' in out and "<pre>Le code reste.</pre>" in out
    assert "<style>p { color: red; }</style>" in out
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(out)
    assert len(tree.xpath("//p")) == 2 and tree.xpath("//a/@href") == ["https://www.exemple.fr/marche"]


def test_docx_keeps_runs_and_paragraphs(client):
    document = Document()
    first = document.add_paragraph()
    first.add_run("Le marché couvert rouvre ")
    bold = first.add_run("samedi")
    bold.bold = True
    first.add_run(" après les travaux.")
    document.add_paragraph("Les commerçants sont ravis.")
    table = document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "La maison est grande."
    buffer = io.BytesIO()
    document.save(buffer)
    out = Document(io.BytesIO(_translate(client, "note.docx", buffer.getvalue()).data))
    paragraphs = [p for p in out.paragraphs]
    assert len(paragraphs) == 2
    assert "comerciantes" in paragraphs[1].text
    assert any(run.bold and run.text.strip() for run in paragraphs[0].runs)  # the bold run is still bold
    assert "mercado" in paragraphs[0].text.lower()
    assert out.tables[0].rows[0].cells[0].text == "La casa es grande."


def _docx_with_xml(paragraphs: list[str], doctype: str = "") -> bytes:
    """A .docx made by python-docx whose paragraph XML is then edited by hand (entity and character references)."""
    import zipfile

    document = Document()
    for number in range(len(paragraphs)):
        document.add_paragraph(f"PARAGRAPH{number}")
    built = io.BytesIO()
    document.save(built)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(built.getvalue())) as source, zipfile.ZipFile(out, "w") as edited:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                if doctype:
                    xml = xml.replace("<w:document", f"<!DOCTYPE w:document [{doctype}]><w:document", 1)
                for number, paragraph in enumerate(paragraphs):
                    xml = xml.replace(f"<w:t>PARAGRAPH{number}</w:t>", paragraph)
                data = xml.encode("utf-8")
            edited.writestr(item, data)
    return out.getvalue()


def test_docx_paragraphs_with_entity_references_are_translated(client):
    data = _docx_with_xml(
        [
            "<w:t>Le chat dort &amp; la maison est grande.</w:t>",  # predefined entity
            "<w:t>La maison est grande &#233;t&#xE9;.</w:t>",  # character references
            "<w:t>&lm; est grande.</w:t>",  # a declared entity first: the whole paragraph went unseen
            '<w:t xml:space="preserve">Le chat dort </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>&chat;</w:t></w:r>'
            '<w:r><w:t xml:space="preserve"> la maison est grande.</w:t>',  # a run split around a reference
        ],
        '<!ENTITY lm "La maison"><!ENTITY chat "et">',
    )
    out = Document(io.BytesIO(_translate(client, "entities.docx", data).data))
    texts = [p.text for p in out.paragraphs]
    assert texts[0].startswith("El gato duerme") and "casa" in texts[0]
    assert texts[1].startswith("La casa es grande")
    assert texts[2] == "La casa es grande."
    assert texts[3].startswith("El gato duerme") and "casa es grande" in texts[3]
    assert not any("maison" in t or "chat" in t for t in texts)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!ENTITY lm SYSTEM "file:///etc/hostname">',  # external: never read
        "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcd", "bcdl", strict=True))
        + '<!ENTITY a "aaaaaaaaaa"><!ENTITY lm "&l;">',  # billion laughs
    ],
)
def test_docx_entities_that_cannot_be_read_are_reported(client, doctype):
    data = _docx_with_xml(["<w:t>&lm; est grande.</w:t>"], doctype)
    response = client.post("/api/v1/documents", data={"file": (io.BytesIO(data), "e.docx"), "target": "es"})
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "that cannot be read" in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("a.pdf", b"%PDF", "unsupported document type"), ("a.txt", b"", "empty"), ("a.docx", b"not a zip", ".docx")],
)
def test_bad_documents_are_clear_errors(client, name, data, message):
    response = client.post("/api/v1/documents", data={"file": (io.BytesIO(data), name), "target": "es"})
    assert response.status_code == 422 and message in response.get_json()["error"]["message"]


def test_a_document_s_one_target_may_come_under_either_name(client):
    """Its field is "target"; a client used to the JSON endpoints' "targets" is understood, and one with none
    is told which field to fill, not the name it did not send."""
    file = ("Le conseil municipal a voté le budget lundi.\n", "c.txt")
    sent = client.post("/api/v1/documents", data={"file": (io.BytesIO(file[0].encode()), file[1]), "targets": "es"})
    assert sent.status_code == 200, sent.get_data(as_text=True)
    assert "presupuesto" in sent.get_data(as_text=True)
    missing = client.post("/api/v1/documents", data={"file": (io.BytesIO(file[0].encode()), file[1])})
    assert missing.status_code == 422 and missing.get_json()["error"]["field"] == "target"


@pytest.mark.slow
def test_translate_file_like_libretranslate(tmp_path, argos_dir):
    from tests.support.services import gunicorn_server

    with gunicorn_server(tmp_path / "server", {"ARGOS_PACKAGES_DIR": str(argos_dir)}, 1) as (url, _):
        boundary = "----test"
        payload = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nfr\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="target"\r\n\r\nes\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\n'
            "Content-Type: text/plain\r\n\r\nLe chat dort.\r\n"
            f"--{boundary}--\r\n"
        ).encode()
        request = urllib.request.Request(
            url + "/translate_file", data=payload, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            link = json.loads(response.read())["translatedFileUrl"]
        with urllib.request.urlopen(link, timeout=60) as response:
            assert response.read().decode() == "El gato duerme."  # the multipart line end is not the file's


def _csrf(client, path: str) -> str:
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_web_form_downloads_the_translated_document(client):
    page = client.get("/documents").get_data(as_text=True)
    assert "Download translated document" in page and 'name="target"' in page and ".docx" in page
    token = _csrf(client, "/documents")
    response = client.post(
        "/documents",
        data={"csrf_token": token, "file": (io.BytesIO(HTML.encode()), "Marché.html"), "target": "es", "source": "fr"},
    )
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "filename*=UTF-8''March%C3%A9.es.html" in disposition
    body = response.get_data(as_text=True)
    assert '<p class="lead">' in body and "<em>" in body and "mercado" in body.lower()


def test_web_form_document_errors_keep_the_choices(client):
    token = _csrf(client, "/documents")
    missing = client.post("/documents", data={"csrf_token": token, "target": "ca"})
    assert missing.status_code == 422 and "Choose a document" in missing.get_data(as_text=True)
    assert 'value="ca" selected' in missing.get_data(as_text=True)  # the choice is kept
    pdf = client.post("/documents", data={"csrf_token": token, "file": (io.BytesIO(b"%PDF"), "a.pdf"), "target": "es"})
    assert pdf.status_code == 422 and "Files of type .pdf are not supported" in pdf.get_data(
        as_text=True
    )  # the reader's wording
    french = client.get("/documents?lang=fr").get_data(as_text=True)
    assert "Télécharger le document traduit" in french


def test_translated_name():
    from service.pipeline.documents import translated_name

    assert translated_name("article.html", "es") == "article.es.html"
    assert translated_name("dossier/rapport.final.docx", "en") == "rapport.final.en.docx"
    assert translated_name("C:\\Users\\a\\note.md", "de") == "note.de.md"
    assert translated_name("LISEZMOI", "en") == "LISEZMOI.en"


def test_a_wrapped_text_sent_to_translate_keeps_its_sentences_whole(client):
    """``POST /api/v1/translate`` cuts sentences at line breaks; in a text wrapped at a width, a line break is no
    sentence's end: the sentences (and their translations) are those of the same text unwrapped, and each
    sentence's span in the text covers the line breaks inside it."""
    import textwrap

    paragraph = (
        "Le tribunal correctionnel de Lille a condamné mardi un ancien agent immobilier à deux ans de prison, "
        "dont un avec sursis. Selon le porte-parole du parquet, une quarantaine de familles avaient versé des "
        "acomptes pour des appartements qui n'ont jamais été construits."
    )
    wrapped = "Escroquerie immobilière à Lille\n\n" + textwrap.fill(paragraph, 50)

    def sentences(text):
        response = client.post("/api/v1/translate", json={"text": text, "source": "fr", "targets": ["es"]})
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        return body["sentences"], [t["text"] for t in body["targets"]["es"]["sentences"]]

    got, translated = sentences(wrapped)
    expected, expected_translated = sentences("Escroquerie immobilière à Lille\n\n" + paragraph)
    assert [s["text"] for s in got] == [s["text"] for s in expected]
    assert translated == expected_translated
    spans = [wrapped[s["start"] : s["end"]] for s in got]
    assert [" ".join(span.split()) for span in spans] == [s["text"] for s in got] and "\n" in spans[1]
