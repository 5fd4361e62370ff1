from __future__ import annotations

import datetime
import uuid

import attrs
import pytest

from commtrak import Conflict
from commtrak.model import Contact, PortalAccount, group_duplicate_sets, plan_merge
from commtrak.model.duplicates import MergePlan
from commtrak.model.portal_merge import portal_account_moves

NOW = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
HQ = uuid.uuid4()
PERTH = uuid.uuid4()


def contact(customer_id: uuid.UUID, minutes: int) -> Contact:
    at = NOW + datetime.timedelta(minutes=minutes)
    return Contact(
        id=uuid.uuid4(),
        customer_id=customer_id,
        name="Fran",
        email="fran@example.com",
        email_key="fran@example.com",
        created_at=at,
        created_by="Sam",
        modified_at=at,
        modified_by="Sam",
    )


def account(owner: Contact, *, revoked: bool = False) -> PortalAccount:
    return PortalAccount(
        id=uuid.uuid4(),
        contact_id=owner.id,
        username=f"user-{owner.id}",
        email_key="fran@example.com",
        granted_at=NOW,
        granted_by="Sam",
        revoked_at=NOW if revoked else None,
    )


def plan(*contacts: Contact) -> MergePlan:
    [duplicate_set] = group_duplicate_sets(contacts, HQ)
    return plan_merge(duplicate_set, HQ)


def test_access_passes_to_a_survivor_without_an_account() -> None:
    survivor, duplicate = contact(HQ, 0), contact(PERTH, 1)
    moved = portal_account_moves([plan(survivor, duplicate)], {duplicate.id: account(duplicate)})
    assert [a.contact_id for a in moved] == [survivor.id]


def test_access_wins_over_a_revoked_account() -> None:
    survivor, old, new = contact(HQ, 0), contact(PERTH, 1), contact(PERTH, 2)
    revoked, granted = account(old, revoked=True), account(new)
    moved = portal_account_moves([plan(survivor, old, new)], {old.id: revoked, new.id: granted})
    assert moved == [attrs.evolve(granted, contact_id=survivor.id)]


@pytest.mark.parametrize("survivor_revoked", [False, True])
def test_a_duplicate_with_access_and_a_survivor_with_an_account_refuse(
    survivor_revoked: bool,
) -> None:
    survivor, duplicate = contact(HQ, 0), contact(PERTH, 1)
    accounts = {
        survivor.id: account(survivor, revoked=survivor_revoked),
        duplicate.id: account(duplicate),
    }
    with pytest.raises(Conflict) as caught:
        portal_account_moves([plan(survivor, duplicate)], accounts)
    assert (caught.value.field, caught.value.rule) == ("keys", "portal_access_conflict")


def test_a_revoked_duplicate_stays_when_the_survivor_has_an_account() -> None:
    survivor, duplicate = contact(HQ, 0), contact(PERTH, 1)
    accounts = {survivor.id: account(survivor), duplicate.id: account(duplicate, revoked=True)}
    assert portal_account_moves([plan(survivor, duplicate)], accounts) == []
