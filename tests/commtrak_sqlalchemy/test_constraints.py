"""The database itself holds the invariants, and reports their violation as commtrak errors.

These tests write through the repositories directly, skipping the services' checks, as a
process that lost a race would: the database must refuse, and the refusal must arrive as
the ``Conflict`` the service would have raised.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable

import attrs
import pytest
from sqlalchemy import insert, update

from commtrak import Actor, BackendUnavailable, Conflict, CustomerGroup, Store
from commtrak.model import (
    Address,
    Branch,
    Contact,
    Customer,
    InvoiceAddress,
    WorkAddress,
    new_id,
)
from commtrak_sqlalchemy.backend import SqlBackend, SqlTransaction


def _customer(name: str, group_id: uuid.UUID | None = None) -> Customer:
    return Customer(
        id=new_id(),
        name=name,
        address=Address(line1="1 Peach St", postcode="6000"),
        group_id=group_id,
    )


def _backend(store: Store) -> SqlBackend:
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    return backend


def _refusal(tx: SqlTransaction, write: Callable[[], object]) -> tuple[str, str]:
    """Run *write* in a savepoint; return the field and rule of the Conflict it must raise."""
    with pytest.raises(Conflict) as caught, tx.savepoint():
        write()
    return (caught.value.field, caught.value.rule)


def test_group_names_are_unique_when_folded(tx: SqlTransaction) -> None:
    tx.groups.add(CustomerGroup(id=new_id(), name="Große Straße"))
    duplicate = CustomerGroup(id=new_id(), name="GROSSE STRASSE")
    assert _refusal(tx, lambda: tx.groups.add(duplicate)) == ("name", "unique_group_name")


def test_ids_are_unique(tx: SqlTransaction) -> None:
    group, customer = CustomerGroup(id=new_id(), name="One"), _customer("HQ")
    tx.groups.add(group)
    tx.customers.add(customer)
    same_group = attrs.evolve(group, name="Two")
    same_customer = attrs.evolve(customer, name="Other")
    assert _refusal(tx, lambda: tx.groups.add(same_group)) == ("id", "unique_id")
    assert _refusal(tx, lambda: tx.customers.add(same_customer)) == ("id", "unique_id")


def test_only_a_member_can_be_flagged_head_office(tx: SqlTransaction) -> None:
    group, stranger = CustomerGroup(id=new_id(), name="Real Peach"), _customer("Stranger")
    tx.groups.add(group)
    tx.customers.add(stranger)
    designated = attrs.evolve(group, head_office_id=stranger.id)
    assert _refusal(tx, lambda: tx.groups.update(designated)) == (
        "head_office_id",
        "one_head_office",
    )


def test_the_database_refuses_a_second_head_office(tx: SqlTransaction) -> None:
    """Flag two members by hand, as two racing processes would: the unique index refuses."""
    group = CustomerGroup(id=new_id(), name="Real Peach")
    tx.groups.add(group)
    first, second = _customer("HQ", group.id), _customer("Perth", group.id)
    tx.customers.add(first)
    tx.customers.add(second)
    tx.groups.update(attrs.evolve(group, head_office_id=first.id))
    db = tx.groups._db
    customers = db.tables.customers
    flag_second = update(customers).where(customers.c.id == second.id).values(is_head_office=True)
    expected = ("head_office_id", "one_head_office")
    assert _refusal(tx, lambda: db.run(flag_second)) == expected
    leave = attrs.evolve(first, group_id=None)  # a flagged non-member
    assert _refusal(tx, lambda: tx.customers.update(leave)) == expected
    assert tx.groups.get(group.id).head_office_id == first.id


def test_a_group_with_members_cannot_be_deleted(tx: SqlTransaction) -> None:
    group = CustomerGroup(id=new_id(), name="Real Peach")
    tx.groups.add(group)
    tx.customers.add(_customer("HQ", group.id))
    assert _refusal(tx, lambda: tx.groups.delete(group.id)) == ("group_id", "group_not_empty")
    assert tx.customers.member_count(group.id) == 1


def test_timestamps_round_trip_to_the_microsecond(sql_store: Store) -> None:
    moment = datetime.datetime(2026, 2, 1, 23, 59, 58, 123456, tzinfo=datetime.UTC)
    elsewhere = moment.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    with sql_store.session(actor=Actor.system()) as s:
        hq = s.customers.add(name="HQ", address=Address(line1="1", postcode="2"))
    tx = _backend(sql_store).begin()
    try:
        contact = Contact(
            id=new_id(),
            customer_id=hq.id,
            name="Fran",
            created_at=moment,
            created_by="me",
            modified_at=elsewhere,
            modified_by="me",
            departments=("Accounts", "Zeta"),
        )
        tx.contacts.add(contact)
        stored = tx.contacts.get(contact.id)
        assert stored == contact
        assert stored.created_at.tzinfo == datetime.UTC
        assert stored.modified_at.utcoffset() == datetime.timedelta(0)
        assert (stored.modified_at.microsecond, stored.modified_at.hour) == (123456, 23)
    finally:
        tx.rollback()


def test_a_lost_connection_is_backend_unavailable(sql_store: Store) -> None:
    """Kill the session's connection from outside: the next call raises BackendUnavailable."""
    backend = _backend(sql_store)
    dialect = backend.engine.dialect.name
    if dialect == "sqlite":
        pytest.skip("a SQLite connection cannot be killed from outside")
    whoami, kill = (
        ("SELECT pg_backend_pid()", "SELECT pg_terminate_backend({})")
        if dialect == "postgresql"
        else ("SELECT CONNECTION_ID()", "KILL {}")
    )

    def lose_the_connection_halfway() -> None:
        with sql_store.session(actor=Actor.system()) as s:
            s.groups.create("Before")
            connection = s.transaction.groups._db.connection  # type: ignore[attr-defined]
            pid = connection.exec_driver_sql(whoami).scalar()
            with backend.engine.connect() as other:
                other.exec_driver_sql(kill.format(int(pid)))
                other.commit()
            s.groups.create("After")

    with pytest.raises(BackendUnavailable):
        lose_the_connection_halfway()
    with sql_store.session(actor=Actor.system()) as s:  # the store still works
        assert s.groups.all() == []


