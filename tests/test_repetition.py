"""Repetition as evidence: a line found across the articles of a batch run, or in saved articles, is furniture.

The outlet and its articles are our own: three articles of "Le Courrier du
Plateau" end with the same line of the paper's own prose, which reads like
content on its own. Copies of one article are not evidence, and a recurring
rubric above the headline stays a kicker.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from service.cli import main
from service.models.article import BODY, HEADING, KICKER, MUTED_KINDS
from service.text.structure import fingerprint, line_fingerprints, parse_article, recurring_across

SHARED = "La rédaction du Courrier du Plateau vous remercie de votre fidélité et vous donne rendez-vous demain matin."
STORIES = {
    "piscine": (
        "Fermeture de la piscine municipale pour trois mois de travaux",
        "La piscine municipale de Saint-Flour fermera ses portes le 2 juin pour trois mois de travaux de rénovation de "
        "ses bassins et de sa chaufferie, a annoncé la mairie lundi.",
        "Les nageurs du club local seront accueillis pendant l'été au centre aquatique de la communauté de communes, "
        "à une vingtaine de kilomètres.",
    ),
    "foire": (
        "La foire aux bestiaux de Chaudes-Aigues attire un public record",
        "Près de quatre mille visiteurs se sont pressés samedi sur le foirail de Chaudes-Aigues, où plus de six cents "
        "bêtes étaient présentées par les éleveurs du canton.",
        "Les organisateurs envisagent déjà d'ajouter une deuxième journée consacrée aux races à viande l'an prochain.",
    ),
    "ecole": (
        "Une classe de l'école de Murat menacée à la rentrée",
        "L'inspection académique envisage de fermer une classe de l'école élémentaire de Murat, où les effectifs sont "
        "passés de quatre-vingt-dix à soixante-douze élèves en trois ans.",
        "Les parents d'élèves ont lancé une pétition et demandent à être reçus par le directeur académique avant juin.",
    ),
}


def article(name: str, kicker: str = "") -> str:
    title, first, second = STORIES[name]
    head = f"{kicker}\n\n" if kicker else ""
    return f"{head}{title}\n\n{first}\n\n{second}\n\n{SHARED}\n"


def kind_of(result_article, text: str) -> str:
    return next(b.kind for b in result_article.blocks if b.text == text)


def test_lines_shared_by_different_articles_recur_but_copies_do_not():
    prints = [line_fingerprints(article(name)) for name in STORIES]
    assert recurring_across(prints) == {fingerprint(SHARED)}
    copy = line_fingerprints(article("piscine").replace("lundi", "mardi"))
    assert recurring_across([prints[0], copy]) == frozenset()  # the same article twice is no evidence


def test_a_recurring_line_is_furniture_and_a_recurring_rubric_stays_a_kicker():
    text = article("piscine", kicker="Vie locale")
    assert kind_of(parse_article(text), SHARED) == BODY  # alone, it reads as content
    seen = parse_article(text, recurring={fingerprint(SHARED), fingerprint("Vie locale")})
    assert kind_of(seen, SHARED) in MUTED_KINDS
    assert kind_of(seen, "Vie locale") == KICKER
    assert all(s.text != SHARED for s in seen.body_sentences)


def test_a_batch_run_reads_its_articles_together(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in STORIES:
        (folder / f"{name}.txt").write_text(article(name), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", str(folder), "--to", "es", "--out", str(out), "-q", "--formats", "json"]
    )
    assert result.exit_code == 0, result.output
    for name in STORIES:
        document = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        blocks = {b["text"]: b["kind"] for b in document["article"]["blocks"]}
        assert blocks[SHARED] in MUTED_KINDS, name
        assert blocks[STORIES[name][1]] == BODY
        translated = document["targets"]["es"]["sentences"]
        index = next(s["index"] for s in document["sentences"] if s["text"] == SHARED)
        assert translated[index]["text"] == SHARED  # furniture is shown as pasted, not translated
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "piscine.txt").write_text(article("piscine"), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["batch", str(alone), "--to", "es", "--out", str(tmp_path / "out-alone"), "-q", "--formats", "json"]
    )
    document = json.loads((tmp_path / "out-alone" / "piscine.json").read_text(encoding="utf-8"))
    assert {b["text"]: b["kind"] for b in document["article"]["blocks"]}[SHARED] == BODY


def test_saved_articles_are_evidence_for_the_next_ones(client):
    def kind_in(response) -> str:
        return next(b["kind"] for b in response.get_json()["article"]["blocks"] if b["text"] == SHARED)

    first = client.post("/api/v1/articles", json={"text": article("piscine"), "targets": ["es"], "keep": True})
    assert first.status_code in (200, 201) and kind_in(first) == BODY  # nothing saved before it
    again = client.post("/api/v1/articles", json={"text": article("piscine"), "targets": ["es"], "keep": False})
    assert kind_in(again) == BODY  # a copy of a saved article is not evidence
    other = client.post("/api/v1/articles", json={"text": article("foire"), "targets": ["es"], "keep": False})
    assert kind_in(other) in MUTED_KINDS
    assert client.delete(f"/api/v1/articles/{first.get_json()['id']}").status_code in (200, 204)
    after = client.post("/api/v1/articles", json={"text": article("foire"), "targets": ["es"], "keep": False})
    assert kind_in(after) == BODY  # deleted with its article


def test_a_section_heading_many_outlets_share_stays_the_story_s():
    """A plain heading between two paragraphs recurs across outlets ("Ce qu'il faut retenir"): the story
    holds it. A recurring line of furniture shape in the same place (a share bar) is still furniture."""
    title, first, second = STORIES["foire"]
    for middle, held in (("Ce qu'il faut retenir", True), ("Partager : Facebook · X · WhatsApp", False)):
        text = f"{title}\n\n{first}\n\n{middle}\n\n{second}\n\n{SHARED}\n"
        seen = parse_article(text, recurring={fingerprint(middle), fingerprint(SHARED)})
        assert (kind_of(seen, middle) == HEADING) is held, (middle, kind_of(seen, middle))
        assert held or kind_of(seen, middle) in MUTED_KINDS
        assert kind_of(seen, SHARED) in MUTED_KINDS  # the paper's sign-off, after the story, stays furniture
