"""The customer record's repositories in a SQL database.

The customer journal, branches, landlords, work addresses, invoice addresses (and the
links to the customers using them) and invoices, over the tables of
:mod:`commtrak_sqlalchemy.tables_record`. Rows are converted to entities at this edge;
every listing is ordered by the database through its index, on keys folded in Python.
"""

from __future__ import annotations

import abc
import datetime
import decimal
import uuid
from collections.abc import Collection, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Date,
    Row,
    Select,
    Table,
    and_,
    case,
    false,
    func,
    or_,
    select,
    true,
    type_coerce,
)

from commtrak.errors import Conflict, NotFound
from commtrak.model import (
    AccountFigures,
    Address,
    Branch,
    Channel,
    CustomerAction,
    CustomerJournalEntry,
    CustomerStatus,
    Invoice,
    InvoiceAddress,
    InvoiceStatus,
    Landlord,
    WorkAddress,
    fold,
)
from commtrak.model.invoices import ACTIVE_INVOICE_STATUSES, ZERO
from commtrak.model.work_addresses import Occupier
from commtrak_sqlalchemy._channels import accepts_channel
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._owned import CustomerRows, count_owned, erase_owned, reassign_owned
from commtrak_sqlalchemy._references import after_pair, scan
from commtrak_sqlalchemy.dialects import contains
from commtrak_sqlalchemy.tables_record import ADDRESS_LINES

__all__ = [
    "SqlBranches",
    "SqlCustomerJournal",
    "SqlInvoiceAddresses",
    "SqlInvoices",
    "SqlLandlords",
    "SqlWorkAddresses",
]

E = TypeVar("E")


def _address_values(address: Address) -> dict[str, Any]:
    return {f"address_{line}": getattr(address, line) for line in ADDRESS_LINES}


def _address(fields: Any) -> Address:
    return Address(**{line: fields[f"address_{line}"] for line in ADDRESS_LINES})


def _unknown(field: str, what: str) -> Conflict:
    # As errors_record reports the foreign key where the database names it.
    return Conflict(
        field, f"{what}_exists", f"the {what.replace('_', ' ')} does not exist, or is still in use"
    )


class _Rows(abc.ABC, Generic[E]):
    """Insert, read (with a lock) and rewrite one entity's rows, and scan them by id.

    Subclasses say which table, which entity name ``NotFound`` reports, how an entity
    becomes a row (:meth:`_values`) and back (:meth:`_entity`), and what a foreign-key
    failure means on SQLite, which does not name the key.
    """

    entity = ""

    def __init__(self, db: Db, table: Table) -> None:
        self._db = db
        self._table = table

    @abc.abstractmethod
    def _values(self, row: E) -> dict[str, Any]:
        """Return the entity as the values of its row."""

    @abc.abstractmethod
    def _entity(self, row: Row[Any]) -> E:
        """Return the entity a row holds."""

    def _foreign_key(self) -> Conflict | None:
        return None

    def add(self, row: E) -> None:
        self._db.run(
            self._table.insert().values(self._values(row)), foreign_key=self._foreign_key()
        )

    def add_many(self, rows: Sequence[E]) -> None:
        if rows:
            self._db.insert_many(
                self._table,
                [self._values(row) for row in rows],
                foreign_key=self._foreign_key(),
            )

    def get(self, row_id: uuid.UUID, *, for_update: bool = False) -> E:
        found = self._db.by_id(self._table, row_id, for_update=for_update)
        if found is None:
            raise NotFound(self.entity, row_id)
        return self._entity(found)

    def update(self, row: E) -> None:
        values = self._values(row)
        matched = self._db.run(
            self._table.update().where(self._table.c.id == values["id"]).values(values),
            foreign_key=self._foreign_key(),
        )
        if not matched:
            raise NotFound(self.entity, values["id"])

    def scan(self, after: uuid.UUID | None, limit: int) -> list[E]:
        """Read the next batch of rows by id (for export)."""
        return self._read(scan(self._table, after, limit))

    def _read(self, statement: Select[Any]) -> list[E]:
        return [self._entity(row) for row in self._db.rows(statement)]


class _Owned(CustomerRows, _Rows[E]):
    """Rows with a ``customer_id`` that a customer merge moves."""


