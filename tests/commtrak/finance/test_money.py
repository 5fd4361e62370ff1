from __future__ import annotations

import decimal
import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commtrak import ValidationError
from commtrak.finance import MAX_AMOUNT, Money, currency

GBP = currency("GBP")
JPY = currency("JPY")
KWD = currency("KWD")


def amounts(of: object = GBP) -> st.SearchStrategy[Money]:
    places = of.minor_unit  # type: ignore[attr-defined]
    limit = 10**12
    return st.integers(-limit, limit).map(
        lambda minor: Money.of(Decimal(minor).scaleb(-places), of)  # type: ignore[arg-type]
    )


def test_an_amount_keeps_exactly_its_currencys_places() -> None:
    assert str(Money.of("12.5", GBP)) == "12.50 GBP"
    assert Money.of(12, GBP).amount.as_tuple().exponent == -2
    assert str(Money.of(1500, JPY)) == "1500 JPY"
    assert str(Money.of("0.125", KWD)) == "0.125 KWD"


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        (0.1, "float"),
        (True, "type"),
        (None, "type"),
        ("twelve", "decimal"),
        ("NaN", "decimal"),
        ("Infinity", "decimal"),
        ("12.345", "minor_unit"),
        (MAX_AMOUNT, "max_amount"),
    ],
)
def test_an_inexact_or_foreign_amount_is_refused(value: object, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Money.of(value, GBP)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("amount", rule)


def test_made_directly_a_value_must_already_be_exact() -> None:
    with pytest.raises(ValidationError, match="minor_unit"):
        Money(Decimal("1.5"), GBP)
    with pytest.raises(ValidationError, match="type"):
        Money(1.5, GBP)  # type: ignore[arg-type]
    assert Money(Decimal("-0.00"), GBP).amount.is_signed() is False


@pytest.mark.parametrize(
    ("exact", "rounded"),
    [("0.125", "0.13"), ("0.135", "0.14"), ("-0.125", "-0.13"), ("0.124", "0.12"), ("2.5", "2.50")],
)
def test_rounding_is_half_away_from_zero(exact: str, rounded: str) -> None:
    assert Money.round(exact, GBP).amount == Decimal(rounded)


def test_rounding_does_not_depend_on_the_callers_decimal_context() -> None:
    with decimal.localcontext(prec=3, rounding=decimal.ROUND_FLOOR):
        assert Money.round("1234567.125", GBP).amount == Decimal("1234567.13")
        assert Money.of("1234567.12", GBP).times(3).amount == Decimal("3703701.36")


def test_a_line_is_rounded_once_from_the_exact_product() -> None:
    unit_price = Money.of("0.33", GBP)
    assert unit_price.times("3.5").amount == Decimal("1.16")  # 1.155 -> 1.16
    assert unit_price.times(Decimal("0.2")).amount == Decimal("0.07")  # 0.066
    with pytest.raises(ValidationError) as caught:
        unit_price.times(0.5)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("quantity", "float")


def test_currencies_are_never_mixed() -> None:
    with pytest.raises(ValidationError) as caught:
        Money.of(1, GBP) + Money.of(1, currency("EUR"))
    assert (caught.value.field, caught.value.rule) == ("currency", "same_currency")
    with pytest.raises(ValidationError):
        Money.total([Money.of(1, GBP), Money.of(1, JPY)], GBP)
    with pytest.raises(ValidationError):
        assert Money.of(1, GBP) < Money.of(1, JPY)
    with pytest.raises(TypeError):
        Money.of(1, GBP) + 1  # type: ignore[operator]


@given(st.lists(amounts(), max_size=20))
def test_a_total_is_exact_to_the_minor_unit(values: list[Money]) -> None:
    total = Money.total(values, GBP)
    assert total.amount == sum((value.amount for value in values), Decimal(0))
    assert total.amount.as_tuple().exponent == -2
    assert Money.total(values, GBP) == sum(values, Money.zero(GBP))


@given(amounts(), amounts())
def test_adding_then_subtracting_gives_back_the_amount(a: Money, b: Money) -> None:
    assert (a + b) - b == a
    negated = -a
    assert -negated == a
    assert (a - a).is_zero
    assert (a < b) == (a.amount < b.amount)
    assert (a >= b) == (a.amount >= b.amount)


@given(amounts(KWD))
def test_money_survives_text_and_pickle(a: Money) -> None:
    assert Money.of(str(a.amount), KWD) == a
    assert pickle.loads(pickle.dumps(a)) == a
