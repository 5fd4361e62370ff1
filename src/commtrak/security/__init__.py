"""Security primitives of the customer portal: passwords, tokens and TOTP.

These are pure functions and values with no storage; the portal service stores what
they return. Every secret they hand out is a :class:`Secret`, whose repr and str never
show it; a TOTP secret is stored only as a :class:`SealedSecret`, encrypted with the
application's :class:`Keyring`.
"""

from __future__ import annotations

from commtrak.security.config import PortalConfig
from commtrak.security.encryption import Keyring, SealedSecret, new_key
from commtrak.security.hotp import MAX_DIGITS, MIN_DIGITS, OtpAlgorithm, hotp_code
from commtrak.security.password_policy import (
    DEFAULT_PASSWORD_POLICY,
    PasswordPolicy,
    check_password_policy,
)
from commtrak.security.passwords import (
    OWASP_ARGON2ID,
    Argon2Parameters,
    PasswordCheck,
    hash_password,
    verify_password,
)
from commtrak.security.secret import Secret
from commtrak.security.tokens import (
    DEFAULT_TOKEN_LIFETIMES,
    IssuedToken,
    TokenPurpose,
    TokenRecord,
    consume_token,
    issue_token,
    token_digest,
    verify_token,
)
from commtrak.security.totp import (
    TotpConfig,
    new_totp_secret,
    provisioning_uri,
    time_step,
    totp_code,
    totp_key,
    verify_totp,
)

__all__ = [
    "DEFAULT_PASSWORD_POLICY",
    "DEFAULT_TOKEN_LIFETIMES",
    "MAX_DIGITS",
    "MIN_DIGITS",
    "OWASP_ARGON2ID",
    "Argon2Parameters",
    "IssuedToken",
    "Keyring",
    "OtpAlgorithm",
    "PasswordCheck",
    "PasswordPolicy",
    "PortalConfig",
    "SealedSecret",
    "Secret",
    "TokenPurpose",
    "TokenRecord",
    "TotpConfig",
    "check_password_policy",
    "consume_token",
    "hash_password",
    "hotp_code",
    "issue_token",
    "new_key",
    "new_totp_secret",
    "provisioning_uri",
    "time_step",
    "token_digest",
    "totp_code",
    "totp_key",
    "verify_password",
    "verify_token",
    "verify_totp",
]
