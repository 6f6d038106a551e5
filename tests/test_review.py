"""The review desk: sentences corrected in place, their history, the translation memory, the doubt workflow.

Through the real pipeline (Apertium fr→es, fr→ca) and the real stores; the memory's matching is also
tested alone, as pure logic.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from service.storage.memory_index import FUZZY_THRESHOLD, FuzzyIndex, normalise
from tests.support import make_app
from tests.test_web import csrf_token

FIRST = (
    "Le conseil municipal vote le budget\n\n"
    "Lyon, lundi 3 mars 2025\n\n"
    "Le conseil municipal de Lyon a voté lundi le budget de la ville pour l'année prochaine. "
    "Les habitants attendaient ce vote depuis plusieurs semaines. "
    "La maire a salué un budget responsable. "
    "L'opposition a dénoncé une hausse des impôts locaux."
)
SECOND = (
    "Budget de Lyon : les réactions\n\n"
    "Le conseil municipal de Lyon a voté lundi le budget de la ville pour l'année prochaine. "
    "Les habitants attendaient ce vote depuis plusieurs semaines. "
    "Les commerçants du centre ont réagi mardi. "
    "L'opposition a dénoncé une forte hausse des impôts locaux."
)


@pytest.fixture(scope="module")
def shared_translator(tmp_path_factory, argos_dir):
    """One translator (and its live Apertium pipelines) for the module: each test's app has its own stores."""
    return make_app(tmp_path_factory.mktemp("translator"), argos_dir).extensions["service"].translator


@pytest.fixture
def app(tmp_path, argos_dir, shared_translator):
    """A fresh app (its own articles, memory and jobs) over the module's translator."""
    app = make_app(tmp_path / "instance", argos_dir)
    app.extensions["service"].translator = shared_translator
    return app


def _article(client, text: str, targets=("es",)) -> dict:
    response = client.post("/api/v1/articles", json={"text": text, "targets": list(targets)})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _body_number(document: dict, contains: str) -> int:
    """The 1-based number of the first sentence containing ``contains``."""
    return next(s["index"] for s in document["sentences"] if contains in s["text"]) + 1


def test_a_correction_is_stored_with_its_history_and_wins_everywhere(client):
    document = _article(client, FIRST, ("es", "ca"))
    article = document["id"]
    number = _body_number(document, "La maire")
    url = f"/api/v1/articles/{article}/sentences/es/{number}"
    before = client.get(url).get_json()
    assert before["source"] == "La maire a salué un budget responsable."
    assert before["translation"]["state"] == "machine"

    changed = client.patch(url, json={"text": "La alcaldesa elogió un presupuesto responsable.", "reviewer": "Ana"})
    assert changed.status_code == 200, changed.get_json()
    sentence = changed.get_json()["translation"]
    assert sentence["text"] == "La alcaldesa elogió un presupuesto responsable."
    assert sentence["state"] == "reviewed" and sentence["reviewer"] == "Ana"
    assert sentence["history"][0]["previous"] == before["translation"]["text"]
    assert sentence["history"][0]["action"] == "corrected" and sentence["history"][0]["by"] == "Ana"
    assert changed.get_json()["doubtful"] is False

    # Every view of the article shows the correction: the document, the page, each export, the summaries.
    saved = client.get(f"/api/v1/articles/{article}").get_json()
    assert saved["targets"]["es"]["sentences"][number - 1]["text"] == "La alcaldesa elogió un presupuesto responsable."
    assert saved["targets"]["ca"]["sentences"][number - 1]["state"] == "machine"  # the other language is untouched
    for fmt in ("md", "html", "tmx", "xliff", "json"):
        body = client.get(f"/articles/{article}/export.{fmt}").get_data(as_text=True)
        assert "La alcaldesa elogió un presupuesto responsable." in body, fmt
        assert before["translation"]["text"] not in body or fmt in ("json",), fmt
    page = client.get(f"/articles/{article}").get_data(as_text=True)
    assert "La alcaldesa elogió un presupuesto responsable." in page
    for mode in saved["summary"]["languages"]["es"].values():
        if number - 1 in mode["indices"]:
            assert "La alcaldesa elogió un presupuesto responsable." in mode["sentences"]


