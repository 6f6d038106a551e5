"""Words compared as a reader compares them: without case or accents.

"Élection" and "election" are one word to the story grouping, and "Le Progrès"
over a page is the "© LE PROGRES 2025" under it to the structure reader. One
helper, so that both fold alike (compatibility forms, "ß" and ligatures
included).
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """``text`` in lower case (case-folded) without its accents or other combining marks."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
