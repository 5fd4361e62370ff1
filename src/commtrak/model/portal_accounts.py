"""Customer portal accounts (seed 003, "Customer Portal Access"): the stored record.

A contact given access to the portal has one :class:`PortalAccount`. Its username is
unique across the store (compared folded) and never changes; its email key is unique
among the accounts that are not revoked. Revoking access keeps the record, marked with
when and by whom, and :class:`PortalEvent` entries keep the account's history.

Secrets never appear in a repr: the password is kept only as an argon2id hash and the
TOTP secret only encrypted, as a :class:`~commtrak.security.SealedSecret` the portal
service seals and opens with the application's keys; both are left out of the repr.
"""

from __future__ import annotations

import datetime
import enum
import uuid
from typing import Final

import attrs

from commtrak.errors import ValidationError
from commtrak.model._text import fold, required_text
from commtrak.security.encryption import SealedSecret
from commtrak.security.secret import Secret
from commtrak.security.tokens import TokenPurpose, TokenRecord
from commtrak.security.totp import TotpConfig

__all__ = [
    "MAX_USERNAME",
    "IssuedPortalToken",
    "PortalAccount",
    "PortalEvent",
    "PortalEventKind",
    "PortalToken",
    "check_username",
    "username_key",
]

#: The longest username, since an email address may be used as the username.
MAX_USERNAME: Final = 254


def username_key(username: str) -> str:
    """Return the key usernames are compared and looked up by (folded, see ``fold``)."""
    return fold(username)


def check_username(value: object) -> str:
    """Return *value* trimmed if it can be a portal username.

    A username is required text of at most
    :data:`~commtrak.model.portal_accounts.MAX_USERNAME` characters, with no white space
    inside (people type it in a login form) and no colon (the TOTP
    provisioning URI uses it as the account label, where a colon is a separator).

    Raises:
        ValidationError: on ``username``: ``required``, ``type``, ``max_length``,
            ``control_character``, ``whitespace`` or ``colon``.
    """
    text = required_text("username", value, max_length=MAX_USERNAME)
    if any(char.isspace() for char in text):
        raise ValidationError("username", "whitespace", "must not contain white space")
    if ":" in text:
        raise ValidationError("username", "colon", "must not contain a colon")
    return text


@attrs.frozen
class PortalAccount:
    """A contact's access to the customer portal.

    Attributes:
        id: Made by the library.
        contact_id: The contact the account belongs to; a merge moves the account to
            the surviving contact.
        username: Unique across the store (folded); never changes.
        email_key: The contact's email key when access was granted; unique among the
            accounts that are not revoked.
        granted_at: When access was (last) granted.
        granted_by: Who granted it.
        password_hash: The argon2id hash, or ``None`` until the contact activates the
            account. Never in the repr.
        activated_at: When the contact first set a password.
        failed_logins: Consecutive failed logins since the last success.
        locked_at: When the account was locked by too many failed logins, or ``None``.
        totp_secret: The TOTP secret, encrypted (bound to this account's id), pending
            until confirmed; never in the repr.
        totp_config: How the account's codes are made.
        totp_confirmed_at: When the contact confirmed enrolment with a first code.
        totp_last_step: The last time step a code was accepted for (replay guard).
        last_login_at: When the contact last logged in.
        revoked_at: When access was revoked, or ``None`` while it is granted.
        revoked_by: Who revoked it.
    """

    id: uuid.UUID
    contact_id: uuid.UUID
    username: str
    email_key: str
    granted_at: datetime.datetime
    granted_by: str
    password_hash: str | None = attrs.field(default=None, repr=False)
    activated_at: datetime.datetime | None = None
    failed_logins: int = 0
    locked_at: datetime.datetime | None = None
    totp_secret: SealedSecret | None = attrs.field(default=None, repr=False)
    totp_config: TotpConfig = attrs.field(factory=TotpConfig)
    totp_confirmed_at: datetime.datetime | None = None
    totp_last_step: int | None = None
    last_login_at: datetime.datetime | None = None
    revoked_at: datetime.datetime | None = None
    revoked_by: str | None = None

    @property
    def username_key(self) -> str:
        """The folded username, unique across the store."""
        return username_key(self.username)

    @property
    def has_access(self) -> bool:
        """Whether access is granted (the account is not revoked)."""
        return self.revoked_at is None

    @property
    def locked(self) -> bool:
        """Whether too many failed logins locked the account."""
        return self.locked_at is not None

    @property
    def totp_enrolled(self) -> bool:
        """Whether two-factor authentication is set up and confirmed."""
        return self.totp_secret is not None and self.totp_confirmed_at is not None


class PortalEventKind(enum.StrEnum):
    """What happened to a portal account (the contact's access history)."""

    GRANTED = "granted"
    REVOKED = "revoked"
    ACTIVATION_ISSUED = "activation_issued"
    ACTIVATED = "activated"
    PASSWORD_RESET_ISSUED = "password_reset_issued"
    PASSWORD_RESET = "password_reset"
    TOTP_ENROLLED = "totp_enrolled"
    TOTP_RESET = "totp_reset"
    LOCKED = "locked"
    UNLOCKED = "unlocked"
    MOVED = "moved"


@attrs.frozen
class PortalEvent:
    """One entry of a portal account's history; entries are only ever added.

    Attributes:
        id: Made by the library.
        account_id: The account.
        contact_id: The contact the account belonged to after the event.
        kind: What happened.
        at: When (UTC).
        by: Who (the actor's name; the contact's username for the contact's own acts).
    """

    id: uuid.UUID
    account_id: uuid.UUID
    contact_id: uuid.UUID
    kind: PortalEventKind = attrs.field(converter=PortalEventKind)
    at: datetime.datetime
    by: str


@attrs.frozen
class PortalToken:
    """A stored activation or reset token of an account: its record, never the token.

    Attributes:
        account_id: The account the token opens.
        record: The token's digest, purpose, expiry and use.
    """

    account_id: uuid.UUID
    record: TokenRecord


@attrs.frozen
class IssuedPortalToken:
    """An activation or reset token, for the application to email to the contact.

    The library keeps only the token's digest; this is the only time the token exists
    in the clear, and only :meth:`~commtrak.security.Secret.reveal` shows it.

    Attributes:
        account: The account the token opens.
        email: The address to send it to (the contact's).
        purpose: Activation or password reset.
        token: The token.
        expires_at: When it stops working (UTC).
    """

    account: PortalAccount
    email: str
    purpose: TokenPurpose
    token: Secret
    expires_at: datetime.datetime
