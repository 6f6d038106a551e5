"""Route choice over an edge list (pure logic)."""

from __future__ import annotations

from service.translation.routes import Hop, RouteGraph

EDGES = [
    Hop(source="fr", target="es", engine="apertium"),
    Hop(source="fr", target="ca", engine="apertium"),
    Hop(source="es", target="en", engine="apertium"),
    Hop(source="ca", target="en", engine="apertium"),
    Hop(source="en", target="de", engine="argos"),
    Hop(source="es", target="pt", engine="apertium"),
    Hop(source="pt", target="gl", engine="apertium"),
]


def test_direct_pair_beats_pivot():
    graph = RouteGraph([*EDGES, Hop(source="fr", target="en", engine="apertium")], ["argos", "apertium"])
    assert graph.route("fr", "en").describe() == "fr→en (apertium)"


def test_shortest_pivot_and_pivot_preference():
    graph = RouteGraph(EDGES, ["argos", "apertium"])
    assert graph.route("fr", "en").describe() == "fr→es (apertium) → en (apertium)"
    assert graph.route("fr", "de").describe() == "fr→es (apertium) → en (apertium) → de (argos)"


def test_engine_preference_breaks_ties():
    edges = [*EDGES, Hop(source="fr", target="es", engine="argos")]
    assert RouteGraph(edges, ["argos", "apertium"]).route("fr", "es").engines == ["argos"]
    assert RouteGraph(edges, ["apertium", "argos"]).route("fr", "es").engines == ["apertium"]


def test_unreachable_and_hop_limit():
    graph = RouteGraph(EDGES, ["apertium"])
    assert graph.route("fr", "xx") is None
    # fr→es→pt→gl is three hops: allowed; nothing loops back to the source.
    assert graph.route("fr", "gl").pivots == ["es", "pt"]
    assert "fr" not in graph.routes_from("fr")


def test_route_dict_shape():
    route = RouteGraph(EDGES, ["apertium"]).route("fr", "en")
    assert route.to_dict()["hops"][0] == {"source": "fr", "target": "es", "engine": "apertium"}


def test_alternatives_have_the_fewest_hops():
    pairs = [("fr", "es"), ("es", "it"), ("fr", "ca"), ("ca", "it"), ("fr", "en"), ("en", "de"), ("de", "it")]
    graph = RouteGraph([Hop(source=a, target=b, engine="x") for a, b in pairs], ["x"])
    found = [r.describe() for r in graph.alternatives("fr", "it")]
    assert found == ["fr→es (x) → it (x)", "fr→ca (x) → it (x)"]  # the three-hop route is no alternative


class CoverageEngine:
    """A stand-in engine whose dictionaries know a fixed share of any words (pure routing logic)."""

    name = "rules"
    keeps_unknown_words = True

    def __init__(self, coverage: dict[tuple[str, str], float]):
        self.coverage = coverage

    def pairs(self):
        return set(self.coverage) | {("es", "it"), ("ca", "it")}

    def pair_coverage(self, source, target, words):
        return self.coverage.get((source, target))


def test_route_chosen_by_the_dictionaries_evidence():
    from service.translation.translator import Translator

    sentences = ["les mots de cette phrase sont presque tous connus du dictionnaire catalan"]
    close = Translator([CoverageEngine({("fr", "es"): 0.95, ("fr", "ca"): 0.97})])
    assert close.choose_route("fr", "it", sentences).pivots == ["es"]  # within the margin: the usual order
    clear = Translator([CoverageEngine({("fr", "es"): 0.70, ("fr", "ca"): 0.95})])
    assert clear.choose_route("fr", "it", sentences).pivots == ["ca"]  # clearly better evidence wins
    assert clear.choose_route("fr", "it", ["trop court"]).pivots == ["es"]  # too few words to judge
