"""Branches of company customers (seed 002): add, edit, delete and merge them."""

from __future__ import annotations

import uuid
from typing import Any

from commtrak.errors import ValidationError
from commtrak.model._text import clean_text, required_text
from commtrak.model.branches import Branch
from commtrak.model.customer_journal import CustomerAction, CustomerJournalEntry
from commtrak.model.customers import Address, Customer
from commtrak.model.ids import new_id
from commtrak.services._base import Service, atomic
from commtrak.services._record import live_customer, record, save_changes
from commtrak.services._unset import UNSET, Unset
from commtrak.services.customers import check_address

__all__ = ["BRANCH_ADDRESS_FIELDS", "BranchService"]

#: A branch's address needs Address Line 1.
BRANCH_ADDRESS_FIELDS = ("line1",)


class BranchService(Service):
    """Adds, edits, deletes and merges the branches of a company customer.

    Rules:

    * only customers of a type with branches (``company`` and the application's types
      that say so) have branches (``customer_id``/``branches_allowed``);
    * a branch's name and Address Line 1 are required;
    * deleting a branch leaves its work addresses with the customer, with no branch;
    * merging two branches of one customer moves the merged branch's work addresses to
      the survivor, deletes the merged branch, and records it in the customer journal;
      branches of different customers cannot be merged (``other_id``/``same_customer``).
    """

    @atomic
    def add(
        self, customer_id: uuid.UUID, *, name: str, address: Address, phone: str = ""
    ) -> Branch:
        """Add a branch to a company customer.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: ``customer_id``/``branches_allowed``, ``name``/``required``,
                ``address.line1``/``required``, or a text rule.
        """
        # Locked, so that a concurrent change to a type without branches waits for it.
        customer = live_customer(self._session, customer_id, for_update=True)
        self._check_allowed(customer)
        branch = Branch(
            id=new_id(),
            customer_id=customer.id,
            name=required_text("name", name),
            address=check_address("address", address, required=BRANCH_ADDRESS_FIELDS),
            phone=clean_text("phone", phone),
        )
        self._session.transaction.branches.add(branch)
        return branch

    def get(self, branch_id: uuid.UUID) -> Branch:
        """Return the branch.

        Raises:
            NotFound: ``branch``.
        """
        return self._session.transaction.branches.get(branch_id)

    def for_customer(self, customer_id: uuid.UUID) -> list[Branch]:
        """List a customer's branches by name.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._session.transaction.branches.for_customer(customer.id)

    @atomic
    def edit(
        self,
        branch_id: uuid.UUID,
        *,
        name: str | Unset = UNSET,
        address: Address | Unset = UNSET,
        phone: str | Unset = UNSET,
    ) -> Branch:
        """Change some of a branch's fields.

        Raises:
            NotFound: ``branch``.
            ValidationError: as in :meth:`add`.
        """
        branches = self._session.transaction.branches
        branch = branches.get(branch_id, for_update=True)
        changes: dict[str, Any] = {}
        if not isinstance(name, Unset):
            changes["name"] = required_text("name", name)
        if not isinstance(address, Unset):
            changes["address"] = check_address("address", address, required=BRANCH_ADDRESS_FIELDS)
        if not isinstance(phone, Unset):
            changes["phone"] = clean_text("phone", phone)
        return save_changes(branches, branch, changes)

    @atomic
    def delete(self, branch_id: uuid.UUID) -> int:
        """Delete a branch; its work addresses stay with the customer, with no branch.

        Returns:
            How many work addresses lost their branch.

        Raises:
            NotFound: ``branch``.
        """
        transaction = self._session.transaction
        branch = transaction.branches.get(branch_id, for_update=True)
        moved = transaction.work_addresses.reassign_branch(branch.id, None)
        transaction.branches.delete(branch.id)
        return moved

    @atomic
    def merge(self, survivor_id: uuid.UUID, other_id: uuid.UUID) -> CustomerJournalEntry:
        """Merge branch *other_id* into *survivor_id*, which must be of the same customer.

        Returns:
            The customer journal entry written, counting the work addresses moved.

        Raises:
            NotFound: ``branch``.
            ValidationError: ``other_id``/``same_customer`` for branches of different
                customers; ``other_id``/``distinct_branches`` for one branch twice.
        """
        branches = self._session.transaction.branches
        survivor = branches.get(survivor_id, for_update=True)
        other = branches.get(other_id, for_update=True)
        if survivor.id == other.id:
            raise ValidationError(
                "other_id", "distinct_branches", "a branch cannot be merged into itself"
            )
        if survivor.customer_id != other.customer_id:
            raise ValidationError(
                "other_id",
                "same_customer",
                f"branches {survivor.name!r} and {other.name!r} belong to different "
                "customers; only branches of one customer can be merged",
            )
        moved = self._session.transaction.work_addresses.reassign_branch(other.id, survivor.id)
        branches.delete(other.id)
        return record(
            self._session,
            survivor.customer_id,
            CustomerAction.BRANCHES_MERGED,
            other_id=other.id,
            changes={"branch": [other.name, survivor.name]},
            counts={"work_addresses": moved},
        )

    def _check_allowed(self, customer: Customer) -> None:
        if not self._session.customer_types.get(customer.type).has_branches:
            raise ValidationError(
                "customer_id",
                "branches_allowed",
                f"{customer.type} customers have no branches; only company customers do",
            )
