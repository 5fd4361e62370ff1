"""The customer repository: customer rows, membership and navigation queries."""

from __future__ import annotations

import functools
import uuid
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    Select,
    Table,
    and_,
    bindparam,
    literal_column,
    null,
    or_,
    select,
)

from commtrak.errors import Conflict, NotFound
from commtrak.model import (
    Address,
    Channel,
    Customer,
    CustomerFilter,
    CustomerStatus,
    Direction,
    MemberLookup,
    fold,
)
from commtrak_sqlalchemy._channels import accepts_channel
from commtrak_sqlalchemy._compiled import CompiledSelect
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._references import count_references, id_chunks, repoint, scan
from commtrak_sqlalchemy.customer_filter import filtered_statement
from commtrak_sqlalchemy.dialects import head_office_of

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


#: The columns a customer is read from, in the order :func:`_customer` unpacks them.
_FIELDS = (
    "id",
    "name",
    "type",
    "status",
    *(f"address_{line}" for line in _ADDRESS_LINES),
    "group_id",
    "sales_contact_id",
    "advertising_source",
    "invoice_format",
    "price_book",
    "communication",
    "merged_into",
)


#: ``LIMIT 1`` written into the SQL, not bound: PostgreSQL's generic plan of a prepared
#: statement (psycopg prepares a statement run five times) must know that one row is
#: wanted, or it costs the seek as a scan of a tenth of the group and keeps planning
#: every call anew, which costs more than running it.
_ONE = literal_column("1", Integer)

#: The statuses by stored value: a dictionary look-up, not the enum's own call.
_STATUSES = {status.value: status for status in CustomerStatus}


def _columns(table: FromClause) -> list[ColumnElement[Any]]:
    """The customer columns of *table* (or an alias of it), in :data:`_FIELDS` order."""
    return [table.c[name] for name in _FIELDS]


def _customer(row: Sequence[Any]) -> Customer:
    """Build the customer from a row of :data:`_FIELDS`, by position (no name lookups)."""
    (
        id_,
        name,
        type_,
        status,
        line1,
        line2,
        line3,
        town,
        county,
        postcode,
        country,
        group_id,
        sales_contact_id,
        advertising_source,
        invoice_format,
        price_book,
        communication,
        merged_into,
    ) = row
    return Customer(
        id=id_,
        name=name,
        type=type_,
        status=_STATUSES[status],
        address=Address(line1, line2, line3, town, county, postcode, country),
        group_id=group_id,
        sales_contact_id=sales_contact_id,
        advertising_source=advertising_source,
        invoice_format=invoice_format or "",
        price_book=price_book,
        # NULL in rows written before the column existed: no channels.
        communication=communication or (),
        merged_into=merged_into,
    )


def _lookup(row: Sequence[Any]) -> MemberLookup:
    """Build a :class:`MemberLookup` from ``origin name, group id, group name, member...``."""
    found = None if row[3] is None else _customer(row[3:])
    return MemberLookup(row[0], row[1], found, row[2] or "")


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
        Direction.NEXT: select(*_columns(table))
        .where(member, after)
        .order_by(column.name_key, column.id)
        .limit(_ONE),
        Direction.PREVIOUS: select(*_columns(table))
        .where(member, before)
        .order_by(column.name_key.desc(), column.id.desc())
        .limit(_ONE),
    }


class _Reads:
    """The customer repository's hot reads for one table, each compiled once per dialect."""

    def __init__(self, table: Table, groups: Table, dialect_name: str) -> None:
        by_id = select(*_columns(table)).where(table.c.id == bindparam("id", type_=table.c.id.type))
        self.get = CompiledSelect(by_id, _customer)
        self.get_locked = CompiledSelect(by_id.with_for_update(), _customer)
        self.neighbour = {
            direction: CompiledSelect(_neighbour(table, direction), _lookup)
            for direction in Direction
        }
        self.head_office_of = CompiledSelect(_head_office(table, groups, dialect_name), _lookup)


@functools.cache
def _reads(table: Table, groups: Table, dialect_name: str) -> _Reads:
    return _Reads(table, groups, dialect_name)


def _origin(table: Table) -> tuple[FromClause, Any]:
    origin = table.alias("origin")
    return origin, origin.c.id == bindparam("id", type_=table.c.id.type)


