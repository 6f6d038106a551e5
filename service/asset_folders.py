"""Where the templates, static files and compiled translations are.

In a source checkout they are the repository's top-level folders (the layout
the users fixed); in an installed wheel the build copied them into the
package (see ``setup.py``), so an installed copy never looks outside itself.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT = PACKAGE_DIR.parent
FOLDERS = ("templates", "static", "translations")


def resource_dir(name: str) -> Path:
    """The folder ``name`` (one of ``FOLDERS``), packaged copy first."""
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else CHECKOUT / name


TEMPLATES = resource_dir("templates")
STATIC = resource_dir("static")
TRANSLATIONS = resource_dir("translations")
