"""Telephone numbers: typed (office, mobile, home...), with the country calling code kept."""

from __future__ import annotations

import enum
import re

import attrs

from commtrak.errors import ValidationError

__all__ = ["PhoneKind", "PhoneNumber", "check_phone"]

_CALLING_CODE = re.compile(r"^\+[1-9][0-9]{0,2}$")
_NUMBER = re.compile(r"^[0-9(][0-9 ().\-/]*$")
_MAX_DIGITS = 17  # E.164 allows 15 digits after the calling code; extensions aside


class PhoneKind(enum.StrEnum):
    """What a number is for."""

    OFFICE = "office"
    MOBILE = "mobile"
    HOME = "home"
    FAX = "fax"
    OTHER = "other"


@attrs.frozen
class PhoneNumber:
    """A telephone number as entered, with its kind and country calling code.

    Attributes:
        kind: Office, mobile, home...
        number: The number without the calling code, as entered (digits, spaces and
            ``( ) . - /``), e.g. ``"08 9000 0000"``.
        calling_code: The country calling code, e.g. ``"+61"``; blank when the number
            is national only.
    """

    kind: PhoneKind
    number: str
    calling_code: str = ""

    @property
    def digits(self) -> str:
        """The calling code and number as digits only, which two spellings share."""
        return re.sub(r"[^0-9]", "", self.calling_code + self.number)

    def __str__(self) -> str:
        return f"{self.calling_code} {self.number}".strip()


def check_phone(field: str, kind: object, number: object, calling_code: object = "") -> PhoneNumber:
    """Return a checked :class:`PhoneNumber`.

    A number entered with a leading ``+`` and no separate calling code keeps its
    international form as the number.

    Raises:
        ValidationError: ``{field}.kind``/``phone_kind``, ``{field}.number``/
            ``phone_number`` (characters or length), ``{field}.calling_code``/
            ``calling_code``.
    """
    try:
        checked_kind = PhoneKind(str(kind))
    except ValueError:
        known = ", ".join(PhoneKind)
        raise ValidationError(f"{field}.kind", "phone_kind", f"must be one of {known}") from None
    if not isinstance(number, str) or not isinstance(calling_code, str):
        raise ValidationError(field, "type", "a phone number and calling code must be text")
    text = " ".join(number.split())
    code = calling_code.strip()
    if not code and text.startswith("+"):
        code, _, text = text.partition(" ")
    if code and not _CALLING_CODE.match(code):
        raise ValidationError(
            f"{field}.calling_code", "calling_code", f"{code!r} is not a calling code like +61"
        )
    digits = re.sub(r"[^0-9]", "", text)
    if not _NUMBER.match(text) or not 3 <= len(digits) <= _MAX_DIGITS:
        raise ValidationError(
            f"{field}.number",
            "phone_number",
            f"{text!r} is not a phone number: digits, spaces and ( ) . - / only, "
            f"3 to {_MAX_DIGITS} digits",
        )
    return PhoneNumber(kind=checked_kind, number=text, calling_code=code)
