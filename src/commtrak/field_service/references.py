"""The service context's records a customer merge moves, and its reaction to group departures.

:data:`CUSTOMER_REFERENCES` is named by the ``commtrak.customer_references`` entry point
``field_service``, so every store knows it: a customer merge gives the merged
customer's assets, attachment records, projects, service journal, reminders and their
decisions, activities, contracts and flags to the survivor (one statement per table on
SQL; flags the survivor has already are kept once), names the survivor as the member of
the components it allocated to projects, and a customer leaving a group releases its
project allocations (:class:`~commtrak.group_departures.GroupDepartures`). The merged
customer's SLA passes to a survivor that has none. An administrator's deletion of a
customer erases all of them.

Assets keep their technical references: a merge whose two customers have an asset
with the same reference is refused (``reference``/``unique_asset_reference``) until
one of them is renamed.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Final

import attrs

from commtrak.customer_references import ChildRecords, CustomerReference
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.field_service.scheduling_references import SCHEDULING_REFERENCES
from commtrak.field_service.services.projects import release_leaving
from commtrak.ports import Transaction
from commtrak.unit_of_work import UnitOfWork

__all__ = ["CUSTOMER_REFERENCES", "ProjectAllocations", "SlaChoice"]


@attrs.frozen
class ProjectAllocations:
    """The members named by project allocations: moved on a merge, released on leaving."""

    kind: str = "field_service.allocation.member"

    def count(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """Count the allocations of the customer's components."""
        return field_service_storage(transaction).projects.count_member(customer_id)

    def repoint(self, transaction: Transaction, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Name the survivor as the member (its components moved to it)."""
        return field_service_storage(transaction).projects.reassign_member(from_id, to_id)

    def left_group(
        self, session: UnitOfWork, group_id: uuid.UUID, customer_ids: Collection[uuid.UUID]
    ) -> None:
        """Release what the group's projects allocated of the leaving customers."""
        release_leaving(session, group_id, customer_ids)

    @property
    def retained(self) -> bool:
        """Allocations go with their member when it is deleted."""
        return False

    def erase(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """Delete the allocations of the customer's components and of its projects."""
        return field_service_storage(transaction).projects.erase_allocations(customer_id)


@attrs.frozen
class SlaChoice:
    """A customer's SLA: a merge gives the merged customer's to a survivor with none."""

    kind: str = "field_service.sla.customer"

    def count(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """Return 1 when the customer is associated with an SLA, else 0."""
        return int(field_service_storage(transaction).slas.of_customer(customer_id) is not None)

    def repoint(self, transaction: Transaction, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Associate *to_id* with *from_id*'s SLA unless it has its own; return 1 if so."""
        slas = field_service_storage(transaction).slas
        theirs = slas.of_customer(from_id)
        if theirs is None or slas.of_customer(to_id) is not None:
            return 0
        slas.assign(attrs.evolve(theirs, customer_id=to_id))
        return 1

    @property
    def retained(self) -> bool:
        """An association goes with its customer."""
        return False

    def erase(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        """End the customer's association; return 1 if it had one."""
        return int(field_service_storage(transaction).slas.unassign(customer_id))


#: The service context's references to customers, for ``open_store(customer_references=...)``.
CUSTOMER_REFERENCES: Final[tuple[CustomerReference, ...]] = (
    ChildRecords("field_service.asset.customer", lambda t: field_service_storage(t).assets),
    ChildRecords(
        "field_service.attachment.customer", lambda t: field_service_storage(t).attachments
    ),
    ChildRecords("field_service.project.customer", lambda t: field_service_storage(t).projects),
    ChildRecords(
        "field_service.plan_assignment.customer",
        lambda t: field_service_storage(t).service_plans,
    ),
    ChildRecords(
        "field_service.journal.customer", lambda t: field_service_storage(t).service_journal
    ),
    ProjectAllocations(),
    SlaChoice(),
    *SCHEDULING_REFERENCES,
    ChildRecords("field_service.contract.customer", lambda t: field_service_storage(t).contracts),
    ChildRecords("field_service.flag.customer", lambda t: field_service_storage(t).flags),
)
