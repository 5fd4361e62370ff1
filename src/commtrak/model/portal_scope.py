"""Who a portal contact may see: the scope rule of seed 000 and seed 003, pure.

A portal principal sees its own customer and, when its contact belongs to its group's
Head Office, every customer of that group. Nothing else.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

import attrs

__all__ = ["PortalPrincipal", "portal_customer_ids", "sees_whole_group"]


def sees_whole_group(own_customer_id: uuid.UUID, head_office_id: uuid.UUID | None) -> bool:
    """Whether a contact of *own_customer_id* sees every customer of its group.

    It does exactly when its customer is its group's Head Office (seed 000: "a Head
    Office contact can access the Customer Portal for their own Customer record, and for
    other Customer records within their Customer Group").
    """
    return head_office_id is not None and head_office_id == own_customer_id


def portal_customer_ids(
    own_customer_id: uuid.UUID,
    head_office_id: uuid.UUID | None,
    group_member_ids: Iterable[uuid.UUID],
) -> frozenset[uuid.UUID]:
    """Return the customers a contact of *own_customer_id* may see in the portal.

    Args:
        own_customer_id: The customer the contact belongs to.
        head_office_id: The Head Office of that customer's group, or ``None`` when it
            is in no group.
        group_member_ids: The members of that group (ignored unless the contact's
            customer is the Head Office).
    """
    if sees_whole_group(own_customer_id, head_office_id):
        return frozenset({own_customer_id, *group_member_ids})
    return frozenset({own_customer_id})


@attrs.frozen
class PortalPrincipal:
    """A contact logged in to the portal.

    The services re-check the account and recompute the scope on every call, so a
    principal whose access was revoked, or whose group changed, sees the change at once;
    ``customer_ids`` is the scope as it was at login, for display.

    Attributes:
        account_id: The portal account.
        contact_id: The contact logged in.
        customer_id: The contact's own customer.
        username: The account's username.
        customer_ids: The customers it could see at login.
    """

    account_id: uuid.UUID
    contact_id: uuid.UUID
    customer_id: uuid.UUID
    username: str
    customer_ids: frozenset[uuid.UUID]
