"""Contract: Active and Dormant, the cascade to work addresses, and reactivation."""

from __future__ import annotations

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import Actor, Channel, Conflict, CustomerAction, Session, Store
from commtrak.testing.conformance._base import (
    STORE_PROPERTY,
    PinnedClock,
    StoreContract,
    add_customer,
    address,
)
from commtrak.testing.conformance._record import add_work_address, statuses


class CustomerStatusContract(StoreContract):
    """Dormant customers have only dormant work addresses, and wake only what they put to sleep."""

    def test_dormant_cascades_and_reactivation_spares_the_already_dormant(
        self, session: Session, clock: PinnedClock
    ) -> None:
        customer = add_customer(session, "Landlord Ltd")
        add_work_address(session, customer, 1)
        add_work_address(session, customer, 2, status="dormant")
        add_work_address(session, customer, 3)
        session.customers.edit(customer.id, status="dormant")
        assert statuses(session, customer) == {
            "1 Orchard Road": ("dormant", True),
            "2 Orchard Road": ("dormant", False),
            "3 Orchard Road": ("dormant", True),
        }
        clock.advance(minutes=1)
        session.customers.edit(customer.id, status="active")
        assert statuses(session, customer) == {
            "1 Orchard Road": ("active", False),
            "2 Orchard Road": ("dormant", False),
            "3 Orchard Road": ("active", False),
        }
        dormant, active = [
            e
            for e in session.customers.journal(customer.id)
            if e.action is CustomerAction.STATUS_CHANGED
        ]
        assert dormant.changes == {"status": ("active", "dormant")}
        assert active.changes == {"status": ("dormant", "active")}
        assert (dormant.counts, active.counts) == ({"work_addresses": 2}, {"work_addresses": 2})

    def test_journal_entries_of_one_instant_list_in_the_order_they_were_written(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Peach Pty")
            kept, *others = (
                s.branches.add(customer.id, name=f"Branch {n}", address=address(n))
                for n in range(8)
            )
        for other in others:  # the clock stands still: every entry has the same time
            with store.session(actor=actor) as s:
                s.branches.merge(kept.id, other.id)
        with store.session(actor=actor) as s:
            journal = s.customers.journal(customer.id)
        assert {entry.at for entry in journal} == {clock.now}
        assert [entry.other_id for entry in journal] == [other.id for other in others]
        assert [entry.id for entry in journal] == sorted(entry.id for entry in journal)

    def test_a_dormant_customers_work_addresses_stay_dormant(self, session: Session) -> None:
        customer = add_customer(session, "Sleeper")
        session.customers.edit(customer.id, status="dormant")
        new = add_work_address(session, customer, 1)
        assert (new.status.value, new.dormant_by_cascade) == ("dormant", True)
        with pytest.raises(Conflict) as caught:
            session.work_addresses.edit(new.id, status="active")
        assert (caught.value.field, caught.value.rule) == ("status", "customer_dormant")
        with pytest.raises(Conflict):
            add_work_address(session, customer, 2, status="active")
        session.work_addresses.edit(new.id, status="dormant")  # now dormant on its own
        session.customers.edit(customer.id, status="active")
        assert statuses(session, customer) == {"1 Orchard Road": ("dormant", False)}

    def test_dormant_work_addresses_get_no_automatic_communications(self, session: Session) -> None:
        awake, asleep = add_customer(session, "Awake"), add_customer(session, "Asleep")
        by_email = add_work_address(session, awake, 1, communication=["email"])
        by_letter = add_work_address(session, awake, 2, communication=["letter"])
        add_work_address(session, awake, 3, status="dormant", communication=["email"])
        add_work_address(session, asleep, 4, communication=["email"])
        session.customers.edit(asleep.id, status="dormant")
        assert session.work_addresses.eligible() == [by_email, by_letter]
        assert session.work_addresses.eligible(channel=Channel.EMAIL) == [by_email]
        assert session.work_addresses.eligible(customer_id=asleep.id) == []


class DormantCascadePropertyContract(CustomerStatusContract):
    """Any history of status changes keeps the cascade's two promises."""

    @hypothesis.settings(**STORE_PROPERTY)
    @hypothesis.given(
        own=st.lists(st.booleans(), min_size=1, max_size=5),
        steps=st.lists(st.tuples(st.booleans(), st.integers(0, 4), st.booleans()), max_size=8),
    )
    def test_any_status_history_keeps_the_cascade_rules(
        self, store: Store, actor: Actor, own: list[bool], steps: list[tuple[bool, int, bool]]
    ) -> None:
        """Random starting statuses, then random status changes, checked after each.

        *own* says which work addresses start dormant on their own; each of *steps*
        sets the customer's status (first flag) or one work address's (index, flag).
        """
        store.backend.erase_all_data()
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Customer")
            ids = [
                add_work_address(s, customer, n, status="dormant" if d else "active").id
                for n, d in enumerate(own)
            ]
        by_choice = {wid for wid, d in zip(ids, own, strict=True) if d}
        for on_customer, pick, dormant in steps:
            with store.session(actor=actor) as s:
                status = "dormant" if dormant else "active"
                if on_customer:
                    s.customers.edit(customer.id, status=status)
                    continue
                target = ids[pick % len(ids)]
                if not dormant and s.customers.get(customer.id).status.value == "dormant":
                    with pytest.raises(Conflict):
                        s.work_addresses.edit(target, status=status)
                    continue
                s.work_addresses.edit(target, status=status)
                (by_choice.add if dormant else by_choice.discard)(target)
            with store.session(actor=actor) as s:
                customer_dormant = s.customers.get(customer.id).status.value == "dormant"
                for work in s.work_addresses.for_customer(customer.id):
                    chosen = work.id in by_choice
                    # dormant customer: all dormant; those not dormant by choice are cascaded
                    if customer_dormant:
                        assert work.status.value == "dormant"
                        assert work.dormant_by_cascade == (not chosen)
                    else:  # active customer: exactly the chosen ones are dormant
                        assert (work.status.value == "dormant") == chosen
                        assert not work.dormant_by_cascade
