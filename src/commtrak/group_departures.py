"""Telling a bounded context that customers left a group, inside the same transaction.

A context that keeps records depending on group membership (the service context's
projects allocate components of a group's members) must react when a member leaves.
The core does not know such contexts; a
:class:`~commtrak.customer_references.CustomerReference` passed to
:func:`commtrak.open_store` as ``customer_references`` that also implements
:class:`GroupDepartures` is called by the groups service whenever customers leave a
group (``remove_member``, ``move_member``, ``reassign``),
after they left and before the service returns, so its writes commit or roll back
with the move.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from commtrak.unit_of_work import UnitOfWork

__all__ = ["GroupDepartures", "announce_departures"]


@runtime_checkable
class GroupDepartures(Protocol):
    """Something told when customers leave a group."""

    def left_group(
        self, session: UnitOfWork, group_id: uuid.UUID, customer_ids: Collection[uuid.UUID]
    ) -> None:
        """React to *customer_ids* having left *group_id*, in *session*'s transaction."""


def announce_departures(
    session: UnitOfWork, group_id: uuid.UUID, customer_ids: Collection[uuid.UUID]
) -> None:
    """Tell every customer reference of *session* that implements :class:`GroupDepartures`."""
    if not customer_ids:
        return
    for reference in session.customer_references:
        if isinstance(reference, GroupDepartures):
            reference.left_group(session, group_id, customer_ids)
