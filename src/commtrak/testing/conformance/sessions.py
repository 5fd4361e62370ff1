"""Contract: the unit of work commits on success and undoes everything on an error."""

from __future__ import annotations

import pytest

from commtrak import Actor, Conflict, NotFound, SessionClosed, Store, ValidationError
from commtrak.testing.conformance._base import StoreContract, add_customer, make_group


class _Boom(Exception):
    pass


class SessionContract(StoreContract):
    """Sessions: commit, rollback, savepoints around rejected calls, closed sessions."""

    def test_commit_makes_writes_visible_to_later_sessions(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            group, [hq] = make_group(s, "Real Peach Real Estate", "Real Peach HQ")
        with store.session(actor=actor) as s:
            assert s.groups.get(group.id).head_office_id == hq.id
            assert s.customers.get(hq.id).group_id == group.id

    def test_an_exception_rolls_back_every_write_of_the_session(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            group, [hq] = make_group(s, "Real Peach Real Estate", "Real Peach HQ")
        with pytest.raises(_Boom), store.session(actor=actor) as s:
            s.groups.rename(group.id, "Renamed")
            perth = add_customer(s, "Real Peach Perth")
            s.groups.add_member(group.id, perth.id)
            s.groups.set_head_office(group.id, perth.id)
            contact = s.contacts.add(hq.id, name="Fran James")
            other = s.groups.create("Another group")
            raise _Boom
        with store.session(actor=actor) as s:
            assert s.groups.get(group.id).name == "Real Peach Real Estate"
            assert s.groups.get(group.id).head_office_id == hq.id
            assert [m.customer.id for m in s.groups.members(group.id)] == [hq.id]
            for missing in (
                lambda: s.customers.get(perth.id),
                lambda: s.contacts.get(contact.id),
                lambda: s.groups.get(other.id),
            ):
                with pytest.raises(NotFound):
                    missing()
            assert s.groups.search("another") == []

    def test_a_rejected_call_leaves_nothing_half_written(self, store: Store, actor: Actor) -> None:
        with store.session(actor=actor) as s:
            group, [hq] = make_group(s, "Real Peach Real Estate", "Real Peach HQ")
            with pytest.raises(Conflict):
                s.groups.add_member(group.id, hq.id)
            with pytest.raises(ValidationError):
                s.contacts.add(hq.id, name="Fran", email="not an address")
            s.contacts.add(hq.id, name="Kept")
        with store.session(actor=actor) as s:
            assert [c.name for c in s.contacts.for_customer(hq.id)] == ["Kept"]
            assert s.groups.get(group.id).head_office_id == hq.id

    def test_a_session_is_not_usable_after_its_block(self, store: Store, actor: Actor) -> None:
        with store.session(actor=actor) as s:
            pass
        with pytest.raises(SessionClosed):
            s.groups.create("Too late")
        with pytest.raises(SessionClosed), s:
            pass

    def test_a_session_is_not_usable_before_its_block(self, store: Store, actor: Actor) -> None:
        s = store.session(actor=actor)
        with pytest.raises(SessionClosed):
            s.groups.all()

    def test_sessions_see_each_others_commits(self, store: Store, actor: Actor) -> None:
        for n in range(3):
            with store.session(actor=actor) as s:
                s.groups.create(f"Group {n}")
        with store.session(actor=actor) as s:
            assert [g.name for g in s.groups.all()] == ["Group 0", "Group 1", "Group 2"]
