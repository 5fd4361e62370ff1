"""Contract: communication preferences decide whom automatic communications reach.

The rule is stated in :mod:`commtrak.model.communication`: each recipient's own
preferences decide, only active records are reached, a customer's communication goes to
those of its contacts whose preferences tick the channel too, and a record that ticked
nothing takes no automatic communication.
"""

from __future__ import annotations

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import Actor, Channel, Session, Store, ValidationError
from commtrak.model import navigation_key
from commtrak.model.communication import accepts
from commtrak.testing.conformance._base import STORE_PROPERTY, StoreContract, add_customer, address
from commtrak.testing.conformance._record import add_work_address


class CommunicationContract(StoreContract):
    """Customers, their contacts and work addresses listed for sending by their preferences."""

    def test_a_customers_preferences_decide_whether_it_is_eligible(self, session: Session) -> None:
        add = session.customers.add
        by_email = add(name="By Email", address=address(1), communication=["email", "sms"])
        by_letter = add(name="By Letter", address=address(2), communication=["letter"])
        add(name="Nothing Ticked", address=address(3))
        asleep = add(name="Asleep", address=address(4), communication=["email"])
        session.customers.edit(asleep.id, status="dormant")
        merged = add(name="Merged", address=address(5), communication=["email"])
        session.customers.merge(by_letter.id, merged.id)
        by_letter = session.customers.get(by_letter.id)
        assert session.customers.eligible(Channel.EMAIL) == [by_email]
        assert session.customers.eligible("letter") == [by_letter]
        assert session.customers.eligible("phone") == []
        assert session.customers.eligible() == [by_email, by_letter]  # ticked at least one
        with pytest.raises(ValidationError) as caught:
            session.customers.eligible("pigeon")
        assert (caught.value.field, caught.value.rule) == ("channel", "communication_channel")

    def test_a_customers_communication_reaches_the_contacts_that_tick_the_channel(
        self, session: Session
    ) -> None:
        customer = session.customers.add(
            name="Customer", address=address(1), communication=["email", "phone"]
        )
        add = session.contacts.add
        ann = add(customer.id, name="Ann", email="ann@mx.example")  # email ticked by the field
        ben = add(customer.id, name="Ben", email="ben@mx.example", communication=[])
        cal = add(customer.id, name="Cal", email="cal@mx.example", phone="08 9000 0000")
        gone = add(customer.id, name="Dee", email="dee@mx.example")
        session.contacts.archive(gone.id)
        assert session.contacts.recipients(customer.id, "email") == [ann, cal]
        assert session.contacts.recipients(customer.id, Channel.PHONE) == [cal]
        assert ben.communication == ()
        # the customer's own preferences come first: no SMS, so no contact gets one
        sms = session.contacts.edit(cal.id, mobile="0400 000 000")
        assert Channel.SMS in sms.communication
        assert session.contacts.recipients(customer.id, "sms") == []
        session.customers.edit(customer.id, status="dormant")
        assert session.contacts.recipients(customer.id, "email") == []
        for bad, rule in ((None, "type"), ("pigeon", "communication_channel")):
            with pytest.raises(ValidationError) as caught:
                session.contacts.recipients(customer.id, bad)  # type: ignore[arg-type]
            assert (caught.value.field, caught.value.rule) == ("channel", rule)

    def test_a_work_address_that_ticked_nothing_is_never_eligible(self, session: Session) -> None:
        owner = add_customer(session, "Owner")  # the customer's preferences: none
        by_sms = add_work_address(session, owner, 1, communication=["sms"])
        add_work_address(session, owner, 2)
        assert session.work_addresses.eligible() == [by_sms]
        assert session.work_addresses.eligible(channel="sms") == [by_sms]
        assert session.work_addresses.eligible(channel="email") == []
        with pytest.raises(ValidationError) as caught:
            session.work_addresses.eligible(channel="fax")
        assert (caught.value.field, caught.value.rule) == ("channel", "communication_channel")


#: A customer's preferences and whether it is Dormant, for the property below.
_CUSTOMERS = st.lists(st.tuples(st.sets(st.sampled_from(list(Channel))), st.booleans()), max_size=6)


class CommunicationPropertyContract(CommunicationContract):
    """Whatever customers hold, the eligible list is exactly what the model's rule says."""

    @hypothesis.settings(**STORE_PROPERTY)
    @hypothesis.given(
        customers=_CUSTOMERS, channel=st.one_of(st.none(), st.sampled_from(list(Channel)))
    )
    def test_eligible_customers_follow_the_rule(
        self,
        store: Store,
        actor: Actor,
        customers: list[tuple[set[Channel], bool]],
        channel: Channel | None,
    ) -> None:
        store.backend.erase_all_data()
        with store.session(actor=actor) as s:
            made = []
            for n, (channels, dormant) in enumerate(customers):
                customer = s.customers.add(
                    name=f"Customer {n}", address=address(n), communication=sorted(channels)
                )
                if dormant:
                    customer = s.customers.edit(customer.id, status="dormant")
                made.append(customer)
        with store.session(actor=actor) as s:
            expected = [
                c for c in made if c.status.value == "active" and accepts(c.communication, channel)
            ]
            assert s.customers.eligible(channel) == sorted(expected, key=navigation_key)
