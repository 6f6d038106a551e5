"""The doubt signal: checks that catch a wrong translation that reads well, and where the doubts go.

Unit tests of the pure checks first (polarity, copied French, invented forms, routes, messages), then
the real engines: an expletive "ne", a word chosen among several translations, a second route that
disagrees; then every rendering that must carry a doubt (page, Markdown, HTML, TMX, XLIFF, batch).
The calibration on the judged sentences is the slow test at the end.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET

import pytest

from service.models.translation import (
    AMBIGUOUS_WORD,
    INVENTED_WORDS,
    PIVOT_LEFTOVER,
    POLARITY,
    ROUTES_DISAGREE,
    UNKNOWN_WORDS,
    Hop,
    Route,
    SentenceResult,
    Translated,
    UnknownWord,
)
from service.pipeline.run import translate_text
from service.render import doubts
from service.render.side_by_side import pieces
from service.translation import checks, lexicon
from service.translation.conventions import fixed_spans, localize_numbers
from service.translation.engines import EngineError
from service.translation.quality import Context, combine, doubtful
from service.translation.routes import RouteGraph
from service.translation.translator import Translator
from tests.support import ROOT

# -- polarity ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "output", "target", "flipped"),
    [
        # The expletive "ne" is no negation: English has none of its own, Catalan does.
        ("Il faut agir avant qu'il ne soit trop tard.", "We must act before it is not too late.", "en", True),
        ("Il faut agir avant qu'il ne soit trop tard.", "We must act before it is too late.", "en", False),
        ("Il faut agir avant qu'il ne soit trop tard.", "Cal actuar abans que no sigui massa tard.", "ca", False),
        ("Il faut agir avant qu'il ne soit trop tard.", "Hay que actuar antes de que no sea tarde.", "es", True),
        ("Ils craignent qu'il ne parte.", "They fear that he does not leave.", "en", True),
        # "ne ... que" is "only": a plain negation says the line stays closed.
        ("La ligne ne sera rouverte qu'en septembre.", "The line will not be reopened that in September.", "en", True),
        ("La ligne ne sera rouverte qu'en septembre.", "The line will only reopen in September.", "en", False),
        ("La ligne ne sera rouverte qu'en septembre.", "La línea no se reabrirá hasta septiembre.", "es", False),
        # A real negation lost or added.
        ("Le ministre ne viendra pas.", "The minister will come.", "en", True),
        ("Le ministre viendra.", "El ministro no vendrá.", "es", True),
        ("Le ministre ne viendra jamais.", "El ministre no vindrà mai.", "ca", False),
    ],
)
def test_polarity(source, output, target, flipped):
    assert checks.polarity_flipped(source, output, target) is flipped


# -- words copied, invented, known ---------------------------------------------------


def test_french_words_copied_into_the_output_are_found():
    assert checks.passed_through(
        "Il passera au plus près de l'île.", "Pasará al plus cerca de la isla.", "fr", "es"
    ) == ["plus"]
    assert checks.passed_through("Son premier avion.", "Su premier avión.", "fr", "es") == ["premier"]
    # Words both languages write ("parking", "de", "la") and protected names are not copies.
    assert checks.passed_through("Le parking de la gare.", "The parking of the station.", "fr", "en") == []
    assert checks.passed_through("Marin Plus a gagné.", "Marin Plus ha ganado.", "fr", "es", ["Marin Plus"]) == []
    # Nor is a protected name after an elided article, which the target writes like the source (Catalan).
    assert checks.passed_through("L'Olympique a gagné.", "L'Olympique ha guanyat.", "fr", "ca", ["Olympique"]) == []
    assert checks.passed_through("L'olympique a gagné.", "L'olympique ha guanyat.", "fr", "ca") != []


def test_frequencies_vouch_for_words_but_not_for_hyphenated_forms():
    assert lexicon.frequent({"capdavant", "des", "haafirmado"}, "ca") == {"capdavant", "des"}
    assert lexicon.frequent({"mitad-palabra", "redondo-punto"}, "es") == set()  # two words, not one
    assert lexicon.frequent({"word"}, "oc") == set()  # no frequencies for Occitan: dictionaries decide
    assert lexicon.reads_as("plus", "fr", "es") and not lexicon.reads_as("grande", "fr", "es")


def test_invented_words_keep_catalan_geminate_l_whole():
    def known(words):
        return {w for w in words if w in {"instal·lat", "novel·la", "per", "escriure", "una"}}

    source = "Il s'est installé à Lyon pour écrire un roman."
    assert checks.invented_words(source, "S'ha instal·lat a Lió per escriure una novel·la.", known) == []
    assert checks.invented_words(source, "Haafirmado una novel·la.", known) == []  # capitalised: a name's
    assert checks.invented_words(source, "S'ha liasertis una novel·la.", known) == ["liasertis"]


def _known_to(vocabulary):
    return lambda language, words: {w for w in words if w.lower() in vocabulary.get(language, set())}


def test_a_word_written_alike_and_known_to_the_target_is_translated():
    hop = Translated("The cosmodrome of Baikonur.", unknown=("cosmodrome",), coverage=0.9)
    result = combine(
        "Le cosmodrome de Baïkonour.", [("fr", hop)], None, Context("en", _known_to({"en": {"cosmodrome"}}))
    )
    assert UNKNOWN_WORDS not in result.flags and result.unknown_words == ()


def test_a_french_word_left_by_the_first_hop_is_untranslated_french_not_a_pivot_leftover():
    first = Translated("Los socorros evacuaron el hameau.", unknown=(), coverage=1.0)
    second = Translated("The helps evacuated the hameau.", unknown=("hameau",), coverage=0.9)
    result = combine(
        "Les secours ont évacué le hameau.", [("fr", first), ("es", second)], None, Context("en", _known_to({}))
    )
    [word] = result.unknown_words
    assert word.language == "fr" and not word.pivot and word.start is not None
    assert UNKNOWN_WORDS in result.flags and PIVOT_LEFTOVER not in result.flags


def test_trivial_tokens_are_never_unknown():
    hop = Translated("A las 13 h 30 km.", unknown=("h", "km"), coverage=0.9)
    assert combine("À 13 h 30 km.", [("fr", hop)]).unknown_words == ()


def test_one_ambiguous_word_makes_a_sentence_doubtful():
    hop = Translated("El premio del pan.", coverage=1.0, choices=(("prix", "<n>", ("premio", "precio")),))
    result = combine("Le prix du pain.", [("fr", hop)], None, Context("es", _known_to({"es": {"premio", "pan"}})))
    assert AMBIGUOUS_WORD in result.flags and doubtful(result)
    [ambiguity] = result.ambiguities
    assert (ambiguity.word, ambiguity.choice, ambiguity.alternatives) == ("prix", "premio", ("premio", "precio"))


# -- target conventions -----------------------------------------------------------------


def test_dates_centuries_and_ordinals_take_the_targets_form_where_certain():
    sentence = "Le 1er janvier 2024, au XXIe siècle, il finit 21e pour la 1re fois."
    english = {f.text: f.output for f in fixed_spans(sentence, "en")}
    assert english == {"1er janvier 2024": "1 January 2024", "XXIe siècle": "21st century", "21e": "21st",
                       "1re": "1st"}  # fmt: skip
    spanish = {f.text: f.output for f in fixed_spans(sentence, "es")}
    # A Spanish or Catalan ordinal ends with the noun's gender: left as it is (and flagged by the check).
    assert spanish == {"1er janvier 2024": "1 de enero de 2024", "XXIe siècle": "siglo XXI"}
    assert checks.french_ordinal_left("terminó 21e por primera vez", "es")


def test_numbers_are_written_the_targets_way_with_the_same_value():
    source = "Le salon a accueilli 1 250 000 visiteurs, soit 3,5 % de plus."
    assert localize_numbers(source, "The fair received 1 250 000 visitors, 3,5 % more.", "en") == (
        "The fair received 1,250,000 visitors, 3.5% more."
    )
    assert "1.250.000" in localize_numbers(source, "La feria recibió 1 250 000 visitantes.", "es")
    assert not checks.numbers_changed(source, "The fair received 1,250,000 visitors, 3.5% more.", "en")
    assert checks.numbers_changed(source, "The fair received 1,250 visitors, 3.5% more.", "en")
    assert not checks.numbers_changed("En 2019, 12 000 euros.", "En 2019, 12.000 euros.", "es")


def test_an_article_to_english_gets_english_dates_and_numbers(apertium):
    text = "Le 1er janvier 2024, le salon a accueilli 1 250 000 visiteurs pour sa 21e édition."
    sentence = translate_text(Translator([apertium]), text, "fr", ["en"]).targets["en"].translations[0]
    assert "1 January 2024" in sentence.text and "1,250,000" in sentence.text and "21st" in sentence.text
    assert "numbers_changed" not in sentence.flags and "number_format" not in sentence.flags


# -- routes --------------------------------------------------------------------------


def _graph(*pairs):
    return RouteGraph([Hop(source=s, target=t, engine="apertium") for s, t in pairs], ["apertium"])


def test_a_second_opinion_shares_no_pivot_with_the_route():
    graph = _graph(("fr", "es"), ("fr", "ca"), ("ca", "es"), ("es", "ca"), ("es", "en"), ("ca", "en"))
    direct = graph.route("fr", "es")
    assert graph.second_opinion(direct).describe() == "fr→ca (apertium) → es (apertium)"
    via_spanish = Route.of(
        (Hop(source="fr", target="es", engine="apertium"), Hop(source="es", target="en", engine="apertium"))
    )
    assert graph.second_opinion(via_spanish).describe() == "fr→ca (apertium) → en (apertium)"
    assert (
        _graph(("fr", "es"), ("es", "gl")).second_opinion(_graph(("fr", "es"), ("es", "gl")).route("fr", "gl")) is None
    )


# -- messages --------------------------------------------------------------------------


def test_every_doubt_has_a_reason_in_english_and_french():
    sentence = SentenceResult(
        text="El premio del pan no ha subido.",
        confidence=0.01,
        flags=(UNKNOWN_WORDS, AMBIGUOUS_WORD, POLARITY, INVENTED_WORDS, ROUTES_DISAGREE),
        unknown_words=(UnknownWord(word="aubaine", start=0, end=7, language="fr"),),
        ambiguities=({"word": "prix", "language": "fr", "choice": "premio", "alternatives": ("premio", "precio")},),
        invented_words=("haafirmado",),
        second_opinion="El precio del pan ha subido.",
    )
    english = doubts.summary(sentence, "es")
    assert english.startswith("Check this sentence. Confidence: 1%.")
    for part in ("Not translated: aubaine.", "premio / precio", "opposite", "Not words of Spanish: haafirmado.",
                 "Another route translates it differently: El precio del pan ha subido."):  # fmt: skip
        assert part in english
    french = doubts.summary(sentence, "es", "fr")
    assert "Vérifiez cette phrase." in french and "Non traduit : aubaine." in french and "espagnol" in french
    assert doubts.marked("El premio.", sentence) == "⚠ El premio."


def test_the_words_a_doubt_is_about_are_marked_in_the_text():
    marks = {"premio": ("ambiguous", "prix: premio / precio"), "haafirmado": ("invented", "haafirmado")}
    cut = pieces("Los premios haafirmado hoy.", marks)
    assert ("premios", "ambiguous", "prix: premio / precio") in cut and ("haafirmado", "invented", "haafirmado") in cut
    assert "".join(p for p, _, _ in cut) == "Los premios haafirmado hoy."


# -- real engines ----------------------------------------------------------------------


def test_expletive_ne_through_a_pivot_to_english_is_doubted(apertium):
    translator = Translator([apertium])
    text = "Les associations demandent d'agir vite, avant qu'il ne soit trop tard pour sauver la colonie."
    result = translate_text(translator, text, "fr", ["en", "ca"])
    english, catalan = result.targets["en"].translations[0], result.targets["ca"].translations[0]
    assert POLARITY in english.flags and doubtful(english)
    assert "no" in catalan.text.split() and POLARITY not in catalan.flags  # Catalan's own expletive "no"


def test_a_word_chosen_among_several_translations_is_shown(apertium):
    result = translate_text(Translator([apertium]), "Le prix du pain a encore augmenté.", "fr", ["es"])
    sentence = result.targets["es"].translations[0]
    assert AMBIGUOUS_WORD in sentence.flags and doubtful(sentence)
    [ambiguity] = [a for a in sentence.ambiguities if a.word == "prix"]
    assert ambiguity.choice in sentence.text.lower() and "precio" in ambiguity.alternatives


def test_choices_read_in_the_live_pipelines_middle_are_the_partial_pipelines(apertium):
    """The live pipeline runs in two halves; the stream between them lists the same choices as a shell
    pipeline cut after the lexical selection (apertium_dictionary.lexical_choices)."""
    from service.translation.engines.apertium import _stages
    from service.translation.engines.apertium_dictionary import lexical_choices

    rows = [
        r.split("\t")[3] for r in (ROOT / "tests" / "data" / "judged" / "sentences.tsv").read_text().splitlines()[1:]
    ]
    sentences = rows[:80]
    seen = 0
    for pair in (("fr", "es"), ("fr", "ca")):
        mode = apertium._mode(*pair)
        live = [t.choices for t in apertium.translate(sentences, *pair)]
        shell = lexical_choices(_stages(mode), [" ".join(s.split()) for s in sentences], 60)
        assert live == [tuple(c) for c in shell]
        seen += sum(map(bool, live))
    assert seen >= 5  # fr→ca leaves words to choose in about one sentence in seven here; fr→es in none


def test_an_independent_route_that_disagrees_is_shown_with_its_text(apertium):
    """ "rouvre" read as the oak ("roble") by fr→es; the route through Catalan reads the verb ("reabre")."""
    result = translate_text(Translator([apertium]), "Le marché rouvre", "fr", ["es"])
    sentence = result.targets["es"].translations[0]
    assert "roble" in sentence.text
    assert ROUTES_DISAGREE in sentence.flags and doubtful(sentence)
    assert sentence.second_opinion and "roble" not in sentence.second_opinion
    quiet = translate_text(
        Translator([apertium], second_opinion=False), "Le marché couvert rouvre samedi.", "fr", ["es"]
    )
    assert ROUTES_DISAGREE not in quiet.targets["es"].translations[0].flags


class _Counting:
    def __init__(self, engine):
        self.inner, self.name, self.hops = engine, engine.name, []

    def __getattr__(self, attr):
        return getattr(self.inner, attr)

    def translate(self, sentences, source, target):
        self.hops.append((source, target))
        return self.inner.translate(sentences, source, target)


def test_a_second_opinion_costs_one_hop_per_target_and_shares_the_rest(apertium):
    counted = _Counting(apertium)
    translate_text(Translator([counted]), "Le conseil a voté le budget. Il pleut.", "fr", ["es", "ca"])
    # fr→es and fr→ca serve both targets' routes and each other's second opinion; then ca→es and es→ca.
    assert sorted(counted.hops) == [("ca", "es"), ("es", "ca"), ("fr", "ca"), ("fr", "es")]


class _Gated(_Counting):
    """fr→es answers only once fr→ca has started: a second opinion asked after the route would never come."""

    def __init__(self, engine, fail_other: bool = False):
        super().__init__(engine)
        self.other_started, self.waited, self.fail_other = threading.Event(), None, fail_other

    def translate(self, sentences, source, target):
        if (source, target) == ("fr", "ca"):
            self.other_started.set()
            if self.fail_other:
                raise EngineError("fra-cat died")
        if (source, target) == ("fr", "es") and self.waited is None:
            self.waited = self.other_started.wait(30)
        return super().translate(sentences, source, target)


def test_the_second_opinion_starts_beside_the_route_not_after_it(apertium):
    gated = _Gated(apertium)
    result = translate_text(Translator([gated]), "Le marché rouvre", "fr", ["es"])
    assert gated.waited is True  # fr→ca had started while fr→es was still translating
    assert ROUTES_DISAGREE in result.targets["es"].translations[0].flags
    assert sorted(gated.hops) == [("ca", "es"), ("fr", "ca"), ("fr", "es")]


def test_with_other_work_in_flight_the_second_opinion_waits_for_the_route(apertium):
    """Busy cores gain nothing from it, and a sentence the route finds doubtful would waste it."""
    entered, release = threading.Event(), threading.Event()

    other_started, seen = threading.Event(), []

    class Holding(_Counting):
        def translate(self, sentences, source, target):
            if sentences == ["Il pleut."]:
                entered.set()
                release.wait(30)
            elif (source, target) == ("fr", "ca"):
                other_started.set()
            elif (source, target) == ("fr", "es"):  # would the other route start while this one translates?
                seen.append(other_started.wait(3))
            return super().translate(sentences, source, target)

    counted = Holding(apertium)
    translator = Translator([counted])
    first = threading.Thread(target=translate_text, args=(translator, "Il pleut.", "fr", ["es"]))
    first.start()
    try:
        assert entered.wait(30)
        result = translate_text(translator, "Le marché rouvre", "fr", ["es"])
    finally:
        release.set()
        first.join()
    assert ROUTES_DISAGREE in result.targets["es"].translations[0].flags
    assert seen == [False]  # it did not: it ran after the route
    assert counted.hops[:3] == [("fr", "es"), ("fr", "ca"), ("ca", "es")]  # the second request's, in turn


def test_a_second_opinion_that_fails_beside_the_route_costs_the_check_only(apertium):
    gated = _Gated(apertium, fail_other=True)
    result = translate_text(Translator([gated]), "Le marché rouvre", "fr", ["es"])
    sentence = result.targets["es"].translations[0]
    assert "roble" in sentence.text and ROUTES_DISAGREE not in sentence.flags and not sentence.second_opinion
    assert ("ca", "es") not in gated.hops  # the failed first hop is not run a second time either


def test_a_french_sentence_misread_as_another_language_is_translated(apertium):
    text = "La collision s'est produite vers 6 h 15 sur l'autoroute 20, à la hauteur de Drummondville."
    result = translate_text(Translator([apertium]), text, "fr", ["es"])
    sentence = result.targets["es"].translations[0]
    assert "other_language" not in sentence.flags and "autopista" in sentence.text


# -- where doubts go --------------------------------------------------------------------


@pytest.fixture
def doubtful_article(client):
    text = "Le prix du pain\n\nLe prix du pain a encore augmenté. Le marché couvert rouvre samedi."
    created = client.post("/api/v1/articles", json={"text": text, "targets": ["es"]}).get_json()
    return created


def test_the_api_carries_each_doubt_with_its_evidence(doubtful_article):
    sentences = doubtful_article["targets"]["es"]["sentences"]
    prices = [s for s in sentences if any(a["word"] == "prix" for a in s["ambiguities"])]
    assert prices and all(s["confidence"] < 0.5 and "ambiguous_word" in s["flags"] for s in prices)


def test_the_page_shows_the_choice_and_the_reasons_on_hover_and_focus(client, doubtful_article):
    page = client.get(f"/articles/{doubtful_article['id']}").get_data(as_text=True)
    assert re.search(r'<mark class="ambiguous" title="prix: premio / precio[^"]*">premio</mark>', page)
    cell = re.search(r'<td [^>]*class="[^"]*\blow\b[^"]*"[^>]*title="([^"]+)"', page)
    assert cell and "Check this sentence." in cell.group(1)
    assert '<span class="visually-hidden doubt">' in page  # shown when the row has focus (style.css)
    french = client.get(f"/articles/{doubtful_article['id']}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "a plusieurs traductions" in french


def test_every_export_carries_the_doubts(client, doubtful_article):
    article = doubtful_article["id"]
    markdown = client.get(f"/articles/{article}/export.md").get_data(as_text=True)
    assert "⚠ " in markdown and "premio / precio" in markdown
    html = client.get(f"/articles/{article}/export.html").get_data(as_text=True)
    assert '<small class="doubt">' in html and "premio / precio" in html
    tmx = ET.fromstring(client.get(f"/articles/{article}/export.tmx").data)
    doubted = [tuv for tuv in tmx.iter("tuv") if any(p.get("type") == "x-doubtful" for p in tuv.iter("prop"))]
    assert doubted and any("premio / precio" in (n.text or "") for tuv in doubted for n in tuv.iter("note"))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    xliff = ET.fromstring(client.get(f"/articles/{article}/export.xliff").data)
    review = [
        u
        for u in xliff.iterfind(".//x:trans-unit", ns)
        if u.find("x:target", ns).get("state") == "needs-review-translation"
    ]
    assert review and any("premio / precio" in (n.text or "") for u in review for n in u.iterfind("x:note", ns))


# -- calibration ------------------------------------------------------------------------


def _doubt_figures(*options: str) -> dict:
    """scripts/doubt.py's figures per target and overall; fails when its judged outputs have gone stale."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "doubt.py"), "--json", *options],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1200,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout)["figures"]
    assert figures["all"]["judged"] >= 0.9, "the judged outputs are stale: judge the changed translations again"
    return figures


