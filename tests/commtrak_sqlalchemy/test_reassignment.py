"""Bulk reassignment on the SQL backend is set-based: its statements do not grow with it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from commtrak import Actor, Address, Store
from commtrak_sqlalchemy.backend import SqlBackend

ACTOR = Actor.system()


@contextmanager
def counting(store: Store) -> Iterator[list[str]]:
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(backend.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(backend.engine, "before_cursor_execute", count)


def _statements_to_reassign(store: Store, size: int) -> int:
    store.backend.erase_all_data()
    with store.session(actor=ACTOR) as s:
        source = s.groups.create("Source")
        target = s.groups.create("Target")
        customers = [
            s.customers.add(name=f"C{n:04}", address=Address(line1=f"{n} St", postcode="6000"))
            for n in range(size)
        ]
        for customer in customers:
            s.groups.add_member(source.id, customer.id)
    with store.session(actor=ACTOR) as s, counting(store) as statements:
        done = s.groups.reassign([c.id for c in customers], target.id)
    assert done.moved == size
    with store.session(actor=ACTOR) as s:
        assert len(s.groups.members(target.id)) == size
        assert s.groups.get(source.id).head_office_id is None
    return len(statements)


@pytest.mark.parametrize("sizes", [(3, 300)])
def test_the_statements_of_a_reassignment_do_not_grow_with_it(
    sql_store: Store, sizes: tuple[int, int]
) -> None:
    small, large = (_statements_to_reassign(sql_store, size) for size in sizes)
    assert small == large
