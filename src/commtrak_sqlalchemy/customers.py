"""The customer repository: customer rows, membership and navigation queries."""

from __future__ import annotations

import functools
import uuid
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import Row, Select, Table, and_, bindparam, or_, select

from commtrak.errors import Conflict, NotFound
from commtrak.model import (
    Address,
    Channel,
    Customer,
    CustomerFilter,
    CustomerStatus,
    Direction,
    fold,
)
from commtrak_sqlalchemy._channels import accepts_channel
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._references import count_references, id_chunks, repoint, scan
from commtrak_sqlalchemy.customer_filter import filtered_statement

__all__ = ["SqlCustomers"]

_ADDRESS_LINES = ("line1", "line2", "line3", "town", "county", "postcode", "country")


def _unknown_group() -> Conflict:
    return Conflict("group_id", "group_exists", "the customer's group does not exist")


def _values(customer: Customer) -> dict[str, Any]:
    values: dict[str, Any] = {
        "id": customer.id,
        "name": customer.name,
        "name_key": fold(customer.name),
        "type": customer.type,
        "status": customer.status.value,
        "group_id": customer.group_id,
        "sales_contact_id": customer.sales_contact_id,
        "advertising_source": customer.advertising_source,
        "invoice_format": customer.invoice_format,
        "price_book": customer.price_book,
        "communication": [channel.value for channel in customer.communication],
        "merged_into": customer.merged_into,
    }
    for line in _ADDRESS_LINES:
        values[f"address_{line}"] = getattr(customer.address, line)
    return values


def _customer(row: Row[Any]) -> Customer:
    fields = row._mapping
    return Customer(
        id=fields["id"],
        name=fields["name"],
        type=fields["type"],
        status=CustomerStatus(fields["status"]),
        address=Address(**{line: fields[f"address_{line}"] for line in _ADDRESS_LINES}),
        group_id=fields["group_id"],
        sales_contact_id=fields["sales_contact_id"],
        advertising_source=fields["advertising_source"],
        invoice_format=fields["invoice_format"] or "",
        price_book=fields["price_book"],
        # NULL in rows written before the column existed: no channels.
        communication=fields["communication"] or (),
        merged_into=fields["merged_into"],
    )


@functools.cache
def _step_statements(table: Table) -> dict[Direction, Select[Any]]:
    """Build, once per table, the statements that seek a member's neighbours.

    ``name_key >= :key`` bounds the index range on every database; the ``OR`` only
    filters the members whose key ties with the origin's. Built once with bound
    parameters, because constructing the statement would cost more than running it.
    """
    column = table.c
    group = bindparam("group_id", type_=column.group_id.type)
    key = bindparam("key", type_=column.name_key.type)
    id_ = bindparam("id", type_=column.id.type)
    after = and_(column.name_key >= key, or_(column.name_key > key, column.id > id_))
    before = and_(column.name_key <= key, or_(column.name_key < key, column.id < id_))
    member = column.group_id == group
    return {
        Direction.NEXT: select(table)
        .where(member, after)
        .order_by(column.name_key, column.id)
        .limit(1),
        Direction.PREVIOUS: select(table)
        .where(member, before)
        .order_by(column.name_key.desc(), column.id.desc())
        .limit(1),
    }