class SqlCustomerJournal:
    """The customer journal (see :class:`commtrak.ports.CustomerJournalRepository`)."""

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.record.customer_journal

    def add(self, entry: CustomerJournalEntry) -> None:
        """Insert the entry."""
        self._db.run(
            self._table.insert().values(
                id=entry.id,
                customer_id=entry.customer_id,
                action=entry.action.value,
                at=entry.at,
                by=entry.by,
                other_id=entry.other_id,
                changes={name: list(values) for name, values in entry.changes.items()},
                counts=dict(entry.counts),
            ),
            foreign_key=_unknown("customer_id", "customer"),
        )

    def for_customer(self, customer_id: uuid.UUID) -> list[CustomerJournalEntry]:
        """Read the entries naming the customer either way, oldest first."""
        column = self._table.c
        statement = (
            select(self._table)
            .where(or_(column.customer_id == customer_id, column.other_id == customer_id))
            .order_by(column.at, column.id)
        )
        return [self._entry(row) for row in self._db.rows(statement)]

    def scan(self, after: uuid.UUID | None, limit: int) -> list[CustomerJournalEntry]:
        """Read the next batch of entries by id (for export)."""
        return [self._entry(row) for row in self._db.rows(scan(self._table, after, limit))]

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        """Delete the entries naming the customer as either party: one statement."""
        column = self._table.c
        return self._db.run(
            self._table.delete().where(
                or_(column.customer_id == customer_id, column.other_id == customer_id)
            )
        )

    @staticmethod
    def _entry(row: Row[Any]) -> CustomerJournalEntry:
        fields = row._mapping
        return CustomerJournalEntry(
            id=fields["id"],
            customer_id=fields["customer_id"],
            action=CustomerAction(fields["action"]),
            at=fields["at"],
            by=fields["by"],
            other_id=fields["other_id"],
            changes={name: list(values) for name, values in fields["changes"].items()},
            counts={name: int(count) for name, count in fields["counts"].items()},
        )


class SqlBranches(_Owned[Branch]):
    """Branches (see :class:`commtrak.ports.BranchRepository`)."""

    entity = "branch"

    def __init__(self, db: Db) -> None:
        super().__init__(db, db.tables.record.branches)

    def _values(self, row: Branch) -> dict[str, Any]:
        return {
            "id": row.id,
            "customer_id": row.customer_id,
            "name": row.name,
            "name_key": fold(row.name),
            "phone": row.phone,
            **_address_values(row.address),
        }

    def _entity(self, row: Row[Any]) -> Branch:
        fields = row._mapping
        return Branch(
            id=fields["id"],
            customer_id=fields["customer_id"],
            name=fields["name"],
            address=_address(fields),
            phone=fields["phone"],
        )

    def _foreign_key(self) -> Conflict:
        return _unknown("customer_id", "customer")

    def delete(self, branch_id: uuid.UUID) -> None:
        """Delete the branch's row."""
        matched = self._db.run(
            self._table.delete().where(self._table.c.id == branch_id),
            foreign_key=_unknown("branch_id", "branch"),
        )
        if not matched:
            raise NotFound(self.entity, branch_id)

    def for_customer(self, customer_id: uuid.UUID) -> list[Branch]:
        """Read a customer's branches in branch order."""
        column = self._table.c
        return self._read(
            select(self._table)
            .where(column.customer_id == customer_id)
            .order_by(column.name_key, column.id)
        )


class SqlLandlords(_Rows[Landlord]):
    """Landlords (see :class:`commtrak.ports.LandlordRepository`)."""

    entity = "landlord"

    def __init__(self, db: Db) -> None:
        super().__init__(db, db.tables.record.landlords)

    def _values(self, row: Landlord) -> dict[str, Any]:
        return {
            "id": row.id,
            "name": row.name,
            "name_key": fold(row.name),
            "phone": row.phone,
            "email": row.email,
            **_address_values(row.address),
        }

    def _entity(self, row: Row[Any]) -> Landlord:
        fields = row._mapping
        return Landlord(
            id=fields["id"],
            name=fields["name"],
            address=_address(fields),
            phone=fields["phone"],
            email=fields["email"],
        )

    def search(self, folded_fragment: str) -> list[Landlord]:
        """Find landlords by a literal substring of their folded name, in landlord order."""
        column = self._table.c
        return self._read(
            select(self._table)
            .where(contains(column.name_key, folded_fragment, self._db.dialect_name))
            .order_by(column.name_key, column.id)
        )


