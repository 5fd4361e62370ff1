"""Duplicate contacts (seed 000): find them by email key, preview and merge them.

The merge is irreversible and touches references all over an application, so it is
built to lose nothing: duplicates are archived (never deleted) with a ``merged_into``
pointer, every registered reference is repointed, a journal entry records each merged
set, and all of it happens in one transaction, after taking the group's row lock so that
two merges of one group run one after the other and the second sees the first's result.
A duplicate's portal account follows the survivor (see :mod:`commtrak.model.portal_merge`).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping

import attrs

from commtrak.errors import Conflict
from commtrak.model.customers import Customer
from commtrak.model.duplicates import (
    DuplicateSet,
    MergeJournalEntry,
    MergePlan,
    group_duplicate_sets,
    plan_merge,
)
from commtrak.model.groups import CustomerGroup
from commtrak.model.ids import new_id
from commtrak.model.permissions import Permission
from commtrak.model.portal_accounts import PortalEventKind
from commtrak.model.portal_merge import portal_account_moves
from commtrak.services._base import Service, atomic, requires
from commtrak.services._portal_contacts import record_portal_event
from commtrak.services._record import live_customer

__all__ = ["DuplicateService"]


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "; ".join(str(item) for item in value)
    return str(value)


class DuplicateService(Service):
    """Finds, previews and merges duplicate contacts in the two scopes of the seed.

    * From the **Head Office**: every duplicate set of the whole group.
    * From **another member**: only the sets made of that member's contacts and the
      Head Office's contacts that share a key with at least one of that member's
      contacts; other members' contacts are left alone.

    The survivor of a set is the oldest Head Office contact with the key, or, if the
    Head Office has none, the oldest contact of the set, moved to the Head Office. Its
    blank fields are filled from the duplicates (oldest first) and departments united.

    Finding, previewing and merging need the ``contacts.merge`` permission.
    """

    @requires(Permission.CONTACTS_MERGE, "merge duplicate contacts")
    def find(self, customer_id: uuid.UUID) -> list[DuplicateSet]:
        """Return the duplicate sets seen from a customer's Contacts tab, by email key.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``group_member`` when the customer is in no group;
                ``customer_id``/``merged_customer`` when it was merged into another.
        """
        group, customer = self._scope(customer_id, lock=False)
        return self._sets(group, customer)

    @requires(Permission.CONTACTS_MERGE, "merge duplicate contacts")
    def preview(
        self, customer_id: uuid.UUID, keys: Collection[str] | None = None
    ) -> list[MergePlan]:
        """Return what :meth:`merge` would do, writing nothing.

        Args:
            customer_id: The customer whose Contacts tab the merge is made from.
            keys: The email keys of the sets to merge (the ticked rows); all by default.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``group_member`` when it is in no group;
                ``customer_id``/``merged_customer`` when it was merged into another.
        """
        group, customer = self._scope(customer_id, lock=False)
        return self._plans(group, self._selected(self._sets(group, customer), keys))

    @requires(Permission.CONTACTS_MERGE, "merge duplicate contacts")
    @atomic
    def merge(
        self, customer_id: uuid.UUID, keys: Collection[str] | None = None
    ) -> list[MergeJournalEntry]:
        """Merge the chosen duplicate sets; return the journal entries written.

        Sets that no longer exist (another session merged them first) are skipped.

        Args:
            customer_id: The customer whose Contacts tab the merge is made from.
            keys: The email keys of the sets to merge; all by default.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``group_member`` when it is in no group;
                ``customer_id``/``merged_customer`` when it was merged into another.
        """
        group, customer = self._scope(customer_id, lock=True)
        plans = self._plans(group, self._selected(self._sets(group, customer), keys))
        if not plans:
            return []
        now = self._session.now()
        actor = self._session.actor
        self._move_portal_accounts(plans)
        survivors = [
            attrs.evolve(
                plan.survivor,
                modified_at=now,
                modified_by=actor.name,
                modified_via_portal=actor.via_portal,
            )
            for plan in plans
            if plan.changed_fields
        ]
        mapping = {
            archived_id: plan.survivor.id for plan in plans for archived_id in plan.archived_ids
        }
        self._contacts.update_many(survivors)
        self._contacts.archive_merged(mapping, at=now, by=actor.name)
        transaction = self._session.transaction
        # The plans counted each kind's references; a kind nothing refers to is skipped.
        for reference in self._session.references:
            if any(plan.references.get(reference.kind) for plan in plans):
                reference.repoint(transaction, mapping)
        entries = [
            MergeJournalEntry(
                id=new_id(),
                group_id=group.id,
                at=now,
                by=actor.name,
                email_key=plan.duplicate_set.email_key,
                survivor_id=plan.survivor.id,
                archived_ids=plan.archived_ids,
                changed_fields={
                    name: [_as_text(before), _as_text(after)]
                    for name, (before, after) in plan.changed_fields.items()
                },
                references=dict(plan.references),
            )
            for plan in plans
        ]
        self._session.transaction.journal.add(entries)
        return entries

    def journal_for_group(self, group_id: uuid.UUID) -> list[MergeJournalEntry]:
        """Return the merges made in a group, oldest first.

        Raises:
            NotFound: ``group``.
        """
        group = self._groups.get(group_id)
        return self._session.transaction.journal.for_group(group.id)

    def journal_for_contact(self, contact_id: uuid.UUID) -> list[MergeJournalEntry]:
        """Return the merges a contact took part in (as survivor or duplicate), oldest first.

        Raises:
            NotFound: ``contact``.
        """
        contact = self._contacts.get(contact_id)
        return self._session.transaction.journal.for_contact(contact.id)

    def dangling_references(self) -> dict[str, int]:
        """Count, per reference kind, the references that still point at a merged contact.

        After every merge each count is zero; a non-zero count means a reference was
        written to an archived duplicate after its merge (by code that ignored
        ``merged_into``) or a reference kind was registered after the merge.
        """
        merged = self._contacts.merged_ids()
        transaction = self._session.transaction
        return {
            reference.kind: sum(reference.count(transaction, merged).values())
            for reference in self._session.references
        }

    # -- the rules --------------------------------------------------------------------

    def _move_portal_accounts(self, plans: list[MergePlan]) -> None:
        """Pass duplicates' portal accounts to survivors, or refuse (see portal_merge)."""
        transaction = self._session.transaction
        contact_ids = [c.id for plan in plans for c in plan.duplicate_set.contacts]
        moves = portal_account_moves(plans, transaction.portal_accounts.for_contacts(contact_ids))
        for account in moves:
            transaction.portal_accounts.update(account)
            record_portal_event(self._session, account, PortalEventKind.MOVED)

    def _scope(self, customer_id: uuid.UUID, *, lock: bool) -> tuple[CustomerGroup, Customer]:
        # A merged customer is in no group and has no contacts left: name the real cause.
        customer = live_customer(self._session, customer_id)
        if customer.group_id is None:
            raise Conflict(
                "customer_id",
                "group_member",
                f"customer {customer.name!r} is in no group, so it has no duplicates to merge",
            )
        group = self._groups.get(customer.group_id, for_update=lock)
        if group.head_office_id is None:  # cannot happen while the invariants hold
            raise Conflict(
                "group_id", "head_office_required", f"group {group.name!r} has no Head Office"
            )
        return group, customer

    def _sets(self, group: CustomerGroup, customer: Customer) -> list[DuplicateSet]:
        head_office_id = group.head_office_id
        assert head_office_id is not None  # checked by _scope
        if customer.id == head_office_id:
            contacts = self._contacts.duplicates(group.id)
        else:
            contacts = self._contacts.duplicates(
                group.id, among=(customer.id, head_office_id), involving=customer.id
            )
        return group_duplicate_sets(contacts, head_office_id)

    @staticmethod
    def _selected(sets: Iterable[DuplicateSet], keys: Collection[str] | None) -> list[DuplicateSet]:
        if keys is None:
            return list(sets)
        wanted = set(keys)
        return [duplicate_set for duplicate_set in sets if duplicate_set.email_key in wanted]

    def _plans(self, group: CustomerGroup, sets: list[DuplicateSet]) -> list[MergePlan]:
        head_office_id = group.head_office_id
        assert head_office_id is not None  # checked by _scope
        plans = [plan_merge(duplicate_set, head_office_id) for duplicate_set in sets]
        archived = [archived_id for plan in plans for archived_id in plan.archived_ids]
        transaction = self._session.transaction
        counts: dict[str, Mapping[uuid.UUID, int]] = {
            reference.kind: reference.count(transaction, archived) if archived else {}
            for reference in self._session.references
        }
        return [
            attrs.evolve(
                plan,
                references={
                    kind: sum(per_contact.get(cid, 0) for cid in plan.archived_ids)
                    for kind, per_contact in counts.items()
                },
            )
            for plan in plans
        ]