def _neighbour(table: Table, direction: Direction) -> Select[Any]:
    """The origin by id and its neighbour in navigation order: one seek, one statement.

    The neighbour's id is a correlated subquery on the navigation index, the same seek
    as :func:`_step_statements`; ``LEFT JOIN`` keeps the origin when there is none.
    """
    origin, is_origin = _origin(table)
    member = table.alias("member")
    o, m = origin.c, member.c
    order: tuple[Any, ...]
    if direction is Direction.NEXT:
        beyond = and_(m.name_key >= o.name_key, or_(m.name_key > o.name_key, m.id > o.id))
        order = (m.name_key, m.id)
    else:
        beyond = and_(m.name_key <= o.name_key, or_(m.name_key < o.name_key, m.id < o.id))
        order = (m.name_key.desc(), m.id.desc())
    seek = (
        select(m.id)
        .where(m.group_id == o.group_id, beyond)
        .order_by(*order)
        .limit(_ONE)
        .correlate(origin)
        .scalar_subquery()
    )
    found = table.alias("found")
    return (
        select(o.name, o.group_id, null(), *_columns(found))
        .select_from(origin.outerjoin(found, found.c.id == seek))
        .where(is_origin)
    )


def _head_office(table: Table, groups: Table, dialect_name: str) -> Select[Any]:
    """The origin by id, its group's name and the group's Head Office: one statement."""
    origin, is_origin = _origin(table)
    head = table.alias("head")
    o = origin.c
    joined = origin.outerjoin(groups, groups.c.id == o.group_id).outerjoin(
        head, head_office_of(head, o.group_id, dialect_name)
    )
    return (
        select(o.name, o.group_id, groups.c.name, *_columns(head))
        .select_from(joined)
        .where(is_origin)
    )


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
        self._reads = _reads(self._table, self._groups, db.dialect_name)

    def add(self, customer: Customer) -> None:
        """Insert the customer, counting it in its group if it has one."""
        self._db.run(self._table.insert().values(_values(customer)), foreign_key=_unknown_group())
        self._count(customer.group_id, +1)

    def add_many(self, customers: Sequence[Customer]) -> None:
        """Insert the customers with one executemany, then count them in their groups."""
        if not customers:
            return
        self._db.insert_many(
            self._table, [_values(c) for c in customers], foreign_key=_unknown_group()
        )
        joining = Counter(customer.group_id for customer in customers)
        for group_id, count in sorted(joining.items(), key=lambda item: str(item[0])):
            self._count(group_id, count)

    def get(self, customer_id: uuid.UUID, *, for_update: bool = False) -> Customer:
        """Read the customer, locking its row with *for_update*."""
        read = self._reads.get_locked if for_update and self._db.row_locks else self._reads.get
        customer = read.first(self._db, {"id": customer_id})
        if customer is None:
            raise NotFound("customer", customer_id)
        return customer

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

    def neighbour(self, customer_id: uuid.UUID, direction: Direction) -> MemberLookup:
        """Read the customer and its neighbour in navigation order: one statement."""
        return self._lookup(self._reads.neighbour[direction], customer_id)

    def head_office_of(self, customer_id: uuid.UUID) -> MemberLookup:
        """Read the customer, its group's name and its Head Office: one statement."""
        return self._lookup(self._reads.head_office_of, customer_id)

    def _lookup(self, read: CompiledSelect[MemberLookup], customer_id: uuid.UUID) -> MemberLookup:
        lookup = read.first(self._db, {"id": customer_id})
        if lookup is None:
            raise NotFound("customer", customer_id)
        return lookup

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
        statement = self._select(self._table.c.merged_into == customer_id)
        return [_customer(row) for row in self._db.rows(statement.order_by(self._table.c.id))]

    def delete(self, customer_ids: Collection[uuid.UUID]) -> int:
        """Delete the customers: one statement (the caller took them out of their groups)."""
        if not customer_ids:
            return 0
        return self._db.run(self._table.delete().where(self._table.c.id.in_(list(customer_ids))))

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Customer]:
        """Read the next batch of customers by id."""
        statement = scan(self._table, after, limit).with_only_columns(*_columns(self._table))
        return [_customer(row) for row in self._db.rows(statement)]

    def filtered(
        self, where: CustomerFilter, after: tuple[str, uuid.UUID] | None, limit: int
    ) -> list[Customer]:
        """Read one page of the filtered list: one statement over the listing index."""
        statement = filtered_statement(self._db.tables, self._db.dialect_name, where, after, limit)
        statement = statement.with_only_columns(*_columns(self._table))
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
        return select(*_columns(self._table)).where(*conditions)

    def _ordered(self, *conditions: Any) -> Select[Any]:
        return self._select(*conditions).order_by(self._table.c.name_key, self._table.c.id)

    def _count(self, group_id: uuid.UUID | None, change: int) -> None:
        if group_id is not None:
            self._db.run(
                self._groups.update()
                .where(self._groups.c.id == group_id)
                .values(member_count=self._groups.c.member_count + change)
            )
