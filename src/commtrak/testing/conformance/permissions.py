"""Contract: roles, permissions and "Visible To" (seed 001), on every backend."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from commtrak import Actor, PermissionDenied, RoleBook, Store, Visibility
from commtrak.testing.conformance._base import StoreContract, make_group, open_test_store


class PermissionContract(StoreContract):
    """Services refuse what the actor's roles do not grant, and hide restricted contacts."""

    def test_a_restricted_contact_is_hidden_from_staff_without_the_permission(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            _, [hq, perth] = make_group(s, "Real Peach", "HQ", "Perth")
            secret = s.contacts.add(
                hq.id, name="Fran Secret", visibility=Visibility.ROLE_PERMITTED_STAFF
            )
            public = s.contacts.add(hq.id, name="Fran Public")
        staff = Actor.staff("staff-9", "Pat Staff", "staff")
        with store.session(actor=staff) as s:
            assert [c.id for c in s.contacts.for_customer(hq.id)] == [public.id]
            assert [c.contact.id for c in s.contacts.selectable(perth.id)] == [public.id]
            assert [c.id for c in s.contacts.search("fran")] == [public.id]
            refused: list[Callable[[], object]] = [
                lambda: s.contacts.get(secret.id),
                lambda: s.contacts.edit(secret.id, title="Spy"),
                lambda: s.contacts.archive(secret.id),
            ]
            for attempt in refused:
                with pytest.raises(PermissionDenied) as caught:
                    attempt()
                assert caught.value.permission == "contacts.view_restricted"
        with store.session(actor=actor) as s:
            assert s.contacts.get(secret.id).title == ""
            assert len(s.contacts.search("fran")) == 2

    def test_group_changes_need_groups_manage(self, store: Store, actor: Actor) -> None:
        with store.session(actor=actor) as s:
            group, [hq] = make_group(s, "Real Peach", "HQ")
        nobody = Actor.staff("viewer-1", "Vic Viewer", "viewer")
        with store.session(actor=nobody) as s:
            with pytest.raises(PermissionDenied) as caught:
                s.groups.create("Not allowed")
            assert caught.value.permission == "groups.manage"
            with pytest.raises(PermissionDenied):
                s.groups.remove_member(group.id, hq.id)
            assert [m.customer.id for m in s.groups.members(group.id)] == [hq.id]
            assert s.groups.search("peach")[0].member_count == 1

    def test_merging_needs_contacts_merge(self, store: Store, actor: Actor) -> None:
        with store.session(actor=actor) as s:
            _, [hq] = make_group(s, "Real Peach", "HQ")
        with store.session(actor=Actor.staff("staff-9", "Pat Staff", "staff")) as s:
            for attempt in (s.duplicates.find, s.duplicates.preview, s.duplicates.merge):
                with pytest.raises(PermissionDenied) as caught:
                    attempt(hq.id)
                assert caught.value.permission == "contacts.merge"

    def test_applications_define_their_own_roles(self, commtrak_url: str, actor: Actor) -> None:
        roles = RoleBook.with_roles({"office": ["contacts.merge", "contacts.view_restricted"]})
        with open_test_store(commtrak_url, roles=roles) as store:
            with store.session(actor=actor) as s:
                _, [hq] = make_group(s, "Real Peach", "HQ")
                s.contacts.add(hq.id, name="Hidden", visibility="role_permitted_staff")
            with store.session(actor=Actor.staff("office-1", "Olive Office", "office")) as s:
                assert s.duplicates.find(hq.id) == []
                assert [c.name for c in s.contacts.for_customer(hq.id)] == ["Hidden"]
                with pytest.raises(PermissionDenied):
                    s.groups.create("Office may not")
