"""Deleting a customer for good: an administrator's erasure, in one transaction.

The seeds' rule is that records are archived, never lost; deleting is the exception an
administrator makes (seed 004, Admin tools "Delete customer"), for a customer entered by
mistake or whose data must go. It removes the customer, the customers earlier merges
merged into it, and every record of theirs, or nothing:

* it needs the ``customers.delete`` permission and the customer's name typed again as
  ``confirm``, exactly;
* it refuses while records must be kept (finance's, which the accounts need) or while
  something commtrak cannot erase names the customer or its contacts (a host
  reference without ``erase``, another customer's sales contact), naming each;
* a Head Office passes its role on as when it leaves the group
  (:meth:`~commtrak.services.groups.GroupService.remove_member`);
* the records go in the reverse order of the customer references (a reference may name
  the records of those registered before it), then the contacts' own records (custom
  values, portal accounts with their tokens and history, the merge-journal entries
  naming them), the contacts, the customer journal, the customers' custom values and
  the customers themselves;
* one :class:`~commtrak.model.erasures.CustomerErasure` entry records who, when, and how
  many records of each kind went, in a journal kept apart from the deleted rows.
"""

from __future__ import annotations

import uuid
from collections import Counter

import attrs

from commtrak.customer_references import CONTACT_RECORDS, CustomerReference, Erasable
from commtrak.errors import Conflict, ValidationError
from commtrak.model.customers import Customer
from commtrak.model.erasures import CustomerErasure
from commtrak.model.ids import new_id
from commtrak.model.permissions import Permission
from commtrak.services._base import Service, atomic, requires
from commtrak.services.custom_field_owners import owner_kinds
from commtrak.services.groups import leave_group

__all__ = ["CustomerErasureService"]


class CustomerErasureService(Service):
    """Deletes a customer and all its records (needs the ``customers.delete`` permission)."""

    @requires(Permission.CUSTOMERS_DELETE, "delete customers")
    @atomic
    def delete(self, customer_id: uuid.UUID, *, confirm: str) -> CustomerErasure:
        """Delete the customer and every record of it for good; this cannot be undone.

        Args:
            customer_id: The customer to delete.
            confirm: The customer's name, typed again exactly: a deletion is never one
                mistaken id away.

        Returns:
            The erasure journal's entry (see :mod:`commtrak.services.customer_erasure`).

        Raises:
            PermissionDenied: without the ``customers.delete`` permission.
            NotFound: ``customer``.
            ValidationError: ``confirm``/``confirmation_mismatch``.
            Conflict: ``customer_id``/``merged_customer`` for a customer merged into
                another (delete that one); ``customer_id``/``records_kept`` naming the
                references whose records must be kept or cannot be erased, with their
                counts; ``customer_id``/``contact_referenced`` naming what still refers
                to its contacts; ``customer_id``/``invoice_address_shared``.
        """
        tx = self._session.transaction
        customer = tx.customers.get(customer_id, for_update=True)
        if customer.merged_into is not None:
            raise Conflict(
                "customer_id",
                "merged_customer",
                f"this customer was merged into {customer.merged_into}; delete that one",
            )
        if confirm != customer.name:
            raise ValidationError(
                "confirm",
                "confirmation_mismatch",
                "type the customer's name exactly as it is to confirm its deletion",
            )
        erased = self._with_merged(customer)
        ids = [c.id for c in erased]
        references = self._session.customer_references
        self._refuse_kept(references, ids)
        if customer.group_id is not None:
            leave_group(tx, tx.groups.get(customer.group_id, for_update=True), customer)
        # Nothing a customer's own sales contact could block: it goes with the customer.
        for each in erased:
            if each.sales_contact_id is not None:
                tx.customers.update(attrs.evolve(tx.customers.get(each.id), sales_contact_id=None))
        removed: Counter[str] = Counter()
        # Before the records go: the owner kinds find the owners among them.
        removed["custom_value"] = self._erase_custom_values(ids)
        for reference in reversed(references):
            if reference is not CONTACT_RECORDS and isinstance(reference, Erasable):
                removed[reference.kind] += sum(reference.erase(tx, i) for i in ids)
        removed.update(self._erase_contacts(ids))
        removed["customer_journal"] += sum(tx.customer_journal.erase_for_customer(i) for i in ids)
        # Leaves first: a customer merged into another names it until it goes.
        for each in reversed(erased):
            tx.customers.delete([each.id])
        removed["customer"] = len(erased)
        entry = CustomerErasure(
            id=new_id(),
            customer_id=customer.id,
            erased_customer_ids=tuple(ids),
            at=self._session.now(),
            by=self._session.actor.name,
            removed={kind: count for kind, count in removed.items() if count},
        )
        tx.erasures.add(entry)
        return entry

    def _with_merged(self, customer: Customer) -> list[Customer]:
        """The customer, then every customer merged into it (directly or not), parents first."""
        found = [customer]
        for each in found:
            found.extend(self._session.transaction.customers.merged_into(each.id))
        return found

    def _refuse_kept(self, references: tuple[CustomerReference, ...], ids: list[uuid.UUID]) -> None:
        tx = self._session.transaction
        kept = {}
        for reference in references:
            if isinstance(reference, Erasable) and not reference.retained:
                continue
            count = sum(reference.count(tx, i) for i in ids)
            if count:
                kept[reference.kind] = count
        if kept:
            named = ", ".join(f"{kind} ({count})" for kind, count in kept.items())
            raise Conflict(
                "customer_id",
                "records_kept",
                f"the customer has records that must be kept or cannot be erased: {named}",
            )

    def _erase_custom_values(self, ids: list[uuid.UUID]) -> int:
        """Erase the custom values of the customers and of everything they own (every kind)."""
        tx = self._session.transaction
        owners = [
            owner for kind in owner_kinds().values() for i in ids for owner in kind.owners_of(tx, i)
        ]
        return sum(tx.custom_fields.erase_values(None, owner) for owner in owners)

    def _erase_contacts(self, ids: list[uuid.UUID]) -> Counter[str]:
        """Erase the customers' contacts and their records, once nothing else names them."""
        tx = self._session.transaction
        contacts = [c for i in ids for c in tx.contacts.for_customer(i, include_archived=True)]
        contact_ids = [c.id for c in contacts]
        holders = [
            f"{reference.kind} ({count})"
            for reference in self._session.references
            if (count := sum(reference.count(tx, contact_ids).values()))
        ]
        if holders:
            raise Conflict(
                "customer_id",
                "contact_referenced",
                f"its contacts are still referred to by {', '.join(holders)}",
            )
        # A merge points archived contacts at their survivor: the pointers among these
        # contacts go with them; other customers' archived contacts keep theirs as None.
        pointing = [c for c in contacts if c.merged_into is not None]
        pointing += [
            c for c in tx.contacts.merged_into_any(contact_ids) if c.customer_id not in ids
        ]
        tx.contacts.update_many([attrs.evolve(c, merged_into=None) for c in pointing])
        removed: Counter[str] = Counter()
        removed["portal_account"] = tx.portal_accounts.erase_for_contacts(contact_ids)
        removed["merge_journal"] = tx.journal.erase_for_contacts(contact_ids)
        removed[CONTACT_RECORDS.kind] = sum(CONTACT_RECORDS.erase(tx, i) for i in ids)
        return removed
