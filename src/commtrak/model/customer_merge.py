"""Merging two customers: the pure rules (seed 004, "Merge Customer").

A merge keeps the *survivor* and ends the *merged* customer: every record of the merged
customer moves to the survivor, and the merged customer is kept, dormant, in no group,
with a ``merged_into`` pointer, rather than deleted. Keeping it means any id the host
application or an export still holds resolves to a record that says where its data went
(as merged contacts do), and a merge never deletes what a user entered.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from commtrak.model.customers import Customer, CustomerStatus
from commtrak.model.data_sheets import PortalTemplates

__all__ = [
    "FILLABLE_CUSTOMER_FIELDS",
    "CustomerMergePlan",
    "plan_customer_merge",
    "unite_portal_templates",
]

#: The survivor's fields a merge fills from the merged customer when they are blank.
FILLABLE_CUSTOMER_FIELDS = ("advertising_source", "price_book", "sales_contact_id")


@attrs.frozen
class CustomerMergePlan:
    """What merging two customers will do; a preview shows it without writing.

    Attributes:
        survivor: The survivor as it will be (blanks filled, group taken over).
        merged: The merged customer as it will be (merged, dormant, in no group).
        changed_fields: For each of the survivor's fields the merge changes, its value
            before and after.
        references: How many records of each kind move to the survivor.
        takes_head_office: Whether the survivor becomes its group's Head Office in the
            merged customer's place.
    """

    survivor: Customer
    merged: Customer
    changed_fields: Mapping[str, tuple[object, object]]
    references: Mapping[str, int] = attrs.field(factory=dict)
    takes_head_office: bool = False


def plan_customer_merge(
    survivor: Customer, merged: Customer, *, merged_is_head_office: bool
) -> CustomerMergePlan:
    """Work out both customers' final values.

    The survivor keeps its own values; its blank :data:`FILLABLE_CUSTOMER_FIELDS` are
    taken from the merged customer. A survivor in no group
    takes the merged customer's place in its group; a merged customer that was Head
    Office passes the role to the survivor. The caller has refused customers in two
    different groups.
    """
    changes: dict[str, Any] = {}
    for field in FILLABLE_CUSTOMER_FIELDS:
        if not getattr(survivor, field) and getattr(merged, field):
            changes[field] = getattr(merged, field)
    if survivor.group_id is None and merged.group_id is not None:
        changes["group_id"] = merged.group_id
    after = attrs.evolve(survivor, **changes)
    return CustomerMergePlan(
        survivor=after,
        merged=attrs.evolve(
            merged,
            merged_into=survivor.id,
            status=CustomerStatus.DORMANT,
            group_id=None,
            sales_contact_id=None,
        ),
        changed_fields={name: (getattr(survivor, name), getattr(after, name)) for name in changes},
        takes_head_office=merged_is_head_office,
    )


def unite_portal_templates(
    survivor_id: uuid.UUID, survivor: PortalTemplates | None, merged: PortalTemplates
) -> PortalTemplates:
    """Return the survivor's portal templates after a merge: its own and the merged one's.

    The data sheets of the merged customer move to the survivor, and a draft can be
    finished only from a template assigned to its customer; uniting the two choices
    keeps every moved draft usable and takes no template from the survivor's contacts.
    The survivor's tickets-from-email address stays; a survivor without an assignment
    takes the merged customer's.
    """
    own = survivor.template_ids if survivor is not None else ()
    return PortalTemplates(
        customer_id=survivor_id,
        template_ids=(*own, *merged.template_ids),
        tickets_from_email=(survivor or merged).tickets_from_email,
    )
