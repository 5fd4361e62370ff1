"""Single-use tokens for portal activation and password reset.

Granting portal access, and asking for a password reset, each issue a token that the
application sends to the contact's email address; the contact presents it to set a
password. The token is 256 bits from :mod:`secrets`, URL-safe, so it can go into a
link as it is.

Only the token's SHA-256 digest is stored. A token has 256 bits of entropy, so a plain
fast hash is enough (a slow password hash protects low-entropy secrets, which this is
not), and it lets the store look the record up by digest with an index. Someone who
reads the store, a backup or a log of records learns neither the token nor anything
that opens an account.

The functions here are pure: they take the stored :class:`TokenRecord` and the clock,
and return a new record; the service stores it. Consuming must be stored with a
conditional update (``... WHERE digest = ? AND used_at IS NULL``) so that two requests
presenting the same token at once cannot both succeed.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import hmac
import secrets
from typing import Final

import attrs

from commtrak.clock import Clock, utc_now
from commtrak.errors import ValidationError
from commtrak.security.secret import Secret

__all__ = [
    "DEFAULT_TOKEN_LIFETIMES",
    "IssuedToken",
    "TokenPurpose",
    "TokenRecord",
    "consume_token",
    "issue_token",
    "token_digest",
    "verify_token",
]

#: Bytes of randomness in a token: 256 bits, beyond guessing and beyond collision.
_TOKEN_BYTES: Final = 32
_FIELD: Final = "token"


class TokenPurpose(enum.StrEnum):
    """What a token lets its holder do; a token for one purpose never serves another."""

    ACTIVATION = "activation"
    PASSWORD_RESET = "password_reset"


#: How long a token stays valid when no lifetime is given. Activation mail may wait a
#: few days to be read; a reset is asked for by someone waiting for it, and OWASP's
#: Forgot Password Cheat Sheet asks for a short life.
DEFAULT_TOKEN_LIFETIMES: Final = {
    TokenPurpose.ACTIVATION: datetime.timedelta(days=3),
    TokenPurpose.PASSWORD_RESET: datetime.timedelta(hours=1),
}


@attrs.frozen
class TokenRecord:
    """What the store keeps of a token: never the token itself.

    Attributes:
        digest: The SHA-256 digest of the token, in hexadecimal; the store's lookup key.
            Left out of the repr all the same: it identifies a live token.
        purpose: What the token is for.
        expires_at: The first instant (UTC) at which the token is no longer valid.
        used_at: When the token was consumed, or ``None`` while it is unused.
    """

    digest: str = attrs.field(repr=False)
    purpose: TokenPurpose = attrs.field(converter=TokenPurpose)
    expires_at: datetime.datetime
    used_at: datetime.datetime | None = None

    @property
    def used(self) -> bool:
        """Whether the token has been consumed."""
        return self.used_at is not None


@attrs.frozen
class IssuedToken:
    """A freshly issued token: the token to send, and the record to store.

    Attributes:
        token: The token for the contact's link; the library keeps no copy.
        record: What the store keeps.
    """

    token: Secret
    record: TokenRecord


def token_digest(token: str) -> str:
    """Return the digest under which the record of *token* is stored (hex SHA-256)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(
    purpose: TokenPurpose,
    *,
    lifetime: datetime.timedelta | None = None,
    clock: Clock = utc_now,
) -> IssuedToken:
    """Make a new token for *purpose*, valid for *lifetime* from now.

    Args:
        purpose: What the token will allow.
        lifetime: How long it stays valid; :data:`DEFAULT_TOKEN_LIFETIMES` by default.
        clock: Returns the current UTC time.

    Raises:
        ValidationError: ``positive`` on ``lifetime`` when it is zero or negative.
    """
    purpose = TokenPurpose(purpose)
    if lifetime is None:
        lifetime = DEFAULT_TOKEN_LIFETIMES[purpose]
    if lifetime <= datetime.timedelta(0):
        raise ValidationError("lifetime", "positive", "must be longer than zero")
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    record = TokenRecord(digest=token_digest(token), purpose=purpose, expires_at=clock() + lifetime)
    return IssuedToken(token=Secret(token), record=record)


def verify_token(
    record: TokenRecord,
    token: str,
    purpose: TokenPurpose,
    *,
    clock: Clock = utc_now,
) -> None:
    """Check that *token* is the live token of *record*, for *purpose*.

    A wrong token and a token for another purpose get the same answer, so that the
    error tells nothing to someone who does not hold the right token. Only the holder
    of the right token learns that it has expired or been used.

    Raises:
        ValidationError: on the field ``token`` with the rule ``invalid`` (not this
            record's token, or not for *purpose*), ``used`` or ``expired``.
    """
    matches = isinstance(token, str) and hmac.compare_digest(
        record.digest.encode("ascii"), token_digest(token).encode("ascii")
    )
    if not matches or record.purpose != TokenPurpose(purpose):
        raise ValidationError(_FIELD, "invalid", "is not a valid token")
    if record.used:
        raise ValidationError(_FIELD, "used", "has already been used")
    if clock() >= record.expires_at:
        raise ValidationError(_FIELD, "expired", "has expired; ask for a new one")


def consume_token(
    record: TokenRecord,
    token: str,
    purpose: TokenPurpose,
    *,
    clock: Clock = utc_now,
) -> TokenRecord:
    """Check *token* as :func:`verify_token` does and return *record* marked used.

    Raises:
        ValidationError: as :func:`verify_token`.
    """
    now = clock()
    verify_token(record, token, purpose, clock=lambda: now)
    return attrs.evolve(record, used_at=now)
