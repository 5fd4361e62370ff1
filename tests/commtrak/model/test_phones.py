"""Phone numbers: kinds, calling codes, the digits two spellings share."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commtrak import PhoneKind, PhoneNumber, ValidationError
from commtrak.model import check_phone


@pytest.mark.parametrize(
    ("number", "code", "expected"),
    [
        ("08 9000 0000", "", PhoneNumber(PhoneKind.OFFICE, "08 9000 0000")),
        ("+61 8 9000 0000", "", PhoneNumber(PhoneKind.OFFICE, "8 9000 0000", "+61")),
        ("  (08)  9000-0000 ", "+61", PhoneNumber(PhoneKind.OFFICE, "(08) 9000-0000", "+61")),
        ("020 7946 0018", "+44", PhoneNumber(PhoneKind.OFFICE, "020 7946 0018", "+44")),
    ],
)
def test_numbers_keep_their_spelling_and_calling_code(
    number: str, code: str, expected: PhoneNumber
) -> None:
    assert check_phone("phone", "office", number, code) == expected


@pytest.mark.parametrize(
    ("kind", "number", "code", "field", "rule"),
    [
        ("office", "abc", "", "phone.number", "phone_number"),
        ("office", "12", "", "phone.number", "phone_number"),
        ("office", "1" * 18, "", "phone.number", "phone_number"),
        ("office", "+0 123", "", "phone.calling_code", "calling_code"),
        ("office", "123456", "+1234", "phone.calling_code", "calling_code"),
        ("beeper", "123456", "", "phone.kind", "phone_kind"),
    ],
)
def test_bad_numbers_name_the_part_and_the_rule(
    kind: str, number: str, code: str, field: str, rule: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        check_phone("phone", kind, number, code)
    assert (caught.value.field, caught.value.rule) == (field, rule)


@given(st.text("0123456789", min_size=3, max_size=15), st.sampled_from(["", "+1", "+61", "+353"]))
def test_spacing_does_not_change_the_digits(digits: str, code: str) -> None:
    spaced = " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))
    plain = check_phone("phone", "home", digits, code)
    assert check_phone("phone", "home", spaced, code).digits == plain.digits
    assert plain.digits == code.lstrip("+") + digits
    assert str(plain) == f"{code} {digits}".strip()
