"""Contract: customer types, the customer's new fields, and recorded type changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from commtrak import (
    Actor,
    Address,
    Channel,
    CustomerAction,
    CustomerTypes,
    CustomerTypeSpec,
    Session,
    Store,
    ValidationError,
)
from commtrak.testing.conformance._base import (
    PinnedClock,
    StoreContract,
    add_customer,
    address,
    make_group,
    open_test_store,
)

#: An application's own type: estate agents must say how they heard of us and their county.
AGENT = CustomerTypeSpec(
    "estate_agent",
    "Estate agent",
    required_fields=("advertising_source", "address.county"),
    has_branches=True,
)


class CustomerTypeContract(StoreContract):
    """Customer types: built-in and the application's, required fields, recorded changes."""

    @pytest.fixture
    def agent_session(
        self, commtrak_url: str, clock: PinnedClock, actor: Actor
    ) -> Iterator[Session]:
        """A session on a store that knows the ``AGENT`` type."""
        types = CustomerTypes.with_types(AGENT)
        with (
            open_test_store(commtrak_url, clock=clock, customer_types=types) as store,
            store.session(actor=actor) as session,
        ):
            yield session

    def test_the_new_customer_fields_are_stored(self, session: Session) -> None:
        added = session.customers.add(
            name="Pat Private",
            type="private",
            address=address(),
            advertising_source=" Radio ",
            price_book="PB-7",
            communication=["sms", "email"],
        )
        assert (added.advertising_source, added.price_book) == ("Radio", "PB-7")
        assert added.communication == (Channel.EMAIL, Channel.SMS)
        assert session.customers.get(added.id) == added
        edited = session.customers.edit(added.id, communication=["letter"], price_book="")
        assert session.customers.get(added.id) == edited
        assert edited.communication == (Channel.LETTER,)

    def test_an_edit_shows_in_every_view(self, store: Store, actor: Actor) -> None:
        with store.session(actor=actor) as s:
            group, [hq] = make_group(s, "Real Peach", "Real Peach HQ")
        with store.session(actor=actor) as s:
            s.customers.edit(hq.id, name="Real Peach Head Office")
        with store.session(actor=actor) as s:
            assert s.customers.get(hq.id).name == "Real Peach Head Office"
            assert [m.customer.name for m in s.groups.members(group.id)] == [
                "Real Peach Head Office"
            ]

    @pytest.mark.parametrize(
        ("fields", "field", "rule"),
        [
            ({"type": "estate_agent"}, "address.county", "required_by_type"),
            ({"communication": ["pigeon"]}, "communication", "communication_channel"),
            ({"type": "landlord"}, "type", "customer_type"),
        ],
    )
    def test_customer_fields_are_checked_by_type(
        self, agent_session: Session, fields: dict[str, object], field: str, rule: str
    ) -> None:
        arguments: dict[str, object] = {
            "name": "Agent",
            "address": address(),
            "advertising_source": "Web",
        } | fields
        with pytest.raises(ValidationError) as caught:
            agent_session.customers.add(**arguments)  # type: ignore[arg-type]
        assert (caught.value.field, caught.value.rule) == (field, rule)

    def test_an_application_type_with_its_required_fields(self, agent_session: Session) -> None:
        agent = agent_session.customers.add(
            name="Agent",
            type="estate_agent",
            address=Address(line1="1 High St", county="WA", postcode="6000"),
            advertising_source="Web",
        )
        assert agent.type == "estate_agent"
        with pytest.raises(ValidationError) as caught:
            agent_session.customers.edit(agent.id, advertising_source=" ")
        assert (caught.value.field, caught.value.rule) == ("advertising_source", "required_by_type")

    def test_a_type_change_asks_for_the_new_fields_and_is_recorded(
        self, agent_session: Session, clock: PinnedClock
    ) -> None:
        customer = add_customer(agent_session, "Mistyped")
        assert agent_session.customers.fields_for_type(customer.id, "estate_agent") == (
            "address.county",
            "advertising_source",
        )
        with pytest.raises(ValidationError) as caught:
            agent_session.customers.change_type(
                customer.id, "estate_agent", advertising_source="Web"
            )
        assert caught.value.rule == "required_by_type"
        assert agent_session.customers.get(customer.id).type == "company"
        assert agent_session.customers.journal(customer.id) == []
        clock.advance(minutes=5)
        changed = agent_session.customers.change_type(
            customer.id,
            "estate_agent",
            advertising_source="Web",
            address=Address(line1="1 Peach Street", county="WA", postcode="601"),
        )
        assert changed.type == "estate_agent"
        [entry] = agent_session.customers.journal(customer.id)
        assert entry.action is CustomerAction.TYPE_CHANGED
        assert entry.at == clock.now
        assert entry.changes["type"] == ["company", "estate_agent"]
        assert entry.changes["advertising_source"] == ["", "Web"]
