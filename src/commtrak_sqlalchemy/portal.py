"""The portal repositories: accounts, tokens, the accounts' history and the settings.

Every uniqueness rule of :class:`commtrak.ports.PortalAccountRepository` is a
unique index (see :mod:`commtrak_sqlalchemy.tables_portal`); a violation comes back from
the database as the :class:`~commtrak.Conflict` the services raise. Passwords are kept
only as the hashes the model holds, TOTP secrets only encrypted (the envelopes the
portal service sealed), tokens only as their digests; none of them is logged.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import uuid
from collections.abc import Collection, Iterator, Sequence
from typing import Any, Final

from sqlalchemy import Row, Table, Update, and_, bindparam, select

from commtrak.errors import CommtrakError, Conflict, NotFound
from commtrak.model.portal_accounts import PortalAccount, PortalEvent, PortalToken
from commtrak.model.portal_settings import PortalSettings
from commtrak.security.encryption import SealedSecret
from commtrak.security.tokens import TokenRecord
from commtrak.security.totp import TotpConfig
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._references import chunks, scan
from commtrak_sqlalchemy.errors import ErrorTranslator

__all__ = ["SqlPortalAccounts", "SqlPortalEvents", "SqlPortalSettings", "SqlPortalTokens"]


class _WithoutCause(ErrorTranslator):
    """Translates as *inner* does, but leaves the driver's exception out of the error.

    For statements whose parameters are secrets: SQLAlchemy writes a statement's
    parameters into its exception's text, so a logged traceback whose cause is that
    exception would show a password hash, a TOTP secret or a token digest.
    """

    def __init__(self, inner: ErrorTranslator) -> None:
        self._inner = inner

    @contextlib.contextmanager
    def translating(self, *, foreign_key: Conflict | None = None) -> Iterator[None]:
        """Run the block as :meth:`ErrorTranslator.translating` does, without the cause."""
        try:
            with self._inner.translating(foreign_key=foreign_key):
                yield
        except CommtrakError as error:
            error.__cause__ = None
            error.__context__ = None
            error.__suppress_context__ = True
            raise


def _secret_db(db: Db) -> Db:
    """Return a :class:`Db` on the same connection whose errors carry no parameters."""
    return Db(db.connection, db.tables, _WithoutCause(db.errors), row_locks=db.row_locks)


#: The one row of the settings table.
_SETTINGS_ID: Final = 1

_ACCOUNT_FIELDS = (
    "id",
    "contact_id",
    "username",
    "email_key",
    "granted_at",
    "granted_by",
    "password_hash",
    "activated_at",
    "failed_logins",
    "locked_at",
    "totp_confirmed_at",
    "totp_last_step",
    "last_login_at",
    "revoked_at",
    "revoked_by",
)


def _account_values(account: PortalAccount) -> dict[str, Any]:
    values = {field: getattr(account, field) for field in _ACCOUNT_FIELDS}
    values["username_key"] = account.username_key
    secret = account.totp_secret
    values["totp_secret"] = None if secret is None else secret.stored
    values["totp_algorithm"] = account.totp_config.algorithm.value
    values["totp_digits"] = account.totp_config.digits
    values["totp_period"] = account.totp_config.period
    return values


def _account(row: Row[Any]) -> PortalAccount:
    fields = row._mapping
    secret = fields["totp_secret"]
    return PortalAccount(
        **{field: fields[field] for field in _ACCOUNT_FIELDS},
        totp_secret=None if secret is None else SealedSecret(secret),
        totp_config=TotpConfig(
            algorithm=fields["totp_algorithm"],
            digits=fields["totp_digits"],
            period=fields["totp_period"],
        ),
    )


class SqlPortalAccounts:
    """Portal accounts (see :class:`commtrak.ports.PortalAccountRepository`)."""

    def __init__(self, db: Db) -> None:
        self._db = _secret_db(db)
        self._table = db.tables.portal.accounts
        self._owned = (db.tables.portal.tokens, db.tables.portal.events)

    def erase_for_contacts(self, contact_ids: Collection[uuid.UUID]) -> int:
        """Delete the contacts' accounts, their tokens and events: three statements."""
        if not contact_ids:
            return 0
        accounts = select(self._table.c.id).where(self._table.c.contact_id.in_(list(contact_ids)))
        for table in self._owned:
            self._db.run(table.delete().where(table.c.account_id.in_(accounts)))
        return self._db.run(
            self._table.delete().where(self._table.c.contact_id.in_(list(contact_ids)))
        )

    def add(self, account: PortalAccount) -> None:
        """Insert the account; the unique indexes refuse a taken username, email or contact."""
        self._db.run(self._table.insert().values(_account_values(account)))

    def get(self, account_id: uuid.UUID, *, for_update: bool = False) -> PortalAccount:
        """Read the account, locking its row with *for_update*."""
        found = self._one(self._table.c.id == account_id, for_update)
        if found is None:
            raise NotFound("portal_account", account_id)
        return found

    def update(self, account: PortalAccount) -> None:
        """Rewrite the account's row, only if its stored username is exactly the same.

        The username is not among the columns written, and the ``WHERE`` clause matches
        only the stored row with the same username (compared code point by code point),
        so no statement of this repository can change a username.
        """
        values = _account_values(account)
        del values["username"], values["username_key"]
        table = self._table
        matched = self._db.run(
            table.update()
            .where(and_(table.c.id == account.id, table.c.username == account.username))
            .values(values)
        )
        if matched:
            return
        if self._one(table.c.id == account.id, False) is None:
            raise NotFound("portal_account", account.id)
        raise Conflict("username", "username_immutable", "a portal username can never be changed")

    def for_contact(
        self, contact_id: uuid.UUID, *, for_update: bool = False
    ) -> PortalAccount | None:
        """Read the contact's account, revoked or not."""
        return self._one(self._table.c.contact_id == contact_id, for_update)

    def for_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, PortalAccount]:
        """Read the accounts of those contacts that have one."""
        found: dict[uuid.UUID, PortalAccount] = {}
        for chunk in chunks(sorted(set(contact_ids), key=str), 30_000):
            statement = select(self._table).where(self._table.c.contact_id.in_(chunk))
            found.update({a.contact_id: a for a in map(_account, self._db.rows(statement))})
        return found

    def find_username(self, username_key: str, *, for_update: bool = False) -> PortalAccount | None:
        """Read the account with that folded username, revoked or not."""
        return self._one(self._table.c.username_key == username_key, for_update)

    def find_email(self, email_key: str) -> PortalAccount | None:
        """Read the account that has access and that email key."""
        return self._one(self._table.c.active_email == email_key, False)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[PortalAccount]:
        """Read the next *limit* accounts in id order after *after*."""
        return [_account(row) for row in self._db.rows(scan(self._table, after, limit))]

    def scan_totp_secrets(
        self, after: uuid.UUID | None, limit: int
    ) -> list[tuple[uuid.UUID, SealedSecret]]:
        """Read the id and sealed TOTP secret of the next *limit* accounts that have one."""
        table = self._table
        statement = (
            scan(table, after, limit)
            .with_only_columns(table.c.id, table.c.totp_secret)
            .where(table.c.totp_secret.is_not(None))
        )
        return [(row.id, SealedSecret(row.totp_secret)) for row in self._db.rows(statement)]

    def reseal_totp_secrets(
        self, changes: Sequence[tuple[uuid.UUID, SealedSecret, SealedSecret]]
    ) -> None:
        """Replace each secret still stored as it was read: one ``UPDATE``, executemany."""
        if not changes:
            return
        self._db.run(
            _reseal(self._table),
            [
                {"account_id": account_id, "stored": stored.stored, "resealed": resealed.stored}
                for account_id, stored, resealed in changes
            ],
        )

    def _one(self, condition: Any, for_update: bool) -> PortalAccount | None:
        statement = self._db.locking(select(self._table).where(condition), for_update)
        row = self._db.first(statement)
        return None if row is None else _account(row)