_OCCUPIER = ("title", "first_name", "surname", "phone", "email")


class SqlWorkAddresses(_Owned[WorkAddress]):
    """Work addresses (see :class:`commtrak.ports.WorkAddressRepository`)."""

    entity = "work_address"

    def __init__(self, db: Db) -> None:
        super().__init__(db, db.tables.record.work_addresses)

    def _values(self, row: WorkAddress) -> dict[str, Any]:
        return {
            "id": row.id,
            "customer_id": row.customer_id,
            **_address_values(row.address),
            "line1_key": fold(row.address.line1),
            "postcode_key": fold(row.address.postcode),
            **{f"occupier_{name}": getattr(row.occupier, name) for name in _OCCUPIER},
            "branch_id": row.branch_id,
            "landlord_id": row.landlord_id,
            "status": row.status.value,
            "dormant_by_cascade": row.dormant_by_cascade,
            "communication": [channel.value for channel in row.communication],
        }

    def _entity(self, row: Row[Any]) -> WorkAddress:
        fields = row._mapping
        return WorkAddress(
            id=fields["id"],
            customer_id=fields["customer_id"],
            address=_address(fields),
            occupier=Occupier(**{name: fields[f"occupier_{name}"] for name in _OCCUPIER}),
            branch_id=fields["branch_id"],
            landlord_id=fields["landlord_id"],
            status=CustomerStatus(fields["status"]),
            dormant_by_cascade=bool(fields["dormant_by_cascade"]),
            communication=fields["communication"],
        )

    def _foreign_key(self) -> Conflict:
        return Conflict(
            "work_address", "references_exist", "its customer, branch or landlord does not exist"
        )

    def for_customer(self, customer_id: uuid.UUID) -> list[WorkAddress]:
        """Read a customer's work addresses in work address order."""
        return self._read(self._ordered(self._table.c.customer_id == customer_id))

    def reassign_branch(self, from_branch_id: uuid.UUID, to_branch_id: uuid.UUID | None) -> int:
        """Move one branch's work addresses to another branch or none: one statement."""
        column = self._table.c
        return self._db.run(
            self._table.update()
            .where(column.branch_id == from_branch_id)
            .values(branch_id=to_branch_id)
        )

    def cascade_dormant(self, customer_id: uuid.UUID) -> int:
        """Set the customer's active work addresses dormant by cascade: one statement."""
        column = self._table.c
        return self._db.run(
            self._table.update()
            .where(column.customer_id == customer_id, column.status == CustomerStatus.ACTIVE.value)
            .values(status=CustomerStatus.DORMANT.value, dormant_by_cascade=True)
        )

    def reactivate_cascaded(self, customer_id: uuid.UUID) -> int:
        """Set active the customer's work addresses dormant by cascade: one statement."""
        column = self._table.c
        return self._db.run(
            self._table.update()
            .where(column.customer_id == customer_id, column.dormant_by_cascade == true())
            .values(status=CustomerStatus.ACTIVE.value, dormant_by_cascade=False)
        )

    def eligible(
        self,
        *,
        customer_id: uuid.UUID | None = None,
        channel: Channel | None = None,
    ) -> list[WorkAddress]:
        """Read the active work addresses accepting *channel*, of one customer if asked."""
        column = self._table.c
        conditions: list[Any] = [column.status == CustomerStatus.ACTIVE.value]
        if customer_id is not None:
            conditions.append(column.customer_id == customer_id)
        conditions.append(accepts_channel(column.communication, channel))
        return self._read(self._ordered(*conditions))

    def _ordered(self, *conditions: Any) -> Select[Any]:
        column = self._table.c
        return (
            select(self._table)
            .where(*conditions)
            .order_by(column.line1_key, column.postcode_key, column.id)
        )


