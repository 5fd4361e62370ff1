"""The memory backend's repositories of the customer portal, tickets and data sheets.

The uniqueness rules of the portal accounts are checked here as a SQL backend's unique
indexes would check them, so that the conformance suite holds every backend to them.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Final, TypeVar

import attrs

from commtrak.errors import Conflict, NotFound
from commtrak.model import fold
from commtrak.model.data_sheets import DataSheet, DataSheetTemplate, PortalTemplates
from commtrak.model.portal_accounts import PortalAccount, PortalEvent, PortalToken
from commtrak.model.portal_settings import PortalSettings
from commtrak.model.tickets import Ticket, TicketNote
from commtrak.security.encryption import SealedSecret
from commtrak_memory._table import CustomerRows, Table, remove_all

__all__ = [
    "DataSheets",
    "PortalAccounts",
    "PortalEvents",
    "PortalSettingsStore",
    "PortalTables",
    "PortalTokens",
    "Tickets",
]

Undo = list[Callable[[], None]]

#: The rows that name a contact in their ``contact_id``.
ContactRow = TypeVar("ContactRow", Ticket, DataSheet)
#: Any row.
Row = TypeVar("Row")

#: The settings table holds at most one row, under this id.
_SETTINGS_ID: Final = uuid.UUID(int=0)


def _active_email(account: PortalAccount) -> str | None:
    # The key while the account has access, nothing once revoked: the memory twin of
    # the SQL backend's unique index on a column that is NULL for revoked accounts.
    return account.email_key if account.has_access else None


class PortalTables:
    """The tables of the portal, tickets and data sheets of one memory store."""

    def __init__(self) -> None:
        self.accounts: Table[PortalAccount] = Table(
            {
                "username": lambda row: row.username_key,
                "email": _active_email,
                "contact": lambda row: row.contact_id,
            }
        )
        self.tokens: Table[PortalToken] = Table(
            {"digest": lambda row: row.record.digest, "account": lambda row: row.account_id}
        )
        self.events: Table[PortalEvent] = Table({"account": lambda row: row.account_id})
        self.settings: Table[PortalSettings] = Table({})
        self.tickets: Table[Ticket] = Table(
            {"contact": lambda row: row.contact_id, "customer": lambda row: row.customer_id}
        )
        self.notes: Table[TicketNote] = Table({"ticket": lambda row: row.ticket_id})
        self.templates: Table[DataSheetTemplate] = Table({"name": lambda row: fold(row.name)})
        self.assignments: Table[PortalTemplates] = Table({})
        self.sheets: Table[DataSheet] = Table(
            {"contact": lambda row: row.contact_id, "customer": lambda row: row.customer_id}
        )

    def clear(self) -> None:
        """Forget every row."""
        for table in vars(self).values():
            table.clear()


def _new_id(table: Table[object], row_id: uuid.UUID) -> None:
    if row_id in table:
        raise Conflict("id", "unique_id", f"the id {row_id} is taken")


def _by_age(rows: list[Ticket]) -> list[Ticket]:
    return sorted(rows, key=lambda row: (row.created_at, str(row.id)))


class PortalAccounts:
    def __init__(self, tables: PortalTables, undo: Undo) -> None:
        self._table = tables.accounts
        self._tokens = tables.tokens
        self._events = tables.events
        self._undo = undo

    def erase_for_contacts(self, contact_ids: Collection[uuid.UUID]) -> int:
        accounts = [a for c in set(contact_ids) for a in self._table.lookup("contact", c)]
        for account in accounts:
            tokens = self._tokens.lookup("account", account.id)
            remove_all(self._tokens, tokens, self._undo, key=lambda token: token.record.digest)
            remove_all(self._events, self._events.lookup("account", account.id), self._undo)
        return remove_all(self._table, accounts, self._undo)

    def add(self, account: PortalAccount) -> None:
        _new_id(self._table, account.id)  # type: ignore[arg-type]
        self._check_unique(account)
        self._table.put(account.id, account, self._undo)

    def get(self, account_id: uuid.UUID, *, for_update: bool = False) -> PortalAccount:
        account = self._table.get(account_id)
        if account is None:
            raise NotFound("portal_account", account_id)
        return account

    def update(self, account: PortalAccount) -> None:
        stored = self.get(account.id)
        if account.username != stored.username:
            raise Conflict(
                "username", "username_immutable", "a portal username can never be changed"
            )
        self._check_unique(account)
        self._table.put(account.id, account, self._undo)

    def for_contact(
        self, contact_id: uuid.UUID, *, for_update: bool = False
    ) -> PortalAccount | None:
        found = self._table.lookup("contact", contact_id)
        return found[0] if found else None

    def for_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, PortalAccount]:
        found = {}
        for contact_id in set(contact_ids):
            account = self.for_contact(contact_id)
            if account is not None:
                found[contact_id] = account
        return found

    def find_username(self, username_key: str, *, for_update: bool = False) -> PortalAccount | None:
        found = self._table.lookup("username", username_key)
        return found[0] if found else None

    def find_email(self, email_key: str) -> PortalAccount | None:
        found = self._table.lookup("email", email_key)
        return found[0] if found else None

    def scan(self, after: uuid.UUID | None, limit: int) -> list[PortalAccount]:
        return _scan(self._table, after, limit, lambda row: row.id)

    def scan_totp_secrets(
        self, after: uuid.UUID | None, limit: int
    ) -> list[tuple[uuid.UUID, SealedSecret]]:
        found: list[tuple[uuid.UUID, SealedSecret]] = []
        for row in _scan(self._table, after, len(self._table), lambda row: row.id):
            if row.totp_secret is not None and len(found) < limit:
                found.append((row.id, row.totp_secret))
        return found

    def reseal_totp_secrets(
        self, changes: Sequence[tuple[uuid.UUID, SealedSecret, SealedSecret]]
    ) -> None:
        for account_id, stored, resealed in changes:
            account = self._table.get(account_id)
            if account is not None and account.totp_secret == stored:
                self._table.put(account_id, attrs.evolve(account, totp_secret=resealed), self._undo)

    def _check_unique(self, account: PortalAccount) -> None:
        # Mirrors the unique indexes of the SQL backend; the service has checked first.
        def taken(index: str, key: object) -> bool:
            return key is not None and any(
                other.id != account.id for other in self._table.lookup(index, key)
            )

        if taken("username", account.username_key):
            raise Conflict("username", "unique_username", "this username is taken")
        if taken("email", _active_email(account)):
            raise Conflict(
                "email",
                "unique_portal_email",
                "another contact with portal access has this email address",
            )
        if taken("contact", account.contact_id):
            raise Conflict(
                "contact_id", "unique_portal_contact", "this contact has a portal account"
            )


class PortalTokens:
    """Token records, keyed by their whole digest as the SQL backends' unique index is."""

    def __init__(self, tables: PortalTables, undo: Undo) -> None:
        self._table = tables.tokens
        self._undo = undo

    def add(self, token: PortalToken) -> None:
        if token.record.digest in self._table:
            raise Conflict("token", "unique_token", "a token with this digest exists")
        self._table.put(token.record.digest, token, self._undo)

    def find(self, digest: str) -> PortalToken | None:
        return self._table.get(digest)

    def consume(self, digest: str, *, at: datetime.datetime) -> bool:
        token = self.find(digest)
        if token is None or token.record.used:
            return False
        self._mark_used(token, at)
        return True

    def withdraw(self, account_id: uuid.UUID, *, at: datetime.datetime) -> int:
        unused = [t for t in self._table.lookup("account", account_id) if not t.record.used]
        for token in unused:
            self._mark_used(token, at)
        return len(unused)

    def scan(self, after: str | None, limit: int) -> list[PortalToken]:
        return _scan(self._table, after, limit, lambda row: row.record.digest)

    def _mark_used(self, token: PortalToken, at: datetime.datetime) -> None:
        used = attrs.evolve(token, record=attrs.evolve(token.record, used_at=at))
        self._table.put(token.record.digest, used, self._undo)


