"""The one options model: defaults, normalisation, and errors that name their field."""

from __future__ import annotations

import pytest

from service.errors import InputError, TooManyTargets
from service.models.options import DEFAULT_SOURCE, DEFAULT_SUMMARY_MODE, Options
from service.models.summary import DEFAULT as DEFAULT_ALGORITHM
from service.models.summary import DEFAULT_LENGTH


def test_defaults_fill_every_missing_value():
    options = Options.parse()
    assert options == Options(
        source=DEFAULT_SOURCE,
        targets=(),
        algorithm=DEFAULT_ALGORITHM,
        length=DEFAULT_LENGTH,
        summary=DEFAULT_SUMMARY_MODE,
    )
    assert Options.parse("", "", "", "", "") == options  # empty form fields mean "default"


def test_values_are_normalised_once():
    options = Options.parse("FR", "en, ES,en,,eng", "lead", 3, "native")
    assert options.source == "fr" and options.targets == ("en", "es")
    assert options.length == "3" and options.summary == "native"
    assert Options.parse(source="Auto").source == "auto"
    assert Options.parse(targets=["pt", "pt"]).targets == ("pt",)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"source": "xx-not-a-code"}, "source"),
        ({"source": 12.5}, "source"),
        ({"source": ["fr"]}, "source"),
        ({"targets": "zz"}, "targets"),
        ({"targets": 3}, "targets"),
        ({"targets": [1, 2]}, "targets"),
        ({"algorithm": "magic"}, "algorithm"),
        ({"algorithm": ["lead"]}, "algorithm"),
        ({"length": "zero"}, "length"),
        ({"length": "0"}, "length"),
        ({"length": "120%"}, "length"),
        ({"length": {"n": 3}}, "length"),
        ({"summary": "both"}, "summary"),
    ],
)
def test_every_error_names_its_field(values, field):
    with pytest.raises(InputError) as err:
        Options.parse(**values)
    assert err.value.field == field and err.value.code == "invalid_field"


def test_targets_required_and_limit():
    with pytest.raises(InputError) as err:
        Options.parse(targets=[], targets_required=True)
    assert err.value.field == "targets"
    with pytest.raises(TooManyTargets) as err:
        Options.parse(targets=["es"] * 9, max_targets=8)  # counted as sent
    assert err.value.limit == 8 and err.value.field == "targets"


def test_fingerprint_changes_with_any_option():
    base = Options.parse("fr", "es")
    assert base.fingerprint() == Options.parse("fr", ["es"]).fingerprint()
    variants = [base.replace(targets=("en",)), base.replace(algorithm="lead"), base.replace(length="3")]
    variants += [base.replace(summary="native"), base.replace(source="auto")]
    assert len({v.fingerprint() for v in [base, *variants]}) == 6


def test_from_mapping_ignores_unknown_keys():
    assert Options.validate_values({"text": "x", "targets": ["es"], "extra": 1}).targets == ("es",)
