"""Contract: export then import gives back equal data, between this backend and memory."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest

from commtrak import (
    Actor,
    Address,
    Conflict,
    Occupier,
    PhoneKind,
    Session,
    Store,
    ValidationError,
)
from commtrak.serialization import export_data, import_data, transfer
from commtrak.testing.conformance._base import (
    PinnedClock,
    StoreContract,
    make_group,
    open_test_store,
)


def fill(store: Store, actor: Actor, clock: PinnedClock) -> None:
    """Put one of everything commtrak stores into *store*."""
    with store.session(actor=actor) as s:
        group, [hq, perth] = make_group(s, "Real Peach Real Estate", "HQ", "Perth Ünïcode")
        s.groups.create("Empty group")
        home = s.customers.add(
            name="Jo Private",
            type="private",
            address=Address(line1="1 Home St", line3="Flat 2", postcode="6000", country="AU"),
        )
        s.departments.add("Accounts")
        archived_department = s.departments.add("Old")
        s.departments.archive(archived_department.id)
        fran = s.contacts.add(
            hq.id,
            name="Fran James",
            email="Fran@RealPeach.example",
            phones=[(PhoneKind.OFFICE, "8 9000 0000", "+61")],
            mobile="0400 000 000",
            social_urls=["https://example.com/fran"],
            departments=["Accounts"],
            note="Line one\nLine two",
            visibility="role_permitted_staff",
        )
        clock.advance(minutes=5)
        s.contacts.add(perth.id, name="Fran (Perth)", email="fran@realpeach.example")
        s.duplicates.merge(hq.id)
        s.customers.edit(perth.id, sales_contact_id=fran.id)
        jo = s.contacts.add(home.id, name="Jo")
        s.contacts.set_primary(jo.id)
        s.groups.set_head_office(group.id, perth.id)
        born = s.custom_fields.define("Birth date", "date")
        size = s.custom_fields.define("Size", "number")
        tier = s.custom_fields.define("Tier", "choice", "customer", choices=["Gold"])
        s.custom_fields.set_value(fran.id, born.id, datetime.date(1990, 2, 28))
        s.custom_fields.set_value(fran.id, size.id, "10.50")
        s.custom_fields.set_value(hq.id, tier.id, "Gold")
        s.custom_fields.archive_values(size.id)
        _fill_record(s, hq.id, clock)


def _fill_record(s: Session, customer_id: uuid.UUID, clock: PinnedClock) -> None:
    """Put one of each record of the customer record into the session's store."""
    s.customers.edit(
        customer_id, advertising_source="Radio", price_book="PB-1", communication=["sms", "email"]
    )
    landlord = s.landlords.add(name="Lena Landlord", email="lena@example.com", phone="9")
    branch = s.branches.add(customer_id, name="North", address=Address(line1="2 North Rd"))
    flat = s.work_addresses.add(
        customer_id,
        address=Address(line1="3 Flat St", postcode="6001"),
        occupier=Occupier(title="Ms", first_name="Ola", email="ola@example.com"),
        branch_id=branch.id,
        landlord=landlord.id,
        communication=["letter"],
    )
    s.invoice_addresses.enable(customer_id, work_address_id=flat.id)
    insurer = s.invoice_addresses.add(
        customer_id, name="Insurer Ltd", address=Address(line1="4 Cover Rd", postcode="2000")
    )
    s.invoices.add(
        customer_id,
        amount="120.50",
        amount_paid="20.25",
        due_on=datetime.date(2026, 3, 31),
        invoice_address_id=insurer.id,
    )
    clock.advance(minutes=5)
    gone = s.customers.add(name="Gone Pty", address=Address(line1="5 Gone St", postcode="6002"))
    survivor = s.customers.add(name="Kept Pty", address=Address(line1="6 Kept St", postcode="6003"))
    s.customers.merge(survivor.id, gone.id)  # a merged customer and a journal entry


class ExportContract(StoreContract):
    """Export, import and transfer between backends lose nothing."""

    def test_export_then_import_gives_back_equal_data(
        self, store: Store, actor: Actor, clock: PinnedClock, commtrak_url: str
    ) -> None:
        fill(store, actor, clock)
        with store.session(actor=actor) as s:
            exported = export_data(s)
        document = json.loads(json.dumps(exported))
        assert document == exported
        with open_test_store("memory://") as memory:
            with memory.session(actor=actor) as s:
                counts = import_data(s, document)
            assert counts["contacts"] == 3
            assert counts["journal"] == 1
            assert counts["customer_journal"] >= 1
            for kind in ("landlords", "branches", "work_addresses", "invoices"):
                assert counts[kind] == 1, kind
            assert (counts["invoice_addresses"], counts["invoice_address_links"]) == (2, 2)
            with memory.session(actor=actor) as s:
                assert export_data(s) == exported
            with open_test_store(commtrak_url) as again:
                assert transfer(memory, again, actor=actor) == counts
                with again.session(actor=actor) as s:
                    assert export_data(s) == exported

    def test_erased_values_are_in_no_export(self, store: Store, actor: Actor) -> None:
        with store.session(actor=actor) as s:
            _, [hq] = make_group(s, "Group", "HQ")
            fran = s.contacts.add(hq.id, name="Fran")
            born = s.custom_fields.define("Birth date", "date")
            s.custom_fields.set_value(fran.id, born.id, "1990-02-28")
            s.custom_fields.erase_values(born.id)
            exported = export_data(s)
        assert exported["custom_values"] == []
        assert "1990" not in json.dumps(exported)

    def test_import_refuses_a_store_with_data_and_a_foreign_document(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            document = export_data(s)
            s.groups.create("Already here")
            with pytest.raises(Conflict) as caught:
                import_data(s, document)
            assert caught.value.rule == "store_not_empty"
            with pytest.raises(ValidationError) as invalid:
                import_data(s, {"format": "something else"})
            assert (invalid.value.field, invalid.value.rule) == ("document", "format")