def test_xliff_and_tmx_carry_the_review_states(client):
    document = _article(client, FIRST)
    article = document["id"]
    corrected, accepted = _body_number(document, "La maire"), _body_number(document, "Les habitants")
    client.patch(f"/api/v1/articles/{article}/sentences/es/{corrected}", json={"text": "La alcaldesa elogió."})
    client.patch(f"/api/v1/articles/{article}/sentences/es/{accepted}", json={"state": "reviewed"})
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = ET.fromstring(client.get(f"/articles/{article}/export.xliff").data)
    states = {u.get("id"): u.find("x:target", ns).get("state") for u in root.iter(f"{{{ns['x']}}}trans-unit")}
    assert states[str(corrected)] == "final" and states[str(accepted)] == "final"
    assert set(states.values()) <= {"final", "translated", "needs-review-translation"}
    assert "translated" in set(states.values()) or "needs-review-translation" in set(states.values())
    tmx = ET.fromstring(client.get(f"/articles/{article}/export.tmx").data)
    props = {
        tu.get("tuid"): tu.find("tuv[2]/prop[@type='x-state']").text
        for tu in tmx.iter("tu")
        if tu.find("tuv[2]") is not None
    }
    assert props[str(corrected)] == "reviewed" and props[str(accepted)] == "reviewed"
    assert tmx.find(f".//tu[@tuid='{corrected}']/tuv[2]").get("changedate")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"text": "   "}, 422, "invalid_field"),
        ({}, 422, "invalid_field"),
        ({"state": "final"}, 422, "invalid_field"),
        ({"text": 3}, 422, "invalid_field"),
    ],
)
def test_a_bad_change_is_refused_and_nothing_is_written(client, body, status, code):
    document = _article(client, FIRST)
    url = f"/api/v1/articles/{document['id']}/sentences/es/3"
    before = client.get(url).get_json()
    response = client.patch(url, json=body)
    assert response.status_code == status and response.get_json()["error"]["code"] == code
    assert client.get(url).get_json() == before
    assert client.get("/api/v1/memory").get_json() == {"pairs": {}}


def test_an_unknown_article_target_or_sentence_is_a_404(client):
    document = _article(client, FIRST)
    article = document["id"]
    assert client.get("/api/v1/articles/nope/sentences/es/1").status_code == 404
    assert client.get(f"/api/v1/articles/{article}/sentences/de/1").status_code == 404
    missing = client.get(f"/api/v1/articles/{article}/sentences/es/999")
    assert missing.status_code == 404 and "999" in missing.get_json()["error"]["message"]


