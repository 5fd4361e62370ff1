"""Contract: a portal contact sees its own customer, and its group if it is Head Office."""

from __future__ import annotations

import uuid

import attrs
import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import Actor, PermissionDenied, PortalPrincipal, Session, Store
from commtrak.testing.conformance._base import (
    STORE_PROPERTY,
    PinnedClock,
    StoreContract,
    add_customer,
    make_group,
)
from commtrak.testing.conformance._portal import login, portal_user


class PortalScopeContract(StoreContract):
    """The scope rule of seeds 000 and 003, checked on every call."""

    def test_a_member_contact_sees_its_own_customer_only(
        self, session: Session, clock: PinnedClock
    ) -> None:
        _, [hq, perth, sydney] = make_group(session, "Real Peach", "HQ", "Perth", "Sydney")
        outsider = add_customer(session, "Outside")
        principal = login(session, clock, portal_user(session, clock, perth.id, "p@example.com"))
        assert session.portal.customers(principal) == [perth.id]
        for other in (hq, sydney, outsider):
            assert not session.portal.can_see(principal, other.id)
            with pytest.raises(PermissionDenied) as caught:
                session.data_sheets.available(principal, other.id)
            assert caught.value.permission == "portal.scope"
        with pytest.raises(PermissionDenied) as unknown:
            session.data_sheets.available(principal, uuid.uuid4())
        assert str(unknown.value) == str(caught.value)  # ids cannot be probed

    def test_a_head_office_contact_sees_the_group_while_it_is_head_office(
        self, session: Session, clock: PinnedClock
    ) -> None:
        group, [hq, perth, sydney] = make_group(session, "Real Peach", "HQ", "Perth", "Sydney")
        outsider = add_customer(session, "Outside")
        principal = login(session, clock, portal_user(session, clock, hq.id, "hq@example.com"))
        group_ids = {hq.id, perth.id, sydney.id}
        assert principal.customer_ids == group_ids
        assert set(session.portal.customers(principal)) == group_ids
        assert not session.portal.can_see(principal, outsider.id)
        session.groups.set_head_office(group.id, perth.id)
        assert session.portal.customers(principal) == [hq.id]  # at once, without a new login
        session.groups.set_head_office(group.id, hq.id)
        session.groups.remove_member(group.id, sydney.id)
        assert set(session.portal.customers(principal)) == {hq.id, perth.id}

    def test_a_principal_of_an_archived_contact_or_no_account_is_refused(
        self, session: Session, clock: PinnedClock
    ) -> None:
        user = portal_user(session, clock, add_customer(session, "Peach").id, "f@example.com")
        principal = login(session, clock, user)
        forged = attrs.evolve(principal, account_id=uuid.uuid4())
        session.contacts.archive(user.contact.id)
        for refused in (principal, forged):
            with pytest.raises(PermissionDenied) as caught:
                session.portal.customers(refused)
            assert caught.value.permission == "portal.not_signed_in"


@attrs.frozen
class ScopeScenario:
    """Groups, customers in them (or not), contacts with or without access, changes.

    Indexes wrap around (``n % len(...)``), so every generated scenario is valid.
    """

    groups: int
    customers: list[int | None]
    contacts: list[tuple[int, bool]]
    changes: list[tuple[str, int, int]]


scope_scenarios = st.builds(
    ScopeScenario,
    groups=st.integers(min_value=1, max_value=3),
    customers=st.lists(st.none() | st.integers(0, 2), min_size=1, max_size=6),
    contacts=st.lists(st.tuples(st.integers(0, 5), st.booleans()), min_size=1, max_size=6),
    changes=st.lists(
        st.tuples(
            st.sampled_from(["head_office", "move", "remove"]), st.integers(0, 5), st.integers(0, 2)
        ),
        max_size=5,
    ),
)


class PortalScopePropertyContract(StoreContract):
    """For every principal and every customer, access is exactly what the rule says."""

    @hypothesis.settings(**STORE_PROPERTY)
    @hypothesis.given(scenario=scope_scenarios)
    def test_portal_access_is_exactly_the_scope_rule(
        self, store: Store, actor: Actor, clock: PinnedClock, scenario: ScopeScenario
    ) -> None:
        store.backend.erase_all_data()
        with store.session(actor=actor) as s:
            groups = [s.groups.create(f"Group {n}") for n in range(scenario.groups)]
            customers = []
            for n, place in enumerate(scenario.customers):
                customer = add_customer(s, f"Customer {n}")
                if place is not None:
                    s.groups.add_member(groups[place % len(groups)].id, customer.id)
                customers.append(customer.id)
            principals: list[PortalPrincipal] = []
            for n, (owner, has_access) in enumerate(scenario.contacts):
                customer_id = customers[owner % len(customers)]
                if has_access:
                    user = portal_user(s, clock, customer_id, f"c{n}@example.com")
                    principals.append(login(s, clock, user))
                else:
                    s.contacts.add(customer_id, name="No access", email=f"c{n}@example.com")
            for change, pick, place in scenario.changes:
                _apply(s, change, customers[pick % len(customers)], groups[place % len(groups)].id)
        with store.session(actor=actor) as s:
            for principal in principals:
                own = s.contacts.get(principal.contact_id).customer_id
                expected = _scope_rule(s, own, customers)
                for customer_id in customers:
                    assert s.portal.can_see(principal, customer_id) == (customer_id in expected)
                    try:
                        s.data_sheets.available(principal, customer_id)
                    except PermissionDenied as refused:
                        assert customer_id not in expected, refused
                    else:
                        assert customer_id in expected


def _apply(session: Session, change: str, customer_id: uuid.UUID, group_id: uuid.UUID) -> None:
    customer = session.customers.get(customer_id)
    if change == "move":
        session.groups.move_member(customer_id, group_id)
    elif customer.group_id is not None and change == "remove":
        session.groups.remove_member(customer.group_id, customer_id)
    elif customer.group_id is not None and change == "head_office":
        session.groups.set_head_office(customer.group_id, customer_id)


def _scope_rule(session: Session, own: uuid.UUID, customers: list[uuid.UUID]) -> set[uuid.UUID]:
    """The seed's rule, computed here from the group as the store now has it."""
    group_id = session.customers.get(own).group_id
    if group_id is None or session.groups.get(group_id).head_office_id != own:
        return {own}
    return {c for c in customers if session.customers.get(c).group_id == group_id}
