"""After a customer's deletion, no row of any table names it or any record of it.

The conformance suite checks the same through a full backup on every backend; this
reads every table of the SQL schema itself, column by column, so a table the export
leaves out cannot hide a leftover.
"""

from __future__ import annotations

import datetime
import uuid

from sqlalchemy import select

from commtrak import Actor, Store, field_service
from commtrak.field_service import Period
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
            found.update(str(a.id) for a in field_service.of(s).assets.list(customer_id))
    return found


def _asset_kit(store: Store) -> dict[str, uuid.UUID]:
    """The reference items an asset names, and an asset custom column ("column")."""
    with store.session(actor=ACTOR) as s:
        data = field_service.of(s).reference_data
        make = data.add("make", "Worcester")
        return {
            "group_id": data.add("appliance_group", "Boilers").id,
            "fuel_type_id": data.add("fuel_type", "Natural gas").id,
            "make_id": make.id,
            "model_id": data.add("model", "Greenstar", make_id=make.id).id,
            "location_id": data.add("location", "Kitchen").id,
            "column": s.custom_fields.define("Gas safe number", "text", "asset").id,
        }


def _service_records(store: Store, customer_id: uuid.UUID, kit: dict[str, uuid.UUID]) -> None:
    """Give the customer a contract, flags, a reminder, an activity and an asset.

    The asset has a value in the custom column ``kit["column"]``.
    """
    day = datetime.date(2026, 3, 1)
    with store.session(actor=ACTOR) as s:
        service = field_service.of(s)
        service.contracts.add(
            customer_id,
            name="Boiler cover",
            contract_type="Cover",
            starts_on=day,
            duration_months=12,
        )
        service.flags.set(customer_id, ["Key holder", "Dog on site"])
        service.reminders.add(
            customer_id, description="Annual service", due_on=day, every=Period.months(12)
        )
        service.activities.add(customer_id, kind="Call", due_on=day)
        items = {name: item_id for name, item_id in kit.items() if name != "column"}
        boiler = service.assets.add(
            customer_id, reference="B-1", description="Boiler", installed_on=day, **items
        )
        s.custom_fields.set_value(boiler.id, kit["column"], f"GS-{customer_id}")


def test_no_table_names_a_deleted_customer(sql_url: str) -> None:
    clock = PinnedClock()
    with open_test_store(sql_url, clock=clock) as store:
        fill(store, ACTOR, clock)
        fill_portal(store, ACTOR, clock)
        hq, kept, portal = (_customer(store, n) for n in ("HQ", "Kept Pty", "Portal Peach"))
        perth = _customer(store, "Perth Ünïcode")
        kit = _asset_kit(store)
        for customer_id in (hq, portal):
            _service_records(store, customer_id, kit)
        with store.session(actor=ACTOR) as s:
            gone = [c.id for c in s.transaction.customers.merged_into(kept)]
            s.customers.edit(perth, sales_contact_id=None)
        erased = _erased_texts(store, [hq, kept, *gone, portal])
        before = _tables_naming(store, erased)
        with store.session(actor=ACTOR) as s:
            s.customers.delete(hq, confirm="HQ")
            s.customers.delete(kept, confirm="Kept Pty")
            s.customers.delete(portal, confirm="Portal Peach")
        # The check can see what it looks for: the service context's tables named them.
        backend = store.backend
        assert isinstance(backend, SqlBackend)
        service = {table.name for table in backend.tables.field_service.all}
        assert len(service & before) >= 4, sorted(before)
        assert backend.tables.custom_values.name in before  # the assets' column values
        assert _tables_naming(store, erased) == set()


def _tables_naming(store: Store, erased: set[str]) -> set[str]:
    """The tables (the erasure journal left out) with a value holding one of *erased*."""
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    found = set()
    with backend.engine.connect() as connection:
        for table in backend.tables.all:
            if table is backend.tables.erasures:
                continue
            for row in connection.execute(select(table)):
                if any(e in str(value) for value in row._mapping.values() for e in erased):
                    found.add(table.name)
                    break
    return found
