"""What a merge of duplicate contacts does to their portal accounts (issue 4, item 7).

A duplicate's portal access passes to the survivor only if the survivor has none;
otherwise the merge of that set is refused, because a survivor cannot hold two accounts
and staff must choose which access stays. A duplicate's revoked account (its history)
also follows the survivor when the survivor has no account; when it has one, the revoked
account stays with the archived duplicate, where its history remains readable.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

import attrs

from commtrak.errors import Conflict
from commtrak.model.duplicates import MergePlan
from commtrak.model.portal_accounts import PortalAccount

__all__ = ["portal_account_moves"]


def portal_account_moves(
    plans: Iterable[MergePlan], accounts: Mapping[uuid.UUID, PortalAccount]
) -> list[PortalAccount]:
    """Return the accounts the merge moves, each already pointing at its survivor.

    Args:
        plans: The sets being merged.
        accounts: The portal accounts of the sets' contacts, by contact id.

    Raises:
        Conflict: ``keys``/``portal_access_conflict`` when a duplicate with portal access
            would be archived into a survivor that has a portal account.
    """
    moved = []
    for plan in plans:
        held = accounts.get(plan.survivor.id)
        candidates = [accounts[cid] for cid in plan.archived_ids if cid in accounts]
        # Access first: when several could move, the one with access is the one kept.
        for account in sorted(candidates, key=lambda a: not a.has_access):
            if held is None:
                held = attrs.evolve(account, contact_id=plan.survivor.id)
                moved.append(held)
            elif account.has_access:
                raise Conflict(
                    "keys",
                    "portal_access_conflict",
                    f"in the duplicate set {plan.duplicate_set.email_key!r}, contact "
                    f"{account.contact_id} has portal access and the surviving contact "
                    f"{plan.survivor.id} has a portal account already; revoke one of them "
                    "or leave this set out of the merge",
                )
    return moved
