"""Merging two customers: the pure rules (seed 004, "Merge Customer").

A merge keeps the *survivor* and ends the *merged* customer: every record of the merged
customer moves to the survivor, and the merged customer is kept, dormant, in no group,
with a ``merged_into`` pointer, rather than deleted. Keeping it means any id the host
application or an export still holds resolves to a record that says where its data went
(as merged contacts do), and a merge never deletes what a user entered.

Custom values (:class:`~commtrak.model.CustomValue`) follow the rule the merge applies to
the customer's own fields, *the survivor's value wins and the merged customer's fills
blanks* (:func:`custom_values_taken`): a field the survivor has any value of, archived
or not, keeps it; a field only the merged customer has a value of moves to the
survivor, archived flag and all. A value the survivor does not take stays with the
merged customer, which is kept, so nothing entered is deleted and erasing it later
still works. Every custom field holds one value per owner (text, date, number, one
choice), so there is nothing to unite.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from commtrak.model.custom_fields import CustomValue
from commtrak.model.customers import Customer, CustomerStatus
from commtrak.model.data_sheets import PortalTemplates

__all__ = [
    "CUSTOM_VALUES_KIND",
    "FILLABLE_CUSTOMER_FIELDS",
    "CustomerMergePlan",
    "custom_values_taken",
    "plan_customer_merge",
    "unite_portal_templates",
]

#: The key under which a merge's plan and journal entry count the custom values moved.
CUSTOM_VALUES_KIND = "custom_value.customer"

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
        custom_values: The merged customer's custom values the survivor takes (see
            :func:`custom_values_taken`), as the survivor will hold them; their number
            is ``references["custom_value.customer"]``. The journal entry records only
            that number, never a value, so that erasing a value leaves no copy.
    """

    survivor: Customer
    merged: Customer
    changed_fields: Mapping[str, tuple[object, object]]
    references: Mapping[str, int] = attrs.field(factory=dict)
    takes_head_office: bool = False
    custom_values: tuple[CustomValue, ...] = ()


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


def custom_values_taken(
    survivor_id: uuid.UUID,
    survivor_values: Iterable[CustomValue],
    merged_values: Iterable[CustomValue],
) -> tuple[CustomValue, ...]:
    """Return the merged customer's custom values the survivor takes, owned by it.

    The survivor's value wins where both have one, and the merged customer's fills the
    survivor's blanks, as for the customer's own fields (:data:`FILLABLE_CUSTOMER_FIELDS`)
    and for merged duplicate contacts. An *archived* value of the survivor counts as a
    value, not a blank: archiving is how a user hides what they keep (seed 001: "archive
    or delete this information as required"), and filling over it would replace, and so
    delete, what they chose to keep. A value moves with its archived flag, for the same
    reason.
    """
    present = {value.field_id for value in survivor_values}
    return tuple(
        attrs.evolve(value, owner_id=survivor_id)
        for value in sorted(merged_values, key=lambda value: str(value.field_id))
        if value.field_id not in present
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
