"""Every text path is linear in its input: crafted shapes that were quadratic, at sizes a quadratic path cannot finish.

No timing assertion: each sized test runs a shape at twice the largest
accepted text (``MAX_TEXT_CHARS``); the quadratic versions took minutes to
hours at that size (the e-mail pattern: 24 s at 64k characters, 100 s at
128k; the guillemet re-wrapping: 67 s at 48k), the linear ones milliseconds,
and ``pytest-timeout`` ends a test that has not finished after a minute.
Properties check that the linear versions choose what the old ones chose.
``scripts/bench robustness`` prints the times and peak memory.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.settings import default
from service.text.structure import parse_article
from service.translation import names, placeholders
from service.translation.punctuation import _EMPTY_GUILLEMETS, _QUOTED, _WORD, _rewrap_guillemets, tidy

SIZE = 2 * int(default("MAX_TEXT_CHARS"))  # twice the largest accepted text
LINEAR = pytest.mark.timeout(60)  # a quadratic path takes minutes at SIZE; a linear one, milliseconds


def shape(unit: str, size: int = SIZE) -> str:
    return unit * (size // len(unit))


# -- the protected-span finder ----------------------------------------------------------------------------------


@LINEAR
@pytest.mark.parametrize("unit", ["a", "1", ".", "a-", "a.b+", "x_"])
def test_spans_are_linear_on_runs_of_address_characters(unit):
    assert placeholders.find_spans(shape(unit)) is not None


def test_e_mail_addresses_are_still_found():
    found = placeholders.find_spans("Écrire à jean.dupont+presse@example.fr ou à a-b@c.org, pas à @x.")
    assert [(s.kind, s.text) for s in found if s.kind == "email"] == [
        ("email", "jean.dupont+presse@example.fr"),
        ("email", "a-b@c.org"),
    ]


_OLD_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from([*"ab1.+-@ _,", "x@y.fr"]), max_size=30).map("".join))
def test_anchored_e_mail_pattern_finds_what_the_unanchored_one_found(text):
    """The same addresses, except one glued to the end of another ("x@y.fr+z@y.fr": one address now)."""
    anchored = [m.span() for m in re.compile(placeholders.EMAIL).finditer(text)]
    old = [m.span() for m in _OLD_EMAIL.finditer(text)]
    glued = {(a, b) for a, b in old if a and re.match(r"[\w.+-]", text[a - 1])}
    assert anchored == [span for span in old if span not in glued]


# -- punctuation: guillemets re-wrapped, spaces removed ------------------------------------------------------------


def _old_rewrap(text: str, source: str) -> str:
    """The re-wrapping as it was (quadratic): the reference for ordinary sentences."""
    quoted = list(_QUOTED.finditer(source))
    if not quoted or not _EMPTY_GUILLEMETS.search(text):
        return text
    result = text
    for original in quoted:
        empty = _EMPTY_GUILLEMETS.search(result)
        if empty is None:
            break
        count = len(_WORD.findall(original.group(2))) or 1
        words = list(_WORD.finditer(result[: empty.start()]))
        if len(words) < count:
            break
        first = words[-count]
        inner = result[first.start() : empty.start()].rstrip()
        result = result[: first.start()] + f"«{original.group(1)}{inner}{original.group(3)}»" + result[empty.end() :]
    return result


WORDS = st.sampled_from(["le", "plan", "Paris", "a", "dit", ",", "."])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(st.one_of(WORDS, st.just("«»")), min_size=1, max_size=14),
    st.lists(st.integers(1, 3), min_size=1, max_size=3),
)
def test_rewrapping_chooses_the_words_it_chose_before(pieces, sizes):
    text = " ".join(pieces)
    source = " ".join(f"« {' '.join(['mot'] * n)} » puis" for n in sizes)
    pairs = list(_EMPTY_GUILLEMETS.finditer(text))
    words_between = [len(_WORD.findall(text[a.end() : b.start()])) for a, b in itertools.pairwise(pairs)]
    # The old code could wrap a pair around an earlier one ("« a « b » c »"); the new one never nests.
    if all(between >= size for between, size in zip(words_between, sizes[1:], strict=False)):
        assert _rewrap_guillemets(text, source) == _old_rewrap(text, source)


def test_rewrapping_ordinary_sentences():
    source = "Il parle de « perspectives » et de « nouvelles règles »."
    assert tidy("He talks about perspectives «» and new rules «».", source, "en") == (
        "He talks about «perspectives» and «new rules»."
    )


@LINEAR
def test_rewrapping_is_linear_on_runs_of_guillemets():
    out = tidy(shape("a «» "), shape("« a » "), "en")
    assert out.startswith("«a» «a»")


@LINEAR
@pytest.mark.parametrize("target", ["en", "fr"])
@pytest.mark.parametrize("unit", [" ", "\u00a0", "« ", " »"])
def test_tidy_is_linear_on_runs_of_spaces(unit, target):
    assert tidy("a" + shape(unit) + "b", "a b", target).startswith("a")


def test_spaces_still_removed_before_marks():
    assert tidy("Il dit : oui , non ! « mot »", "x", "en") == "Il dit: oui, non! «mot»"
    assert tidy("Il dit : oui , non !", "x", "fr") == "Il dit : oui, non !"


# -- names ---------------------------------------------------------------------------------------------------------


@LINEAR
@pytest.mark.parametrize("unit", ["Jean ", "l'", "ne ", "1 000 ", "#1", "A.B. ", "M. ", "« a » ", "Phrase.\n"])
def test_names_are_linear(unit):
    text = shape(unit, SIZE // 2)
    assert names.names_in(text, names.orthographic_tokens(text)) is not None


TITLE_PIECES = st.sampled_from(["M", "Mme", "Dr", ".", " ", "\u00a0", "x", "A", "\n", "Mlles"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(TITLE_PIECES, max_size=15).map("".join))
def test_title_check_reads_what_the_whole_prefix_said(text):
    for end in range(len(text) + 1):
        assert names._ends_with_title(text, end) == bool(names._TITLES.search(text[:end]))


# -- article structure ---------------------------------------------------------------------------------------------


@LINEAR
@pytest.mark.parametrize("unit", [" ", "Une phrase de six mots ici.\n", "| ", "- "])
def test_structure_is_linear(unit):
    article = parse_article("Titre\n\nDébut" + shape(unit, SIZE) + "fin.", "fr")
    assert article.sentences


@LINEAR
def test_near_duplicate_marking_is_linear_in_sentences():
    """Thousands of distinct sentences sharing words: each was compared with every earlier one."""
    count = 20_000  # the summary's cap; the quadratic marking needed minutes
    text = "Titre\n\n" + "".join(f"Le conseil vote la mesure m{i}a m{i}b m{i}c.\n" for i in range(count))
    article = parse_article(text, "fr")
    assert len(article.body_sentences) >= count and all(s.duplicate_of is None for s in article.body_sentences)


def test_near_duplicates_still_marked():
    text = (
        "Titre\n\nLe conseil municipal a voté le budget lundi soir.\n\nAutre chose entièrement différente ici.\n\n"
        "Le conseil municipal a voté le budget lundi."
    )
    article = parse_article(text, "fr")
    last = article.sentences[-1]
    assert last.duplicate_of is not None
