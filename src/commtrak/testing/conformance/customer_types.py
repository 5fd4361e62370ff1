"""Contract: customer types, the customer's new fields, and recorded type changes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import attrs
import pytest

from commtrak import (
    Actor,
    Address,
    Channel,
    Conflict,
    CustomerAction,
    CustomerTypes,
    CustomerTypeSpec,
    Session,
    Store,
    ValidationError,
)
from commtrak.serialization import export_data, import_data
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
        assert entry.changes["type"] == ("company", "estate_agent")
        assert entry.changes["advertising_source"] == ("", "Web")

    def test_an_address_change_is_journaled_line_by_line_and_exports(
        self, agent_session: Session, actor: Actor
    ) -> None:
        customer = add_customer(agent_session, "Mistyped")
        agent_session.customers.change_type(
            customer.id,
            "estate_agent",
            advertising_source="Web",
            address=attrs.evolve(customer.address, county="WA", town=""),
        )
        [entry] = agent_session.customers.journal(customer.id)
        assert {name: list(texts) for name, texts in entry.changes.items()} == {
            "type": ["company", "estate_agent"],
            "advertising_source": ["", "Web"],
            "address.county": ["", "WA"],
            "address.town": ["Perth", ""],
        }
        document = export_data(agent_session)
        assert document["customer_journal"][0]["changes"]["address.county"] == ["", "WA"]
        types = CustomerTypes.with_types(AGENT)  # an import checks types as the services do
        with (
            open_test_store("memory://", customer_types=types) as memory,
            memory.session(actor=actor) as s,
        ):
            import_data(s, document)
            [imported] = s.customers.journal(customer.id)
            assert list(imported.changes["address.county"]) == ["", "WA"]
            assert export_data(s)["customer_journal"] == document["customer_journal"]

    def test_a_customer_with_branches_keeps_a_type_with_branches(
        self, agent_session: Session
    ) -> None:
        customer = add_customer(agent_session, "Peach Pty")
        branch = agent_session.branches.add(customer.id, name="North", address=address(2))
        changes: list[Callable[[], object]] = [
            lambda: agent_session.customers.change_type(customer.id, "private"),
            lambda: agent_session.customers.edit(customer.id, type="private"),
        ]
        for change in changes:
            with pytest.raises(Conflict) as caught:
                change()
            assert (caught.value.field, caught.value.rule) == ("type", "branches_exist")
            assert "merge or delete the branches first" in caught.value.message
        assert agent_session.customers.get(customer.id).type == "company"
        assert agent_session.customers.journal(customer.id) == []
        agent_session.customers.change_type(  # another type with branches is fine
            customer.id,
            "estate_agent",
            advertising_source="Web",
            address=attrs.evolve(customer.address, county="WA"),
        )
        agent_session.branches.delete(branch.id)
        assert agent_session.customers.change_type(customer.id, "private").type == "private"

    def test_a_customer_with_a_primary_contact_stays_private(self, session: Session) -> None:
        home = session.customers.add(name="Jo Private", type="private", address=address())
        jo = session.contacts.set_primary(session.contacts.add(home.id, name="Jo").id)
        with pytest.raises(Conflict) as caught:
            session.customers.change_type(home.id, "company")
        assert (caught.value.field, caught.value.rule) == ("type", "primary_contact")
        assert "clear the primary contact first" in caught.value.message
        assert session.customers.get(home.id).type == "private"
        assert session.contacts.primary(home.id) == jo
        session.contacts.clear_primary(home.id)
        assert session.customers.change_type(home.id, "company").type == "company"
