"""The thin call: reads without savepoints, compiled reads, one statement per navigation step.

Statements are counted with SQLAlchemy's ``before_cursor_execute`` event; with a listener
on the engine, :class:`~commtrak_sqlalchemy._compiled.CompiledSelect` runs through
SQLAlchemy, so the listener sees every statement (the counts are the same either way).
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Column, MetaData, Table, bindparam, event, select
from sqlalchemy.engine import Engine

from commtrak import (
    Actor,
    Address,
    BackendUnavailable,
    ConfigurationError,
    Conflict,
    Customer,
    Store,
)
from commtrak.model import Direction
from commtrak_sqlalchemy import _pairs
from commtrak_sqlalchemy._compiled import CompiledSelect
from commtrak_sqlalchemy._types import Id
from commtrak_sqlalchemy.backend import SqlBackend, SqlTransaction

ACTOR = Actor.system()
ADDRESS = Address(line1="1 Peach Street", postcode="6000")


class Statements:
    """The SQL statements an engine runs while the recorder is on."""

    def __init__(self, engine: Engine) -> None:
        self.seen: list[str] = []
        self._engine = engine

    def __enter__(self) -> Statements:
        event.listen(self._engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_: object) -> None:
        event.remove(self._engine, "before_cursor_execute", self._record)

    def _record(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        self.seen.append(statement)

    def take(self) -> list[str]:
        """Return the statements seen since the last call, and forget them."""
        seen, self.seen = self.seen, []
        return seen


def _savepoints(statements: list[str]) -> list[str]:
    return [s for s in statements if "SAVEPOINT" in s.upper()]


@pytest.fixture
def group(sql_store: Store) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """A group of three members (the first is Head Office); its id and the members' ids."""
    with sql_store.session(actor=ACTOR) as s:
        made = s.groups.create("Real Peach Real Estate")
        members = []
        for name in ("Apple", "Banana", "Cherry"):
            customer = s.customers.add(name=name, type="company", address=ADDRESS)
            s.groups.add_member(made.id, customer.id)
            members.append(customer.id)
    return made.id, members


def _engine(store: Store) -> Engine:
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    return backend.engine


def test_reads_take_no_savepoint_and_each_navigation_read_is_one_statement(
    sql_store: Store, group: tuple[uuid.UUID, list[uuid.UUID]]
) -> None:
    group_id, (first, middle, last) = group
    with Statements(_engine(sql_store)) as statements, sql_store.session(actor=ACTOR) as s:
        statements.take()  # the BEGIN
        reads = {
            "customers.get": lambda: s.customers.get(middle),
            "groups.next": lambda: s.groups.next(middle),
            "groups.previous": lambda: s.groups.previous(middle),
            "groups.head_office_of": lambda: s.groups.head_office_of(last),
        }
        for name, read in reads.items():
            read()
            seen = statements.take()
            assert len(seen) == 1, (name, seen)
            assert not _savepoints(seen), name
        assert s.groups.next(last) is None
        assert s.groups.previous(first) is None
        assert s.groups.next(middle).id == last
        assert s.groups.head_office_of(last).id == first
        s.groups.members(group_id)
        s.customers.eligible()
        s.duplicates.find(first)
        assert not _savepoints(statements.take())
        s.groups.rename(group_id, "Real Peach Realty")
        assert _savepoints(statements.take()), "a write takes its savepoint"