class SqlCustomers:
    """Customers in a SQL database (see :class:`commtrak.ports.CustomerRepository`).

    Members are read through the index on ``(group_id, name_key, id)``, so listing,
    stepping and finding the first member never sort in memory. Every change of a
    customer's group also moves the ``member_count`` of the groups involved, in the same
    transaction, so that counting members is one row read however large the group.
    """

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.customers
        self._groups = db.tables.groups

    def add(self, customer: Customer) -> None:
        """Insert the customer, counting it in its group if it has one."""
        self._db.run(self._table.insert().values(_values(customer)), foreign_key=_unknown_group())
        self._count(customer.group_id, +1)

    def get(self, customer_id: uuid.UUID, *, for_update: bool = False) -> Customer:
        """Read the customer, locking its row with *for_update*."""
        row = self._db.by_id(self._table, customer_id, for_update=for_update)
        if row is None:
            raise NotFound("customer", customer_id)
        return _customer(row)

    def update(self, customer: Customer) -> None:
        """Rewrite the customer's row and move the member counts if its group changed."""
        # The old group is read under a lock whatever the caller asked, so that two
        # transactions moving one customer keep the member counts right.
        old = self._db.first(
            select(self._table.c.group_id).where(self._table.c.id == customer.id).with_for_update()
        )
        if old is None:
            raise NotFound("customer", customer.id)
        self._db.run(
            self._table.update().where(self._table.c.id == customer.id).values(_values(customer)),
            foreign_key=_unknown_group(),
        )
        if old.group_id != customer.group_id:
            self._count(old.group_id, -1)
            self._count(customer.group_id, +1)

    def get_many(
        self, customer_ids: Collection[uuid.UUID], *, for_update: bool = False
    ) -> dict[uuid.UUID, Customer]:
        """Read the customers by id, 30,000 ids per statement, locking with *for_update*."""
        found: dict[uuid.UUID, Customer] = {}
        for chunk in id_chunks(customer_ids):
            statement = self._db.locking(self._select(self._table.c.id.in_(chunk)), for_update)
            found.update((row.id, _customer(row)) for row in self._db.rows(statement))
        return found

    def move_to_group(self, customers: Sequence[Customer], group_id: uuid.UUID | None) -> int:
        """Move the customers, one ``UPDATE`` per 30,000, then change each group's count once.

        The moved rows lose their Head Office flag in the same statement, so no group is
        left with a flagged row that is not its member; the caller designates again.
        """
        for chunk in id_chunks([customer.id for customer in customers]):
            self._db.run(
                self._table.update()
                .where(self._table.c.id.in_(chunk))
                .values(group_id=group_id, is_head_office=False),
                foreign_key=_unknown_group(),
            )
        leaving = Counter(customer.group_id for customer in customers)
        for old_group, count in sorted(leaving.items(), key=lambda item: str(item[0])):
            self._count(old_group, -count)
        self._count(group_id, len(customers))
        return len(customers)

    def members(self, group_id: uuid.UUID) -> list[Customer]:
        """Read the group's members in navigation order, from the navigation index."""
        rows = self._db.rows(self._ordered(self._table.c.group_id == group_id))
        return [_customer(row) for row in rows]

    def step(self, group_id: uuid.UUID, origin: Customer, direction: Direction) -> Customer | None:
        """Seek the neighbouring member in the navigation index: one range scan, one row."""
        statement = _step_statements(self._table)[direction]
        parameters = {"group_id": group_id, "key": fold(origin.name), "id": origin.id}
        row = self._db.first(statement, parameters)
        return None if row is None else _customer(row)

    def first_member(self, group_id: uuid.UUID) -> Customer | None:
        """Read the first member in navigation order."""
        row = self._db.first(self._ordered(self._table.c.group_id == group_id).limit(1))
        return None if row is None else _customer(row)

    def member_count(self, group_id: uuid.UUID) -> int:
        """Read the group's maintained member count (0 for an unknown group)."""
        row = self._db.first(
            select(self._groups.c.member_count).where(self._groups.c.id == group_id)
        )
        return 0 if row is None else int(row.member_count)

    def merged_into(self, customer_id: uuid.UUID) -> list[Customer]:
        """Read the customers merged into the customer, by id."""
        statement = select(self._table).where(self._table.c.merged_into == customer_id)
        return [_customer(row) for row in self._db.rows(statement.order_by(self._table.c.id))]

    def delete(self, customer_ids: Collection[uuid.UUID]) -> int:
        """Delete the customers: one statement (the caller took them out of their groups)."""
        if not customer_ids:
            return 0
        return self._db.run(self._table.delete().where(self._table.c.id.in_(list(customer_ids))))

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Customer]:
        """Read the next batch of customers by id."""
        return [_customer(row) for row in self._db.rows(scan(self._table, after, limit))]

    def filtered(
        self, where: CustomerFilter, after: tuple[str, uuid.UUID] | None, limit: int
    ) -> list[Customer]:
        """Read one page of the filtered list: one statement over the listing index."""
        statement = filtered_statement(self._db.tables, self._db.dialect_name, where, after, limit)
        return [_customer(row) for row in self._db.rows(statement)]

    def eligible(self, channel: Channel | None = None) -> list[Customer]:
        """Read the active customers accepting *channel*, in navigation order."""
        column = self._table.c
        rows = self._db.rows(
            self._ordered(
                column.status == CustomerStatus.ACTIVE.value,
                accepts_channel(column.communication, channel),
            )
        )
        return [_customer(row) for row in rows]

    def count_sales_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Count customers per sales contact among *contact_ids*: one grouped query."""
        return count_references(self._db, self._table.c.sales_contact_id, contact_ids)

    def repoint_sales_contacts(self, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Move sales contacts to their survivors: one statement for the whole mapping."""
        return repoint(self._db, self._table.c.sales_contact_id, mapping)

    def _select(self, *conditions: Any) -> Select[Any]:
        return select(self._table).where(*conditions)

    def _ordered(self, *conditions: Any) -> Select[Any]:
        return self._select(*conditions).order_by(self._table.c.name_key, self._table.c.id)

    def _count(self, group_id: uuid.UUID | None, change: int) -> None:
        if group_id is not None:
            self._db.run(
                self._groups.update()
                .where(self._groups.c.id == group_id)
                .values(member_count=self._groups.c.member_count + change)
            )
