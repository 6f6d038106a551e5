"""Routes from a source to a target language across every engine.

One graph holds every (source, target, engine) edge. A direct pair wins,
else the route with fewest hops; among equals, the one whose engines come
first in the preference order (Argos before Apertium by default), because a
neural model usually reads better than rules.
Remaining ties go to the pivot language listed first in ``pivots``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from service.models.translation import Hop, Route

MAX_HOPS = 3
# Among routes of equal length and engines, pivot through the best-resourced
# languages first: Apertium's Spanish pairs are its most mature.
DEFAULT_PIVOTS = ("en", "es", "fr", "ca", "it", "pt", "de")


class RouteGraph:
    """All pairs of all engines, and the best route between two languages."""

    def __init__(self, edges: Iterable[Hop], preference: Sequence[str], pivots: Sequence[str] = DEFAULT_PIVOTS):
        self.preference = list(preference)
        self.pivots = list(pivots)
        self._out: dict[str, list[Hop]] = {}
        for hop in sorted(set(edges), key=lambda h: (h.source, h.target, self._rank(h.engine))):
            self._out.setdefault(hop.source, []).append(hop)

    def _rank(self, engine: str) -> int:
        return self.preference.index(engine) if engine in self.preference else len(self.preference)

    def _pivot_rank(self, language: str) -> int:
        return self.pivots.index(language) if language in self.pivots else len(self.pivots)

    def _cost(self, hops: tuple[Hop, ...]) -> tuple:
        return (
            len(hops),
            tuple(self._rank(h.engine) for h in hops),
            tuple(self._pivot_rank(h.target) for h in hops[:-1]),
        )

    @property
    def languages(self) -> tuple[set[str], set[str]]:
        """(sources, targets) that appear on any edge."""
        sources = set(self._out)
        targets = {hop.target for hops in self._out.values() for hop in hops}
        return sources, targets

    def routes_from(self, source: str) -> dict[str, Route]:
        """The best route to every reachable target (breadth-first by hops)."""
        best: dict[str, tuple[Hop, ...]] = {}
        frontier: list[tuple[Hop, ...]] = [(hop,) for hop in self._out.get(source, [])]
        depth = 1
        while frontier and depth <= MAX_HOPS:
            next_frontier = []
            for path in frontier:
                target = path[-1].target
                if target == source:
                    continue
                known = best.get(target)
                if known is not None and self._cost(known) <= self._cost(path):
                    continue
                best[target] = path
                visited = {h.source for h in path} | {target}
                next_frontier += [(*path, hop) for hop in self._out.get(target, []) if hop.target not in visited]
            frontier = next_frontier
            depth += 1
        return {target: Route.of(path) for target, path in best.items()}

    def alternatives(self, source: str, target: str, limit: int = 4) -> list[Route]:
        """Routes with the fewest hops to ``target``, best first by the usual order (at most ``limit``)."""
        best = self.route(source, target)
        if best is None:
            return []
        paths: list[tuple[Hop, ...]] = [(hop,) for hop in self._out.get(source, [])]
        for _ in range(len(best.hops) - 1):
            paths = [
                (*path, hop)
                for path in paths
                for hop in self._out.get(path[-1].target, [])
                if hop.target not in {h.source for h in path} | {path[-1].target}
            ]
        found = sorted((p for p in paths if p[-1].target == target), key=self._cost)
        return [Route.of(p) for p in found[:limit]]

    def second_opinion(self, route: Route) -> Route | None:
        """An independent route to the same target: no pivot in common, at most one hop more (None: none).

        Two routes through different dictionaries that disagree on a sentence are evidence that one of
        them chose a wrong sense or lost the construction; a route sharing the first hop would repeat
        its errors.
        """
        source, target = route.hops[0].source, route.hops[-1].target
        pivots = {h.target for h in route.hops[:-1]}
        paths: list[tuple[Hop, ...]] = [(hop,) for hop in self._out.get(source, [])]
        found: list[tuple[Hop, ...]] = []
        for _ in range(len(route.hops) + 1):
            found += [p for p in paths if p[-1].target == target]
            paths = [
                (*path, hop)
                for path in paths
                if path[-1].target != target
                for hop in self._out.get(path[-1].target, [])
                if hop.target not in {h.source for h in path} | {path[-1].target}
            ]
        independent = [
            p
            for p in found
            if p != route.hops
            and not ({h.target for h in p[:-1]} & pivots)
            and (len(p) > 1 or len(route.hops) > 1 or p[0].engine != route.hops[0].engine)
        ]
        return Route.of(min(independent, key=self._cost)) if independent else None

    def route(self, source: str, target: str) -> Route | None:
        """The best route, or None when the target cannot be reached."""
        return self.routes_from(source).get(target)