def test_a_rerun_takes_the_correction_from_memory_and_a_close_sentence_gets_a_suggestion(client):
    first = _article(client, FIRST)
    for contains, text in (
        (
            "Le conseil municipal de Lyon",
            "El pleno de Lyon aprobó el lunes el presupuesto de la ciudad para el año que viene.",
        ),
        ("Les habitants", "Los vecinos esperaban esta votación desde hacía semanas."),
        ("L'opposition", "La oposición denunció una subida de los impuestos locales."),
    ):
        number = _body_number(first, contains)
        assert (
            client.patch(f"/api/v1/articles/{first['id']}/sentences/es/{number}", json={"text": text}).status_code
            == 200
        )

    # The same article again: the corrections come back, marked as from memory; a re-run never overwrites them.
    again = _article(client, FIRST)
    sentence = again["targets"]["es"]["sentences"][_body_number(again, "Les habitants") - 1]
    assert sentence["text"] == "Los vecinos esperaban esta votación desde hacía semanas."
    assert sentence["state"] == "memory" and sentence["reviewed"] > 0
    page = client.get(f"/articles/{again['id']}").get_data(as_text=True)
    assert "From memory, reviewed on" in page
    # The first article keeps its corrections too.
    kept = client.get(f"/api/v1/articles/{first['id']}").get_json()
    assert kept["targets"]["es"]["sentences"][_body_number(first, "Les habitants") - 1]["state"] == "reviewed"

    # A second article on the same story: two sentences are the same, one is close (a suggestion, not a replacement).
    second = _article(client, SECOND)
    states = [s["state"] for s in second["targets"]["es"]["sentences"]]
    assert states.count("memory") == 2
    close = second["targets"]["es"]["sentences"][_body_number(second, "forte hausse") - 1]
    assert close["state"] == "machine"
    assert close["suggestion"]["text"] == "La oposición denunció una subida de los impuestos locales."
    assert FUZZY_THRESHOLD <= close["suggestion"]["score"] < 100
    # Another target language has its own memory: nothing there.
    catalan = _article(client, SECOND, ("ca",))
    assert {s["state"] for s in catalan["targets"]["ca"]["sentences"]} == {"machine"}


def test_the_memory_goes_out_and_comes_back_as_tmx(client, tmp_path):
    first = _article(client, FIRST)
    number = _body_number(first, "Les habitants")
    client.patch(f"/api/v1/articles/{first['id']}/sentences/es/{number}", json={"text": "Los vecinos esperaban."})
    exported = client.get("/api/v1/memory.tmx")
    assert exported.status_code == 200 and exported.mimetype == "application/x-tmx+xml"
    root = ET.fromstring(exported.data)
    units = root.findall("body/tu")
    assert len(units) == 1 and units[0].find("tuv[2]/seg").text == "Los vecinos esperaban."

    # A CAT tool's memory (another tool's header, regional codes, inline codes) is imported.
    cat_tool = (
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="fr-FR" creationtool="OmegaT" segtype="sentence" '
        'o-tmf="OmegaT" adminlang="en" datatype="plaintext"/><body>'
        '<tu changedate="20250101T120000Z" changeid="marie"><tuv xml:lang="fr-FR"><seg>La maire a salué un '
        '<bpt i="1">&lt;b&gt;</bpt>budget<ept i="1">&lt;/b&gt;</ept> responsable.</seg></tuv>'
        '<tuv xml:lang="es-ES"><seg>La alcaldesa celebró un presupuesto responsable.</seg></tuv></tu>'
        "</body></tmx>"
    )
    imported = client.post("/api/v1/memory.tmx", data=cat_tool, content_type="application/x-tmx+xml")
    assert imported.status_code == 200 and imported.get_json() == {"imported": {"fr-es": 1}}
    assert client.get("/api/v1/memory").get_json() == {"pairs": {"fr-es": 2}}
    again = _article(client, FIRST)
    sentence = again["targets"]["es"]["sentences"][_body_number(again, "La maire") - 1]
    assert sentence["text"] == "La alcaldesa celebró un presupuesto responsable." and sentence["state"] == "memory"
    assert sentence["reviewer"] == "marie"

    bad = client.post("/api/v1/memory.tmx", data=b"<tmx><oops", content_type="application/x-tmx+xml")
    assert bad.status_code == 422 and bad.get_json()["error"]["code"] == "bad_tmx"
    bomb = b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><tmx><body/></tmx>'
    assert client.post("/api/v1/memory.tmx", data=bomb, content_type="application/xml").status_code == 422


