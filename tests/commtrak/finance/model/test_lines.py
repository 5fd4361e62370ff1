"""Lines round once each, at the line: net, then tax on the rounded net."""

from __future__ import annotations

import datetime
import decimal
import uuid

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import ValidationError
from commtrak.finance import Breakdown, CreditNote, LineCategory, Money, currency, line
from commtrak.finance.model import lines_total

GBP = currency("GBP")
JPY = currency("JPY")

quantities = st.decimals(min_value="0.0001", max_value="10000", places=4)
prices = st.decimals(min_value=0, max_value="100000", places=2)
rates = st.decimals(min_value=0, max_value=1, places=4)


def _round(amount: decimal.Decimal, places: int) -> decimal.Decimal:
    return amount.quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)


@hypothesis.given(quantity=quantities, price=prices, rate=rates)
def test_a_line_rounds_its_net_then_its_tax(
    quantity: decimal.Decimal, price: decimal.Decimal, rate: decimal.Decimal
) -> None:
    item = line("Work", quantity=quantity, unit_price=Money.of(price, GBP), tax_rate=rate)
    net = _round(quantity * price, 2)
    assert item.net == Money.of(net, GBP)
    assert item.tax == Money.of(_round(net * rate, 2), GBP)
    assert item.total == item.net + item.tax


@hypothesis.given(st.lists(st.tuples(quantities, prices, rates), max_size=6))
def test_a_total_is_the_exact_sum_of_its_rounded_lines(
    rows: list[tuple[decimal.Decimal, decimal.Decimal, decimal.Decimal]],
) -> None:
    items = tuple(
        line("Work", quantity=q, unit_price=Money.of(p, GBP), tax_rate=r) for q, p, r in rows
    )
    total = lines_total(items, GBP)
    assert total.amount == sum((item.total.amount for item in items), decimal.Decimal("0.00"))


def test_a_currency_without_minor_units_rounds_to_whole_units() -> None:
    item = line("Work", quantity="0.5", unit_price=Money.of(101, JPY), tax_rate="0.1")
    assert (item.net, item.tax) == (Money.of(51, JPY), Money.of(5, JPY))


@hypothesis.given(
    st.lists(st.tuples(prices, st.sampled_from(list(LineCategory))), min_size=1, max_size=6),
    st.sampled_from(list(Breakdown)),
)
def test_every_breakdown_shows_the_same_total(
    rows: list[tuple[decimal.Decimal, LineCategory]], breakdown: Breakdown
) -> None:
    items = tuple(
        line(f"Item {n}", quantity=1, unit_price=Money.of(p, GBP), category=c)
        for n, (p, c) in enumerate(rows)
    )
    now = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    note = CreditNote(
        id=uuid.uuid4(),
        customer_id=uuid.uuid4(),
        invoice_id=None,
        currency=GBP,
        description="Credit",
        issued_on=now.date(),
        breakdown=breakdown,
        lines=items,
        number=1,
        created_at=now,
        created_by="Sam",
    )
    shown = note.rendered()
    assert Money.total((row.amount for row in shown), GBP) == note.total
    if breakdown in (Breakdown.FULL, Breakdown.FULL_BY_CATEGORY):
        assert sorted(row.label for row in shown) == sorted(item.description for item in items)


def test_floats_and_bad_lines_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        line("Labour", quantity=1.5, unit_price=Money.of("1.00", GBP))  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("quantity", "float")
    cases: list[tuple[dict[str, object], tuple[str, str]]] = [
        ({"quantity": 0}, ("quantity", "minimum")),
        ({"quantity": "0.00001"}, ("quantity", "decimal_places")),
        ({"tax_rate": "1.5"}, ("tax_rate", "maximum")),
        ({"tax_rate": "-0.1"}, ("tax_rate", "minimum")),
        ({"category": "magic"}, ("category", "line_category")),
        ({"unit_price": Money.of("-1.00", GBP)}, ("unit_price", "minimum")),
        ({"unit_price": "1.00"}, ("unit_price", "type")),
    ]
    for kwargs, expected in cases:
        arguments: dict[str, object] = {
            "quantity": 1,
            "unit_price": Money.of("1.00", GBP),
            **kwargs,
        }
        with pytest.raises(ValidationError) as caught:
            line("Labour", **arguments)  # type: ignore[arg-type]
        assert (caught.value.field, caught.value.rule) == expected