class PortalEvents:
    def __init__(self, tables: PortalTables, undo: Undo) -> None:
        self._table = tables.events
        self._undo = undo

    def add(self, event: PortalEvent) -> None:
        _new_id(self._table, event.id)  # type: ignore[arg-type]
        self._table.put(event.id, event, self._undo)

    def for_account(self, account_id: uuid.UUID) -> list[PortalEvent]:
        return sorted(self._table.lookup("account", account_id), key=lambda e: (e.at, str(e.id)))

    def scan(self, after: uuid.UUID | None, limit: int) -> list[PortalEvent]:
        return _scan(self._table, after, limit, lambda row: row.id)


class PortalSettingsStore:
    def __init__(self, tables: PortalTables, undo: Undo) -> None:
        self._table = tables.settings
        self._undo = undo

    def get(self) -> PortalSettings:
        return self._table.get(_SETTINGS_ID) or PortalSettings()

    def put(self, settings: PortalSettings) -> None:
        self._table.put(_SETTINGS_ID, settings, self._undo)


class Tickets(CustomerRows[Ticket]):
    def __init__(self, tables: PortalTables, undo: Undo) -> None:
        self._table = tables.tickets
        self._notes = tables.notes
        self._undo = undo

    def add(self, ticket: Ticket) -> None:
        _new_id(self._table, ticket.id)  # type: ignore[arg-type]
        self._table.put(ticket.id, ticket, self._undo)

    def get(self, ticket_id: uuid.UUID) -> Ticket:
        ticket = self._table.get(ticket_id)
        if ticket is None:
            raise NotFound("ticket", ticket_id)
        return ticket

    def for_contact(self, contact_id: uuid.UUID) -> list[Ticket]:
        return _by_age(self._table.lookup("contact", contact_id))

    def add_note(self, note: TicketNote) -> None:
        _new_id(self._notes, note.id)  # type: ignore[arg-type]
        self._notes.put(note.id, note, self._undo)

    def notes(self, ticket_id: uuid.UUID, *, include_internal: bool) -> list[TicketNote]:
        return sorted(
            (
                n
                for n in self._notes.lookup("ticket", ticket_id)
                if include_internal or not n.internal
            ),
            key=lambda n: (n.created_at, str(n.id)),
        )

    def count_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        return _counts(self._table, contact_ids)

    def repoint_contacts(self, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        return _repoint(self._table, mapping, self._undo)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Ticket]:
        return _scan(self._table, after, limit, lambda row: row.id)

    def scan_notes(self, after: uuid.UUID | None, limit: int) -> list[TicketNote]:
        return _scan(self._notes, after, limit, lambda row: row.id)

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        tickets = self._table.lookup("customer", customer_id)
        for ticket in tickets:
            remove_all(self._notes, self._notes.lookup("ticket", ticket.id), self._undo)
        return remove_all(self._table, tickets, self._undo)


