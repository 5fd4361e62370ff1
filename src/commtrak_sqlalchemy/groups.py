"""The group repository: group rows, the Head Office flag, and group search."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, Select, select

from commtrak.errors import Conflict, NotFound
from commtrak.model import CustomerGroup, GroupMatch, fold
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy.dialects import contains, head_office_of
from commtrak_sqlalchemy.search import sqlite_candidates

__all__ = ["SqlGroups"]


def _not_a_member() -> Conflict:
    return Conflict(
        "head_office_id", "one_head_office", "the Head Office must be a member of the group"
    )


def _has_members() -> Conflict:
    return Conflict("group_id", "group_not_empty", "the group still has members; remove them first")


def _group(row: Row[Any]) -> CustomerGroup:
    return CustomerGroup(id=row.id, name=row.name, head_office_id=row.head_office_id)


class SqlGroups:
    """Groups in a SQL database (see :class:`commtrak.ports.GroupRepository`).

    A group's Head Office is not a column of the group: it is the member whose
    ``is_head_office`` flag is set, so that the database's unique index and check
    constraint (see :mod:`commtrak_sqlalchemy.tables`) hold the invariant. Reading a
    group looks the flagged member up through that unique index.
    """

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.groups
        self._customers = db.tables.customers

    def add(self, group: CustomerGroup) -> None:
        """Insert the group with no members."""
        self._db.run(
            self._table.insert().values(
                id=group.id, name=group.name, name_key=fold(group.name), member_count=0
            )
        )
        if group.head_office_id is not None:
            self._designate(group)

    def get(self, group_id: uuid.UUID, *, for_update: bool = False) -> CustomerGroup:
        """Read the group and its Head Office, locking its row with *for_update*."""
        if for_update and self._db.row_locks:
            # Lock first, read second: the read is then a new statement, which sees what
            # the transaction we waited for committed (on MariaDB, too, whose reads in a
            # FOR UPDATE statement's subqueries would not lock).
            locked = self._db.first(
                select(self._table.c.id).where(self._table.c.id == group_id).with_for_update()
            )
            if locked is None:
                raise NotFound("group", group_id)
        row = self._db.first(self._select().where(self._table.c.id == group_id))
        if row is None:
            raise NotFound("group", group_id)
        return _group(row)

    def find_by_name(self, folded_name: str) -> CustomerGroup | None:
        """Read the group whose folded name is *folded_name*, through its unique index."""
        row = self._db.first(self._select().where(self._table.c.name_key == folded_name))
        return None if row is None else _group(row)

    def update(self, group: CustomerGroup) -> None:
        """Rename the group and move the Head Office flag to ``group.head_office_id``.

        The group's row is written only when its name changes: designating a Head Office
        touches the members' rows alone, so that it is the unique index on the flag, not
        an incidental lock on the group's row, that stops two racing designations.
        """
        current = self._db.first(select(self._table.c.name).where(self._table.c.id == group.id))
        if current is None:
            raise NotFound("group", group.id)
        if current.name != group.name:
            self._db.run(
                self._table.update()
                .where(self._table.c.id == group.id)
                .values(name=group.name, name_key=fold(group.name))
            )
        self._designate(group)

    def delete(self, group_id: uuid.UUID) -> None:
        """Delete the group; its foreign key refuses while it has members."""
        deleted = self._db.run(
            self._table.delete().where(self._table.c.id == group_id), foreign_key=_has_members()
        )
        if not deleted:
            raise NotFound("group", group_id)

    def all(self) -> list[CustomerGroup]:
        """Read every group in group order."""
        return [_group(row) for row in self._db.rows(self._ordered())]

    def search(self, folded_fragment: str) -> list[GroupMatch]:
        """Find groups by substring of their folded name, with their member counts."""
        matching = contains(self._table.c.name_key, folded_fragment, self._db.dialect_name)
        statement = self._ordered().where(matching)
        if self._db.search_index:
            statement = statement.where(sqlite_candidates(self._db.tables, folded_fragment))
        rows = self._db.rows(statement)
        return [GroupMatch(group=_group(row), member_count=row.member_count) for row in rows]

    def _select(self) -> Select[Any]:
        head_office = (
            select(self._customers.c.id)
            .where(head_office_of(self._customers, self._table.c.id, self._db.dialect_name))
            .scalar_subquery()
            .label("head_office_id")
        )
        return select(self._table.c.id, self._table.c.name, self._table.c.member_count, head_office)

    def _ordered(self) -> Select[Any]:
        return self._select().order_by(self._table.c.name_key, self._table.c.id)

    def _designate(self, group: CustomerGroup) -> None:
        """Flag ``group.head_office_id`` as the Head Office, and no other member."""
        customers = self._customers.c
        others = head_office_of(self._customers, group.id, self._db.dialect_name)
        if group.head_office_id is not None:
            others = others & (customers.id != group.head_office_id)
        self._db.run(self._customers.update().where(others).values(is_head_office=False))
        if group.head_office_id is None:
            return
        flagged = self._db.run(
            self._customers.update()
            .where(customers.id == group.head_office_id, customers.group_id == group.id)
            .values(is_head_office=True)
        )
        if not flagged:
            raise _not_a_member()