def test_deleting_an_article_forgets_the_pairs_reviewed_in_it_and_do_not_keep_stores_nothing(client):
    first = _article(client, FIRST)
    number = _body_number(first, "Les habitants")
    client.patch(f"/api/v1/articles/{first['id']}/sentences/es/{number}", json={"text": "Los vecinos esperaban."})
    assert client.get("/api/v1/memory").get_json() == {"pairs": {"fr-es": 1}}
    assert client.delete(f"/api/v1/articles/{first['id']}").status_code == 204
    assert client.get("/api/v1/memory").get_json() == {"pairs": {}}
    again = client.post("/api/v1/articles", json={"text": FIRST, "targets": ["es"], "keep": False}).get_json()
    assert "id" not in again
    assert {s["state"] for s in again["targets"]["es"]["sentences"]} == {"machine"}


def test_retention_purges_pairs_reviewed_before_the_articles_age(app, client):
    first = _article(client, FIRST)
    number = _body_number(first, "Les habitants")
    client.patch(f"/api/v1/articles/{first['id']}/sentences/es/{number}", json={"text": "Los vecinos esperaban."})
    old = (
        '<tmx version="1.4"><header srclang="fr"/><body><tu changedate="20200101T000000Z"><tuv xml:lang="fr">'
        '<seg>Il pleut.</seg></tuv><tuv xml:lang="es"><seg>Llueve.</seg></tuv></tu></body></tmx>'
    )
    assert client.post("/api/v1/memory.tmx", data=old, content_type="application/xml").status_code == 200
    service = app.extensions["service"]
    assert service.memory_counts() == {"fr-es": 2}
    # An imported pair reviewed in 2020 is older than 30 days; the one reviewed now stays with its article.
    assert service.purge(30, None)["memory_pairs"] == 1
    assert [p.sentence for p in service.export_memory()] == [
        "Les habitants attendaient ce vote depuis plusieurs semaines."
    ]
    counts = service.purge(-1, None)  # a negative age: everything is older; the article takes its pairs along
    assert counts["articles"] == 1 and service.memory_counts() == {}


def test_an_empty_target_list_is_refused_by_the_api_and_the_form(client):
    for body in ({"text": FIRST, "targets": []}, {"text": FIRST}):
        response = client.post("/api/v1/articles", json=body)
        assert response.status_code == 422
        assert response.get_json()["error"]["field"] == "targets"
        assert "target" in response.get_json()["error"]["message"]
    assert client.post("/api/v1/jobs", json={"text": FIRST, "targets": []}).status_code == 422
    page = client.post("/articles", data={"text": FIRST, "csrf_token": csrf_token(client)})
    assert page.status_code == 422
    assert "Choose at least one language to translate into." in page.get_data(as_text=True)
    assert client.get("/api/v1/articles").get_json()["articles"] == []


# -- the matching alone (pure logic) ------------------------------------------


def test_normalise_keeps_case_and_punctuation_but_not_spacing_or_apostrophes():
    assert normalise("  L’opposition   a dénoncé.\n") == "L'opposition a dénoncé."
    assert normalise("Il pleut.") != normalise("il pleut")


def test_the_fuzzy_index_finds_the_closest_sentence_over_the_threshold_only():
    index = FuzzyIndex.of(
        [
            "L'opposition a dénoncé une hausse des impôts locaux.",
            "Les commerçants du centre ont réagi mardi.",
            "La maire a salué un budget responsable.",
        ]
    )
    key, score = index.best("L'opposition a dénoncé une forte hausse des impôts locaux.")
    assert key == "L'opposition a dénoncé une hausse des impôts locaux." and FUZZY_THRESHOLD <= score < 100
    assert index.best("Le préfet a interdit la manifestation de samedi.") is None
    assert index.best("La maire a salué un budget responsable.") is None  # the same sentence is an exact match
    assert index.best("la maire a salué un budget responsable !", exclude_exact=True)[1] >= FUZZY_THRESHOLD


