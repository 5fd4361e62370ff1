"""The customer record's tables hold their invariants, reported as commtrak errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import insert

from commtrak import Conflict, Store
from commtrak.model import Address, Branch, Customer, WorkAddress, new_id
from commtrak_sqlalchemy.backend import SqlBackend, SqlTransaction


@pytest.fixture
def tx(sql_store: Store) -> Iterator[SqlTransaction]:
    """A transaction on the store, rolled back after the test."""
    backend = sql_store.backend
    assert isinstance(backend, SqlBackend)
    transaction = backend.begin()
    try:
        yield transaction
    finally:
        transaction.rollback()


def _refusal(tx: SqlTransaction, write: Callable[[], object]) -> tuple[str, str]:
    with pytest.raises(Conflict) as caught, tx.savepoint():
        write()
    return (caught.value.field, caught.value.rule)


def _customer(tx: SqlTransaction) -> Customer:
    customer = Customer(id=new_id(), name="Owner", address=Address(line1="1 St", postcode="1"))
    tx.customers.add(customer)
    return customer


def test_a_branch_that_manages_work_addresses_cannot_be_deleted(tx: SqlTransaction) -> None:
    owner = _customer(tx)
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
    from commtrak.model import InvoiceAddress

    owner = _customer(tx)
    address = InvoiceAddress(id=new_id(), name="Insurer")
    tx.invoice_addresses.add(address)
    tx.invoice_addresses.link(address.id, owner.id)
    tx.invoice_addresses.link(address.id, owner.id)  # twice changes nothing
    assert tx.invoice_addresses.count_for_customer(owner.id) == 1
    links = tx.invoice_addresses._links  # a racing process inserts without looking
    row = {"invoice_address_id": address.id, "customer_id": owner.id}
    second = _refusal(tx, lambda: tx.invoice_addresses._db.run(insert(links).values(row)))
    assert second in {("invoice_address_id", "already_assigned"), ("id", "unique_id")}


def test_merging_links_never_makes_a_second_one(tx: SqlTransaction) -> None:
    from commtrak.model import InvoiceAddress

    survivor, merged = _customer(tx), _customer(tx)
    shared, own = (InvoiceAddress(id=new_id(), name=n) for n in ("Shared", "Own"))
    for address in (shared, own):
        tx.invoice_addresses.add(address)
        tx.invoice_addresses.link(address.id, merged.id)
    tx.invoice_addresses.link(shared.id, survivor.id)
    assert tx.invoice_addresses.reassign_customer(merged.id, survivor.id) == 2
    assert tx.invoice_addresses.customers_of(shared.id) == [survivor.id]
    assert tx.invoice_addresses.count_for_customer(survivor.id) == 2
    assert tx.invoice_addresses.count_for_customer(merged.id) == 0
