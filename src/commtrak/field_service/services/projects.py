"""Projects at a Head Office allocating its group members' components (seed 000)."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from commtrak.errors import Conflict, NotFound, ValidationError
from commtrak.field_service.model.projects import Allocation, ComponentKind, Project
from commtrak.field_service.model.service_journal import ServiceAction
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.field_service.services._base import FieldServiceBase
from commtrak.field_service.services._journal import journal
from commtrak.model._text import required_text
from commtrak.model.ids import new_id
from commtrak.services._base import atomic
from commtrak.services._record import live_customer
from commtrak.unit_of_work import UnitOfWork

__all__ = ["ProjectService", "release_leaving"]


def _kind(value: object) -> ComponentKind:
    try:
        return ComponentKind(str(value))
    except ValueError:
        known = ", ".join(ComponentKind)
        raise ValidationError("kind", "component_kind", f"must be one of {known}") from None


def release_leaving(
    session: UnitOfWork, group_id: uuid.UUID, customer_ids: Collection[uuid.UUID]
) -> list[Allocation]:
    """Release what *group_id*'s projects lose as *customer_ids* leave it, journaled.

    The allocations of their components, and every allocation of a project run from
    one of them, go; each gets an ``allocation_released_on_leaving`` entry in the
    project's Head Office's service journal.
    """
    storage = field_service_storage(session.transaction)
    released = storage.projects.release_leaving(group_id, customer_ids)
    projects = {
        project_id: storage.projects.get(project_id)
        for project_id in {allocation.project_id for allocation in released}
    }
    journal(
        session,
        storage,
        ServiceAction.ALLOCATION_RELEASED_ON_LEAVING,
        [
            (
                projects[a.project_id].customer_id,
                a.component_id,
                f"{a.kind.value} {a.component_id} released from project "
                f"{projects[a.project_id].name!r}: its customer left the group",
            )
            for a in released
        ],
    )
    return released


class ProjectService(FieldServiceBase):
    """Creates projects at a Head Office and allocates its group members' components.

    Rules: a project is created at the Head Office of a group and keeps that group; it
    allocates work addresses and assets of members of that group only, each once; a
    member leaving the group (removed, moved, reassigned) releases its components, and
    the project's own customer leaving releases them all, each journaled (the groups
    service tells the service context through
    :class:`commtrak.group_departures.GroupDepartures`; see
    :data:`commtrak.field_service.CUSTOMER_REFERENCES`).
    """

    @atomic
    def create(self, customer_id: uuid.UUID, name: str) -> Project:
        """Create a project at a Head Office.

        Raises:
            NotFound: ``customer``.
            ValidationError: ``name``/``required``.
            Conflict: ``customer_id``/``merged_customer``; ``customer_id``/``head_office``
                when the customer is not the Head Office of a group.
        """
        customer = live_customer(self._session, customer_id)
        checked = required_text("name", name)
        group_id = customer.group_id
        if group_id is None or self._groups.get(group_id).head_office_id != customer.id:
            raise Conflict(
                "customer_id", "head_office", f"{customer.name!r} is no group's Head Office"
            )
        project = Project(
            id=new_id(),
            customer_id=customer.id,
            group_id=group_id,
            name=checked,
            created_at=self._session.now(),
            created_by=self._session.actor.name,
        )
        self._storage.projects.add(project)
        return project

    def get(self, project_id: uuid.UUID) -> Project:
        """Return a project.

        Raises:
            NotFound: ``project``.
        """
        return self._storage.projects.get(project_id)

    def for_customer(self, customer_id: uuid.UUID) -> list[Project]:
        """Return the projects run from a Head Office, oldest first."""
        return self._storage.projects.for_customer(customer_id)

    @atomic
    def allocate(
        self, project_id: uuid.UUID, kind: ComponentKind | str, component_id: uuid.UUID
    ) -> Allocation:
        """Allocate a work address or asset of a member of the project's group.

        The project and the member are locked, so a member leaving the group at the
        same time waits for the allocation, then releases it.

        Raises:
            ValidationError: ``kind``/``component_kind``.
            NotFound: ``project``, ``work_address`` or ``asset``.
            Conflict: ``project_id``/``group_member`` when the project's customer left
                its group; ``component_id``/``same_group`` when the component's
                customer is not a member of the project's group;
                ``component_id``/``already_allocated``.
        """
        checked = _kind(kind)
        project = self._storage.projects.get(project_id, for_update=True)
        owner = self._customers.get(project.customer_id, for_update=True)
        if owner.group_id != project.group_id:
            raise Conflict(
                "project_id", "group_member", f"{owner.name!r} has left the project's group"
            )
        if checked is ComponentKind.WORK_ADDRESS:
            member_id = self._session.transaction.work_addresses.get(component_id).customer_id
        else:
            member_id = self._storage.assets.get(component_id).customer_id
        member = self._customers.get(member_id, for_update=True)
        if member.group_id != project.group_id:
            raise Conflict(
                "component_id",
                "same_group",
                f"the {checked.value} belongs to {member.name!r}, not a member of the group",
            )
        allocation = Allocation(
            project_id=project.id,
            kind=checked,
            component_id=component_id,
            member_id=member.id,
            allocated_at=self._session.now(),
            allocated_by=self._session.actor.name,
        )
        self._storage.projects.allocate(allocation)
        return allocation

    def allocations(self, project_id: uuid.UUID) -> list[Allocation]:
        """Return a project's allocations, oldest first.

        Raises:
            NotFound: ``project``.
        """
        self._storage.projects.get(project_id)
        return self._storage.projects.allocations(project_id)

    @atomic
    def release(self, project_id: uuid.UUID, component_id: uuid.UUID) -> Allocation:
        """Release one component from a project, journaled.

        Raises:
            NotFound: ``project``; ``allocation`` when the project does not have it.
        """
        project = self._storage.projects.get(project_id, for_update=True)
        released = self._storage.projects.release(project_id, component_id)
        if released is None:
            raise NotFound("allocation", component_id)
        journal(
            self._session,
            self._storage,
            ServiceAction.ALLOCATION_RELEASED,
            [
                (
                    project.customer_id,
                    component_id,
                    f"{released.kind.value} {component_id} released from {project.name!r}",
                )
            ],
        )
        return released