def test_the_no_script_form_corrects_accepts_and_shows_the_history(client):
    document = _article(client, FIRST)
    article = document["id"]
    number = _body_number(document, "La maire")
    url = f"/articles/{article}/sentences/es/{number}"
    page = client.get(url).get_data(as_text=True)
    assert "La maire a salué un budget responsable." in page and 'name="text"' in page
    token = csrf_token(client, url)
    saved = client.post(
        url, data={"csrf_token": token, "action": "correct", "text": "La alcaldesa elogió el presupuesto."}
    )
    assert saved.status_code == 303 and saved.headers["Location"].endswith(f"/articles/{article}#s-{number}")
    result = client.get(f"/articles/{article}").get_data(as_text=True)
    assert "La alcaldesa elogió el presupuesto." in result and "Reviewed on" in result
    history = client.get(url).get_data(as_text=True)
    assert "History" in history and "corrected" in history
    empty = client.post(url, data={"csrf_token": token, "action": "correct", "text": "  "})
    assert empty.status_code == 422 and "cannot be empty" in empty.get_data(as_text=True)
    # Accepting a doubtful sentence clears its doubt: the count at the top goes down by one.
    sentences = client.get(f"/api/v1/articles/{article}").get_json()["targets"]["es"]["sentences"]
    doubtful = [i + 1 for i, s in enumerate(sentences) if s["state"] == "machine" and (s["confidence"] or 1) < 0.5]
    before = client.get(f"/articles/{article}").get_data(as_text=True)
    total = len(document["sentences"])
    assert f"{len(doubtful)} doubtful of {total}" in before
    if doubtful:
        answer = client.post(
            f"/articles/{article}/sentences/es/{doubtful[0]}",
            data={"csrf_token": token, "action": "accept"},
            headers={"Accept": "application/json"},
        )
        assert answer.get_json()["counts"] == f"{len(doubtful) - 1} doubtful of {total}"
        assert f"{len(doubtful) - 1} doubtful of {total}" in client.get(f"/articles/{article}").get_data(as_text=True)


def test_only_the_doubtful_sentences_are_shown_when_asked(client):
    document = _article(client, FIRST)
    article = document["id"]
    sentences = document["targets"]["es"]["sentences"]
    doubtful = [i + 1 for i, s in enumerate(sentences) if (s["confidence"] or 1) < 0.5]
    assert doubtful, "the test needs a doubtful sentence"
    client.patch(f"/api/v1/articles/{article}/sentences/es/{doubtful[0]}", json={"state": "reviewed"})
    rows = client.get(f"/articles/{article}?doubtful=1").get_data(as_text=True)
    assert rows.count("<tr data-s=") == rows.count("data-doubtful") == len(doubtful) - 1
    assert f'id="s-{doubtful[0]}"' not in rows
    assert f'id="s-{doubtful[0]}"' in client.get(f"/articles/{article}").get_data(as_text=True)


