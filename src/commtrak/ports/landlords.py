"""The landlord port: landlords of work addresses.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.model.landlords import Landlord

__all__ = ["LandlordRepository"]


class LandlordRepository(Protocol):
    """Stores :class:`~commtrak.model.Landlord` records, shared by work addresses."""

    def add(self, landlord: Landlord) -> None:
        """Store a new landlord.

        Raises:
            Conflict: ``id``/``unique_id`` when a landlord with that id exists.
        """

    def get(self, landlord_id: uuid.UUID, *, for_update: bool = False) -> Landlord:
        """Return the landlord with that id, locking it with *for_update*.

        Raises:
            NotFound: ``landlord`` when there is none.
        """
        ...

    def update(self, landlord: Landlord) -> None:
        """Replace the stored landlord that has ``landlord.id``.

        Raises:
            NotFound: ``landlord`` when there is none.
        """

    def search(self, folded_fragment: str) -> list[Landlord]:
        """Return the landlords whose folded name contains the fragment, in landlord order.

        The fragment matches literally, as in :meth:`GroupRepository.search`.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Landlord]:
        """Return up to *limit* landlords whose id sorts after *after*, by id text (export)."""
        ...
