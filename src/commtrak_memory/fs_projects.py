"""The memory backend's projects and allocations."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection

import attrs

from commtrak.errors import Conflict, NotFound
from commtrak.field_service.model.projects import Allocation, Project
from commtrak_memory._table import Table
from commtrak_memory.fs_assets import scan_ids

__all__ = ["MemoryProjects", "ProjectTables"]

Undo = list[Callable[[], None]]
Key = tuple[uuid.UUID, uuid.UUID]


class ProjectTables:
    """The projects and allocations of one memory store."""

    def __init__(self) -> None:
        self.projects: Table[Project] = Table(
            {"customer": lambda p: p.customer_id, "group": lambda p: p.group_id}
        )
        self.allocations: Table[Allocation] = Table(
            {"project": lambda a: a.project_id, "member": lambda a: a.member_id}
        )

    @property
    def all(self) -> tuple[Table[Project] | Table[Allocation], ...]:
        """The tables."""
        return (self.projects, self.allocations)


def _key(allocation: Allocation) -> Key:
    return (allocation.project_id, allocation.component_id)


def _oldest(allocations: list[Allocation]) -> list[Allocation]:
    return sorted(allocations, key=lambda a: (a.allocated_at, a.component_id))


class MemoryProjects:
    """Implements :class:`~commtrak.field_service.ports.projects.ProjectRepository`."""

    def __init__(self, tables: ProjectTables, undo: Undo) -> None:
        self._projects = tables.projects
        self._allocations = tables.allocations
        self._undo = undo

    def add(self, project: Project) -> None:
        """As the port's ``add``."""
        if project.id in self._projects:
            raise Conflict("id", "unique_id", f"the id {project.id} is taken")
        self._projects.put(project.id, project, self._undo)

    def get(self, project_id: uuid.UUID, *, for_update: bool = False) -> Project:
        """As the port's ``get``."""
        found = self._projects.get(project_id)
        if found is None:
            raise NotFound("project", project_id)
        return found

    def for_customer(self, customer_id: uuid.UUID) -> list[Project]:
        """As the port's ``for_customer``."""
        found = self._projects.lookup("customer", customer_id)
        return sorted(found, key=lambda p: (p.created_at, p.id))

    def allocate(self, allocation: Allocation) -> None:
        """As the port's ``allocate``."""
        if _key(allocation) in self._allocations:
            raise Conflict(
                "component_id", "already_allocated", "the project has that component already"
            )
        self.get(allocation.project_id)
        self._allocations.put(_key(allocation), allocation, self._undo)

    def allocations(self, project_id: uuid.UUID) -> list[Allocation]:
        """As the port's ``allocations``."""
        return _oldest(self._allocations.lookup("project", project_id))

    def release(self, project_id: uuid.UUID, component_id: uuid.UUID) -> Allocation | None:
        """As the port's ``release``."""
        found = self._allocations.get((project_id, component_id))
        if found is not None:
            self._allocations.remove(_key(found), self._undo)
        return found

    def release_leaving(
        self, group_id: uuid.UUID, customer_ids: Collection[uuid.UUID]
    ) -> list[Allocation]:
        """As the port's ``release_leaving``."""
        leaving = set(customer_ids)
        released = []
        for project in self._projects.lookup("group", group_id):
            for allocation in self._allocations.lookup("project", project.id):
                if project.customer_id in leaving or allocation.member_id in leaving:
                    released.append(allocation)
        for allocation in released:
            self._allocations.remove(_key(allocation), self._undo)
        return sorted(released, key=_key)

    def erase_allocations(self, customer_id: uuid.UUID) -> int:
        """As the port's ``erase_allocations``."""
        gone = {_key(a): a for a in self._allocations.lookup("member", customer_id)}
        for project in self._projects.lookup("customer", customer_id):
            gone |= {_key(a): a for a in self._allocations.lookup("project", project.id)}
        for key in gone:
            self._allocations.remove(key, self._undo)
        return len(gone)

    def count_member(self, customer_id: uuid.UUID) -> int:
        """As the port's ``count_member``."""
        return self._allocations.count("member", customer_id)

    def reassign_member(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """As the port's ``reassign_member``."""
        moved = self._allocations.lookup("member", from_id)
        for allocation in moved:
            changed = attrs.evolve(allocation, member_id=to_id)
            self._allocations.put(_key(allocation), changed, self._undo)
        return len(moved)

    def count_for_customer(self, customer_id: uuid.UUID) -> int:
        """As the port's ``count_for_customer``."""
        return self._projects.count("customer", customer_id)

    def reassign_customer(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """As the port's ``reassign_customer``."""
        moved = self._projects.lookup("customer", from_id)
        for project in moved:
            self._projects.put(project.id, attrs.evolve(project, customer_id=to_id), self._undo)
        return len(moved)

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        """As the port's ``erase_for_customer``: the projects and their allocations."""
        projects = self._projects.lookup("customer", customer_id)
        for project in projects:
            for allocation in self._allocations.lookup("project", project.id):
                self._allocations.remove(_key(allocation), self._undo)
            self._projects.remove(project.id, self._undo)
        return len(projects)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Project]:
        """As the port's ``scan``."""
        return scan_ids(self._projects, after, limit)  # type: ignore[arg-type,return-value]

    def scan_allocations(self, after: Key | None, limit: int) -> list[Allocation]:
        """As the port's ``scan_allocations``."""
        rows = sorted(self._allocations, key=_key)
        return [a for a in rows if after is None or _key(a) > after][:limit]
