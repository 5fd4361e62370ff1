import decimal

import pytest

from commtrak import ValidationError
from commtrak.services.invoices import check_money


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, "12.00"), ("0.5", "0.50"), (decimal.Decimal("3.10"), "3.10"), ("0", "0.00")],
)
def test_amounts_are_kept_in_cents(value: object, expected: str) -> None:
    assert check_money("amount", value) == decimal.Decimal(expected)


@pytest.mark.parametrize("value", ["-0.01", "1.001", "NaN", "Infinity", "ten", 1.5, None])
def test_what_is_not_an_amount(value: object) -> None:
    with pytest.raises(ValidationError) as caught:
        check_money("amount", value)
    assert (caught.value.field, caught.value.rule) == ("amount", "money")
