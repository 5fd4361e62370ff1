"""Card numbers (PANs): recognised so that they are never stored, logged or shown.

commtrak stores cards by token only (:class:`~commtrak.finance.StoredCard`). To keep a
card number from slipping into storage by another way (typed into a description, a
reference, a name on card), every finance record refuses text that *looks like a
PAN*: a run of 12 to 19 digits, possibly grouped by single spaces or hyphens (``4539
1488 0343 6467``, ``4539-1488-0343-6467``), whose digits pass the Luhn check. Shorter
or longer runs of digits, and runs that fail the check, are ordinary text. Refusals name
the field and the rule ``card_number``, never the text.
"""

from __future__ import annotations

import re

from commtrak.errors import ValidationError

__all__ = [
    "MAX_PAN_DIGITS",
    "MIN_PAN_DIGITS",
    "luhn_valid",
    "pan_digits",
    "refuse_card_number",
    "refuse_card_numbers",
]

#: The fewest digits of a card number (ISO/IEC 7812 allows 8; cards in use have 12+).
MIN_PAN_DIGITS = 12

#: The most digits of a card number.
MAX_PAN_DIGITS = 19

#: A run of digits, each group joined to the next by at most one space or hyphen.
_RUN = re.compile(r"(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])")


def luhn_valid(digits: str) -> bool:
    """Whether the string of ASCII digits *digits* passes the Luhn (mod 10) check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def pan_digits(text: str) -> str | None:
    """Return the digits of the first run in *text* that looks like a card number, if any."""
    for match in _RUN.finditer(text):
        digits = match.group().replace(" ", "").replace("-", "")
        if MIN_PAN_DIGITS <= len(digits) <= MAX_PAN_DIGITS and luhn_valid(digits):
            return digits
    return None


def refuse_card_number(field: str, text: str) -> str:
    """Return *text*, refusing it if it holds something that looks like a card number.

    Raises:
        ValidationError: ``{field}``/``card_number``; the message never repeats the text.
    """
    if pan_digits(text) is not None:
        raise ValidationError(
            field,
            "card_number",
            "looks like a card number; commtrak never stores one (store cards by token)",
        )
    return text


def refuse_card_numbers(record: object, *fields: str) -> None:
    """Refuse a record whose text attribute *fields* (``"a.b"`` reaches in) hold a card number.

    Raises:
        ValidationError: ``{field}``/``card_number`` for the first such field.
    """
    for field in fields:
        value: object = record
        for part in field.split("."):
            value = getattr(value, part)
        if isinstance(value, str):
            refuse_card_number(field, value)
