"""Every setting of the service, with its default and its meaning: the one place that reads the environment.

Each ``Setting`` names an environment variable ``SERVICE_<NAME>``, its
default and a line of help; the docs site's settings page is generated from
this table, so the two cannot drift. Layered like Flask's tutorial: defaults
here, then environment variables (plus the standard ``ARGOS_PACKAGES_DIR``,
``APERTIUM_DATA_DIRS`` and ``XDG_DATA_HOME``), then, for the app,
``instance/config.py`` and the test mapping.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from service.asset_folders import CHECKOUT

APP_NAME = "offline-news-translate"
ARGOS_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
APERTIUM_DATA_DIRS = ("/usr/share/apertium", "/usr/local/share/apertium")
ENGINES = ("argos", "apertium")


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


def existing_apertium_dirs(env: Mapping[str, str] = os.environ) -> list[str]:
    """Debian's folders that hold Apertium modes (or ``APERTIUM_DATA_DIRS``, ``:``-separated)."""
    if env.get("APERTIUM_DATA_DIRS"):
        return [d for d in env["APERTIUM_DATA_DIRS"].split(os.pathsep) if d]
    return [d for d in APERTIUM_DATA_DIRS if Path(d, "modes").is_dir()] or [APERTIUM_DATA_DIRS[0]]


@dataclass(frozen=True)
class Setting:
    """One setting: ``SERVICE_<name>``, its default (a value, or a function of the environment) and its help."""

    name: str
    default: object
    help: str
    shown_default: str | None = None  # how the docs write a default computed from the machine

    def value(self, env: Mapping[str, str]) -> object:
        return self.default(env) if callable(self.default) else self.default

    @property
    def variable(self) -> str:
        return f"SERVICE_{self.name}"


