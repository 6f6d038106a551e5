"""Translated HTML documents: markup given back byte for byte, ``lang`` set, inline elements inside their sentence."""

from __future__ import annotations

import io

import pytest

from service.pipeline.documents import html_layout

SCRIPT = '<script>if (a < b && c > d) { x = "Le marché & <b>"; }</script>'
STYLE = "<style>p > em::after { content: '&'; }</style>"
PI = '<?xml-stylesheet href="a.css" type="text/css"?>'
CDATA = "<![CDATA[ x < y && Le marché ]]>"
COMMENT = "<!-- Le marché &amp; -->"
PAGE = (
    f'<!DOCTYPE html>\n{PI}<html lang="fr" xml:lang="fr"><head><title>Le marché</title>{STYLE}</head>\n<body>'
    f"<p>Le chat dort.</p>{SCRIPT}{CDATA}{COMMENT}"
    "<p>La <strong>maison</strong> est grande.</p>"
    "<p>Le 26<sup>e</sup> festival commence.</p>"
    "</body></html>"
)


def _translate(client, page: str, target: str = "es") -> str:
    data = {"file": (io.BytesIO(page.encode()), "page.html"), "target": target, "source": "fr"}
    answer = client.post("/api/v1/documents", data=data)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_data(as_text=True)


def test_scripts_styles_processing_instructions_and_cdata_are_byte_identical(client):
    out = _translate(client, PAGE)
    for kept in (SCRIPT, STYLE, PI, CDATA, COMMENT, "<!DOCTYPE html>\n"):
        assert kept in out, kept
    assert "El gato duerme." in out


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ('<html lang="fr"><body><p>Le chat dort.</p></body></html>', '<html lang="es">'),
        ("<html><body><p>Le chat dort.</p></body></html>", '<html lang="es">'),
        ("<HTML LANG='fr' class=x><body><p>Le chat dort.</p></body></HTML>", '<HTML lang="es" class=x>'),
    ],
)
def test_html_lang_names_the_target(client, page, expected):
    assert expected in _translate(client, page)


def test_xml_lang_too(client):
    out = _translate(client, PAGE)
    assert '<html lang="es" xml:lang="es">' in out


def test_inline_elements_stay_inside_their_sentence(client):
    out = _translate(client, "<p>La <strong>maison</strong> est grande.</p><p>Le chat <em>dort</em>.</p>")
    # One sentence each: the whole sentence is translated, and the tags wrap what their words became.
    assert "<p>La <strong>casa</strong> es grande.</p>" in out
    assert "<p>El gato <em>duerme</em>.</p>" in out


def test_a_tag_inside_a_word_is_not_translated_alone(client):
    out = _translate(client, "<p>Le 26<sup>e</sup> festival commence.</p>")
    assert "And" not in out and "<sup>y</sup>" not in out.lower() and "Y</sup>" not in out
    assert "festival" in out and "26" in out


def test_a_name_in_bold_opens_its_sentence(client):
    out = _translate(client, "<p><strong>Martin</strong> a ouvert la séance.</p>")
    assert out.startswith("<p><strong>Martin</strong> ")
    assert "abierto" in out or "abrió" in out


def test_the_layout_makes_one_piece_per_sentence_run():
    pieces = html_layout("<p>La <strong>maison</strong> est grande.</p><p>Le 26<sup>e</sup> festival.</p>")
    assert pieces.texts[0] == "La maison est grande." and pieces.texts[2] == "Le 26e festival."
    assert "e" not in [t for t in pieces.texts[:1]]


def test_libretranslate_html_format_too(client):
    body = {"q": '<p>La <strong>maison</strong> est grande.</p><script>a<b</script>', "source": "fr", "target": "es",
            "format": "html"}  # fmt: skip
    out = client.post("/translate", json=body).get_json()["translatedText"]
    assert out == "<p>La <strong>casa</strong> es grande.</p><script>a<b</script>"
