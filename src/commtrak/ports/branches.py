"""The branch port: branches of company customers.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.model.branches import Branch
from commtrak.ports.customers import CustomerChildRepository

__all__ = ["BranchRepository"]


class BranchRepository(CustomerChildRepository, Protocol):
    """Stores :class:`~commtrak.model.Branch` records."""

    def add(self, branch: Branch) -> None:
        """Store a new branch.

        Raises:
            Conflict: ``id``/``unique_id`` when a branch with that id exists.
        """

    def get(self, branch_id: uuid.UUID, *, for_update: bool = False) -> Branch:
        """Return the branch with that id, locking it with *for_update*.

        Raises:
            NotFound: ``branch`` when there is none.
        """
        ...

    def update(self, branch: Branch) -> None:
        """Replace the stored branch that has ``branch.id``.

        Raises:
            NotFound: ``branch`` when there is none.
        """

    def delete(self, branch_id: uuid.UUID) -> None:
        """Remove the branch. The caller has moved its work addresses first.

        Raises:
            NotFound: ``branch`` when there is none.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[Branch]:
        """Return a customer's branches in branch order."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Branch]:
        """Return up to *limit* branches whose id sorts after *after*, by id text (export)."""
        ...