class SqlInvoiceAddresses(_Rows[InvoiceAddress]):
    """Invoice addresses and their links to customers.

    See :class:`commtrak.ports.InvoiceAddressRepository`. A link is a row of
    ``invoice_address_links``, whose primary key is the pair, so that a customer has an
    invoice address at most once whatever two processes do.
    """

    entity = "invoice_address"

    def __init__(self, db: Db) -> None:
        super().__init__(db, db.tables.record.invoice_addresses)
        self._links = db.tables.record.invoice_address_links

    def _values(self, row: InvoiceAddress) -> dict[str, Any]:
        return {
            "id": row.id,
            "name": row.name,
            "name_key": fold(row.name),
            **_address_values(row.address),
            "landlord_id": row.landlord_id,
            "work_address_id": row.work_address_id,
            "deleted": row.deleted,
        }

    def _entity(self, row: Row[Any]) -> InvoiceAddress:
        fields = row._mapping
        return InvoiceAddress(
            id=fields["id"],
            name=fields["name"],
            address=_address(fields),
            landlord_id=fields["landlord_id"],
            work_address_id=fields["work_address_id"],
            deleted=bool(fields["deleted"]),
        )

    def _foreign_key(self) -> Conflict:
        return Conflict(
            "invoice_address", "references_exist", "its landlord or work address does not exist"
        )

    def link(self, invoice_address_id: uuid.UUID, customer_id: uuid.UUID) -> None:
        """Insert the link unless it exists (a second one would break the primary key)."""
        link = self._links.c
        exists = self._db.first(
            select(link.customer_id).where(
                link.invoice_address_id == invoice_address_id, link.customer_id == customer_id
            )
        )
        if exists is None:
            self._db.run(
                self._links.insert().values(
                    invoice_address_id=invoice_address_id, customer_id=customer_id
                ),
                foreign_key=_unknown("customer_id", "customer"),
            )

    def unlink(self, invoice_address_id: uuid.UUID, customer_id: uuid.UUID) -> None:
        """Delete the link, if there is one."""
        link = self._links.c
        self._db.run(
            self._links.delete().where(
                link.invoice_address_id == invoice_address_id, link.customer_id == customer_id
            )
        )

    def unlink_all(self, invoice_address_id: uuid.UUID) -> int:
        """Delete every link of the invoice address: one statement."""
        link = self._links.c
        return self._db.run(
            self._links.delete().where(link.invoice_address_id == invoice_address_id)
        )

    def erase(self, invoice_address_id: uuid.UUID) -> None:
        """Delete the invoice address's row: one statement."""
        self._db.run(self._table.delete().where(self._table.c.id == invoice_address_id))

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        """Delete the customer's links: one statement."""
        return erase_owned(self._db, self._links.c.customer_id, customer_id)

    def made_from(self, work_address_ids: Collection[uuid.UUID]) -> list[InvoiceAddress]:
        """Read the invoice addresses enabled from any of the work addresses, by id."""
        if not work_address_ids:
            return []
        column = self._table.c
        statement = select(self._table).where(column.work_address_id.in_(list(work_address_ids)))
        return self._read(statement.order_by(column.id))

    def customers_of(self, invoice_address_id: uuid.UUID) -> list[uuid.UUID]:
        """Read the customers linked to the invoice address, by id."""
        link = self._links.c
        rows = self._db.rows(
            select(link.customer_id)
            .where(link.invoice_address_id == invoice_address_id)
            .order_by(link.customer_id)
        )
        return [row.customer_id for row in rows]

    def for_customer(self, customer_id: uuid.UUID) -> list[InvoiceAddress]:
        """Read the customer's invoice addresses in invoice address order: one join."""
        link, column = self._links.c, self._table.c
        joined = self._table.join(self._links, link.invoice_address_id == column.id)
        return self._read(
            select(self._table)
            .select_from(joined)
            .where(link.customer_id == customer_id)
            .order_by(column.name_key, column.id)
        )

    def enabled_for(
        self,
        *,
        landlord_id: uuid.UUID | None = None,
        work_address_id: uuid.UUID | None = None,
    ) -> InvoiceAddress | None:
        """Read the undeleted invoice address enabled for the landlord or work address."""
        column = self._table.c
        source = (
            column.landlord_id == landlord_id
            if landlord_id
            else column.work_address_id == work_address_id
        )
        statement = (
            select(self._table)
            .where(source, column.deleted == false())
            .order_by(column.name_key, column.id)
            .limit(1)
        )
        found = self._read(statement)
        return found[0] if found else None

    def count_for_customer(self, customer_id: uuid.UUID) -> int:
        """Count the customer's links: one counting query."""
        return count_owned(self._db, self._links.c.customer_id, customer_id)

    def reassign_customer(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Move one customer's links to another without making a second link to one address.

        Two statements, however many links: the links *to_id* already has are dropped
        from *from_id*, then the others move.
        """
        link = self._links.c
        moved = self.count_for_customer(from_id)
        # A derived table: MariaDB cannot read the table a DELETE deletes from directly.
        theirs = select(link.invoice_address_id).where(link.customer_id == to_id).subquery("theirs")
        self._db.run(
            self._links.delete().where(
                link.customer_id == from_id,
                link.invoice_address_id.in_(select(theirs.c.invoice_address_id)),
            )
        )
        reassign_owned(self._db, link.customer_id, from_id, to_id)
        return moved

    def scan_links(
        self, after: tuple[uuid.UUID, uuid.UUID] | None, limit: int
    ) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """Read the next batch of links after ``(invoice_address_id, customer_id)``."""
        link = self._links.c
        statement = (
            select(self._links).order_by(link.invoice_address_id, link.customer_id).limit(limit)
        )
        if after is not None:
            statement = statement.where(
                after_pair(link.invoice_address_id, link.customer_id, after)
            )
        return [(row.invoice_address_id, row.customer_id) for row in self._db.rows(statement)]


def _money(value: Any) -> decimal.Decimal:
    """Return a summed amount as cents (SQLite sums numerics as floats)."""
    return ZERO if value is None else decimal.Decimal(str(value)).quantize(ZERO)


class SqlInvoices(_Owned[Invoice]):
    """Invoices (see :class:`commtrak.ports.InvoiceRepository`)."""

    entity = "invoice"

    def __init__(self, db: Db) -> None:
        super().__init__(db, db.tables.record.invoices)

    def _values(self, row: Invoice) -> dict[str, Any]:
        return {
            "id": row.id,
            "customer_id": row.customer_id,
            "amount": row.amount,
            "amount_paid": row.amount_paid,
            "due_on": row.due_on,
            "status": row.status.value,
            "invoice_address_id": row.invoice_address_id,
        }

    def _entity(self, row: Row[Any]) -> Invoice:
        fields = row._mapping
        return Invoice(
            id=fields["id"],
            customer_id=fields["customer_id"],
            amount=_money(fields["amount"]),
            due_on=fields["due_on"],
            status=InvoiceStatus(fields["status"]),
            invoice_address_id=fields["invoice_address_id"],
            amount_paid=_money(fields["amount_paid"]),
        )

    def _foreign_key(self) -> Conflict:
        return Conflict(
            "invoice", "references_exist", "its customer or invoice address does not exist"
        )

    def for_customer(self, customer_id: uuid.UUID) -> list[Invoice]:
        """Read a customer's invoices in invoice order."""
        column = self._table.c
        return self._read(
            select(self._table)
            .where(column.customer_id == customer_id)
            .order_by(column.due_on, column.id)
        )

    def count_active_for_invoice_address(
        self, invoice_address_id: uuid.UUID, *, customer_id: uuid.UUID | None = None
    ) -> int:
        """Count the draft or issued invoices naming the invoice address: one query."""
        column = self._table.c
        conditions = [
            column.invoice_address_id == invoice_address_id,
            column.status.in_(sorted(status.value for status in ACTIVE_INVOICE_STATUSES)),
        ]
        if customer_id is not None:
            conditions.append(column.customer_id == customer_id)
        row = self._db.first(select(func.count()).select_from(self._table).where(*conditions))
        return 0 if row is None else int(row[0])

    def figures(self, customer_id: uuid.UUID) -> AccountFigures:
        """Compute the account figures with one aggregate query: two sums and a minimum."""
        column = self._table.c
        balance = column.amount - column.amount_paid
        unpaid = and_(column.status == InvoiceStatus.ISSUED.value, balance > 0)
        overpaid = and_(column.status != InvoiceStatus.CANCELLED.value, balance < 0)
        statement: Select[Any] = select(  # type: ignore[assignment]
            func.sum(case((unpaid, balance), else_=0)).label("outstanding"),
            type_coerce(func.min(case((unpaid, column.due_on))), Date).label("oldest"),
            func.sum(case((overpaid, -balance), else_=0)).label("credit"),
        ).where(column.customer_id == customer_id)
        row = self._db.first(statement)
        if row is None:
            return AccountFigures()
        oldest: datetime.date | None = row.oldest
        return AccountFigures(
            outstanding=_money(row.outstanding),
            oldest_unpaid_due_on=oldest,
            credit=_money(row.credit),
        )