def test_member_counts_follow_adds_removals_and_moves(sql_store: Store) -> None:
    with sql_store.session(actor=Actor.system()) as s:
        source, target = s.groups.create("Source group"), s.groups.create("Target group")
        ids = [
            s.customers.add(name=f"C{n}", address=Address(line1="1", postcode="2")).id
            for n in range(5)
        ]
        for customer_id in ids:
            s.groups.add_member(source.id, customer_id)
        s.groups.move_member(ids[0], target.id)
        s.groups.move_member(ids[1], target.id)
        s.groups.remove_member(source.id, ids[2])
    with sql_store.session(actor=Actor.system()) as s:
        counts = {m.group.name: m.member_count for m in s.groups.search("group")}
        assert counts == {"Source group": 2, "Target group": 2}
        assert counts["Source group"] == len(s.groups.members(source.id))


def _owner(tx: SqlTransaction) -> Customer:
    customer = _customer("Owner")
    tx.customers.add(customer)
    return customer


def test_a_branch_that_manages_work_addresses_cannot_be_deleted(tx: SqlTransaction) -> None:
    owner = _owner(tx)
    branch = Branch(id=new_id(), customer_id=owner.id, name="North")
    tx.branches.add(branch)
    tx.work_addresses.add(
        WorkAddress(
            id=new_id(), customer_id=owner.id, address=Address(line1="2 St"), branch_id=branch.id
        )
    )
    refused = _refusal(tx, lambda: tx.branches.delete(branch.id))
    assert refused == ("branch_id", "branch_exists")
    orphan = Branch(id=new_id(), customer_id=new_id(), name="Nobody's")
    assert _refusal(tx, lambda: tx.branches.add(orphan)) == ("customer_id", "customer_exists")


def test_a_customer_has_an_invoice_address_once(tx: SqlTransaction) -> None:
    owner = _owner(tx)
    address = InvoiceAddress(id=new_id(), name="Insurer")
    tx.invoice_addresses.add(address)
    tx.invoice_addresses.link(address.id, owner.id)
    tx.invoice_addresses.link(address.id, owner.id)  # twice changes nothing
    assert tx.invoice_addresses.count_for_customer(owner.id) == 1
    links = tx.invoice_addresses._links  # a racing process inserts without looking
    row = {"invoice_address_id": address.id, "customer_id": owner.id}
    second = _refusal(tx, lambda: tx.invoice_addresses._db.run(insert(links).values(row)))
    assert second == ("invoice_address_id", "already_assigned")


def test_merging_links_never_makes_a_second_one(tx: SqlTransaction) -> None:
    survivor, merged = _owner(tx), _owner(tx)
    shared, own = (InvoiceAddress(id=new_id(), name=n) for n in ("Shared", "Own"))
    for address in (shared, own):
        tx.invoice_addresses.add(address)
        tx.invoice_addresses.link(address.id, merged.id)
    tx.invoice_addresses.link(shared.id, survivor.id)
    assert tx.invoice_addresses.reassign_customer(merged.id, survivor.id) == 2
    assert tx.invoice_addresses.customers_of(shared.id) == [survivor.id]
    assert tx.invoice_addresses.count_for_customer(survivor.id) == 2
    assert tx.invoice_addresses.count_for_customer(merged.id) == 0
