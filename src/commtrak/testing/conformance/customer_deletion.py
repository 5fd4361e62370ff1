"""Contract: an administrator deletes a customer and everything of it, or nothing."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from commtrak import (
    Actor,
    Address,
    Conflict,
    NotFound,
    PermissionDenied,
    Session,
    Store,
    ValidationError,
)
from commtrak.portability import export_data
from commtrak.ports import Transaction
from commtrak.testing.conformance._base import (
    PinnedClock,
    StoreContract,
    add_customer,
    make_group,
    open_test_store,
)
from commtrak.testing.conformance.export import fill, fill_portal
from commtrak.testing.conformance.finance import final_invoice


def _named(s: Session, name: str) -> Any:
    """The one live customer called *name* (the filled stores name each once)."""
    after = None
    while True:
        batch = s.transaction.customers.scan(after, 500)
        for customer in batch:
            if customer.name == name and customer.merged_into is None:
                return customer
        if len(batch) < 500:
            raise LookupError(name)
        after = batch[-1].id


def _records_of(s: Session, customer_ids: list[uuid.UUID]) -> set[str]:
    """The ids of the customers and of every record of theirs, as text."""
    tx = s.transaction
    found: set[str] = set()
    for customer_id in customer_ids:
        found.add(str(customer_id))
        contacts = tx.contacts.for_customer(customer_id, include_archived=True)
        found.update(str(c.id) for c in contacts)
        found.update(
            str(a.id) for a in tx.portal_accounts.for_contacts([c.id for c in contacts]).values()
        )
        for repository in (tx.branches, tx.work_addresses, tx.invoices):
            found.update(str(row.id) for row in repository.for_customer(customer_id))
    return found


def _text_outside_erasures(s: Session) -> str:
    """The whole store as one text (a full backup), without the erasure journal."""
    document = export_data(s, include_secrets=True)
    document.pop("erasures")
    return json.dumps(document, default=str)


class _Host:
    """A host application's reference to customers, which commtrak cannot erase."""

    kind = "host.job_customer"

    def __init__(self) -> None:
        self.jobs: dict[uuid.UUID, int] = {}

    def count(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        return self.jobs.get(customer_id, 0)

    def repoint(self, transaction: Transaction, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        return 0


class CustomerDeletionContract(StoreContract):
    """``customers.delete``: the permission, the typed confirmation, what it refuses, no orphan."""

    def test_nothing_is_left_that_names_a_deleted_customer(
        self, store: Store, actor: Actor, clock: PinnedClock, commtrak_url: str
    ) -> None:
        fill(store, actor, clock)
        fill_portal(store, actor, clock)
        with store.session(actor=actor) as s:
            hq, kept, portal = (_named(s, n) for n in ("HQ", "Kept Pty", "Portal Peach"))
            gone = s.transaction.customers.merged_into(kept.id)
            assert [c.name for c in gone] == ["Gone Pty"]
            erased = [hq.id, kept.id, gone[0].id, portal.id]
            records = _records_of(s, erased)
            perth = _named(s, "Perth Ünïcode")
            with pytest.raises(Conflict) as caught:
                s.customers.delete(hq.id, confirm="HQ")
            assert (caught.value.field, caught.value.rule) == ("customer_id", "contact_referenced")
            assert "customer.sales_contact" in str(caught.value)
            s.customers.edit(perth.id, sales_contact_id=None)
        with store.session(actor=actor) as s:
            entries = [
                s.customers.delete(hq.id, confirm="HQ"),
                s.customers.delete(kept.id, confirm="Kept Pty"),
                s.customers.delete(portal.id, confirm="Portal Peach"),
            ]
        with store.session(actor=actor) as s:
            for customer_id in erased:
                with pytest.raises(NotFound):
                    s.customers.get(customer_id)
            text = _text_outside_erasures(s)
            assert sorted(r for r in records if r in text) == []
            for name in (
                "Fran James",
                "Kept Pty",
                "Gone Pty",
                "Portal Peach",
                "Insurer Ltd",
                "Ola",
            ):
                assert name not in text
            assert s.transaction.erasures.for_customer(kept.id) == [entries[1]]
        assert entries[1].erased_customer_ids == (kept.id, gone[0].id)
        assert entries[1].by == actor.name
        assert entries[0].removed["contact.customer"] >= 1
        assert entries[0].removed["merge_journal"] == 1
        assert entries[2].removed["portal_account"] == 3
        # The rest of the store is as it was: the group keeps its other member.
        with store.session(actor=actor) as s:
            group = s.groups.get(perth.group_id)
            members = s.transaction.customers.member_count(group.id)
            assert (group.head_office_id, members) == (perth.id, 1)

    def test_it_needs_the_permission_and_the_name_typed_again(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Mistake Pty")
        staff = Actor.staff("staff-2", "Stan Staff", "staff")
        with pytest.raises(PermissionDenied), store.session(actor=staff) as s:
            s.customers.delete(customer.id, confirm="Mistake Pty")
        with pytest.raises(ValidationError) as caught, store.session(actor=actor) as s:
            s.customers.delete(customer.id, confirm="mistake pty")
        assert (caught.value.field, caught.value.rule) == ("confirm", "confirmation_mismatch")
        with store.session(actor=actor) as s:
            assert s.customers.get(customer.id).name == "Mistake Pty"
            s.customers.delete(customer.id, confirm="Mistake Pty")

    def test_a_head_office_passes_its_role_on(self, session: Session) -> None:
        group, [hq, member] = make_group(session, "Peach", "HQ", "Member")
        assert session.groups.get(group.id).head_office_id == hq.id
        session.customers.delete(hq.id, confirm="HQ")
        now = session.groups.get(group.id)
        members = session.transaction.customers.member_count(group.id)
        assert (now.head_office_id, members) == (member.id, 1)

    def test_a_merged_customer_is_deleted_through_its_survivor(self, session: Session) -> None:
        survivor, merged = add_customer(session, "Kept"), add_customer(session, "Gone")
        session.customers.merge(survivor.id, merged.id)
        with pytest.raises(Conflict) as caught:
            session.customers.delete(merged.id, confirm="Gone")
        assert caught.value.rule == "merged_customer"

    def test_finance_records_are_kept_and_named(self, session: Session) -> None:
        customer = add_customer(session, "Billed")
        final_invoice(session, customer.id, "10.00")
        with pytest.raises(Conflict) as caught:
            session.customers.delete(customer.id, confirm="Billed")
        assert (caught.value.field, caught.value.rule) == ("customer_id", "records_kept")
        assert "finance.invoice.customer (1)" in str(caught.value)
        assert session.customers.get(customer.id).name == "Billed"

    def test_a_host_reference_that_cannot_erase_stops_it(
        self, commtrak_url: str, actor: Actor, clock: PinnedClock
    ) -> None:
        host = _Host()
        with open_test_store(commtrak_url, clock=clock, customer_references=[host]) as store:
            with store.session(actor=actor) as s:
                customer = add_customer(s, "Has jobs")
            host.jobs[customer.id] = 2
            with (
                pytest.raises(Conflict, match=r"host\.job_customer \(2\)"),
                store.session(actor=actor) as s,
            ):
                s.customers.delete(customer.id, confirm="Has jobs")
            host.jobs.clear()
            with store.session(actor=actor) as s:
                s.customers.delete(customer.id, confirm="Has jobs")

    def test_an_invoice_address_another_customer_uses_stops_it_and_nothing_is_written(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            owner, other = add_customer(s, "Owner"), add_customer(s, "Other")
            s.contacts.add(owner.id, name="Olive Owner")
            flat = s.work_addresses.add(owner.id, address=Address(line1="1 Flat St", postcode="1"))
            made = s.invoice_addresses.enable(owner.id, work_address_id=flat.id)
            s.invoice_addresses.assign(made.id, other.id)
        with pytest.raises(Conflict) as caught, store.session(actor=actor) as s:
            s.customers.delete(owner.id, confirm="Owner")
        assert caught.value.rule == "invoice_address_shared"
        with store.session(actor=actor) as s:
            assert [c.name for c in s.contacts.for_customer(owner.id)] == ["Olive Owner"]
            assert s.invoice_addresses.get(made.id).work_address_id == flat.id
            s.invoice_addresses.unassign(made.id, other.id)
            s.customers.delete(owner.id, confirm="Owner")
            with pytest.raises(NotFound):
                s.invoice_addresses.get(made.id)
