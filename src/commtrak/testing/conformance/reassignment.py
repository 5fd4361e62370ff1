"""Contract: bulk reassignment of customers into a group or out of one (seed 000)."""

from __future__ import annotations

import uuid

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import Actor, Conflict, NotFound, PermissionDenied, Session, Store, ValidationError
from commtrak.model import navigation_key
from commtrak.testing.conformance._base import (
    STORE_PROPERTY,
    StoreContract,
    add_customer,
    ids,
    make_group,
)


def assert_group_invariants(session: Session) -> None:
    """Every group with members has exactly one Head Office, a member; an empty one none."""
    for group in session.groups.all():
        members = session.groups.members(group.id)
        flagged = [member.customer.id for member in members if member.is_head_office]
        if members:
            assert flagged == [group.head_office_id]
        else:
            assert group.head_office_id is None
        assert [m.customer for m in members] == sorted(
            (m.customer for m in members), key=navigation_key
        )
        [match] = [m for m in session.groups.search(group.name) if m.group.id == group.id]
        assert match.member_count == len(members)


class ReassignmentContract(StoreContract):
    """``groups.reassign``: many customers at once, keeping every group's Head Office."""

    def test_customers_move_into_a_group_from_anywhere(self, session: Session) -> None:
        source, [hq, perth] = make_group(session, "Real Peach", "Real Peach HQ", "Perth")
        target, [sydney] = make_group(session, "Harbour", "Sydney")
        loose = add_customer(session, "Adelaide")
        done = session.groups.reassign([hq.id, loose.id, sydney.id], target.id)
        assert (done.moved, done.unchanged) == (2, 1)
        assert [group.id for group in done.groups] == [target.id, source.id]  # by name
        assert [m.customer.name for m in session.groups.members(target.id)] == [
            "Adelaide",
            "Real Peach HQ",
            "Sydney",
        ]
        # The target kept its Head Office; the source's passed to its first member.
        assert session.groups.get(target.id).head_office_id == sydney.id
        assert session.groups.get(source.id).head_office_id == perth.id
        assert done.groups[1].head_office_id == perth.id
        assert_group_invariants(session)

    def test_an_empty_group_gets_its_first_member_in_navigation_order(
        self, session: Session
    ) -> None:
        target = session.groups.create("New")
        zeta, alpha = add_customer(session, "Zeta"), add_customer(session, "Alpha")
        done = session.groups.reassign([zeta.id, alpha.id], target.id)
        assert done.groups[0].head_office_id == alpha.id
        assert session.groups.get(target.id).head_office_id == alpha.id
        assert_group_invariants(session)

    def test_customers_move_out_of_every_group(self, session: Session) -> None:
        group, members = make_group(session, "Real Peach", "HQ", "Perth", "Sydney")
        done = session.groups.reassign(ids(members[:2]), None)
        assert (done.moved, done.unchanged) == (2, 0)
        assert session.groups.get(group.id).head_office_id == members[2].id
        done = session.groups.reassign(ids(members), None)
        assert (done.moved, done.unchanged) == (1, 2)
        assert session.groups.get(group.id).head_office_id is None
        assert all(session.customers.get(c.id).group_id is None for c in members)
        session.groups.delete(group.id)  # empty now
        assert_group_invariants(session)

    def test_an_id_given_twice_counts_once(self, session: Session) -> None:
        target = session.groups.create("New")
        one = add_customer(session, "One")
        done = session.groups.reassign([one.id, one.id], target.id)
        assert (done.moved, done.unchanged) == (1, 0)

    def test_a_refused_reassignment_moves_nobody(self, session: Session) -> None:
        source, [hq, perth] = make_group(session, "Real Peach", "HQ", "Perth")
        target = session.groups.create("New")
        merged = add_customer(session, "Merged")
        session.customers.merge(perth.id, merged.id)
        with pytest.raises(Conflict) as caught:
            session.groups.reassign([hq.id, merged.id], target.id)
        assert (caught.value.field, caught.value.rule) == ("customer_ids", "merged_customer")
        missing = uuid.uuid4()
        with pytest.raises(NotFound) as lost:
            session.groups.reassign([hq.id, missing], target.id)
        assert lost.value.id == missing
        with pytest.raises(NotFound):
            session.groups.reassign([hq.id], uuid.uuid4())
        with pytest.raises(ValidationError) as empty:
            session.groups.reassign([], target.id)
        assert (empty.value.field, empty.value.rule) == ("customer_ids", "required")
        assert session.customers.get(hq.id).group_id == source.id
        assert session.groups.get(source.id).head_office_id == hq.id
        assert session.groups.members(target.id) == []
        assert_group_invariants(session)

    def test_reassigning_needs_the_group_permission(self, store: Store) -> None:
        with store.session(actor=Actor.system()) as s:
            target = s.groups.create("New")
            one = add_customer(s, "One")
        with (
            store.session(actor=Actor.staff("u", "Una", "engineer")) as s,
            pytest.raises(PermissionDenied),
        ):
            s.groups.reassign([one.id], target.id)


class ReassignmentPropertyContract(ReassignmentContract):
    """Any sequence of reassignments keeps every group's invariants, on every backend."""

    @hypothesis.settings(**STORE_PROPERTY)
    @hypothesis.given(
        placement=st.lists(st.integers(-1, 2), min_size=1, max_size=8),
        moves=st.lists(
            st.tuples(st.lists(st.integers(0, 7), min_size=1, max_size=8), st.integers(-1, 2)),
            max_size=5,
        ),
    )
    def test_any_reassignments_keep_the_head_office_rules(
        self,
        store: Store,
        actor: Actor,
        placement: list[int],
        moves: list[tuple[list[int], int]],
    ) -> None:
        """Customers start in random groups (``-1``: none), then random bulk moves.

        After each move, in a new session: every customer is where the move sent it or
        where it was, the moved counts add up, and every group keeps one Head Office.
        """
        store.backend.erase_all_data()
        with store.session(actor=actor) as s:
            groups = [s.groups.create(f"Group {n}").id for n in range(3)]
            customers = [add_customer(s, f"Customer {n:02}").id for n in range(len(placement))]
            for customer_id, where in zip(customers, placement, strict=True):
                if where >= 0:
                    s.groups.add_member(groups[where], customer_id)
        expected = {
            customer_id: groups[where] if where >= 0 else None
            for customer_id, where in zip(customers, placement, strict=True)
        }
        for picks, where in moves:
            chosen = list(dict.fromkeys(customers[p % len(customers)] for p in picks))
            destination = groups[where] if where >= 0 else None
            with store.session(actor=actor) as s:
                done = s.groups.reassign(chosen, destination)
            moving = [c for c in chosen if expected[c] != destination]
            assert (done.moved, done.unchanged) == (len(moving), len(chosen) - len(moving))
            expected.update(dict.fromkeys(chosen, destination))
            with store.session(actor=actor) as s:
                for customer_id, group_id in expected.items():
                    assert s.customers.get(customer_id).group_id == group_id
                assert_group_invariants(s)
