"""The customer-group port: groups, their Head Office, navigation and search.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.model.groups import CustomerGroup, GroupMatch

__all__ = ["GroupRepository"]


class GroupRepository(Protocol):
    """Stores :class:`~commtrak.model.CustomerGroup` records."""

    def add(self, group: CustomerGroup) -> None:
        """Store a new group.

        Raises:
            Conflict: ``id``/``unique_id`` when a group with that id exists;
                ``name``/``unique_group_name`` when a group with the same folded name
                exists.
        """

    def get(self, group_id: uuid.UUID, *, for_update: bool = False) -> CustomerGroup:
        """Return the group with that id, locking it with *for_update* (see customers).

        Raises:
            NotFound: ``group`` when there is none.
        """
        ...

    def find_by_name(self, folded_name: str) -> CustomerGroup | None:
        """Return the group whose folded name equals *folded_name*, if any."""
        ...

    def update(self, group: CustomerGroup) -> None:
        """Replace the stored group's name and Head Office.

        Raises:
            NotFound: ``group`` when there is none.
            Conflict: ``name``/``unique_group_name`` as in :meth:`add`;
                ``head_office_id``/``one_head_office`` when the backend's own constraint
                finds the Head Office is not a member of the group.
        """

    def delete(self, group_id: uuid.UUID) -> None:
        """Remove the group. The caller has checked it has no members.

        Raises:
            NotFound: ``group`` when there is none.
        """

    def all(self) -> list[CustomerGroup]:
        """Return every group in group order."""
        ...

    def search(self, folded_fragment: str) -> list[GroupMatch]:
        """Return the groups whose folded name contains *folded_fragment*, in group order.

        The fragment matches literally: ``%``, ``_`` and backslashes match themselves.
        Each match carries the group's member count.
        """
        ...