def test_a_refused_write_mid_session_is_undone_and_the_earlier_writes_stay(
    sql_store: Store, group: tuple[uuid.UUID, list[uuid.UUID]], monkeypatch: pytest.MonkeyPatch
) -> None:
    with sql_store.session(actor=ACTOR) as s:
        other = s.groups.create("Plum Plumbing")
        kept = s.customers.add(name="Kept", type="company", address=ADDRESS)
        joining = s.customers.add(name="Joining", type="company", address=ADDRESS)
        groups = s.transaction.groups

        def refuse(_: object) -> None:
            raise Conflict("group", "refused_for_the_test", "the second write of the call fails")

        # add_member writes the customer's group, then the group's Head Office: the
        # second write fails after the first one ran.
        with monkeypatch.context() as patch:
            patch.setattr(groups, "update", refuse)
            with Statements(_engine(sql_store)) as statements, pytest.raises(Conflict):
                s.groups.add_member(other.id, joining.id)
            rolled_back = [q for q in statements.seen if "ROLLBACK TO SAVEPOINT" in q.upper()]
            assert rolled_back, statements.seen
        assert s.customers.get(joining.id).group_id is None
        s.customers.edit(kept.id, name="Kept Too")
    with sql_store.session(actor=ACTOR) as s:
        assert s.customers.get(kept.id).name == "Kept Too"
        assert s.customers.get(joining.id).group_id is None
        assert s.groups.members(other.id) == []


def test_compiled_reads_give_what_sqlalchemy_gives(
    sql_store: Store, group: tuple[uuid.UUID, list[uuid.UUID]]
) -> None:
    _, members = group
    with sql_store.session(actor=ACTOR) as s:
        fast = [s.customers.get(member) for member in members]
        steps = [s.transaction.customers.neighbour(m, Direction.NEXT) for m in members]
    with Statements(_engine(sql_store)), sql_store.session(actor=ACTOR) as s:
        assert [s.customers.get(member) for member in members] == fast
        assert [s.transaction.customers.neighbour(m, Direction.NEXT) for m in members] == steps


def test_a_driver_error_on_a_compiled_read_is_a_commtrak_error(tx: SqlTransaction) -> None:
    missing = Table("commtrak_no_such_table", MetaData(), Column("id", Id, primary_key=True))
    read = CompiledSelect(
        select(missing.c.id).where(missing.c.id == bindparam("id", type_=missing.c.id.type)),
        lambda row: row[0],
    )
    # A statement the server refuses names the schema; SQLite reports a missing table
    # as an operational error, like an outage (see commtrak_sqlalchemy.errors).
    expected = BackendUnavailable if tx.db.dialect_name == "sqlite" else ConfigurationError
    with pytest.raises(expected):
        read.first(tx.db, {"id": uuid.uuid4()})


def test_a_repoint_is_one_statement_of_the_same_text_however_many_pairs(
    tx: SqlTransaction, sql_store: Store
) -> None:
    texts = []
    for size in (3, 300):
        olds = [uuid.uuid4() for _ in range(size)]
        survivor = uuid.uuid4()
        for old in olds:
            customer = Customer(id=uuid.uuid4(), name="C", address=ADDRESS, sales_contact_id=old)
            tx.customers.add(customer)
        with Statements(_engine(sql_store)) as statements:
            moved = tx.customers.repoint_sales_contacts(dict.fromkeys(olds, survivor))
        assert moved == size
        assert tx.customers.count_sales_contacts([survivor]) == {survivor: size}
        assert len(statements.seen) == 1
        texts.append(statements.seen[0])
    assert texts[0] == texts[1]


def test_a_server_without_json_table_repoints_by_case(
    tx: SqlTransaction, monkeypatch: pytest.MonkeyPatch
) -> None:
    # MariaDB before 10.6 (MySQL before 8.0) has no JSON_TABLE: the CASE form, anywhere.
    monkeypatch.setattr(_pairs, "_joins_pairs", lambda _db: False)
    olds, survivor = [uuid.uuid4() for _ in range(5)], uuid.uuid4()
    for old in olds:
        tx.customers.add(Customer(id=uuid.uuid4(), name="C", address=ADDRESS, sales_contact_id=old))
    assert tx.customers.repoint_sales_contacts(dict.fromkeys(olds[:4], survivor)) == 4
    counts = tx.customers.count_sales_contacts([survivor, *olds])
    assert counts == {survivor: 4, olds[4]: 1}