@functools.cache
def _reseal(table: Table) -> Update:
    """The compare-and-set of key rotation, built once per table.

    ``UPDATE accounts SET totp_secret = :resealed WHERE id = :account_id AND
    totp_secret = :stored``.
    """
    return (
        table.update()
        .where(
            and_(
                table.c.id == bindparam("account_id", type_=table.c.id.type),
                table.c.totp_secret == bindparam("stored", type_=table.c.totp_secret.type),
            )
        )
        .values(totp_secret=bindparam("resealed", type_=table.c.totp_secret.type))
    )


def _token(row: Row[Any]) -> PortalToken:
    return PortalToken(
        account_id=row.account_id,
        record=TokenRecord(
            digest=row.digest, purpose=row.purpose, expires_at=row.expires_at, used_at=row.used_at
        ),
    )


class SqlPortalTokens:
    """Activation and reset tokens, as digests (see ``PortalTokenRepository``)."""

    def __init__(self, db: Db) -> None:
        self._db = _secret_db(db)
        self._table = db.tables.portal.tokens

    def add(self, token: PortalToken) -> None:
        """Insert the token's record; the unique index refuses a repeated digest."""
        record = token.record
        self._db.run(
            self._table.insert().values(
                digest=record.digest,
                account_id=token.account_id,
                purpose=record.purpose.value,
                expires_at=record.expires_at,
                used_at=record.used_at,
            )
        )

    def find(self, digest: str) -> PortalToken | None:
        """Read the token with that digest, used or not."""
        row = self._db.first(select(self._table).where(self._table.c.digest == digest))
        return None if row is None else _token(row)

    def consume(self, digest: str, *, at: datetime.datetime) -> bool:
        """Mark the token used, in one conditional ``UPDATE``; whether it changed a row."""
        table = self._table
        statement = (
            table.update()
            .where(and_(table.c.digest == digest, table.c.used_at.is_(None)))
            .values(used_at=at)
        )
        return self._db.run(statement) == 1

    def withdraw(self, account_id: uuid.UUID, *, at: datetime.datetime) -> int:
        """Mark every unused token of the account used, in one ``UPDATE``."""
        table = self._table
        statement = (
            table.update()
            .where(and_(table.c.account_id == account_id, table.c.used_at.is_(None)))
            .values(used_at=at)
        )
        return self._db.run(statement)

    def scan(self, after: str | None, limit: int) -> list[PortalToken]:
        """Read the next *limit* tokens in digest order after *after* (its unique index)."""
        statement = scan(self._table, after, limit, key="digest")
        return [_token(row) for row in self._db.rows(statement)]


