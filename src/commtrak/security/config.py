"""How a store's customer portal hashes passwords, judges them, makes TOTP codes and seals them."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

import attrs

from commtrak.security.encryption import Keyring
from commtrak.security.password_policy import DEFAULT_PASSWORD_POLICY, PasswordPolicy
from commtrak.security.passwords import OWASP_ARGON2ID, Argon2Parameters
from commtrak.security.tokens import DEFAULT_TOKEN_LIFETIMES, TokenPurpose
from commtrak.security.totp import TotpConfig

__all__ = ["PortalConfig"]


@attrs.frozen
class PortalConfig:
    """The deployment's portal configuration, given to :func:`commtrak.open_store`.

    These are decisions of the application, fixed in code; what staff change at run
    time (the modules shown, the lockout threshold) is in the stored
    :class:`~commtrak.model.PortalSettings`.

    Attributes:
        password_parameters: The argon2id cost of new hashes; hashes made with other
            parameters are replaced at the next successful login. OWASP's by default;
            test suites pass cheaper ones.
        password_policy: The rules a new password must satisfy.
        totp: How the codes of newly enrolled accounts are made (an enrolled account
            keeps the configuration it was enrolled with).
        issuer: The name authenticator apps show above the code.
        token_lifetimes: How long activation and reset tokens stay valid.
        secret_keys: The keys TOTP secrets are encrypted with at rest (AES-256-GCM),
            or ``None``. Needed by every TOTP enrolment and login (and by
            ``rotate_secret_keys``), which fail with
            :class:`~commtrak.errors.ConfigurationError` ``secret_keys``/``required``
            without it; a store whose portal nobody logs in to needs none. Keep the
            keys out of the code and the database (a secret manager, the
            environment), and keep every older key of the ring until the secrets it
            sealed were resealed.
    """

    password_parameters: Argon2Parameters = OWASP_ARGON2ID
    password_policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY
    totp: TotpConfig = attrs.field(factory=TotpConfig)
    issuer: str = "commtrak"
    token_lifetimes: Mapping[TokenPurpose, datetime.timedelta] = attrs.field(
        factory=lambda: dict(DEFAULT_TOKEN_LIFETIMES)
    )
    secret_keys: Keyring | None = None
