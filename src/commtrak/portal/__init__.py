"""Security primitives of the customer portal: passwords, tokens and TOTP.

These are pure functions and values with no storage; the portal service stores what
they return. Every secret they hand out is a :class:`Secret`, whose repr and str never
show it.
"""

from __future__ import annotations

from commtrak.portal.password_policy import (
    DEFAULT_PASSWORD_POLICY,
    PasswordPolicy,
    check_password_policy,
)
from commtrak.portal.passwords import (
    OWASP_ARGON2ID,
    Argon2Parameters,
    PasswordCheck,
    hash_password,
    verify_password,
)
from commtrak.portal.secret import Secret

__all__ = [
    "DEFAULT_PASSWORD_POLICY",
    "OWASP_ARGON2ID",
    "Argon2Parameters",
    "PasswordCheck",
    "PasswordPolicy",
    "Secret",
    "check_password_policy",
    "hash_password",
    "verify_password",
]
