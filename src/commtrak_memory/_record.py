"""The memory repositories of the customer record.

The customer journal, branches, landlords, work addresses, invoice addresses (and the
customers using them) and invoices, each over a :class:`~commtrak_memory._table.Table`.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Generic, Protocol, TypeVar

import attrs

from commtrak.errors import Conflict, NotFound
from commtrak.model import (
    AccountFigures,
    Branch,
    Channel,
    CustomerJournalEntry,
    CustomerStatus,
    Invoice,
    InvoiceAddress,
    InvoiceStatus,
    Landlord,
    WorkAddress,
    branch_order_key,
    fold,
    invoice_address_order_key,
    landlord_order_key,
    work_address_order_key,
)
from commtrak.model.communication import accepts
from commtrak.model.invoices import ACTIVE_INVOICE_STATUSES, ZERO
from commtrak_memory._table import CustomerRows, Owned, Table, remove_all

__all__ = ["RecordTables", "record_repositories"]

Undo = list[Callable[[], None]]


class _Row(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


R = TypeVar("R", bound=_Row)


@attrs.frozen
class _Link:
    """One customer's use of one invoice address."""

    id: uuid.UUID
    invoice_address_id: uuid.UUID
    customer_id: uuid.UUID

    @classmethod
    def of(cls, invoice_address_id: uuid.UUID, customer_id: uuid.UUID) -> _Link:
        # A derived id makes the pair unique, as a composite primary key would.
        key = uuid.uuid5(invoice_address_id, str(customer_id))
        return cls(id=key, invoice_address_id=invoice_address_id, customer_id=customer_id)


def _insert(table: Table[R], row: R, undo: Undo) -> None:
    """Add a new row, as a primary key would: a taken id is a ``Conflict``."""
    if row.id in table:
        raise Conflict("id", "unique_id", f"the id {row.id} is taken")
    table.put(row.id, row, undo)


def _fetch(table: Table[R], row_id: uuid.UUID, entity: str) -> R:
    """Return the row with that id, or raise ``NotFound`` naming *entity*."""
    row = table.get(row_id)
    if row is None:
        raise NotFound(entity, row_id)
    return row


def _scan(rows: Iterable[R], after: uuid.UUID | None, limit: int) -> list[R]:
    """The first *limit* rows whose id text sorts after *after*'s, by id text."""
    found = (row for row in rows if after is None or str(row.id) > str(after))
    return sorted(found, key=lambda row: str(row.id))[:limit]


class RecordTables:
    """The tables of the customer record in one memory store."""

    def __init__(self) -> None:
        self.journal: Table[CustomerJournalEntry] = Table(
            {"customer": lambda row: row.customer_id, "other": lambda row: row.other_id}
        )
        self.branches: Table[Branch] = Table({"customer": lambda row: row.customer_id})
        self.landlords: Table[Landlord] = Table({})
        self.work_addresses: Table[WorkAddress] = Table(
            {"customer": lambda row: row.customer_id, "branch": lambda row: row.branch_id}
        )
        self.invoice_addresses: Table[InvoiceAddress] = Table(
            {"landlord": lambda row: row.landlord_id, "work": lambda row: row.work_address_id}
        )
        self.links: Table[_Link] = Table(
            {"customer": lambda row: row.customer_id, "address": lambda row: row.invoice_address_id}
        )
        self.invoices: Table[Invoice] = Table(
            {"customer": lambda row: row.customer_id, "address": lambda row: row.invoice_address_id}
        )

    def clear(self) -> None:
        """Forget every row."""
        for table in (
            self.journal,
            self.branches,
            self.landlords,
            self.work_addresses,
            self.invoice_addresses,
            self.links,
            self.invoices,
        ):
            table.clear()


class _Rows(Generic[R]):
    """Add, get and update for one table: what every record repository shares."""

    entity = ""

    def __init__(self, table: Table[R], undo: Undo) -> None:
        self._table = table
        self._undo = undo

    def add(self, row: R) -> None:
        _insert(self._table, row, self._undo)

    def add_many(self, rows: Sequence[R]) -> None:
        self._table.put_new([(row.id, row) for row in rows], self._undo)

    def get(self, row_id: uuid.UUID, *, for_update: bool = False) -> R:
        return _fetch(self._table, row_id, self.entity)

    def update(self, row: R) -> None:
        _fetch(self._table, row.id, self.entity)
        self._table.put(row.id, row, self._undo)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[R]:
        return _scan(self._table, after, limit)

    def _put_all(self, rows: Iterable[R], **changes: object) -> int:
        changed = [attrs.evolve(row, **changes) for row in rows]  # type: ignore[misc]
        for row in changed:
            self._table.put(row.id, row, self._undo)
        return len(changed)


