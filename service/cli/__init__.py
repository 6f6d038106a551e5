"""Command line: a thin layer over the service layer and Argos package management.

Examples::

    python -m service languages
    echo "Bonjour le monde." | python -m service translate --to en,es
    python -m service models install models/

Each module holds one group of commands and registers it on ``main``
(``service.cli.main``); importing this package assembles them.
"""

from __future__ import annotations

from service.cli import batch, deployment, models, monitor, purge, text_commands
from service.cli.main import main

__all__ = ["batch", "deployment", "main", "models", "monitor", "purge", "text_commands"]
