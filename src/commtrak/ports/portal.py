"""The portal ports: portal accounts, their tokens, their history and the portal settings.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection, Sequence
from typing import Protocol

from commtrak.model.portal_accounts import PortalAccount, PortalEvent, PortalToken
from commtrak.model.portal_settings import PortalSettings
from commtrak.security.encryption import SealedSecret

__all__ = [
    "PortalAccountRepository",
    "PortalEventRepository",
    "PortalSettingsRepository",
    "PortalTokenRepository",
]


class PortalAccountRepository(Protocol):
    """Stores :class:`~commtrak.model.PortalAccount` records. Accounts are never deleted.

    Three uniqueness rules hold among the stored accounts, and a backend enforces each
    with its own means (a unique index on SQL backends), so that two processes granting
    at once cannot both succeed; a violation is reported as the :class:`~commtrak.Conflict`
    named here, by :meth:`add` and :meth:`update` alike:

    * ``username``/``unique_username``: the folded username
      (:attr:`~commtrak.model.PortalAccount.username_key`) is unique among *all*
      accounts, revoked ones included (a username is never reused);
    * ``email``/``unique_portal_email``: the email key is unique among the accounts that
      are not revoked (``revoked_at`` is ``None``). On SQL backends a unique index on a
      column that holds the key while the account has access and ``NULL`` once it is
      revoked (a partial index where the database has them);
    * ``contact_id``/``unique_portal_contact``: a contact has at most one account.
    """

    def add(self, account: PortalAccount) -> None:
        """Store a new account.

        Raises:
            Conflict: ``id``/``unique_id``, or one of the uniqueness rules above.
        """

    def get(self, account_id: uuid.UUID, *, for_update: bool = False) -> PortalAccount:
        """Return the account with that id, locking it with *for_update*.

        Raises:
            NotFound: ``portal_account`` when there is none.
        """
        ...

    def update(self, account: PortalAccount) -> None:
        """Replace the stored account that has ``account.id``.

        Raises:
            NotFound: ``portal_account`` when there is none.
            Conflict: ``username``/``username_immutable`` when ``account.username``
                differs from the stored username in any way (a username never changes,
                not even its letter case); or one of the uniqueness rules above.
        """

    def for_contact(
        self, contact_id: uuid.UUID, *, for_update: bool = False
    ) -> PortalAccount | None:
        """Return the account of a contact, revoked or not, or ``None``."""
        ...

    def for_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, PortalAccount]:
        """Return the accounts of those contacts that have one, by contact id (one query)."""
        ...

    def find_username(self, username_key: str, *, for_update: bool = False) -> PortalAccount | None:
        """Return the account whose folded username is *username_key*, revoked or not."""
        ...

    def find_email(self, email_key: str) -> PortalAccount | None:
        """Return the account that is not revoked and has *email_key*, if any."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[PortalAccount]:
        """Return up to *limit* accounts whose id sorts after *after*, by id text."""
        ...

    def erase_for_contacts(self, contact_ids: Collection[uuid.UUID]) -> int:
        """Delete the contacts' accounts with their tokens and history, for good.

        An administrator's deletion of their customer; one statement per table on SQL.

        Returns:
            How many accounts were deleted.
        """
        ...

    def scan_totp_secrets(
        self, after: uuid.UUID | None, limit: int
    ) -> list[tuple[uuid.UUID, SealedSecret]]:
        """Return the id and sealed TOTP secret of up to *limit* accounts that have one.

        The accounts whose id sorts after *after*, by id text, as :meth:`scan`; those
        without a TOTP secret are skipped. Key rotation reads the secrets so, a batch
        at a time, without the rest of the accounts.
        """
        ...

    def reseal_totp_secrets(
        self, changes: Sequence[tuple[uuid.UUID, SealedSecret, SealedSecret]]
    ) -> None:
        """Replace TOTP secrets: for each ``(account id, stored, resealed)`` of *changes*.

        Each account's secret becomes *resealed* only if it is still *stored*, so an
        account that enrolled again meanwhile keeps its new secret. Set-based on SQL
        backends: one ``UPDATE ... WHERE id = :id AND totp_secret = :stored`` run once
        for the whole batch (an executemany), no other column touched.
        """


class PortalTokenRepository(Protocol):
    """Stores activation and reset tokens: only their digests, never the tokens."""

    def add(self, token: PortalToken) -> None:
        """Store a new token.

        Raises:
            Conflict: ``token``/``unique_token`` when a token with that digest exists.
        """

    def find(self, digest: str) -> PortalToken | None:
        """Return the token whose record has *digest*, used or not, or ``None``."""
        ...

    def consume(self, digest: str, *, at: datetime.datetime) -> bool:
        """Mark the token used at *at* if, and only if, it is unused.

        This is the atomic step that makes a token single-use: one conditional
        statement on SQL backends (``UPDATE ... SET used_at = :at WHERE digest = :digest
        AND used_at IS NULL``), so that of two requests presenting one token at once
        exactly one succeeds.

        Returns:
            Whether this call marked it (``False`` when it was used already or unknown).
        """
        ...

    def withdraw(self, account_id: uuid.UUID, *, at: datetime.datetime) -> int:
        """Mark every unused token of the account used at *at*; return how many.

        Used when access is revoked and when a new token of the account is issued, so
        that only the newest token of an account works.
        """
        ...

    def scan(self, after: str | None, limit: int) -> list[PortalToken]:
        """Return up to *limit* tokens whose digest sorts after *after*, by digest.

        Used and unused tokens alike. Digests are compared as text, code point by code
        point (lowercase hexadecimal, so byte order); on SQL backends one query on the
        digest's unique index, paged by the last digest of the batch before. Used by an
        export that keeps secrets (:func:`commtrak.portability.export_data`).
        """
        ...


class PortalEventRepository(Protocol):
    """Stores the history of portal accounts. Entries are only ever added."""

    def add(self, event: PortalEvent) -> None:
        """Store a new entry."""

    def for_account(self, account_id: uuid.UUID) -> list[PortalEvent]:
        """Return an account's entries, oldest first, then by id."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[PortalEvent]:
        """Return up to *limit* entries whose id sorts after *after*, by id text."""
        ...


class PortalSettingsRepository(Protocol):
    """Stores the store's one :class:`~commtrak.model.PortalSettings` record."""

    def get(self) -> PortalSettings:
        """Return the stored settings, or the defaults when none were stored."""
        ...

    def put(self, settings: PortalSettings) -> None:
        """Store *settings* in place of the current ones."""
