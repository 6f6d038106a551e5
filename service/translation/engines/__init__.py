"""Translation engines behind one protocol, chosen from a registry."""

from __future__ import annotations

from collections.abc import Callable

from service.models.translation import Translated
from service.settings import ENGINES
from service.translation.engines.base import Engine, EngineError, EngineStatus, EngineUnavailable

# Engine factories by name. Which engines run, and their order of preference for
# equally good routes, is the ENGINES setting (SERVICE_ENGINES), by default DEFAULT_PREFERENCE.
REGISTRY: dict[str, Callable[..., Engine]] = {}


def _argos(**kwargs) -> Engine:
    from service.translation.engines.argos import ArgosEngine

    return ArgosEngine(**kwargs)


def _apertium(**kwargs) -> Engine:
    from service.translation.engines.apertium import ApertiumEngine

    return ApertiumEngine(**kwargs)


REGISTRY["argos"] = _argos
REGISTRY["apertium"] = _apertium
DEFAULT_PREFERENCE = ENGINES  # the ENGINES setting's default


def create_engines(names: list[str] | tuple[str, ...] = DEFAULT_PREFERENCE, **options: dict) -> list[Engine]:
    """Instantiate engines by name; ``options[name]`` holds each one's kwargs."""
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise ValueError(f"unknown engine(s) {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
    return [REGISTRY[n](**options.get(n, {})) for n in names]


__all__ = [
    "DEFAULT_PREFERENCE",
    "REGISTRY",
    "Engine",
    "EngineError",
    "EngineStatus",
    "EngineUnavailable",
    "Translated",
    "create_engines",
]
