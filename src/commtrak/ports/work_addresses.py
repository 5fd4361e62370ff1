"""The work-address port: work addresses, their status cascade and branches.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from commtrak.model.communication import Channel
from commtrak.model.work_addresses import WorkAddress
from commtrak.ports.customers import CustomerChildRepository

__all__ = ["WorkAddressRepository"]


class WorkAddressRepository(CustomerChildRepository, Protocol):
    """Stores :class:`~commtrak.model.WorkAddress` records."""

    def add(self, work_address: WorkAddress) -> None:
        """Store a new work address.

        Raises:
            Conflict: ``id``/``unique_id`` when a work address with that id exists.
        """

    def add_many(self, work_addresses: Sequence[WorkAddress]) -> None:
        """Store new work addresses at once (bulk import); one ``INSERT`` on SQL backends.

        Raises:
            Conflict: as in :meth:`add`; nothing is written.
        """

    def get(self, work_address_id: uuid.UUID, *, for_update: bool = False) -> WorkAddress:
        """Return the work address with that id, locking it with *for_update*.

        Raises:
            NotFound: ``work_address`` when there is none.
        """
        ...

    def update(self, work_address: WorkAddress) -> None:
        """Replace the stored work address that has ``work_address.id``.

        Raises:
            NotFound: ``work_address`` when there is none.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[WorkAddress]:
        """Return a customer's work addresses in work address order."""
        ...

    def reassign_branch(self, from_branch_id: uuid.UUID, to_branch_id: uuid.UUID | None) -> int:
        """Move every work address of one branch to another (or to none); one statement.

        Returns:
            How many work addresses moved.
        """
        ...

    def cascade_dormant(self, customer_id: uuid.UUID) -> int:
        """Set the customer's *active* work addresses dormant, marking them as cascaded.

        Sets ``status`` = dormant and ``dormant_by_cascade`` = true on exactly those
        work addresses of the customer that are active; dormant ones are left as they
        are. One statement on SQL backends.

        Returns:
            How many work addresses changed.
        """
        ...

    def reactivate_cascaded(self, customer_id: uuid.UUID) -> int:
        """Set active the customer's work addresses marked ``dormant_by_cascade``.

        Clears the mark; work addresses that were dormant on their own stay dormant.
        One statement on SQL backends.

        Returns:
            How many work addresses changed.
        """
        ...

    def eligible(
        self,
        *,
        customer_id: uuid.UUID | None = None,
        channel: Channel | None = None,
    ) -> list[WorkAddress]:
        """Return the active work addresses, in work address order.

        With *customer_id*, only that customer's; with *channel*, only those whose
        ``communication`` includes it, and without, only those whose ``communication``
        holds at least one channel (:func:`commtrak.model.communication.accepts`). This
        is the list automatic communications (service reminders) are sent to. One
        indexed query on SQL backends.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[WorkAddress]:
        """Return up to *limit* work addresses whose id sorts after *after*, by id text (export)."""
        ...
