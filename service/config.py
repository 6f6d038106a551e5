"""Settings shared by the web app and the CLI, read from the environment.

Layered like Flask's tutorial: defaults here, then ``SERVICE_*`` environment
variables, then (for the app) the test mapping.
"""

from __future__ import annotations

import os
from pathlib import Path

from .engines import DEFAULT_PREFERENCE
from .engines.argos import default_package_dirs

ROOT = Path(__file__).resolve().parent.parent


def defaults() -> dict:
    """Every setting with its default value."""
    return {
        "INSTANCE_PATH": str(ROOT / "instance"),
        "ARGOS_PACKAGES_DIR": str(default_package_dirs()[0]),
        "ENGINES": list(DEFAULT_PREFERENCE),
        "APERTIUM_TIMEOUT": 60.0,
        "MAX_TEXT_CHARS": 200_000,
        "MAX_TARGETS": 8,
        "PARALLEL_TARGETS": 2,
        "MAX_REQUEST_BYTES": 2_000_000,
        "API_RATE_LIMIT": "120/minute",
        "API_KEYS": [],
        "SECRET_KEY": "",
    }


def from_env(env: dict[str, str] | os._Environ[str] = os.environ) -> dict:
    """Defaults overridden by ``SERVICE_<NAME>`` variables (lists comma-separated)."""
    config = defaults()
    for key, value in config.items():
        raw = env.get(f"SERVICE_{key}")
        if raw is None:
            continue
        if isinstance(value, list):
            config[key] = [v.strip() for v in raw.split(",") if v.strip()]
        elif isinstance(value, float):
            config[key] = float(raw)
        elif isinstance(value, int):
            config[key] = int(raw)
        else:
            config[key] = raw
    if "ARGOS_PACKAGES_DIR" in env and "SERVICE_ARGOS_PACKAGES_DIR" not in env:
        config["ARGOS_PACKAGES_DIR"] = env["ARGOS_PACKAGES_DIR"]
    return config


def build_translator(config: dict):
    """The pipeline's Translator for a config mapping (engines load lazily)."""
    from .pipeline import Translator

    options = {
        "argos": {"package_dirs": [Path(config["ARGOS_PACKAGES_DIR"])]},
        "apertium": {"timeout": float(config["APERTIUM_TIMEOUT"])},
    }
    translator = Translator.from_config(config["INSTANCE_PATH"], tuple(config["ENGINES"]), **options)
    translator.max_parallel_targets = int(config["PARALLEL_TARGETS"])
    return translator
