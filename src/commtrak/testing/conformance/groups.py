"""Contract: customer groups (seed 000): Head Office, membership, navigation, search."""

from __future__ import annotations

import uuid

import pytest

from commtrak import Conflict, NotFound, Session, ValidationError
from commtrak.testing.conformance._base import StoreContract, add_customer, ids, make_group


class GroupContract(StoreContract):
    """Groups: every rule of the group service, on the backend under test."""

    # -- creating, renaming, deleting -----------------------------------------------

    def test_create_rename_and_list_groups_by_name(self, session: Session) -> None:
        b = session.groups.create("beta")
        a = session.groups.create("Alpha")
        session.groups.create("gamma")
        assert [g.name for g in session.groups.all()] == ["Alpha", "beta", "gamma"]
        session.groups.rename(b.id, "Delta")
        assert [g.name for g in session.groups.all()] == ["Alpha", "Delta", "gamma"]
        assert session.groups.get(a.id).head_office_id is None

    def test_group_names_are_unique_case_insensitively(self, session: Session) -> None:
        group = session.groups.create("Real Peach")
        other = session.groups.create("Other")
        with pytest.raises(Conflict) as caught:
            session.groups.create("REAL PEACH")
        assert (caught.value.field, caught.value.rule) == ("name", "unique_group_name")
        with pytest.raises(Conflict):
            session.groups.rename(other.id, "real peach")
        assert session.groups.rename(group.id, "REAL PEACH").name == "REAL PEACH"

    def test_a_blank_group_name_is_rejected(self, session: Session) -> None:
        with pytest.raises(ValidationError) as caught:
            session.groups.create("   ")
        assert (caught.value.field, caught.value.rule) == ("name", "required")

    def test_a_group_with_members_cannot_be_deleted(self, session: Session) -> None:
        group, [hq] = make_group(session, "Real Peach", "HQ")
        with pytest.raises(Conflict) as caught:
            session.groups.delete(group.id)
        assert caught.value.rule == "group_not_empty"
        session.groups.remove_member(group.id, hq.id)
        session.groups.delete(group.id)
        with pytest.raises(NotFound):
            session.groups.get(group.id)

    # -- membership and the Head Office ---------------------------------------------

    def test_the_first_member_becomes_head_office(self, session: Session) -> None:
        group, [first, second] = make_group(session, "Real Peach", "Zeta HQ", "Alpha Perth")
        assert group.head_office_id == first.id
        members = session.groups.members(group.id)
        assert [(m.customer.name, m.is_head_office) for m in members] == [
            ("Alpha Perth", False),
            ("Zeta HQ", True),
        ]
        assert session.customers.get(second.id).group_id == group.id

    def test_a_customer_is_in_at_most_one_group(self, session: Session) -> None:
        group, [hq] = make_group(session, "Real Peach", "HQ")
        other = session.groups.create("Other")
        for target in (group, other):
            with pytest.raises(Conflict) as caught:
                session.groups.add_member(target.id, hq.id)
            assert (caught.value.field, caught.value.rule) == (
                "customer_id",
                "one_group_per_customer",
            )

    def test_removing_the_head_office_passes_the_role_in_navigation_order(
        self, session: Session
    ) -> None:
        group, [hq, c, b] = make_group(session, "Real Peach", "HQ", "Carol", "bob")
        group = session.groups.remove_member(group.id, hq.id)
        assert group.head_office_id == b.id
        assert session.customers.get(hq.id).group_id is None
        group = session.groups.remove_member(group.id, c.id)
        assert group.head_office_id == b.id
        group = session.groups.remove_member(group.id, b.id)
        assert group.head_office_id is None
        assert session.groups.members(group.id) == []

    def test_removing_a_head_office_that_sorts_in_the_middle(self, session: Session) -> None:
        group, [m, a, _z] = make_group(session, "Real Peach", "Mid", "Aaron", "Zed")
        assert session.groups.remove_member(group.id, m.id).head_office_id == a.id

    def test_removing_a_non_member_is_a_conflict(self, session: Session) -> None:
        group, _ = make_group(session, "Real Peach", "HQ")
        stranger = add_customer(session, "Stranger")
        with pytest.raises(Conflict) as caught:
            session.groups.remove_member(group.id, stranger.id)
        assert (caught.value.field, caught.value.rule) == ("customer_id", "group_member")

    def test_designating_another_head_office(self, session: Session) -> None:
        group, [hq, perth] = make_group(session, "Real Peach", "HQ", "Perth")
        group = session.groups.set_head_office(group.id, perth.id)
        assert group.head_office_id == perth.id
        assert session.groups.get(group.id).head_office_id == perth.id
        assert [m.is_head_office for m in session.groups.members(group.id)] == [False, True]
        assert session.groups.head_office_of(hq.id) == session.customers.get(perth.id)

    def test_only_a_member_can_be_head_office(self, session: Session) -> None:
        group, _ = make_group(session, "Real Peach", "HQ")
        stranger = add_customer(session, "Stranger")
        with pytest.raises(Conflict):
            session.groups.set_head_office(group.id, stranger.id)

    def test_moving_a_customer_between_groups(self, session: Session) -> None:
        source, [hq, perth] = make_group(session, "Source", "HQ", "Perth")
        target, [other] = make_group(session, "Target", "Other")
        target = session.groups.move_member(hq.id, target.id)
        assert target.head_office_id == other.id
        assert session.groups.get(source.id).head_office_id == perth.id
        assert session.customers.get(hq.id).group_id == target.id
        lone = add_customer(session, "Lone")
        empty = session.groups.create("Empty")
        assert session.groups.move_member(lone.id, empty.id).head_office_id == lone.id
        assert session.groups.move_member(lone.id, empty.id).head_office_id == lone.id

    def test_unknown_group_and_customer_ids_raise_not_found(self, session: Session) -> None:
        group, [hq] = make_group(session, "Real Peach", "HQ")
        with pytest.raises(NotFound) as caught:
            session.groups.add_member(uuid.uuid4(), hq.id)
        assert caught.value.entity == "group"
        with pytest.raises(NotFound) as caught:
            session.groups.add_member(group.id, uuid.uuid4())
        assert caught.value.entity == "customer"

    # -- navigation -----------------------------------------------------------------

    def test_navigation_walks_members_in_name_order(self, session: Session) -> None:
        group, members = make_group(session, "Real Peach", "Delta", "alpha", "Charlie", "bravo")
        ordered = sorted(members, key=lambda c: c.name.casefold())
        assert ids([m.customer for m in session.groups.members(group.id)]) == ids(ordered)
        walked = [ordered[0]]
        while (step := session.groups.next(walked[-1].id)) is not None:
            walked.append(step)
        assert ids(walked) == ids(ordered)
        back = [ordered[-1]]
        while (step := session.groups.previous(back[-1].id)) is not None:
            back.append(step)
        assert ids(back) == ids(ordered[::-1])
        assert session.groups.previous(ordered[0].id) is None
        assert session.groups.next(ordered[-1].id) is None
        for member in members:
            assert session.groups.head_office_of(member.id).id == members[0].id

    def test_navigation_breaks_name_ties_by_id(self, session: Session) -> None:
        group, twins = make_group(session, "Twins", "Same", "same", "SAME")
        ordered = sorted(twins, key=lambda c: str(c.id))
        assert ids([m.customer for m in session.groups.members(group.id)]) == ids(ordered)
        assert session.groups.next(ordered[0].id) == ordered[1]
        assert session.groups.previous(ordered[2].id) == ordered[1]

    def test_navigation_from_outside_a_group_is_a_conflict(self, session: Session) -> None:
        lone = add_customer(session, "Lone")
        for navigate in (
            session.groups.next,
            session.groups.previous,
            session.groups.head_office_of,
        ):
            with pytest.raises(Conflict) as caught:
                navigate(lone.id)
            assert caught.value.rule == "group_member"

    # -- search ---------------------------------------------------------------------

    def test_search_needs_three_characters(self, session: Session) -> None:
        make_group(session, "Real Peach", "HQ")
        for query in ("", "re", "  re  "):
            with pytest.raises(ValidationError) as caught:
                session.groups.search(query)
            assert (caught.value.field, caught.value.rule) == ("query", "min_length")

    def test_search_is_case_insensitive_and_counts_members(self, session: Session) -> None:
        peach, _ = make_group(session, "Real Peach Real Estate", "HQ", "Perth", "Sydney")
        make_group(session, "PEACHY Plumbing", "One")
        session.groups.create("Apple")
        matches = session.groups.search("peach")
        assert [(m.group.name, m.member_count) for m in matches] == [
            ("PEACHY Plumbing", 1),
            ("Real Peach Real Estate", 3),
        ]
        assert matches[1].group.head_office_id == peach.head_office_id
        assert session.groups.search("each r")[0].group.id == peach.id
        assert session.groups.search("xyz") == []

    def test_search_folds_non_ascii_case(self, session: Session) -> None:
        session.groups.create("Große Straße GmbH")
        session.groups.create("ÉCOLE Études")
        assert [m.group.name for m in session.groups.search("STRASSE")] == ["Große Straße GmbH"]
        assert [m.group.name for m in session.groups.search("étu")] == ["ÉCOLE Études"]

    @pytest.mark.parametrize("query", ["50%", "a_b", "x\\y", "%%%", "___"])
    def test_search_wildcards_match_only_themselves(self, session: Session, query: str) -> None:
        session.groups.create(f"Group {query} literal")
        session.groups.create("Group 50 percent aXb xzy")
        session.groups.create("Group 5000 abb x\\\\y")
        assert [m.group.name for m in session.groups.search(query)] == [f"Group {query} literal"]
