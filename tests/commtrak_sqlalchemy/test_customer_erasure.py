"""After a customer's deletion, no row of any table names it or any record of it.

The conformance suite checks the same through a full backup on every backend; this
reads every table of the SQL schema itself, column by column, so a table the export
leaves out cannot hide a leftover.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select

from commtrak import Actor, Store
from commtrak.testing.conformance._base import PinnedClock, open_test_store
from commtrak.testing.conformance.export import fill, fill_portal
from commtrak_sqlalchemy.backend import SqlBackend

ACTOR = Actor.staff("admin-1", "Ada Admin", "supervisor")


def _customer(store: Store, name: str) -> uuid.UUID:
    with store.session(actor=ACTOR) as s:
        found = [c.id for c in s.transaction.customers.scan(None, 1000) if c.name == name]
    assert len(found) == 1
    return found[0]


def _erased_texts(store: Store, customer_ids: list[uuid.UUID]) -> set[str]:
    """The ids of the customers, their contacts and work addresses, and their names."""
    found = set()
    with store.session(actor=ACTOR) as s:
        tx = s.transaction
        for customer_id in customer_ids:
            found.add(str(customer_id))
            found.add(tx.customers.get(customer_id).name)
            for contact in tx.contacts.for_customer(customer_id, include_archived=True):
                found.update((str(contact.id), contact.name))
            found.update(str(w.id) for w in tx.work_addresses.for_customer(customer_id))
    return found


def test_no_table_names_a_deleted_customer(sql_url: str) -> None:
    clock = PinnedClock()
    with open_test_store(sql_url, clock=clock) as store:
        fill(store, ACTOR, clock)
        fill_portal(store, ACTOR, clock)
        hq, kept, portal = (_customer(store, n) for n in ("HQ", "Kept Pty", "Portal Peach"))
        perth = _customer(store, "Perth Ünïcode")
        with store.session(actor=ACTOR) as s:
            gone = [c.id for c in s.transaction.customers.merged_into(kept)]
            s.customers.edit(perth, sales_contact_id=None)
        erased = _erased_texts(store, [hq, kept, *gone, portal])
        with store.session(actor=ACTOR) as s:
            s.customers.delete(hq, confirm="HQ")
            s.customers.delete(kept, confirm="Kept Pty")
            s.customers.delete(portal, confirm="Portal Peach")
        backend = store.backend
        assert isinstance(backend, SqlBackend)
        leftovers = []
        with backend.engine.connect() as connection:
            for table in backend.tables.all:
                if table is backend.tables.erasures:
                    continue
                for row in connection.execute(select(table)):
                    for column, value in row._mapping.items():
                        text = str(value)
                        leftovers += [(table.name, column) for e in erased if e in text]
        assert leftovers == []