class _Owned(CustomerRows[Owned], _Rows[Owned]):
    """Rows indexed by customer, which a customer merge moves."""


class _CustomerJournal:
    def __init__(self, tables: RecordTables, undo: Undo) -> None:
        self._table = tables.journal
        self._undo = undo

    def add(self, entry: CustomerJournalEntry) -> None:
        _insert(self._table, entry, self._undo)

    def for_customer(self, customer_id: uuid.UUID) -> list[CustomerJournalEntry]:
        entries = {
            entry.id: entry
            for index in ("customer", "other")
            for entry in self._table.lookup(index, customer_id)
        }
        return sorted(entries.values(), key=lambda entry: (entry.at, str(entry.id)))

    def scan(self, after: uuid.UUID | None, limit: int) -> list[CustomerJournalEntry]:
        return _scan(self._table, after, limit)

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        return remove_all(self._table, self.for_customer(customer_id), self._undo)


class _Branches(_Owned[Branch]):
    entity = "branch"

    def delete(self, branch_id: uuid.UUID) -> None:
        _fetch(self._table, branch_id, self.entity)
        self._table.remove(branch_id, self._undo)

    def for_customer(self, customer_id: uuid.UUID) -> list[Branch]:
        return sorted(self._table.lookup("customer", customer_id), key=branch_order_key)


class _Landlords(_Rows[Landlord]):
    entity = "landlord"

    def search(self, folded_fragment: str) -> list[Landlord]:
        found = (row for row in self._table if folded_fragment in fold(row.name))
        return sorted(found, key=landlord_order_key)


class _WorkAddresses(_Owned[WorkAddress]):
    entity = "work_address"

    def for_customer(self, customer_id: uuid.UUID) -> list[WorkAddress]:
        return sorted(self._table.lookup("customer", customer_id), key=work_address_order_key)

    def reassign_branch(self, from_branch_id: uuid.UUID, to_branch_id: uuid.UUID | None) -> int:
        return self._put_all(self._table.lookup("branch", from_branch_id), branch_id=to_branch_id)

    def cascade_dormant(self, customer_id: uuid.UUID) -> int:
        active = [
            row
            for row in self._table.lookup("customer", customer_id)
            if row.status is CustomerStatus.ACTIVE
        ]
        return self._put_all(active, status=CustomerStatus.DORMANT, dormant_by_cascade=True)

    def reactivate_cascaded(self, customer_id: uuid.UUID) -> int:
        cascaded = [
            row for row in self._table.lookup("customer", customer_id) if row.dormant_by_cascade
        ]
        return self._put_all(cascaded, status=CustomerStatus.ACTIVE, dormant_by_cascade=False)

    def eligible(
        self,
        *,
        customer_id: uuid.UUID | None = None,
        channel: Channel | None = None,
    ) -> list[WorkAddress]:
        rows = self._table if customer_id is None else self._table.lookup("customer", customer_id)
        found = (
            row
            for row in rows
            if row.status is CustomerStatus.ACTIVE and accepts(row.communication, channel)
        )
        return sorted(found, key=work_address_order_key)


