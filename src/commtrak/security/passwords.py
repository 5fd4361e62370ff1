"""Password hashing with argon2id.

Passwords are stored only as argon2id hashes in the PHC string format
(``$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>``). The string carries its own salt
and parameters, so a hash made with older parameters still verifies, and
:func:`verify_password` says when it should be replaced by a hash made with the
current ones (rehash on login).

The default parameters are the OWASP Password Storage Cheat Sheet's recommendation
for argon2id: 19 MiB of memory, 2 iterations, 1 degree of parallelism; with a
16-byte random salt and a 32-byte hash.

Passwords are normalized to Unicode NFKC before hashing (NIST SP 800-63B), so a
password typed on another keyboard or operating system, where the same characters may
arrive composed differently, still verifies. Nothing else is changed: no trimming, no
truncation, no case folding.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Final

import argon2
import attrs

from commtrak.errors import ValidationError

__all__ = [
    "OWASP_ARGON2ID",
    "Argon2Parameters",
    "PasswordCheck",
    "hash_password",
    "verify_password",
]


@attrs.frozen
class Argon2Parameters:
    """The cost of an argon2id hash.

    Attributes:
        time_cost: Iterations over the memory.
        memory_cost: Memory in kibibytes (KiB).
        parallelism: Lanes (threads) per hash.
        hash_len: Length of the hash in bytes.
        salt_len: Length of the random salt in bytes.

    Only :data:`OWASP_ARGON2ID` or stronger belongs in production. Lower values exist
    for test suites, which would otherwise spend most of their time hashing.
    """

    time_cost: int
    memory_cost: int
    parallelism: int
    hash_len: int = 32
    salt_len: int = 16


#: OWASP's recommended argon2id parameters (Password Storage Cheat Sheet, first option):
#: m=19 MiB, t=2, p=1.
OWASP_ARGON2ID: Final = Argon2Parameters(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@attrs.frozen
class PasswordCheck:
    """The outcome of :func:`verify_password`.

    Attributes:
        matches: Whether the password is the one the hash was made from.
        needs_rehash: Whether the hash was made with other parameters (or another
            argon2 variant) than the current ones; after a successful login the caller
            should store ``hash_password(password)`` in its place. Always ``False``
            when the password does not match.
    """

    matches: bool
    needs_rehash: bool = False


def hash_password(password: str, *, parameters: Argon2Parameters = OWASP_ARGON2ID) -> str:
    """Return the argon2id hash of *password*, with a fresh random salt.

    The password is not checked against the policy here; call
    :func:`commtrak.security.check_password_policy` first.

    Raises:
        ValidationError: ``invalid_character`` on ``password`` when it holds a lone
            surrogate, which cannot be encoded.
    """
    return _hasher(parameters).hash(_normalize(password))


def verify_password(
    stored_hash: str | None,
    password: str,
    *,
    parameters: Argon2Parameters = OWASP_ARGON2ID,
) -> PasswordCheck:
    """Check *password* against *stored_hash*, in time independent of where they differ.

    Args:
        stored_hash: The stored PHC string, or ``None`` when the account has no password
            (unknown username, not activated yet). A hash is then still computed, so
            that the time taken does not tell an attacker whether the account exists.
        password: The password as entered.
        parameters: The current parameters; a hash made with others needs a rehash.

    Returns:
        Whether it matches and whether the hash should be replaced. A stored hash that
        is malformed or not an argon2 hash never matches.
    """
    hasher = _hasher(parameters)
    if stored_hash is None:
        _verifies(hasher, _dummy_hash(parameters), password)
        return PasswordCheck(matches=False)
    if not _verifies(hasher, stored_hash, password):
        return PasswordCheck(matches=False)
    return PasswordCheck(matches=True, needs_rehash=hasher.check_needs_rehash(stored_hash))


def _verifies(hasher: argon2.PasswordHasher, stored_hash: str, password: str) -> bool:
    try:
        return hasher.verify(stored_hash, _normalize(password))
    except (
        argon2.exceptions.VerificationError,
        argon2.exceptions.InvalidHashError,
        ValidationError,
    ):
        return False


def _normalize(password: str) -> bytes:
    try:
        return unicodedata.normalize("NFKC", password).encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate: not text anyone can type. The codec's own message would
        # quote the character, so it is replaced by one that quotes nothing.
        raise ValidationError(
            "password", "invalid_character", "must be valid Unicode text"
        ) from None


@functools.cache
def _hasher(parameters: Argon2Parameters) -> argon2.PasswordHasher:
    return argon2.PasswordHasher(
        time_cost=parameters.time_cost,
        memory_cost=parameters.memory_cost,
        parallelism=parameters.parallelism,
        hash_len=parameters.hash_len,
        salt_len=parameters.salt_len,
        type=argon2.Type.ID,
    )


@functools.cache
def _dummy_hash(parameters: Argon2Parameters) -> str:
    # Verified against when there is no real hash; no password is ever verified by it
    # because verify_password reports no match for it whatever the outcome.
    return _hasher(parameters).hash("commtrak: no account")