SETTINGS: tuple[Setting, ...] = (
    Setting("INSTANCE_PATH", lambda env: str(default_instance_path(env)),
            "Cache database, saved results, jobs, glossaries and the secret key.",
            "`instance/` in a source checkout; `$XDG_DATA_HOME/offline-news-translate` for an installed copy"),
    Setting("ARGOS_PACKAGES_DIR", lambda env: str(default_argos_dir(env)),
            "Where Argos packages are installed (argostranslate's own `ARGOS_PACKAGES_DIR` works too).",
            "`$XDG_DATA_HOME/argos-translate/packages`"),
    Setting("ARGOS_INDEX_URL", ARGOS_INDEX_URL, "The Argos package index; used only by `models install --from-index`."),
    Setting("ARGOS_BEAM_SIZE", 2, "Beam size; 2 keeps almost all of beam 4's quality at about half the cost."),
    Setting("ARGOS_INTER_THREADS", 1, "CTranslate2 batches translated at once."),
    Setting("ARGOS_INTRA_THREADS", 1,
            "CTranslate2 threads per batch (0: every core). One: each worker process decodes on a core of its own; "
            "with every core per batch, concurrent requests and workers fight over the cores (3-4x fewer short "
            "requests a second on 2 cores, and slower whole articles)."),
    Setting("ARGOS_COMPUTE_TYPE", "auto", "CTranslate2 compute type (`int8`, `float32`, ...)."),
    Setting("ARGOS_MAX_INPUT_TOKENS", 200, "Longer sentences are cut at punctuation and joined back."),
    Setting("ARGOS_BATCH_TOKENS", 2048, "Tokens per CTranslate2 batch."),
    Setting("APERTIUM_DATA_DIRS", lambda env: existing_apertium_dirs(env),
            "Where Apertium modes are found (`:`-separated in `APERTIUM_DATA_DIRS`, comma-separated here).",
            "`/usr/share/apertium`"),
    Setting("ENGINES", list(ENGINES), "Engines, in order of preference for equally good routes."),
    Setting("APERTIUM_TIMEOUT", 60.0, "Seconds one Apertium call may take."),
    Setting("MAX_TEXT_CHARS", 200_000,
            "Characters one request may hand to the pipeline, all its texts, list items and documents (after "
            "extraction) together; a batch article on its own."),
    Setting("MAX_DOCX_MB", 64.0,
            "Size a .docx may inflate to (its parts together, read from the zip directory before it is opened)."),
    Setting("MAX_DOCX_PARTS", 2000, "Parts (files inside the zip) a .docx may hold."),
    Setting("MAX_HTML_ELEMENTS", 50_000, "Elements an HTML page or document may hold (counted before it is parsed)."),
    Setting("MAX_HTML_ATTRIBUTES", 100_000, "Attributes an HTML page or document may hold (counted likewise)."),
    Setting("REQUEST_TIME_LIMIT", 120.0,
            "Seconds one web or API request may take; past it, 422 `time_limit` naming the stage reached (0: none). "
            "Keep it under gunicorn's `TIMEOUT`."),
    Setting("ARTICLE_TIME_LIMIT", 300.0,
            "Seconds one batch article may take before it is recorded as failed (`--time-limit` overrides; 0: none)."),
    Setting("MAX_TARGETS", 8, "Most target languages per request."),
    Setting("PARALLEL_TARGETS", 2, "Target languages translated at once."),
    Setting("SECOND_OPINION", True,
            "Translate each sentence also by an independent route where one exists (other pivots) and mark the "
            "sentences where the two disagree (`routes_disagree`, with the other route's text). Costs about one "
            "more engine hop per target."),
    Setting("MAX_REQUEST_BYTES", 2_000_000, "Largest request body, uploads included."),
    Setting("DB_BUSY_TIMEOUT", 30.0,
            "Seconds a database write waits for another writer before the request answers 503 "
            "`storage_unavailable`."),
    Setting("ARTICLE_RETENTION_DAYS", 0.0,
            "Saved articles older than this are deleted automatically (hourly check), with the cached sentences only "
            "they used (0: keep until deleted)."),
    Setting("CACHE_RETENTION_DAYS", 30.0,
            "Cached sentence translations, translated files and finished jobs older than this are deleted "
            "automatically (0: keep)."),
    Setting("API_RATE_LIMIT", "120/minute", "Per client (or per API key)."),
    Setting("RATELIMIT_STORAGE_URI", "",
            "Where rate-limit counters live: `redis://host:6379/0` shares them between workers and machines; empty: "
            "the broker's Redis when `SERVICE_BROKER_URL` is set, else per worker process."),
    Setting("DATABASE_URL", "",
            "`postgresql://user:pass@host/db`: saved articles, jobs, glossaries and the translation cache in "
            "PostgreSQL, shared by every web node and worker; empty: SQLite files in the instance folder."),
    Setting("DATABASE_POOL_SIZE", 4, "PostgreSQL connections each process keeps open at most."),
    Setting("BROKER_URL", "",
            "`redis://host:6379/0`: jobs go through Celery to `python -m service worker` processes on any machine; "
            "empty: jobs run beside the web app."),
    Setting("JOB_WORKERS", 1, "Embedded mode: jobs each web process runs at once."),
    Setting("JOB_LEASE_SECONDS", 60.0,
            "A running job's claim is renewed every third of this; a job whose executor died is taken again after "
            "it."),
    Setting("JOB_POLL_SECONDS", 0.5, "Embedded mode: how often idle job threads look for jobs submitted elsewhere."),
    Setting("WEBHOOK_SECRET", "",
            "Signs job callbacks (`X-Signature: sha256=<HMAC-SHA256 of the body>`); share it with the receivers. "
            "Empty: jobs with a `callback_url` are refused."),
    Setting("WEBHOOK_ALLOWED", [],
            "Comma-separated hosts or networks (`127.0.0.1`, `10.0.0.0/8`, `hooks.internal`) a `callback_url` may "
            "name although they are private, loopback, link-local or reserved; empty: public addresses only."),
    Setting("WEBHOOK_ATTEMPTS", 5, "Tries of one job callback before giving up (a non-2xx answer is a failure)."),
    Setting("WEBHOOK_BACKOFF_SECONDS", 1.0,
            "Wait before the second try of a job callback; doubled before each later one."),
    Setting("WEBHOOK_TIMEOUT", 10.0, "Seconds a job callback waits to connect and for the answer."),
    Setting("WARM_UP", True,
            "Load engines, models, sumy, NLTK and the language detector when a gunicorn or Celery worker starts, "
            "before its first request."),
    Setting("API_KEYS", [],
            "Comma-separated keys; when set, the API needs `X-API-Key` (health and docs stay open) and the web pages "
            "a signed-in session."),
    Setting("SECRET_KEY", "", "Signs sessions and CSRF tokens; shared by all workers. Empty: generated once into "
            "`instance/secret_key`."),
    Setting("LOGIN_RATE_LIMIT", "10/minute",
            "Sign-in attempts per client address at `/login` (wrong keys and right ones alike)."),
    Setting("CORS_ORIGINS", [],
            "Comma-separated origins (`https://app.example`) whose pages may call the JSON and LibreTranslate APIs "
            "from a browser; `*` for any, as LibreTranslate does. Empty: only this site's own pages."),
    Setting("DIGEST_MAX_ARTICLES", 500,
            "The most articles one digest page or export groups into stories (the newest of the period)."),
    Setting("WATCH_POLL_SECONDS", 1.0, "`watch`: how often the folder is looked at for new or changed files."),
    Setting("WATCH_SETTLE_SECONDS", 1.0,
            "`watch`: a file is read once its size and time have not changed for this long (a file still being "
            "copied is left alone)."),
    Setting("FEED_TIMEOUT", 15.0, "`feeds`: seconds to connect to a host and to wait for each read from it."),
    Setting("FEED_HOST_INTERVAL", 2.0, "`feeds`: seconds between two requests to the same host (robots.txt's "
            "Crawl-delay, when longer, wins)."),
    Setting("FEED_USER_AGENT", "offline-news-translate-feeds/0.2",
            "`feeds`: the User-Agent sent with every request, and the name robots.txt rules are read for."),
    Setting("FEED_MAX_BYTES", 5_000_000, "`feeds`: a feed or page larger than this is not read."),
    Setting("APERTIUM_LIVE_PIPELINES", 40,
            "Apertium pipelines and dictionary look-ups each process keeps running between requests (least recently "
            "used closed first; Spanish, Catalan and English with their second opinions keep 26); 0: start the "
            "`apertium` command for every call."),
    Setting("APERTIUM_LIVE_MEMORY_MB", 2048.0,
            "Memory the live Apertium pipelines of one process may take together (measured); a pair that does not "
            "fit runs the `apertium` command instead. Spanish, Catalan and English with their second opinions and "
            "look-ups take 1.6 GB: with 1.5 GB, the former default, each request closed and restarted some."),
    Setting("APERTIUM_PIPELINES_PER_PAIR", 1,
            "Live pipelines of one pair in one process: requests for the pair take turns on them."),
)  # fmt: skip
BY_NAME = {s.name: s for s in SETTINGS}


def default(name: str) -> object:
    """A setting's default on this machine."""
    return BY_NAME[name].value(os.environ)


def defaults(env: Mapping[str, str] = os.environ) -> dict:
    """Every setting with its default value."""
    return {s.name: s.value(env) for s in SETTINGS}


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _convert(raw: str, like: object) -> object:
    if isinstance(like, list):
        return [v.strip() for v in raw.split(",") if v.strip()]
    if isinstance(like, bool):
        if raw.strip().lower() not in _TRUE + _FALSE:
            raise ValueError(raw)
        return raw.strip().lower() in _TRUE
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
    return config


def storage_location(config: Mapping, name: str) -> str:
    """Where a store lives: the shared PostgreSQL database when ``DATABASE_URL`` names one, else a SQLite file."""
    return str(config.get("DATABASE_URL") or Path(config["INSTANCE_PATH"]) / f"{name}.sqlite3")


def ratelimit_storage(config: Mapping) -> str:
    """Rate-limit counters: the named storage, else the broker's Redis (shared by every node), else per process."""
    return str(config.get("RATELIMIT_STORAGE_URI") or config.get("BROKER_URL") or "memory://")


Reader = Callable[[Mapping[str, str]], object]
