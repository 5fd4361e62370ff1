"""Contract: duplicate contacts are found by email key and merged without losing anything."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator, Mapping

import attrs
import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import Actor, Conflict, Session, Store
from commtrak.hookspecs import hookimpl
from commtrak.plugins import PluginHost
from commtrak.ports import Transaction
from commtrak.references import ReferenceRegistry
from commtrak.testing.conformance._base import (
    STORE_PROPERTY,
    PinnedClock,
    StoreContract,
    add_customer,
    make_group,
    open_test_store,
)


class TicketContacts:
    """A host application's table of tickets, each naming a contact, as a reference.

    It keeps its rows in a dictionary, so it works beside any backend; a SQL host
    registers a column of its own tables instead.
    """

    kind = "host.ticket_contact"

    def __init__(self) -> None:
        self.rows: dict[str, uuid.UUID] = {}

    def count(
        self, transaction: Transaction, contact_ids: Collection[uuid.UUID]
    ) -> Mapping[uuid.UUID, int]:
        wanted = set(contact_ids)
        counts: dict[uuid.UUID, int] = {}
        for contact_id in self.rows.values():
            if contact_id in wanted:
                counts[contact_id] = counts.get(contact_id, 0) + 1
        return counts

    def repoint(self, transaction: Transaction, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        moved = [ticket for ticket, contact in self.rows.items() if contact in mapping]
        for ticket in moved:
            self.rows[ticket] = mapping[self.rows[ticket]]
        return len(moved)


class _HostPlugin:
    def __init__(self, tickets: TicketContacts) -> None:
        self.tickets = tickets

    @hookimpl
    def commtrak_contact_references(self, registry: ReferenceRegistry) -> None:
        registry.add(self.tickets)


class DuplicateContract(StoreContract):
    """Duplicates: both scopes of the seed, preview, merge, references, journal."""

    @pytest.fixture
    def tickets(self) -> TicketContacts:
        return TicketContacts()

    @pytest.fixture
    def store(
        self, commtrak_url: str, clock: PinnedClock, tickets: TicketContacts
    ) -> Iterator[Store]:
        plugins = PluginHost(plugins=[("host-app", _HostPlugin(tickets))])
        with open_test_store(commtrak_url, clock=clock, plugins=plugins) as store:
            yield store

    @staticmethod
    def real_peach(session: Session, clock: PinnedClock) -> dict[str, uuid.UUID]:
        """The seed's example: Head Office and two members share one contact's email."""
        group, [hq, perth, sydney] = make_group(
            session, "Real Peach Real Estate", "Real Peach HQ", "Real Peach Perth", "Sydney"
        )
        for department in ("Sales", "Accounts"):
            session.departments.add(department)
        ids = {"group": group.id, "hq": hq.id, "perth": perth.id, "sydney": sydney.id}
        for place, email, extra in (
            ("perth", "FRAN@realpeach.example", {"phone": "08 1111", "departments": ["Sales"]}),
            ("hq", "fran@RealPeach.Example", {"departments": ["Accounts"]}),
            ("sydney", "Fran@realpeach.example", {"mobile": "0400", "title": "Manager"}),
        ):
            clock.advance(minutes=1)
            contact = session.contacts.add(
                ids[place],
                name="Fran James",
                email=email,
                **extra,
            )
            ids[f"fran_{place}"] = contact.id
        clock.advance(minutes=1)
        return ids

    def test_the_seed_example_merged_from_the_head_office(
        self, store: Store, actor: Actor, clock: PinnedClock, tickets: TicketContacts
    ) -> None:
        with store.session(actor=actor) as s:
            ids = self.real_peach(s, clock)
            s.customers.edit(ids["perth"], sales_contact_id=ids["fran_perth"])
            s.customers.edit(ids["sydney"], sales_contact_id=ids["fran_sydney"])
            tickets.rows.update({"T-1": ids["fran_perth"], "T-2": ids["fran_sydney"]})
            [found] = s.duplicates.find(ids["hq"])
            assert found.email_key == "fran@realpeach.example"
            assert found.survivor_id == ids["fran_hq"]
            assert [c.id for c in found.contacts] == [
                ids["fran_hq"],
                ids["fran_perth"],
                ids["fran_sydney"],
            ]
            [entry] = s.duplicates.merge(ids["hq"])
        with store.session(actor=actor) as s:
            survivor = s.contacts.get(ids["fran_hq"])
            assert survivor.customer_id == ids["hq"]
            assert not survivor.archived
            assert (survivor.phone, survivor.mobile, survivor.title) == (
                "08 1111",
                "0400",
                "Manager",
            )
            assert survivor.departments == ("Accounts", "Sales")
            for place in ("perth", "sydney"):
                duplicate = s.contacts.get(ids[f"fran_{place}"])
                assert duplicate.archived
                assert duplicate.merged_into == survivor.id
                assert s.customers.get(ids[place]).sales_contact_id == survivor.id
            assert set(tickets.rows.values()) == {survivor.id}
            assert s.duplicates.dangling_references() == {
                "customer.sales_contact": 0,
                "data_sheet.contact": 0,
                "host.ticket_contact": 0,
                "ticket.contact": 0,
            }
            assert s.duplicates.find(ids["hq"]) == []
            assert entry.survivor_id == survivor.id
            assert set(entry.archived_ids) == {ids["fran_perth"], ids["fran_sydney"]}
            assert entry.references == {
                "customer.sales_contact": 2,
                "data_sheet.contact": 0,
                "host.ticket_contact": 2,
                "ticket.contact": 0,
            }
            assert entry.changed_fields["phones"] == ("", "08 1111; 0400")
            assert entry.by == actor.name
            assert s.duplicates.journal_for_group(ids["group"]) == [entry]
            assert s.duplicates.journal_for_contact(ids["fran_perth"]) == [entry]
            assert s.duplicates.journal_for_contact(survivor.id) == [entry]

    def test_merging_from_a_member_touches_only_that_member(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        with store.session(actor=actor) as s:
            ids = self.real_peach(s, clock)
            [found] = s.duplicates.find(ids["perth"])
            assert [c.id for c in found.contacts] == [ids["fran_hq"], ids["fran_perth"]]
            s.duplicates.merge(ids["perth"])
            assert s.contacts.get(ids["fran_perth"]).merged_into == ids["fran_hq"]
            sydney = s.contacts.get(ids["fran_sydney"])
            assert not sydney.archived
            assert sydney.merged_into is None
            assert s.contacts.get(ids["fran_hq"]).phone == "08 1111"
            assert s.contacts.get(ids["fran_hq"]).mobile == ""
            [left] = s.duplicates.find(ids["hq"])
            assert [c.id for c in left.contacts] == [ids["fran_hq"], ids["fran_sydney"]]

    def test_without_a_head_office_contact_the_oldest_moves_to_the_head_office(
        self, session: Session, clock: PinnedClock
    ) -> None:
        _, [hq, perth, sydney] = make_group(session, "Real Peach", "HQ", "Perth", "Sydney")
        old = session.contacts.add(perth.id, name="Pat", email="pat@example.com")
        clock.advance(seconds=1)
        new = session.contacts.add(sydney.id, name="Pat", email="PAT@example.com")
        session.contacts.add(hq.id, name="Other", email="other@example.com")
        [entry] = session.duplicates.merge(hq.id)
        assert entry.survivor_id == old.id
        assert session.contacts.get(old.id).customer_id == hq.id
        assert session.contacts.get(new.id).merged_into == old.id
        assert entry.changed_fields["customer_id"] == (str(perth.id), str(hq.id))

    def test_two_contacts_of_one_member_are_duplicates_too(
        self, session: Session, clock: PinnedClock
    ) -> None:
        _, [hq, perth, sydney] = make_group(session, "Real Peach", "HQ", "Perth", "Sydney")
        a = session.contacts.add(perth.id, name="A", email="a@example.com")
        clock.advance(seconds=1)
        session.contacts.add(perth.id, name="A again", email="A@EXAMPLE.COM")
        session.contacts.add(sydney.id, name="A elsewhere", email="a@example.com")
        [at_perth] = session.duplicates.find(perth.id)
        assert len(at_perth.contacts) == 2
        assert {c.customer_id for c in at_perth.contacts} == {perth.id}
        assert at_perth.survivor_id == a.id
        assert len(session.duplicates.find(hq.id)[0].contacts) == 3

    def test_what_is_not_a_duplicate(self, session: Session) -> None:
        _, [hq, perth] = make_group(session, "Real Peach", "HQ", "Perth")
        session.contacts.add(hq.id, name="No email")
        session.contacts.add(perth.id, name="No email")
        session.contacts.add(hq.id, name="Dots", email="fran.james@example.com")
        session.contacts.add(perth.id, name="No dots", email="franjames@example.com")
        session.contacts.add(hq.id, name="Tag", email="fran+crm@example.com")
        session.contacts.add(perth.id, name="No tag", email="fran@example.com")
        archived = session.contacts.add(perth.id, name="Old", email="old@example.com")
        session.contacts.add(hq.id, name="Old", email="old@example.com")
        session.contacts.archive(archived.id)
        outsider = add_customer(session, "Outside the group")
        session.contacts.add(outsider.id, name="Dots", email="fran.james@example.com")
        assert session.duplicates.find(hq.id) == []

    def test_preview_writes_nothing(self, store: Store, actor: Actor, clock: PinnedClock) -> None:
        with store.session(actor=actor) as s:
            ids = self.real_peach(s, clock)
            s.customers.edit(ids["perth"], sales_contact_id=ids["fran_perth"])
            [plan] = s.duplicates.preview(ids["hq"])
            assert plan.survivor.id == ids["fran_hq"]
            assert plan.survivor.phone == "08 1111"
            assert set(plan.archived_ids) == {ids["fran_perth"], ids["fran_sydney"]}
            assert plan.references == {
                "customer.sales_contact": 1,
                "data_sheet.contact": 0,
                "host.ticket_contact": 0,
                "ticket.contact": 0,
            }
            assert s.contacts.get(ids["fran_hq"]).phone == ""
            assert not s.contacts.get(ids["fran_perth"]).archived
            assert s.duplicates.journal_for_group(ids["group"]) == []

    def test_only_the_ticked_sets_are_merged(self, session: Session) -> None:
        _, [hq, perth] = make_group(session, "Real Peach", "HQ", "Perth")
        for email in ("a@example.com", "b@example.com"):
            session.contacts.add(hq.id, name="HQ", email=email)
            session.contacts.add(perth.id, name="Perth", email=email)
        entries = session.duplicates.merge(hq.id, keys=["b@example.com", "gone@example.com"])
        assert [e.email_key for e in entries] == ["b@example.com"]
        assert [s.email_key for s in session.duplicates.find(hq.id)] == ["a@example.com"]
        assert session.duplicates.merge(hq.id, keys=[]) == []

    def test_a_merged_contact_cannot_be_reactivated(self, session: Session) -> None:
        _, [hq, perth] = make_group(session, "Real Peach", "HQ", "Perth")
        session.contacts.add(hq.id, name="HQ", email="a@example.com")
        duplicate = session.contacts.add(perth.id, name="Perth", email="a@example.com")
        session.duplicates.merge(hq.id)
        with pytest.raises(Conflict) as caught:
            session.contacts.reactivate(duplicate.id)
        assert caught.value.rule == "merged_contact"

    def test_a_failed_merge_changes_nothing(
        self, store: Store, actor: Actor, clock: PinnedClock, tickets: TicketContacts
    ) -> None:
        with store.session(actor=actor) as s:
            ids = self.real_peach(s, clock)
            s.customers.edit(ids["perth"], sales_contact_id=ids["fran_perth"])

        def fail(transaction: Transaction, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
            raise RuntimeError("the host's table is locked")

        tickets.rows["T-1"] = ids["fran_perth"]  # so the merge must repoint the tickets
        tickets.repoint = fail  # type: ignore[method-assign]
        with pytest.raises(RuntimeError), store.session(actor=actor) as s:
            s.duplicates.merge(ids["hq"])
        with store.session(actor=actor) as s:
            assert not s.contacts.get(ids["fran_perth"]).archived
            assert s.contacts.get(ids["fran_hq"]).phone == ""
            assert s.customers.get(ids["perth"]).sales_contact_id == ids["fran_perth"]
            assert s.duplicates.journal_for_group(ids["group"]) == []
            assert len(s.duplicates.find(ids["hq"])) == 1

    def test_a_customer_outside_a_group_has_no_duplicates(self, session: Session) -> None:
        lone = add_customer(session, "Lone")
        with pytest.raises(Conflict) as caught:
            session.duplicates.find(lone.id)
        assert caught.value.rule == "group_member"

    def test_the_sales_contact_must_be_selectable(self, session: Session) -> None:
        from commtrak import ValidationError

        _, [hq, perth] = make_group(session, "Real Peach", "HQ", "Perth")
        other = add_customer(session, "Other")
        stranger = session.contacts.add(other.id, name="Stranger")
        head = session.contacts.add(hq.id, name="Head")
        with pytest.raises(ValidationError) as caught:
            session.customers.edit(perth.id, sales_contact_id=stranger.id)
        assert (caught.value.field, caught.value.rule) == ("sales_contact_id", "selectable_contact")
        assert (
            session.customers.edit(perth.id, sales_contact_id=head.id).sales_contact_id == head.id
        )
        assert session.customers.edit(perth.id, sales_contact_id=None).sales_contact_id is None


# -- the property test of the "Done when" ------------------------------------------

_EMAILS = ("fran@example.com", "FRAN@Example.com", "pat@example.com", "Pat@EXAMPLE.COM", None)


@attrs.frozen
class MergeScenario:
    """A random history: members, contacts with colliding emails, references, merges.

    Indexes wrap around (``n % len(...)``), so every generated scenario is valid.
    """

    members: int
    contacts: list[tuple[int, str | None]]
    sales_contacts: list[tuple[int, int]]
    tickets: list[int]
    merges: list[tuple[int, frozenset[str] | None]]


scenarios = st.builds(
    MergeScenario,
    members=st.integers(min_value=1, max_value=4),
    contacts=st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from(_EMAILS)), min_size=1, max_size=10
    ),
    sales_contacts=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 9)), max_size=4),
    tickets=st.lists(st.integers(0, 9), max_size=6),
    merges=st.lists(
        st.tuples(
            st.integers(0, 3),
            st.none() | st.frozensets(st.sampled_from(["fran@example.com", "pat@example.com"])),
        ),
        min_size=1,
        max_size=3,
    ),
)


class DuplicatePropertyContract(DuplicateContract):
    """Random groups, colliding emails, references and merges lose nothing."""

    @hypothesis.settings(**STORE_PROPERTY)
    @hypothesis.given(scenario=scenarios)
    def test_merges_lose_nothing(
        self,
        store: Store,
        actor: Actor,
        clock: PinnedClock,
        tickets: TicketContacts,
        scenario: MergeScenario,
    ) -> None:
        store.backend.erase_all_data()
        tickets.rows.clear()
        with store.session(actor=actor) as s:
            group, members = make_group(s, "Group", *[f"M{n}" for n in range(scenario.members)])
            contacts = []
            for owner, email in scenario.contacts:
                clock.advance(seconds=1)
                member = members[owner % len(members)]
                contacts.append(s.contacts.add(member.id, name="C", email=email))
            for owner, pick in scenario.sales_contacts:
                contact = contacts[pick % len(contacts)]
                member = members[owner % len(members)]
                if contact.customer_id in (member.id, members[0].id):
                    s.customers.edit(member.id, sales_contact_id=contact.id)
            for n, pick in enumerate(scenario.tickets):
                tickets.rows[f"T-{n}"] = contacts[pick % len(contacts)].id
        merged_sets = 0
        for place, keys in scenario.merges:
            with store.session(actor=actor) as s:
                merged_sets += len(s.duplicates.merge(members[place % len(members)].id, keys))
        with store.session(actor=actor) as s:
            everyone = [s.contacts.get(c.id) for c in contacts]
            assert len(everyone) == len(contacts)  # nothing lost: active + archived = before
            assert s.duplicates.dangling_references() == {
                "customer.sales_contact": 0,
                "data_sheet.contact": 0,
                "host.ticket_contact": 0,
                "ticket.contact": 0,
            }
            by_id = {c.id: c for c in everyone}
            for contact in everyone:
                if contact.merged_into is not None:
                    assert contact.archived
                    assert not by_id[contact.merged_into].archived
                    assert by_id[contact.merged_into].customer_id == members[0].id
            journal = s.duplicates.journal_for_group(group.id)
            assert len(journal) == merged_sets
            assert sorted(a for e in journal for a in e.archived_ids) == sorted(
                c.id for c in everyone if c.merged_into is not None
            )
            head_office_merged_all = any(
                keys is None and place % len(members) == 0 for place, keys in scenario.merges
            )
            if head_office_merged_all:
                # one active contact per key is left: a merge never creates a duplicate
                assert s.duplicates.find(members[0].id) == []
