"""The filtered customer list as one SQL statement per page (seed 003).

``SELECT ... FROM customers WHERE <conditions> AND (name_key, id) > :after ORDER BY
name_key, id LIMIT :n`` read through the index on ``(name_key, id)``. Each multi-valued
condition is a correlated subquery over the table of the values:

* ``contains`` S: one ``EXISTS`` per value of S (the customer has it);
* ``equals`` S: the same, and ``NOT EXISTS`` a value outside S.

Contract types and flags are rows (indexed by customer and folded key). Departments are
the JSON lists of the customer's active contacts, so there "has the value" and "has no
value outside S" are the dialect's JSON operators: ``json_each`` on SQLite, ``@>`` and
``<@`` on ``jsonb`` on PostgreSQL, ``JSON_CONTAINS`` on MariaDB and MySQL.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Table,
    cast,
    false,
    func,
    literal,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB

from commtrak.model.customer_filter import CustomerFilter, ValuesFilter, ValuesMatch
from commtrak_sqlalchemy._references import after_pair
from commtrak_sqlalchemy.dialects import contains
from commtrak_sqlalchemy.tables import SqlTables

__all__ = ["filtered_statement"]

#: A JSON list column's condition on a set of values, by dialect.
JsonCondition = Callable[[Any, frozenset[str]], ColumnElement[bool]]


def _json_text(values: frozenset[str]) -> Any:
    return literal(json.dumps(sorted(values)), String)


def _sqlite_has(column: Any, values: frozenset[str]) -> ColumnElement[bool]:
    (value,) = values
    each = func.json_each(column).table_valued("value")
    return select(literal(1)).select_from(each).where(each.c.value == value).exists()


def _sqlite_within(column: Any, values: frozenset[str]) -> ColumnElement[bool]:
    each = func.json_each(column).table_valued("value")
    outside = select(literal(1)).select_from(each).where(each.c.value.not_in(sorted(values)))
    return ~outside.exists()


def _pg_has(column: Any, values: frozenset[str]) -> ColumnElement[bool]:
    found: ColumnElement[bool] = cast(column, JSONB).contains(cast(_json_text(values), JSONB))
    return found


def _pg_within(column: Any, values: frozenset[str]) -> ColumnElement[bool]:
    found: ColumnElement[bool] = cast(column, JSONB).contained_by(cast(_json_text(values), JSONB))
    return found


def _mysql_has(column: Any, values: frozenset[str]) -> ColumnElement[bool]:
    found: ColumnElement[bool] = func.json_contains(column, _json_text(values)) == 1
    return found


def _mysql_within(column: Any, values: frozenset[str]) -> ColumnElement[bool]:
    found: ColumnElement[bool] = func.json_contains(_json_text(values), column) == 1
    return found


def _json_conditions(dialect_name: str) -> tuple[JsonCondition, JsonCondition]:
    """The dialect's "the list has this value" and "the list has no other value"."""
    if dialect_name == "postgresql":
        return _pg_has, _pg_within
    if dialect_name in ("mysql", "mariadb"):
        return _mysql_has, _mysql_within
    return _sqlite_has, _sqlite_within


def _values(
    question: ValuesFilter | None,
    exists: Callable[..., ColumnElement[bool]],
    has: Callable[[str], ColumnElement[bool]],
    within: Callable[[frozenset[str]], ColumnElement[bool]],
) -> list[ColumnElement[bool]]:
    """The conditions of *question*: an ``EXISTS`` per value, and for equals a ``NOT EXISTS``."""
    if question is None:
        return []
    conditions = [exists(has(value)) for value in sorted(question.values)]
    if question.match is ValuesMatch.EQUALS:
        conditions.append(~exists(~within(question.values)))
    return conditions


def _owned_exists(table: Table, customers: Table, *live: Any) -> Callable[..., Any]:
    """``EXISTS (SELECT 1 FROM table WHERE customer_id = customers.id AND live AND ...)``."""

    def exists(*conditions: Any) -> Any:
        statement = select(literal(1)).select_from(table)
        return statement.where(table.c.customer_id == customers.c.id, *live, *conditions).exists()

    return exists


def filtered_statement(
    tables: SqlTables,
    dialect_name: str,
    where: CustomerFilter,
    after: tuple[str, uuid.UUID] | None,
    limit: int,
) -> Select[Any]:
    """The statement reading one page of the customers passing *where* (see the module)."""
    customers = tables.customers
    column = customers.c
    conditions: list[Any] = [column.merged_into.is_(None)]
    if where.name:
        conditions.append(contains(column.name_key, where.name, dialect_name))
    if where.group_id is not None:
        conditions.append(column.group_id == where.group_id)
    if where.status is not None:
        conditions.append(column.status == where.status.value)
    if where.type is not None:
        conditions.append(column.type == where.type)
    contacts = tables.contacts
    json_has, json_within = _json_conditions(dialect_name)
    conditions += _values(
        where.departments,
        _owned_exists(contacts, customers, contacts.c.archived == false()),
        lambda value: json_has(contacts.c.departments, frozenset({value})),
        lambda values: json_within(contacts.c.departments, values),
    )
    contracts = tables.field_service.contracts.contracts
    conditions += _values(
        where.contract_types,
        _owned_exists(contracts, customers, contracts.c.ended_on.is_(None)),
        lambda value: contracts.c.type_key == value,
        lambda values: contracts.c.type_key.in_(sorted(values)),
    )
    flags = tables.field_service.contracts.flags
    conditions += _values(
        where.flags,
        _owned_exists(flags, customers),
        lambda value: flags.c.label_key == value,
        lambda values: flags.c.label_key.in_(sorted(values)),
    )
    if after is not None:
        conditions.append(after_pair(column.name_key, column.id, after))
    return select(customers).where(*conditions).order_by(column.name_key, column.id).limit(limit)