class _InvoiceAddresses(_Rows[InvoiceAddress]):
    entity = "invoice_address"

    def __init__(self, tables: RecordTables, undo: Undo) -> None:
        super().__init__(tables.invoice_addresses, undo)
        self._links = tables.links

    def link(self, invoice_address_id: uuid.UUID, customer_id: uuid.UUID) -> None:
        link = _Link.of(invoice_address_id, customer_id)
        if link.id not in self._links:
            self._links.put(link.id, link, self._undo)

    def unlink(self, invoice_address_id: uuid.UUID, customer_id: uuid.UUID) -> None:
        link = _Link.of(invoice_address_id, customer_id)
        if link.id in self._links:
            self._links.remove(link.id, self._undo)

    def unlink_all(self, invoice_address_id: uuid.UUID) -> int:
        return remove_all(
            self._links, self._links.lookup("address", invoice_address_id), self._undo
        )

    def erase(self, invoice_address_id: uuid.UUID) -> None:
        self._table.remove(invoice_address_id, self._undo)

    def made_from(self, work_address_ids: Collection[uuid.UUID]) -> list[InvoiceAddress]:
        found = [a for w in set(work_address_ids) for a in self._table.lookup("work", w)]
        return sorted(found, key=lambda row: str(row.id))

    def customers_of(self, invoice_address_id: uuid.UUID) -> list[uuid.UUID]:
        links = self._links.lookup("address", invoice_address_id)
        return sorted((link.customer_id for link in links), key=str)

    def for_customer(self, customer_id: uuid.UUID) -> list[InvoiceAddress]:
        rows = (
            _fetch(self._table, link.invoice_address_id, self.entity)
            for link in self._links.lookup("customer", customer_id)
        )
        return sorted(rows, key=invoice_address_order_key)

    def enabled_for(
        self,
        *,
        landlord_id: uuid.UUID | None = None,
        work_address_id: uuid.UUID | None = None,
    ) -> InvoiceAddress | None:
        index, key = ("landlord", landlord_id) if landlord_id else ("work", work_address_id)
        live = [row for row in self._table.lookup(index, key) if not row.deleted]
        return min(live, key=invoice_address_order_key, default=None)

    def scan_links(
        self, after: tuple[uuid.UUID, uuid.UUID] | None, limit: int
    ) -> list[tuple[uuid.UUID, uuid.UUID]]:
        pairs = sorted(
            ((link.invoice_address_id, link.customer_id) for link in self._links),
            key=lambda pair: (str(pair[0]), str(pair[1])),
        )
        if after is not None:
            start = (str(after[0]), str(after[1]))
            pairs = [pair for pair in pairs if (str(pair[0]), str(pair[1])) > start]
        return pairs[:limit]

    def count_for_customer(self, customer_id: uuid.UUID) -> int:
        return self._links.count("customer", customer_id)

    def reassign_customer(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        links = self._links.lookup("customer", from_id)
        for link in links:
            self._links.remove(link.id, self._undo)
            self.link(link.invoice_address_id, to_id)
        return len(links)

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        return remove_all(self._links, self._links.lookup("customer", customer_id), self._undo)


class _Invoices(_Owned[Invoice]):
    entity = "invoice"

    def for_customer(self, customer_id: uuid.UUID) -> list[Invoice]:
        rows = self._table.lookup("customer", customer_id)
        return sorted(rows, key=lambda row: (row.due_on, str(row.id)))

    def count_active_for_invoice_address(
        self, invoice_address_id: uuid.UUID, *, customer_id: uuid.UUID | None = None
    ) -> int:
        rows = self._table.lookup("address", invoice_address_id)
        return sum(
            1
            for row in rows
            if row.status in ACTIVE_INVOICE_STATUSES
            and (customer_id is None or row.customer_id == customer_id)
        )

    def figures(self, customer_id: uuid.UUID) -> AccountFigures:
        outstanding = credit = ZERO
        oldest: datetime.date | None = None
        for row in self._table.lookup("customer", customer_id):
            if row.status is InvoiceStatus.CANCELLED:
                continue
            balance = row.amount - row.amount_paid
            if row.status is InvoiceStatus.ISSUED and balance > 0:
                outstanding += balance
                oldest = row.due_on if oldest is None else min(oldest, row.due_on)
            elif balance < 0:
                credit -= balance
        return AccountFigures(outstanding=outstanding, oldest_unpaid_due_on=oldest, credit=credit)


@attrs.frozen
class RecordRepositories:
    """The customer record's repositories of one transaction."""

    customer_journal: _CustomerJournal
    branches: _Branches
    landlords: _Landlords
    work_addresses: _WorkAddresses
    invoice_addresses: _InvoiceAddresses
    invoices: _Invoices


def record_repositories(tables: RecordTables, undo: Undo) -> RecordRepositories:
    """Return the record's repositories writing through *undo*, one transaction's log."""
    return RecordRepositories(
        customer_journal=_CustomerJournal(tables, undo),
        branches=_Branches(tables.branches, undo),
        landlords=_Landlords(tables.landlords, undo),
        work_addresses=_WorkAddresses(tables.work_addresses, undo),
        invoice_addresses=_InvoiceAddresses(tables, undo),
        invoices=_Invoices(tables.invoices, undo),
    )