class DataSheets(CustomerRows[DataSheet]):
    def __init__(self, tables: PortalTables, undo: Undo) -> None:
        self._templates = tables.templates
        self._assignments = tables.assignments
        self._table = tables.sheets
        self._undo = undo

    def add_template(self, template: DataSheetTemplate) -> None:
        _new_id(self._templates, template.id)  # type: ignore[arg-type]
        if self._templates.count("name", fold(template.name)):
            raise Conflict(
                "name", "unique_template_name", f"a template named {template.name!r} exists"
            )
        self._templates.put(template.id, template, self._undo)

    def get_template(self, template_id: uuid.UUID) -> DataSheetTemplate:
        template = self._templates.get(template_id)
        if template is None:
            raise NotFound("data_sheet_template", template_id)
        return template

    def templates(self) -> list[DataSheetTemplate]:
        return sorted(self._templates, key=lambda t: (fold(t.name), str(t.id)))

    def portal_templates(self, customer_id: uuid.UUID) -> PortalTemplates | None:
        return self._assignments.get(customer_id)

    def set_portal_templates(self, assignment: PortalTemplates) -> None:
        self._assignments.put(assignment.customer_id, assignment, self._undo)

    def erase_portal_templates(self, customer_id: uuid.UUID) -> int:
        if self._assignments.get(customer_id) is None:
            return 0
        self._assignments.remove(customer_id, self._undo)
        return 1

    def add(self, sheet: DataSheet) -> None:
        _new_id(self._table, sheet.id)  # type: ignore[arg-type]
        self._table.put(sheet.id, sheet, self._undo)

    def get(self, sheet_id: uuid.UUID, *, for_update: bool = False) -> DataSheet:
        sheet = self._table.get(sheet_id)
        if sheet is None:
            raise NotFound("data_sheet", sheet_id)
        return sheet

    def update(self, sheet: DataSheet) -> None:
        self.get(sheet.id)
        self._table.put(sheet.id, sheet, self._undo)

    def for_contact(self, contact_id: uuid.UUID) -> list[DataSheet]:
        return sorted(
            self._table.lookup("contact", contact_id), key=lambda s: (s.created_at, str(s.id))
        )

    def count_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        return _counts(self._table, contact_ids)

    def repoint_contacts(self, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        return _repoint(self._table, mapping, self._undo)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[DataSheet]:
        return _scan(self._table, after, limit, lambda row: row.id)

    def scan_portal_templates(self, after: uuid.UUID | None, limit: int) -> list[PortalTemplates]:
        return _scan(self._assignments, after, limit, lambda row: row.customer_id)


def _scan(
    table: Table[Row],
    after: uuid.UUID | str | None,
    limit: int,
    key: Callable[[Row], uuid.UUID | str],
) -> list[Row]:
    """The first *limit* rows whose key's text sorts after *after*'s, by that text."""
    found = sorted(
        (row for row in table if after is None or str(key(row)) > str(after)),
        key=lambda row: str(key(row)),
    )
    return found[:limit]


def _counts(table: Table[ContactRow], contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
    counts = {cid: table.count("contact", cid) for cid in set(contact_ids)}
    return {cid: count for cid, count in counts.items() if count}


def _repoint(table: Table[ContactRow], mapping: Mapping[uuid.UUID, uuid.UUID], undo: Undo) -> int:
    moved = 0
    for old, new in mapping.items():
        for row in table.lookup("contact", old):
            table.put(row.id, attrs.evolve(row, contact_id=new), undo)
            moved += 1
    return moved
