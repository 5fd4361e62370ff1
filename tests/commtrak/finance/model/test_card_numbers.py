"""Card numbers are recognised in any text, and a card's brand and expiry are told right."""

from __future__ import annotations

import datetime

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import ValidationError
from commtrak.finance import CardBrand, CardExpiry, card_expiry
from commtrak.finance.model import card_brand, luhn_valid, pan_digits, refuse_card_number


def _luhn(digits: str) -> bool:
    """The Luhn check as the standard states it: double every second digit from the right."""
    total = 0
    for n, char in enumerate(reversed(digits)):
        value = int(char) * (1 + n % 2)
        total += value // 10 + value % 10
    return total % 10 == 0


@hypothesis.given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_luhn_agrees_with_the_standard(digits: str) -> None:
    assert luhn_valid(digits) is _luhn(digits)


@hypothesis.given(
    digits=st.text(alphabet="0123456789", min_size=1, max_size=25),
    before=st.sampled_from(["", "ref ", "PO#", "a"]),
    after=st.sampled_from(["", " end", "x", "/7"]),
)
def test_a_digit_run_looks_like_a_card_number_exactly_when_12_to_19_digits_pass_luhn(
    digits: str, before: str, after: str
) -> None:
    looks = 12 <= len(digits) <= 19 and _luhn(digits)
    assert (pan_digits(before + digits + after) == digits) is looks
    if looks:
        with pytest.raises(ValidationError) as caught:
            refuse_card_number("field", before + digits + after)
        assert (caught.value.field, caught.value.rule) == ("field", "card_number")
        assert digits not in str(caught.value)
    else:
        assert refuse_card_number("field", before + digits + after) == before + digits + after


@hypothesis.given(
    groups=st.lists(st.text(alphabet="0123456789", min_size=1, max_size=6), min_size=2, max_size=6),
    separator=st.sampled_from([" ", "-"]),
)
def test_grouped_digits_count_as_one_run(groups: list[str], separator: str) -> None:
    digits = "".join(groups)
    looks = 12 <= len(digits) <= 19 and _luhn(digits)
    assert (pan_digits(separator.join(groups)) == digits) is looks
    # Two separators, or another character, end the run (and no group alone is long enough).
    assert pan_digits(f"{separator}{separator}".join(groups)) is None
    assert pan_digits("/".join(groups)) is None


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4539148803436467", CardBrand.VISA),
        ("5555555555554444", CardBrand.MASTERCARD),
        ("2221000000000009", CardBrand.MASTERCARD),
        ("378282246310005", CardBrand.AMEX),
        ("6011111111111117", CardBrand.DISCOVER),
        ("30569309025904", CardBrand.DINERS),
        ("3530111333300000", CardBrand.JCB),
        ("6200000000000005", CardBrand.UNIONPAY),
        ("6759649826438453", CardBrand.MAESTRO),
        ("1234567812345670", CardBrand.OTHER),
    ],
)
def test_the_brand_is_told_from_the_first_digits(number: str, brand: CardBrand) -> None:
    assert card_brand(number) is brand


def test_a_card_is_valid_through_its_expiry_month() -> None:
    expiry = card_expiry(2, 2028)
    assert expiry == CardExpiry(2, 2028)
    assert expiry.last_day == datetime.date(2028, 2, 29)
    assert not expiry.is_past(datetime.date(2028, 2, 29))
    assert expiry.is_past(datetime.date(2028, 3, 1))
    for month, year, rule in [(0, 2028, "month"), (True, 2028, "month"), (1, 28, "year")]:
        with pytest.raises(ValidationError) as caught:
            card_expiry(month, year)
        assert (caught.value.field, caught.value.rule) == ("expiry", rule)
