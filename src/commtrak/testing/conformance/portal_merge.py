"""Contract: merging duplicates moves portal access to the survivor, or refuses (issue 4)."""

from __future__ import annotations

import pytest

from commtrak import Actor, Conflict, Store
from commtrak.model import PortalEventKind
from commtrak.testing.conformance._base import PinnedClock, StoreContract, make_group
from commtrak.testing.conformance._portal import grant, login, portal_user


class PortalMergeContract(StoreContract):
    """The portal account follows the surviving contact; two accounts refuse the set."""

    def test_portal_access_passes_to_a_survivor_without_any(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        with store.session(actor=actor) as s:
            _, [hq, perth] = make_group(s, "Real Peach", "HQ", "Perth")
            survivor = s.contacts.add(hq.id, name="Fran", email="fran@example.com")
            user = portal_user(s, clock, perth.id, "FRAN@example.com")
            before = login(s, clock, user)
            ticket = s.tickets.raise_from_portal(before, perth.id, subject="Before the merge")
            s.duplicates.merge(hq.id)
        with store.session(actor=actor) as s:
            assert s.portal.account(user.contact.id) is None
            account = s.portal.account(survivor.id)
            assert account is not None
            assert account.username == user.username
            assert s.portal.history(survivor.id)[-1].kind is PortalEventKind.MOVED
            assert s.tickets.get(ticket.id).contact_id == survivor.id
            after = login(s, clock, user)
            assert after.contact_id == survivor.id
            assert set(after.customer_ids) == {hq.id, perth.id}  # now a Head Office contact
            assert [t.id for t in s.tickets.for_portal(after)] == [ticket.id]
            assert set(s.portal.customers(before)) == {hq.id, perth.id}
            assert all(count == 0 for count in s.duplicates.dangling_references().values())

    def test_a_merge_is_refused_when_the_survivor_has_an_account(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            _, [hq, perth] = make_group(s, "Real Peach", "HQ", "Perth")
            survivor, _ = grant(s, hq.id, "fran@example.com")
            s.portal.revoke(survivor.id)
            duplicate, _ = grant(s, perth.id, "Fran@example.com")
        with store.session(actor=actor) as s:
            with pytest.raises(Conflict) as caught:
                s.duplicates.merge(hq.id)
            assert (caught.value.field, caught.value.rule) == ("keys", "portal_access_conflict")
            assert "fran@example.com" in caught.value.message
            assert not s.contacts.get(duplicate.id).archived
            account = s.portal.account(duplicate.id)
            assert account is not None
            assert account.has_access
            s.portal.revoke(duplicate.id)
            [entry] = s.duplicates.merge(hq.id)  # both revoked: the set merges
            kept = s.portal.account(duplicate.id)
            assert kept is not None  # its history stays with the archived duplicate
            assert entry.archived_ids == (duplicate.id,)
