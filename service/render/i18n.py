"""The interface catalogue (``translations/``) for renderings made outside a request.

Exports and batch outputs are written without Flask, but their headings and
labels must speak the same language as the page they come from.
"""

from __future__ import annotations

from functools import lru_cache

from babel.support import NullTranslations, Translations

from ..resources import TRANSLATIONS


@lru_cache(maxsize=8)
def catalogue(interface: str) -> NullTranslations:
    """Compiled translations for an interface language (English: the identity)."""
    return Translations.load(str(TRANSLATIONS), [interface]) if interface != "en" else NullTranslations()


def gettext(message: str, interface: str, **values) -> str:
    """``message`` in the interface language, formatted with ``values`` like Flask-Babel's ``_``."""
    text = catalogue(interface).gettext(message)
    return text % values if values else text
