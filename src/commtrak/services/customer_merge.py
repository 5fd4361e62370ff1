"""Merging customers: everything of one customer moves to another, in one transaction."""

from __future__ import annotations

import uuid

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.model.customer_journal import CustomerAction, CustomerJournalEntry
from commtrak.model.customer_merge import (
    CUSTOM_VALUES_KIND,
    CustomerMergePlan,
    custom_values_taken,
    plan_customer_merge,
)
from commtrak.model.customers import Customer
from commtrak.model.groups import CustomerGroup
from commtrak.model.permissions import Permission
from commtrak.services._base import Service, atomic, requires
from commtrak.services._record import (
    align_work_addresses,
    field_changes,
    live_customer,
    record,
    refuse_lost_branches,
)

__all__ = ["CustomerMergeService"]


class CustomerMergeService(Service):
    """Previews and merges two customers (needs the ``customers.merge`` permission).

    Every record that names the merged customer (contacts, branches, work addresses,
    invoice addresses, invoices, tickets, data sheets, and each reference the
    application registered) moves to the survivor, set-based, one call per kind; the
    data-sheet templates assigned to it for the portal are added to the survivor's, so
    that its moved draft sheets can still be submitted; the merged customer is kept,
    marked merged into the survivor; a journal entry records it; and all of it happens
    in one transaction, so an error anywhere leaves the store as it was.

    Group membership, decided so that no group rule is ever broken:

    * customers in two *different* groups are refused (``different_groups``): a customer
      is in at most one group, and choosing a group for the user is not a merge's job;
    * a merged customer in a group leaves it; a survivor in no group takes its place,
      and if the merged customer was Head Office, the survivor becomes Head Office;
    * a survivor's own group and Head Office role are otherwise unchanged.

    The records must fit the survivor's type: a merged customer with branches is refused
    (``branches_exist``) when the survivor's type has none. When both customers have a
    primary contact, the survivor's stays primary and the merged customer's moves as an
    ordinary contact; so does it when the survivor is not private (only a private
    customer has a primary contact).

    The moved work addresses follow the survivor's status (see
    :meth:`~commtrak.services.customers.CustomerService.edit`).

    Custom values: the survivor's value of a field wins where both customers have one
    (archived or not), and the merged customer's fills the survivor's blanks, moving
    with its archived flag (:func:`~commtrak.model.customer_merge.custom_values_taken`);
    a value the survivor does not take stays on the merged customer. The journal entry
    counts the values moved (``custom_value.customer``) and holds none of them.
    """

    @requires(Permission.CUSTOMERS_MERGE, "merge customers")
    def preview_merge(self, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> CustomerMergePlan:
        """Return what :meth:`merge` would do, writing nothing.

        Raises:
            NotFound: ``customer``.
            ValidationError: ``merged_id``/``distinct_customers``.
            Conflict: ``survivor_id``/``merged_customer`` or ``merged_id``/
                ``merged_customer`` for a customer already merged;
                ``merged_id``/``different_groups``; ``merged_id``/``branches_exist``
                when the merged customer has branches and the survivor's type has none.
        """
        return self._plan(survivor_id, merged_id, lock=False)[0]

    @requires(Permission.CUSTOMERS_MERGE, "merge customers")
    @atomic
    def merge(self, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> CustomerJournalEntry:
        """Merge *merged_id* into *survivor_id*; return the journal entry written.

        Raises:
            NotFound, ValidationError, Conflict: as in :meth:`preview_merge`.
        """
        self._lock(survivor_id, merged_id)
        plan, group = self._plan(survivor_id, merged_id, lock=True)
        before = self._customers.get(survivor_id)
        survivor, merged = plan.survivor, plan.merged
        # The survivor joins before the Head Office role passes to it, and the merged
        # customer leaves after, so the group never names a Head Office outside it.
        self._customers.update(survivor)
        if group is not None and plan.takes_head_office:
            self._groups.update(attrs.evolve(group, head_office_id=survivor.id))
        self._customers.update(merged)
        transaction = self._session.transaction
        self._keep_one_primary_contact(survivor, merged.id)
        moved = {
            reference.kind: reference.repoint(transaction, merged.id, survivor.id)
            for reference in self._session.customer_references
        }
        moved[CUSTOM_VALUES_KIND] = self._move_custom_values(plan, merged.id)
        align_work_addresses(self._session, survivor)
        return record(
            self._session,
            survivor.id,
            CustomerAction.CUSTOMERS_MERGED,
            other_id=merged.id,
            changes=field_changes(before, survivor),
            counts=moved,
        )

    def _move_custom_values(self, plan: CustomerMergePlan, merged_id: uuid.UUID) -> int:
        """Give the survivor the custom values the plan says it takes; return how many."""
        values = self._session.transaction.custom_fields
        for value in plan.custom_values:
            values.put_value(value)
            values.erase_values(value.field_id, merged_id)
        return len(plan.custom_values)

    def _keep_one_primary_contact(self, survivor: Customer, merged_id: uuid.UUID) -> None:
        """Clear ``primary`` on the merged customer's primary contact unless it can stay.

        A customer has at most one primary contact, and only a private customer has one:
        the survivor's stays primary, and the merged customer's moves as an ordinary
        contact when the survivor has one or is not private.
        """
        contacts = self._session.transaction.contacts
        theirs = contacts.primary_of(merged_id)
        if theirs is None:
            return
        private = self._session.customer_types.get(survivor.type).has_primary_contact
        if not private or contacts.primary_of(survivor.id) is not None:
            contacts.update(attrs.evolve(theirs, primary=False))

    def _lock(self, survivor_id: uuid.UUID, merged_id: uuid.UUID) -> None:
        """Lock the groups, then the customers, each in id order.

        Groups before customers is the order the group service takes them in, and one
        order for all means a merge never waits for a group change (or another merge)
        that waits for it.
        """
        ids = sorted({survivor_id, merged_id}, key=str)
        groups = {self._customers.get(customer_id).group_id for customer_id in ids}
        for group_id in sorted((g for g in groups if g is not None), key=str):
            self._groups.get(group_id, for_update=True)
        for customer_id in ids:
            self._customers.get(customer_id, for_update=True)

    def _plan(
        self, survivor_id: uuid.UUID, merged_id: uuid.UUID, *, lock: bool
    ) -> tuple[CustomerMergePlan, CustomerGroup | None]:
        if survivor_id == merged_id:
            raise ValidationError(
                "merged_id", "distinct_customers", "a customer cannot be merged into itself"
            )
        survivor = live_customer(self._session, survivor_id, for_update=lock, field="survivor_id")
        merged = live_customer(self._session, merged_id, for_update=lock, field="merged_id")
        if (
            None not in (survivor.group_id, merged.group_id)
            and survivor.group_id != merged.group_id
        ):
            raise Conflict(
                "merged_id",
                "different_groups",
                f"customers {survivor.name!r} and {merged.name!r} are in different groups; "
                "move one of them first",
            )
        refuse_lost_branches(
            self._session,
            merged,
            self._session.customer_types.get(survivor.type),
            field="merged_id",
        )
        group = None
        if merged.group_id is not None:
            group = self._groups.get(merged.group_id, for_update=lock)
        plan = plan_customer_merge(
            survivor,
            merged,
            merged_is_head_office=group is not None and group.head_office_id == merged.id,
        )
        transaction = self._session.transaction
        counts = {
            reference.kind: reference.count(transaction, merged.id)
            for reference in self._session.customer_references
        }
        taken = custom_values_taken(
            survivor.id,
            transaction.custom_fields.values(survivor.id),
            transaction.custom_fields.values(merged.id),
        )
        counts[CUSTOM_VALUES_KIND] = len(taken)
        return attrs.evolve(plan, references=counts, custom_values=taken), group
