"""Settings shared by the web app, the CLI and the batch: the one place that reads the environment.

Layered like Flask's tutorial: defaults here, then environment variables
(``SERVICE_<NAME>``, plus the standard ``ARGOS_PACKAGES_DIR``,
``APERTIUM_DATA_DIRS`` and ``XDG_DATA_HOME``), then, for the app,
``instance/config.py`` and the test mapping. Every variable is listed in the
README's configuration table.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from service.resources import CHECKOUT
from service.translation.argos_packages import INDEX_URL as ARGOS_INDEX_URL
from service.translation.engines import DEFAULT_PREFERENCE
from service.translation.engines.apertium import existing_data_dirs
from service.translation.engines.argos import ArgosSettings

APP_NAME = "offline-news-translate"


def is_source_checkout() -> bool:
    """True when running from the repository rather than an installed wheel."""
    return (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "templates").is_dir()


def _data_home(env: Mapping[str, str]) -> Path:
    return Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def default_instance_path(env: Mapping[str, str] = os.environ) -> Path:
    """``instance/`` beside the code in a checkout (Flask's convention), else a per-user data folder.

    Never a folder inside ``site-packages``: an installed copy keeps its data
    in ``$XDG_DATA_HOME/offline-news-translate`` (``~/.local/share/...``).
    """
    if is_source_checkout():
        return CHECKOUT / "instance"
    return _data_home(env) / APP_NAME


def default_argos_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Where argostranslate itself installs packages (it honours ``ARGOS_PACKAGES_DIR`` too)."""
    return Path(env.get("ARGOS_PACKAGES_DIR") or _data_home(env) / "argos-translate" / "packages")


def defaults(env: Mapping[str, str] = os.environ) -> dict:
    """Every setting with its default value."""
    argos = ArgosSettings()
    return {
        "INSTANCE_PATH": str(default_instance_path(env)),
        "ARGOS_PACKAGES_DIR": str(default_argos_dir(env)),
        "ARGOS_INDEX_URL": ARGOS_INDEX_URL,
        "ARGOS_BEAM_SIZE": argos.beam_size,
        "ARGOS_INTER_THREADS": argos.inter_threads,
        "ARGOS_INTRA_THREADS": argos.intra_threads,
        "ARGOS_COMPUTE_TYPE": argos.compute_type,
        "ARGOS_MAX_INPUT_TOKENS": argos.max_input_tokens,
        "ARGOS_BATCH_TOKENS": argos.batch_tokens,
        "APERTIUM_DATA_DIRS": existing_data_dirs(),
        "ENGINES": list(DEFAULT_PREFERENCE),
        "APERTIUM_TIMEOUT": 60.0,
        "MAX_TEXT_CHARS": 200_000,
        "REQUEST_TIME_LIMIT": 120.0,
        "ARTICLE_TIME_LIMIT": 300.0,
        "MAX_TARGETS": 8,
        "PARALLEL_TARGETS": 2,
        "MAX_REQUEST_BYTES": 2_000_000,
        "DB_BUSY_TIMEOUT": 30.0,
        "ARTICLE_RETENTION_DAYS": 0.0,
        "CACHE_RETENTION_DAYS": 30.0,
        "API_RATE_LIMIT": "120/minute",
        "RATELIMIT_STORAGE_URI": "",
        "DATABASE_URL": "",
        "BROKER_URL": "",
        "JOB_WORKERS": 1,
        "JOB_LEASE_SECONDS": 60.0,
        "JOB_POLL_SECONDS": 0.5,
        "WARM_UP": True,
        "API_KEYS": [],
        "SECRET_KEY": "",
    }


def _convert(raw: str, like: object) -> object:
    if isinstance(like, list):
        return [v.strip() for v in raw.split(",") if v.strip()]
    if isinstance(like, bool):
        if raw.strip().lower() not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            raise ValueError(raw)
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(like, float):
        return float(raw)
    if isinstance(like, int):
        return int(raw)
    return raw


def from_env(env: Mapping[str, str] = os.environ) -> dict:
    """Defaults overridden by ``SERVICE_<NAME>`` variables (lists comma-separated)."""
    config = defaults(env)
    for key, value in config.items():
        raw = env.get(f"SERVICE_{key}")
        if raw is not None:
            try:
                config[key] = _convert(raw, value)
            except ValueError:
                raise ValueError(f"SERVICE_{key}={raw!r} is not a valid {type(value).__name__}") from None
    if env.get("APERTIUM_DATA_DIRS") and "SERVICE_APERTIUM_DATA_DIRS" not in env:
        config["APERTIUM_DATA_DIRS"] = [d for d in env["APERTIUM_DATA_DIRS"].split(os.pathsep) if d]
    return config


def storage_location(config: Mapping, name: str) -> str:
    """Where a store lives: the shared PostgreSQL database when ``DATABASE_URL`` names one, else a SQLite file."""
    return str(config.get("DATABASE_URL") or Path(config["INSTANCE_PATH"]) / f"{name}.sqlite3")


def ratelimit_storage(config: Mapping) -> str:
    """Rate-limit counters: the named storage, else the broker's Redis (shared by every node), else per process."""
    return str(config.get("RATELIMIT_STORAGE_URI") or config.get("BROKER_URL") or "memory://")


def argos_settings(config: Mapping) -> ArgosSettings:
    """CTranslate2 tuning from the ``ARGOS_*`` settings."""
    return ArgosSettings(
        beam_size=int(config["ARGOS_BEAM_SIZE"]),
        inter_threads=int(config["ARGOS_INTER_THREADS"]),
        intra_threads=int(config["ARGOS_INTRA_THREADS"]),
        compute_type=str(config["ARGOS_COMPUTE_TYPE"]),
        max_input_tokens=int(config["ARGOS_MAX_INPUT_TOKENS"]),
        batch_tokens=int(config["ARGOS_BATCH_TOKENS"]),
    )


def engine_options(config: Mapping) -> dict[str, dict]:
    """Keyword arguments for each engine's constructor."""
    return {
        "argos": {"package_dirs": [Path(config["ARGOS_PACKAGES_DIR"])], "settings": argos_settings(config)},
        "apertium": {"timeout": float(config["APERTIUM_TIMEOUT"]), "data_dirs": list(config["APERTIUM_DATA_DIRS"])},
    }


def build_translator(config: Mapping):
    """The Translator for a config mapping (engines load lazily)."""
    from service.translation.translator import Translator

    return Translator.from_config(
        storage_location(config, "cache"),
        tuple(config["ENGINES"]),
        max_parallel_targets=int(config["PARALLEL_TARGETS"]),
        busy_timeout=float(config["DB_BUSY_TIMEOUT"]),
        **engine_options(config),
    )
