"""The minimum password policy, after NIST SP 800-63B.

The rules follow NIST's guidance for memorized secrets: a password is judged by its
length and by whether an attacker would guess it early, never by composition rules
(no "one digit, one capital"), which make passwords harder to remember without making
them harder to guess. A password is refused when:

- it is shorter than the minimum (``min_length``, 12 by default) or longer than the
  maximum (``max_length``, 256 by default), counted in Unicode code points after NFKC
  normalization, as the hash sees it. NIST's floor is 8 for a password used with a
  second factor, which the portal always requires; 12 follows OWASP ASVS 4 (2.1.1).
  The maximum exists only so that hashing stays cheap; NIST asks for at least 64;
- it is one shorter string repeated, ignoring case (``repetitive``:
  ``aaaaaaaaaaaa``, ``abcABCabcABC``);
- it is a run of consecutive characters, in any script, or of digits or Latin letters
  that wraps around (``sequential``: ``abcdefghijkl``, ``987654321098``);
- it is a commonly used password, ignoring case and any digits and punctuation around
  it (``too_common``: ``Password123!``, ``2024dragon``);
- it contains the account's username or email address, or a part of either of four or
  more characters (``contains_username``);
- it contains a word of the service, such as the application's name
  (``contains_context_word``).

Rejections are :class:`~commtrak.errors.ValidationError` on the field ``password``; no
message quotes the password.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Iterable
from typing import Final

import attrs

from commtrak._folding import fold
from commtrak.errors import ValidationError
from commtrak.security._common_passwords import COMMON_PASSWORDS

__all__ = ["DEFAULT_PASSWORD_POLICY", "PasswordPolicy", "check_password_policy"]

#: NIST SP 800-63B's floor for a password used together with a second factor.
_NIST_MIN_LENGTH: Final = 8
#: NIST SP 800-63B: verifiers should permit passwords of at least 64 characters.
_NIST_MAX_LENGTH_FLOOR: Final = 64
#: Identifier parts shorter than this are too general to refuse inside a password.
_MIN_WORD: Final = 4

_FIELD: Final = "password"
_CYCLES: Final = (string.digits, string.ascii_lowercase)
_NOT_WORD: Final = re.compile(r"[\W_]+")
_SURROUNDING_DIGITS_AND_PUNCTUATION: Final = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def _folded_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(word) for word in words)


def _min_length(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < _NIST_MIN_LENGTH:
        raise ValueError(f"min_length must be at least {_NIST_MIN_LENGTH} (NIST SP 800-63B)")


def _max_length(instance: PasswordPolicy, attribute: attrs.Attribute[int], value: int) -> None:
    if value < max(_NIST_MAX_LENGTH_FLOOR, instance.min_length):
        raise ValueError(
            f"max_length must be at least {_NIST_MAX_LENGTH_FLOOR} and at least min_length"
        )


@attrs.frozen
class PasswordPolicy:
    """What a password must satisfy; see the module documentation for the rules.

    Attributes:
        min_length: The fewest characters; at least 8.
        max_length: The most characters; at least 64.
        blocklist: Passwords refused as too common; compared case-insensitively.
            Defaults to a short built-in list; pass a larger one if you have it.
        context_words: Words of the service (the application's and the company's name)
            that no password may contain.
    """

    min_length: int = attrs.field(default=12, validator=_min_length)
    max_length: int = attrs.field(default=256, validator=_max_length)
    blocklist: frozenset[str] = attrs.field(
        default=COMMON_PASSWORDS, converter=_folded_set, repr=False
    )
    context_words: frozenset[str] = attrs.field(default=frozenset(), converter=_folded_set)


#: The policy used when none is given.
DEFAULT_PASSWORD_POLICY: Final = PasswordPolicy()


def check_password_policy(
    password: str,
    *,
    username: str | None = None,
    email: str | None = None,
    policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
) -> None:
    """Refuse *password* if it breaks the policy; return quietly otherwise.

    Args:
        password: The password as entered (it is normalized here as the hash will be).
        username: The account's username, which the password must not contain.
        email: The account's email address, which the password must not contain.
        policy: The rules; :data:`DEFAULT_PASSWORD_POLICY` by default.

    Raises:
        ValidationError: on the field ``password``, with the rule ``type``,
            ``min_length``, ``max_length``, ``repetitive``, ``sequential``,
            ``too_common``, ``contains_username`` or ``contains_context_word``.
    """
    if not isinstance(password, str):
        raise ValidationError(_FIELD, "type", f"must be text, not {type(password).__name__}")
    text = unicodedata.normalize("NFKC", password)
    if len(text) < policy.min_length:
        raise ValidationError(
            _FIELD, "min_length", f"must be at least {policy.min_length} characters long"
        )
    if len(text) > policy.max_length:
        raise ValidationError(
            _FIELD, "max_length", f"must be at most {policy.max_length} characters long"
        )
    folded = fold(text)
    if _is_repetition(folded):
        raise ValidationError(_FIELD, "repetitive", "must not be one short text repeated")
    if _is_sequence(folded):
        raise ValidationError(_FIELD, "sequential", "must not be a run of consecutive characters")
    stem = _SURROUNDING_DIGITS_AND_PUNCTUATION.sub("", folded)
    if folded in policy.blocklist or stem in policy.blocklist:
        raise ValidationError(_FIELD, "too_common", "is too common; choose a less guessable one")
    if _contains_any(folded, _identifier_words(username, email)):
        raise ValidationError(
            _FIELD, "contains_username", "must not contain the username or email address"
        )
    if _contains_any(folded, policy.context_words):
        raise ValidationError(
            _FIELD, "contains_context_word", "must not contain the name of the service"
        )


def _is_repetition(text: str) -> bool:
    # A string is a repetition of a shorter one exactly when it occurs in itself
    # doubled at an offset other than 0 and len(text).
    return (text + text).find(text, 1) < len(text)


def _is_sequence(text: str) -> bool:
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(text)}
    if steps in ({1}, {-1}):
        return True
    # Runs that wrap around, as typed on a keyboard: 1234567890123, xyzabcdef.
    for cycle in _CYCLES:
        for run in (cycle, cycle[::-1]):
            if text in run * (len(text) // len(run) + 2):
                return True
    return False


def _identifier_words(*identifiers: str | None) -> set[str]:
    words: set[str] = set()
    for identifier in identifiers:
        if not identifier:
            continue
        folded = fold(identifier)
        words.add(folded)
        words.update(_NOT_WORD.split(folded))
    return words


def _contains_any(folded: str, words: Iterable[str]) -> bool:
    return any(len(word) >= _MIN_WORD and word in folded for word in words)
