"""Helpers shared by the tests: paths, fast engine settings, free ports.

Kept out of ``conftest.py`` so that test modules import them like any module.
"""

from __future__ import annotations

import socket
from pathlib import Path

from service.engines.argos import ArgosSettings

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = ROOT / "samples"
SAMPLE = SAMPLES / "article-fr.txt"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
VENV_BIN = ROOT / ".venv" / "bin"

# Short decoding keeps the random-weight model fast; the plumbing is the same.
FAST = ArgosSettings(beam_size=2, max_input_tokens=40, batch_tokens=1024)


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
