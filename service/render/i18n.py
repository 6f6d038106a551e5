"""Labels and messages in the reader's language, for renderings made outside a request.

Exports and batch outputs are written without Flask, but their headings,
labels and warnings must speak the same language as the page they come from
(the catalogue itself is read by ``service.messages``).
"""

from __future__ import annotations

from collections.abc import Mapping

from service.messages import N_, Message, from_legacy, gettext

__all__ = ["N_", "algorithm_label", "gettext", "kind_label", "localize"]


def localize(value: Message | Mapping | str | None, interface: str) -> str:
    """A message in the interface language: a ``Message`` (or its stored form) through the catalogue, text as it is."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    return from_legacy(value).localized(interface)


# What each block of an article is, for readers (exports and the result page).
KIND_LABELS = {
    "title": N_("Title"),
    "kicker": N_("Kicker"),
    "standfirst": N_("Standfirst"),
    "dateline": N_("Dateline"),
    "byline": N_("Byline"),
    "reading_time": N_("Reading time"),
    "paywall": N_("Paywall notice"),
    "credit": N_("Credit"),
    "caption": N_("Caption"),
    "widget": N_("Page widget"),
    "cta": N_("Call to action"),
    "heading": N_("Heading"),
    "body": N_("Body"),
    "signoff": N_("Sign-off"),
    "signature": N_("Signature"),
    "publication": N_("Publication"),
    "repeated_title": N_("Repeated title"),
    "footer": N_("Footer"),
    "table": N_("Table row"),
}


def kind_label(kind: str, interface: str) -> str:
    """A block kind's name in the interface language (the raw kind if it has none)."""
    return gettext(KIND_LABELS[kind], interface) if kind in KIND_LABELS else kind


# The summary methods, named and explained for readers (the form, the result page, the exports).
ALGORITHM_LABELS = {
    "lex-rank": (N_("LexRank"), N_("sentences most similar to the rest of the article (graph centrality)")),
    "text-rank": (N_("TextRank"), N_("sentences that share the most words with the others (graph ranking)")),
    "lsa": (N_("LSA"), N_("sentences that best cover the article's main topics (latent semantic analysis)")),
    "luhn": (N_("Luhn"), N_("sentences dense in the article's most frequent significant words")),
    "edmundson": (N_("Edmundson"), N_("sentences near the start that share words with the title and cue words")),
    "kl": (N_("KL-Sum"), N_("sentences whose words best match the article's word distribution")),
    "sum-basic": (N_("SumBasic"), N_("sentences made of the article's most frequent words, without repeating them")),
    "reduction": (N_("Reduction"), N_("sentences most connected to the others by shared words")),
    "random": (N_("Random"), N_("sentences chosen at random (a baseline to compare the others with)")),
    "lead": (N_("Lead"), N_("the first sentences of the body, as a journalist writes them")),
}


def algorithm_label(name: str, interface: str) -> tuple[str, str]:
    """A summary method's name and one-line explanation in the interface language."""
    label, help_text = ALGORITHM_LABELS.get(name, (name, ""))
    return gettext(label, interface), gettext(help_text, interface) if help_text else ""