def _event(row: Row[Any]) -> PortalEvent:
    fields = row._mapping
    return PortalEvent(
        **{f: fields[f] for f in ("id", "account_id", "contact_id", "kind", "at", "by")}
    )


class SqlPortalEvents:
    """The accounts' history (see :class:`commtrak.ports.PortalEventRepository`)."""

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.portal.events

    def add(self, event: PortalEvent) -> None:
        """Insert the entry."""
        self._db.run(
            self._table.insert().values(
                id=event.id,
                account_id=event.account_id,
                contact_id=event.contact_id,
                kind=event.kind.value,
                at=event.at,
                by=event.by,
            )
        )

    def for_account(self, account_id: uuid.UUID) -> list[PortalEvent]:
        """Read an account's entries, oldest first, then by id."""
        table = self._table
        statement = (
            select(table).where(table.c.account_id == account_id).order_by(table.c.at, table.c.id)
        )
        return [_event(row) for row in self._db.rows(statement)]

    def scan(self, after: uuid.UUID | None, limit: int) -> list[PortalEvent]:
        """Read the next *limit* entries in id order after *after*."""
        return [_event(row) for row in self._db.rows(scan(self._table, after, limit))]


class SqlPortalSettings:
    """The store's portal settings, one row (see ``PortalSettingsRepository``)."""

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.portal.settings

    def get(self) -> PortalSettings:
        """Read the settings, or the defaults when none were stored."""
        row = self._db.first(select(self._table).where(self._table.c.id == _SETTINGS_ID))
        if row is None:
            return PortalSettings()
        return PortalSettings(modules=row.modules, lockout_threshold=row.lockout_threshold)

    def put(self, settings: PortalSettings) -> None:
        """Rewrite the settings row, inserting it the first time."""
        values = {
            "modules": sorted(module.value for module in settings.modules),
            "lockout_threshold": settings.lockout_threshold,
        }
        table = self._table
        if not self._db.run(table.update().where(table.c.id == _SETTINGS_ID).values(values)):
            self._db.run(table.insert().values(id=_SETTINGS_ID, **values))
