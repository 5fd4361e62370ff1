"""Email addresses: their form, their normalized spelling, and the duplicate key.

Two contacts are duplicates when they are in one customer group and share an *email
key*. The key is the address as email-validator normalizes it, with the domain in its
canonical ASCII (IDNA) form, so that the Unicode and Punycode spellings of a domain give
the same key, and with the local part lowercased. Dots and ``+tags`` are kept: at most
providers they name different mailboxes, and merging two people is worse than missing a
duplicate.
"""

from __future__ import annotations

import attrs
import email_validator

from commtrak.errors import ValidationError

__all__ = ["NormalizedEmail", "email_key", "normalize_email"]


@attrs.frozen
class NormalizedEmail:
    """An address that passed the form check.

    Attributes:
        address: The normalized spelling to store and show.
        key: The duplicate key (see the module's documentation).
    """

    address: str
    key: str


def normalize_email(value: str, *, field: str = "email") -> NormalizedEmail:
    """Check the form of *value* and return its normalized spelling and key.

    This checks the form only; whether the domain accepts mail is checked separately,
    because that needs the network.

    Raises:
        ValidationError: ``email_form`` on *field* when the address is malformed.
    """
    try:
        checked = email_validator.validate_email(value, check_deliverability=False)
    except email_validator.EmailNotValidError as error:
        raise ValidationError(
            field, "email_form", f"is not a valid email address: {error}"
        ) from None
    return NormalizedEmail(address=checked.normalized, key=_key(checked))


def email_key(value: str) -> str:
    """Return the duplicate key of *value*.

    Raises:
        ValidationError: ``email_form`` when the address is malformed.
    """
    return normalize_email(value).key


def _key(checked: email_validator.ValidatedEmail) -> str:
    domain = checked.ascii_domain or checked.domain
    return f"{checked.local_part.lower()}@{domain.lower()}"