def test_favicon_and_the_glossary_label(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 301 and client.get(icon.headers["Location"]).status_code == 200
    form = client.get("/").get_data(as_text=True)
    assert "Terms for this article" in form and ">or terms" not in form


@pytest.mark.slow
def test_the_memory_and_corrections_on_postgresql(tmp_path, argos_dir):
    """The same store code on the shared PostgreSQL database: corrections, the memory, deletion with the article."""
    from tests.support.services import postgres_server

    with postgres_server(tmp_path / "pg") as pg:
        client = make_app(tmp_path / "instance", argos_dir, DATABASE_URL=pg.url).test_client()
        first = _article(client, FIRST)
        number = _body_number(first, "Les habitants")
        url = f"/api/v1/articles/{first['id']}/sentences/es/{number}"
        assert client.patch(url, json={"text": "Los vecinos esperaban."}).status_code == 200
        assert client.patch(url, json={"text": "Los vecinos esperaban la votación."}).status_code == 200
        history = client.get(url).get_json()["translation"]["history"]
        assert [h["previous"] for h in history][1] == "Los vecinos esperaban."
        assert client.get("/api/v1/memory").get_json() == {"pairs": {"fr-es": 1}}
        second = _article(client, SECOND)
        remembered = second["targets"]["es"]["sentences"][_body_number(second, "Les habitants") - 1]
        assert remembered["state"] == "memory" and remembered["text"] == "Los vecinos esperaban la votación."
        close = second["targets"]["es"]["sentences"][_body_number(second, "forte hausse") - 1]
        assert "suggestion" not in close  # nothing close was reviewed
        assert client.delete(f"/api/v1/articles/{first['id']}").status_code == 204
        assert client.get("/api/v1/memory").get_json() == {"pairs": {}}


def test_reviewers_correcting_one_article_at_once_all_keep_their_correction(app, client):
    import threading

    document = _article(client, FIRST + " Le préfet a pris la parole. La séance a duré trois heures.")
    service = app.extensions["service"]
    numbers = [s["index"] + 1 for s in document["sentences"] if s["kind"] == "body"]
    start = threading.Barrier(len(numbers))

    def correct(number: int) -> None:
        start.wait()
        service.review(document["id"], "es", number, f"Corrección {number}.", f"reviewer {number}")

    threads = [threading.Thread(target=correct, args=(n,)) for n in numbers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sentences = client.get(f"/api/v1/articles/{document['id']}").get_json()["targets"]["es"]["sentences"]
    assert {n: sentences[n - 1]["text"] for n in numbers} == {n: f"Corrección {n}." for n in numbers}
    assert service.memory_counts() == {"fr-es": len(numbers)}


def test_the_memory_commands_import_export_and_count(tmp_path):
    from click.testing import CliRunner

    from service.cli import main

    env = {"SERVICE_INSTANCE_PATH": str(tmp_path / "instance")}
    team = tmp_path / "team.tmx"
    team.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="fr"/><body>'
        '<tu><tuv xml:lang="fr"><seg>Il pleut.</seg></tuv><tuv xml:lang="en"><seg>It is raining.</seg></tuv>'
        '<tuv xml:lang="es"><seg>Llueve.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    imported = CliRunner().invoke(main, ["memory", "import", str(team), "--by", "desk"], env=env)
    assert imported.exit_code == 0 and imported.output.strip() == "fr-en: 1 pairs, fr-es: 1 pairs"
    stats = CliRunner().invoke(main, ["memory", "stats"], env=env)
    assert stats.output.splitlines() == ["fr-en\t1", "fr-es\t1"]
    exported = CliRunner().invoke(main, ["memory", "export", "--target", "en"], env=env)
    units = ET.fromstring(exported.output.split("\n", 2)[2]).findall("body/tu")
    assert [(u.get("changeid"), u.find("tuv[2]/seg").text) for u in units] == [("desk", "It is raining.")]
    empty = tmp_path / "empty.tmx"
    empty.write_text('<tmx version="1.4"><header srclang="fr"/><body/></tmx>', encoding="utf-8")
    refused = CliRunner().invoke(main, ["memory", "import", str(empty)], env=env)
    assert refused.exit_code == 1 and "no sentence pairs" in refused.output


def test_a_correction_is_what_the_archive_search_finds_and_counts(client):
    document = _article(client, FIRST)
    number = _body_number(document, "La maire")
    url = f"/api/v1/articles/{document['id']}/sentences/es/{number}"
    assert client.get("/api/v1/articles?q=alcaldesa").get_json()["articles"] == []
    client.patch(url, json={"text": "La alcaldesa elogió un presupuesto responsable."})
    found = client.get("/api/v1/articles?q=alcaldesa").get_json()["articles"]
    assert [a["id"] for a in found] == [document["id"]]
    doubtful = sum(1 for s in document["targets"]["es"]["sentences"] if (s["confidence"] or 1) < 0.5)
    was_doubtful = (document["targets"]["es"]["sentences"][number - 1]["confidence"] or 1) < 0.5
    listed = client.get("/api/v1/articles").get_json()["articles"][0]
    assert listed["doubts"] == doubtful - was_doubtful
