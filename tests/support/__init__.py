"""Helpers shared by the tests: paths, fast engine settings, free ports.

Kept out of ``conftest.py`` so that test modules import them like any module.
"""

from __future__ import annotations

import socket
from pathlib import Path

from service.translation.engines.argos import ArgosSettings

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = ROOT / "samples"
SAMPLE = SAMPLES / "article-fr.txt"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
VENV_BIN = ROOT / ".venv" / "bin"

# Short decoding keeps the random-weight model fast; the plumbing is the same.
FAST = ArgosSettings(beam_size=2, max_input_tokens=40, batch_tokens=1024)


def in_ci() -> bool:
    """Under CI=true a missing service or tool fails its tests instead of skipping them."""
    import os

    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_app(instance, argos_dir, **config):
    """The web app on a private instance folder with the synthetic Argos packages (as the tests use it)."""
    from service.web import create_app

    return create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(instance),
            "ARGOS_PACKAGES_DIR": str(argos_dir),
            "SECRET_KEY": "t",
            **config,
        }
    )


def follow_job(client, response, timeout: float = 120.0):
    """The page a form submission ends on: its job page is followed until the result (or the form with an error)."""
    import time

    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    location = response.headers["Location"]
    if "/jobs/" not in location:
        return client.get(location)
    deadline = time.monotonic() + timeout
    while True:
        page = client.get(location)
        if page.status_code == 303:
            return client.get(page.headers["Location"])
        if page.status_code != 200 or 'id="job"' not in page.get_data(as_text=True):
            return page
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.1)
