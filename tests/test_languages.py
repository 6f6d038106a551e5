"""Babel: names, directions and localised dates."""

from __future__ import annotations

import pytest

from service.languages import (
    UnknownLanguage,
    direction,
    format_count,
    format_iso_date,
    is_known,
    language_name,
    native_name,
    normalize_code,
)


@pytest.mark.parametrize(
    ("code", "english", "native", "french", "dir_", "date"),
    [
        ("fr", "French", "français", "français", "ltr", "14 septembre 2023"),
        ("en", "English", "English", "anglais", "ltr", "September 14, 2023"),
        ("es", "Spanish", "español", "espagnol", "ltr", "14 de septiembre de 2023"),
        ("de", "German", "Deutsch", "allemand", "ltr", "14. September 2023"),
        ("ar", "Arabic", "العربية", "arabe", "rtl", "14 سبتمبر 2023"),
    ],
)
def test_names_direction_dates(code, english, native, french, dir_, date):
    assert language_name(code) == english
    assert native_name(code) == native
    assert language_name(code, "fr") == french
    assert direction(code) == dir_
    assert format_iso_date("2023-09-14", code) == date


def test_rtl_languages():
    assert {direction(c) for c in ("ar", "he", "fa", "ur")} == {"rtl"}


def test_datetime_and_numbers():
    assert format_iso_date("2024-03-03T10:15", "es") == "3 de marzo de 2024, 10:15"
    assert format_iso_date(None, "en") is None
    assert format_count(12345.5, "en") == "12,345.5"
    assert format_count(12345.5, "de") == "12.345,5"


def test_codes_from_engines_are_normalised():
    assert [normalize_code(c) for c in ("fra", "spa", "eng", "pt_BR", "EN")] == ["fr", "es", "en", "pt", "en"]
    with pytest.raises(UnknownLanguage):
        normalize_code("")
    assert is_known("oc") and not is_known("zz")
