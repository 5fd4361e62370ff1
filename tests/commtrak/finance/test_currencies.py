from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commtrak import ValidationError
from commtrak.finance import ISO_4217_MINOR_UNITS, Currency, currency


@pytest.mark.parametrize(
    ("code", "places"), [("GBP", 2), ("EUR", 2), ("JPY", 0), ("KWD", 3), ("CLF", 4)]
)
def test_an_iso_code_brings_its_minor_unit(code: str, places: int) -> None:
    assert currency(code) == Currency(code, places)
    assert currency(code, places) == Currency(code, places)
    assert str(currency(code)) == code


def test_every_listed_code_is_three_capitals_with_zero_to_four_places() -> None:
    assert len(ISO_4217_MINOR_UNITS) > 150
    for code, places in ISO_4217_MINOR_UNITS.items():
        assert len(code) == 3
        assert code.isascii()
        assert code.isupper()
        assert 0 <= places <= 4


@pytest.mark.parametrize(
    ("code", "minor_unit", "rule"),
    [
        ("gbp", None, "iso_4217"),
        (" GBP", None, "iso_4217"),
        ("GB", None, "iso_4217"),
        ("QQQ", None, "iso_4217"),
        ("GBP", 3, "minor_unit"),
        ("QQQ", 5, "minor_unit"),
        ("QQQ", -1, "minor_unit"),
        (826, None, "type"),
    ],
)
def test_a_bad_currency_is_refused(code: object, minor_unit: int | None, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        currency(code, minor_unit)
    assert (caught.value.field, caught.value.rule) == ("currency", rule)


def test_a_code_outside_the_list_is_accepted_with_its_minor_unit() -> None:
    assert currency("QQQ", 1) == Currency("QQQ", 1)


@given(st.text(max_size=5))
def test_only_three_capital_letters_can_be_a_code(text: str) -> None:
    is_code = len(text) == 3 and text.isascii() and text.isalpha() and text.isupper()
    places = ISO_4217_MINOR_UNITS.get(text, 2)
    if is_code:
        assert currency(text, places).code == text
    else:
        with pytest.raises(ValidationError, match=r"^currency:"):
            currency(text, places)
