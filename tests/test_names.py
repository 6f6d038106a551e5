"""Name shielding rules (pure logic, with a dictionary given as data)."""

from __future__ import annotations

from service.translation.engines.apertium_dictionary import parse_analyses
from service.translation.names import Kind, capitalised_runs, shield_batch, tokens_at_risk, unshield

FRENCH = {
    "Kim": Kind.NAME,
    "Jong": Kind.NAME,
    "Un": Kind.WORD,
    "Il": Kind.WORD,
    "Etats": Kind.WORD,
    "Unis": Kind.WORD,
    "Oncle": Kind.WORD,
    "Sam": Kind.NAME,
    "Nord": Kind.NAME,
    "Corée": Kind.NAME,
    "Le": Kind.WORD,
    "Poutine": Kind.NAME,
    "Vladimir": Kind.NAME,
}


def words(tokens):
    return [t.text for t in tokens]


def test_runs_join_spaces_and_hyphens_only():
    runs = capitalised_runs("Le président Kim Jong-Un, puis Mao Ning et les Etats-Unis.")
    assert [words(r) for r in runs] == [["Le"], ["Kim", "Jong", "Un"], ["Mao", "Ning"], ["Etats", "Unis"]]


def test_common_word_after_a_name_is_at_risk():
    assert words(tokens_at_risk("Kim Jong-Un est venu.", FRENCH)) == ["Un"]
    assert words(tokens_at_risk("père de Kim Jong Il, décédé", FRENCH)) == ["Il"]


def test_place_and_common_names_stay_translatable():
    for sentence in ("les Etats-Unis suivent", "l'Oncle Sam", "la Corée du Nord", "Vladimir Poutine parle"):
        assert tokens_at_risk(sentence, FRENCH) == []


def test_lone_capital_letter_inside_a_sentence_is_a_label():
    kinds = {"E": Kind.WORD, "A": Kind.WORD}
    assert words(tokens_at_risk("La ligne E du tramway ouvre.", kinds)) == ["E"]
    assert tokens_at_risk("A la même période, rien.", kinds) == []  # sentence start: a real word


def test_unknown_word_counts_as_a_name():
    assert words(tokens_at_risk("Zorglub Un arrive", {"Un": Kind.WORD})) == ["Un"]


def test_shield_and_unshield_round_trip_whatever_the_case():
    sentences = ["Kim Jong-Un et Kim Jong Un.", "Rien ici."]
    shielded, table = shield_batch(sentences, lambda found: FRENCH)
    assert "Un" not in shielded[0].replace("Kim", "")
    assert len(table) == 1  # one placeholder per distinct word
    engine_output = shielded[0].upper()
    assert unshield(engine_output, table) == engine_output.replace(next(iter(table)).upper(), "Un")
    assert unshield(shielded[0], table) == sentences[0]
    assert shielded[1] == "Rien ici."


def test_parse_lt_proc_analyses():
    stream = "^Kim/Kim<np><ant>$\n^Un/un<num><m><sg>/un<det><ind>$\n^Ning/*Ning$\n^Nord/Nord<np><loc>/nord<n>$"
    assert parse_analyses(stream) == {"Kim": Kind.NAME, "Un": Kind.WORD, "Ning": Kind.UNKNOWN, "Nord": Kind.NAME}
