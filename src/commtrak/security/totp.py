"""TOTP two-factor authentication (RFC 6238): secrets, codes, verification, enrolment URI.

A TOTP code is the HOTP code (:mod:`commtrak.security.hotp`) of the number of whole time
steps since the Unix epoch. The defaults are those every authenticator app supports:
SHA-1, six digits and a 30-second step; SHA-256 and SHA-512 can be chosen.

Verification accepts the code of the previous, the current and the next step, to allow
for clocks that disagree by up to one step and for the time it takes to type a code,
and refuses any code whose step is not after the last step used, so that a code seen
over someone's shoulder or in a proxy log cannot be used again. The caller stores the
step :func:`verify_totp` returns with the account, and passes it back next time.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hmac
import secrets
import urllib.parse
from typing import Final

import attrs

from commtrak.errors import ValidationError
from commtrak.security.hotp import MAX_DIGITS, MIN_DIGITS, OtpAlgorithm, hotp_code
from commtrak.security.secret import Secret

__all__ = [
    "TotpConfig",
    "new_totp_secret",
    "provisioning_uri",
    "time_step",
    "totp_code",
    "totp_key",
    "verify_totp",
]

_EPOCH: Final = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
#: Steps either side of the current one whose codes are accepted.
_WINDOW: Final = 1


def _digits(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not MIN_DIGITS <= value <= MAX_DIGITS:
        raise ValidationError(
            "digits", "range", f"must be from {MIN_DIGITS} to {MAX_DIGITS}, not {value}"
        )


def _period(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValidationError("period", "positive", f"must be at least 1 second, not {value}")


@attrs.frozen
class TotpConfig:
    """How codes are made; the authenticator app must be given the same.

    Attributes:
        algorithm: The HMAC hash function; SHA-1 by default.
        digits: The length of a code, 6 to 8; 6 by default.
        period: The length of a time step in seconds; 30 by default.
    """

    algorithm: OtpAlgorithm = attrs.field(default=OtpAlgorithm.SHA1, converter=OtpAlgorithm)
    digits: int = attrs.field(default=MIN_DIGITS, validator=_digits)
    period: int = attrs.field(default=30, validator=_period)


def new_totp_secret(algorithm: OtpAlgorithm = OtpAlgorithm.SHA1) -> Secret:
    """Return a new random secret, base32-encoded without padding.

    The secret has as many bytes as the hash's output (20 for SHA-1, 32 for SHA-256,
    64 for SHA-512), the key length RFC 4226 and RFC 6238 recommend.
    """
    key = secrets.token_bytes(OtpAlgorithm(algorithm).digest_size)
    return Secret(base64.b32encode(key).decode("ascii").rstrip("="))


def totp_key(secret: Secret) -> bytes:
    """Return the raw key of a base32 *secret*.

    Spaces, hyphens and lowercase letters, as people copy secrets by hand, are
    accepted, and the padding may be left out.

    Raises:
        ValidationError: ``base32`` on ``secret`` when it is not base32. The message does
            not quote the secret.
    """
    text = secret.reveal().replace(" ", "").replace("-", "").upper().rstrip("=")
    try:
        key = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):
        raise ValidationError("secret", "base32", "is not a base32 TOTP secret") from None
    if not key:
        raise ValidationError("secret", "base32", "is not a base32 TOTP secret")
    return key


def time_step(at: datetime.datetime, period: int = 30) -> int:
    """Return the number of whole *period* steps from the Unix epoch to *at*.

    Raises:
        ValidationError: ``timezone`` on ``at`` when *at* is naive: its instant would
            depend on the machine's time zone.
    """
    if at.utcoffset() is None:
        raise ValidationError("at", "timezone", "must be an aware datetime")
    return (at - _EPOCH) // datetime.timedelta(seconds=period)


def totp_code(secret: Secret, at: datetime.datetime, config: TotpConfig | None = None) -> str:
    """Return the code of *secret* for the time step containing *at*.

    Raises:
        ValidationError: as :func:`totp_key` and :func:`time_step`.
    """
    config = config or TotpConfig()
    return _code(totp_key(secret), time_step(at, config.period), config)


def verify_totp(
    secret: Secret,
    code: str,
    at: datetime.datetime,
    last_used_step: int | None,
    config: TotpConfig | None = None,
) -> int | None:
    """Check *code* against *secret* at time *at*; return the step it matched.

    Args:
        secret: The account's base32 secret.
        code: The code as entered; spaces around and inside it are ignored.
        at: The time of the attempt (an aware datetime).
        last_used_step: The step returned by the last successful verification, or
            ``None`` if there was none. A code for this step or an earlier one is
            refused: a code is good once.
        config: How the codes are made; :class:`TotpConfig` defaults otherwise.

    Returns:
        The step of the code, for the caller to store as the new *last_used_step*, or
        ``None`` when the code is wrong, outside the window or replayed. The answer does
        not say which; the login must not either.

    Raises:
        ValidationError: as :func:`totp_key` and :func:`time_step` (faults of the stored
            secret or the caller's clock, never of the code entered).
    """
    config = config or TotpConfig()
    key = totp_key(secret)
    current = time_step(at, config.period)
    entered = _entered_code(code, config.digits)
    matched: int | None = None
    # Every step of the window is compared, whatever matched before, so that the time
    # taken does not tell which step matched. The latest matching step wins: if two
    # steps' codes happen to collide, recording the later one leaves no step behind
    # that the same code could be replayed for.
    for step in range(current - _WINDOW, current + _WINDOW + 1):
        fresh = step >= 0 and (last_used_step is None or step > last_used_step)
        expected = _code(key, max(step, 0), config).encode("ascii")
        if hmac.compare_digest(entered, expected) and fresh:
            matched = step
    return matched


def provisioning_uri(
    secret: Secret,
    *,
    account: str,
    issuer: str,
    config: TotpConfig | None = None,
) -> Secret:
    """Return the ``otpauth://`` URI that enrols *secret* in an authenticator app.

    The URI follows the Key URI Format of Google Authenticator, which other apps read
    too: ``otpauth://totp/Issuer:account?secret=...&issuer=...&algorithm=...&digits=...
    &period=...``, with the label's parts and the issuer percent-encoded (a space as
    ``%20``). The URI holds the secret, so it is returned as a :class:`Secret`: the
    application reveals it only to draw the QR code.

    Args:
        secret: The base32 secret from :func:`new_totp_secret`.
        account: The account's name in the app, such as the portal username.
        issuer: The application's name, shown in the app above the code.
        config: How the codes are made; :class:`TotpConfig` defaults otherwise.

    Raises:
        ValidationError: ``required`` on ``account`` or ``issuer`` when blank, and
            ``colon`` when either holds a colon, which the label format forbids; as
            :func:`totp_key` when the secret is not base32.
    """
    config = config or TotpConfig()
    encoded = base64.b32encode(totp_key(secret)).decode("ascii").rstrip("=")
    for field, value in (("issuer", issuer), ("account", account)):
        if not value.strip():
            raise ValidationError(field, "required", "is required and must not be blank")
        if ":" in value:
            raise ValidationError(field, "colon", "must not contain a colon")
    label = f"{_quote(issuer)}:{_quote(account)}"
    query = urllib.parse.urlencode(
        {
            "secret": encoded,
            "issuer": issuer,
            "algorithm": config.algorithm.value,
            "digits": config.digits,
            "period": config.period,
        },
        quote_via=urllib.parse.quote,
    )
    return Secret(f"otpauth://totp/{label}?{query}")


def _code(key: bytes, step: int, config: TotpConfig) -> str:
    return hotp_code(key, step, digits=config.digits, algorithm=config.algorithm)


def _entered_code(code: str, digits: int) -> bytes:
    # Anything that is not exactly the right number of ASCII digits becomes a value no
    # code can equal (its length differs), rather than an error that would tell the
    # caller, and through it the user, that the second factor was the problem.
    text = "".join(code.split()) if isinstance(code, str) else ""
    if len(text) == digits and text.isascii() and text.isdigit():
        return text.encode("ascii")
    return b""


def _quote(text: str) -> str:
    return urllib.parse.quote(text, safe="")
