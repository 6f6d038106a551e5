"""Route choice over an edge list (pure logic)."""

from __future__ import annotations

from service.routing import Hop, RouteGraph

EDGES = [
    Hop("fr", "es", "apertium"),
    Hop("fr", "ca", "apertium"),
    Hop("es", "en", "apertium"),
    Hop("ca", "en", "apertium"),
    Hop("en", "de", "argos"),
    Hop("es", "pt", "apertium"),
    Hop("pt", "gl", "apertium"),
]


def test_direct_pair_beats_pivot():
    graph = RouteGraph([*EDGES, Hop("fr", "en", "apertium")], ["argos", "apertium"])
    assert graph.route("fr", "en").describe() == "fr→en (apertium)"


def test_shortest_pivot_and_pivot_preference():
    graph = RouteGraph(EDGES, ["argos", "apertium"])
    assert graph.route("fr", "en").describe() == "fr→es (apertium) → en (apertium)"
    assert graph.route("fr", "de").describe() == "fr→es (apertium) → en (apertium) → de (argos)"


def test_engine_preference_breaks_ties():
    edges = [*EDGES, Hop("fr", "es", "argos")]
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