@pytest.mark.slow
def test_the_doubt_finds_the_bad_translations_of_the_judged_set():
    """Recall and precision on the sentences bilingual readers judged (tests/data/judged): a floor that fails
    when a change loses doubts; the goals and today's figures are in docs/site/doubts.md."""
    figures = _doubt_figures()
    overall = figures["all"]
    assert overall["recall_bad"] >= 0.85 and overall["recall_misleading"] >= 0.65 and overall["precision"] >= 0.6
    assert figures["en"]["recall_bad"] >= 0.95 and figures["es"]["recall_bad"] >= 0.85
    assert figures["es"]["recall_misleading"] >= 0.7 and figures["es"]["precision"] >= 0.6
    assert figures["ca"]["recall_bad"] >= 0.45


@pytest.mark.slow
def test_the_doubt_holds_on_the_blind_judged_set():
    """tests/data/judged2: sentences written and judged after the calibration, judged without seeing the
    doubts. Its figures must not fall under what they were the day it was judged (see its README)."""
    figures = _doubt_figures("--judged", "tests/data/judged2")
    overall = figures["all"]
    assert overall["recall_bad"] >= 0.88 and overall["recall_misleading"] >= 0.63 and overall["precision"] >= 0.6
    assert figures["es"]["recall_bad"] >= 0.88 and figures["ca"]["recall_bad"] >= 0.55
