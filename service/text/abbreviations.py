"""Abbreviations that take a full stop, per language: the segmenter's data tables.

Kept apart from the rules (``service.text.segmenter``) because they grow with every
new kind of text, while the rules should not.
"""

from __future__ import annotations

# Words that take a full stop without ending a sentence. Compared lower-cased,
# without their final full stop. Single letters are handled as initials.
_COMMON_ABBREVIATIONS = {
    "etc",
    "cf",
    "vol",
    "chap",
    "art",
    "fig",
    "env",
    "no",
    "nos",
    "tel",
    "ex",
    "vs",
    "min",
    "max",
    "approx",
    "ibid",
    "op",
    "cit",
    "ca",
    "resp",
    "dir",
}
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        _COMMON_ABBREVIATIONS
        | {
            "m",
            "mm",
            "mme",
            "mmes",
            "mlle",
            "mlles",
            "dr",
            "drs",
            "pr",
            "me",
            "mgr",
            "st",
            "ste",
            "av",
            "apr",
            "jc",
            "p",
            "pp",
            "n",
            "nº",
            "n°",
            "éd",
            "coll",
            "hab",
            "sq",
            "suiv",
            "bd",
            "boul",
            "gén",
            "col",
            "cdt",
            "lt",
            "sgt",
            "janv",
            "févr",
            "avr",
            "juil",
            "sept",
            "oct",
            "nov",
            "déc",
            "vve",
            "cie",
            "ets",
            "adj",
            "dép",
            "réf",
            "trad",
            "anc",
            "mat",
            "tél",
        }
    ),
    "en": frozenset(
        _COMMON_ABBREVIATIONS
        | {
            "mr",
            "mrs",
            "ms",
            "dr",
            "prof",
            "sr",
            "jr",
            "st",
            "mt",
            "gen",
            "col",
            "lt",
            "sgt",
            "capt",
            "gov",
            "sen",
            "rep",
            "inc",
            "ltd",
            "co",
            "corp",
            "jan",
            "feb",
            "mar",
            "apr",
            "jun",
            "jul",
            "aug",
            "sep",
            "sept",
            "oct",
            "nov",
            "dec",
            "p",
            "pp",
            "u.s",
            "u.k",
            "e.g",
            "i.e",
            "a.m",
            "p.m",
        }
    ),
    "es": frozenset(
        _COMMON_ABBREVIATIONS
        | {
            "sr",
            "sra",
            "srta",
            "sres",
            "dr",
            "dra",
            "d",
            "dña",
            "ud",
            "uds",
            "pág",
            "págs",
            "núm",
            "avda",
            "av",
            "gral",
            "ee.uu",
            "aprox",
            "p",
        }
    ),
    "de": frozenset(
        _COMMON_ABBREVIATIONS
        | {
            "hr",
            "fr",
            "dr",
            "prof",
            "bzw",
            "usw",
            "vgl",
            "z.b",
            "d.h",
            "u.a",
            "s",
            "nr",
            "str",
            "jh",
            "ca",
            "mio",
            "mrd",
            "evtl",
            "ggf",
        }
    ),
    "it": frozenset(
        _COMMON_ABBREVIATIONS
        | {
            "sig",
            "sigg",
            "sig.ra",
            "dott",
            "prof",
            "ing",
            "avv",
            "pag",
            "ecc",
        }
    ),
    "pt": frozenset(
        _COMMON_ABBREVIATIONS
        | {
            "sr",
            "sra",
            "dr",
            "dra",
            "prof",
            "pág",
            "av",
            "n.º",
            "eua",
        }
    ),
}

# Abbreviations that often end a sentence too: they split only when followed
# by a capitalised word, unlike those above which never split.
# Company forms end a name, and so often a sentence: "Dupont et Cie. Il ..."
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"etc", "j.-c", "jc", "cie", "inc", "ltd", "corp"})

# Units written after a number: in French they take no full stop of their own,
# so "sur 100 m. Elle ..." ends a sentence (while "M. Dupont" does not).
UNITS = frozenset(
    {"m", "mm", "cm", "km", "g", "kg", "mg", "t", "l", "ml", "cl", "h", "min", "s", "ha", "mn", "kw", "mw", "gw", "ko"}
)
