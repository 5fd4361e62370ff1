"""The projects port."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Protocol

from commtrak.field_service.model.projects import Allocation, Project
from commtrak.ports import CustomerChildRepository

__all__ = ["ProjectRepository"]


class ProjectRepository(CustomerChildRepository, Protocol):
    """Stores projects and their allocations; projects move with their Head Office."""

    def add(self, project: Project) -> None:
        """Store a new project."""

    def get(self, project_id: uuid.UUID, *, for_update: bool = False) -> Project:
        """Return the project.

        Raises:
            NotFound: ``project``.
        """
        ...

    def for_customer(self, customer_id: uuid.UUID) -> list[Project]:
        """Return the projects run from a Head Office, oldest first, then by id."""
        ...

    def allocate(self, allocation: Allocation) -> None:
        """Store an allocation.

        Raises:
            Conflict: ``component_id``/``already_allocated`` when the project has it.
        """

    def allocations(self, project_id: uuid.UUID) -> list[Allocation]:
        """Return the project's allocations, oldest first, then by component id."""
        ...

    def release(self, project_id: uuid.UUID, component_id: uuid.UUID) -> Allocation | None:
        """Delete one allocation and return it, or ``None`` when there was none."""
        ...

    def release_leaving(
        self, group_id: uuid.UUID, customer_ids: Collection[uuid.UUID]
    ) -> list[Allocation]:
        """Delete and return the allocations a group loses when *customer_ids* leave it.

        Those of projects of *group_id* whose component belongs to one of them, and
        every allocation of a project run from one of them: set-based, one statement
        each way on SQL.
        """
        ...

    def erase_allocations(self, customer_id: uuid.UUID) -> int:
        """Delete the allocations naming *customer_id* as member, or of its projects."""
        ...

    def count_member(self, customer_id: uuid.UUID) -> int:
        """Return how many allocations name *customer_id* as the component's member."""
        ...

    def reassign_member(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Name *to_id* as the member wherever *from_id* is (a customer merge moved them)."""
        ...

    def reassign_customer(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Move the projects of Head Office *from_id* to *to_id* (a customer merge)."""
        ...

    def count_for_customer(self, customer_id: uuid.UUID) -> int:
        """Return how many projects are run from the customer."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Project]:
        """Return up to *limit* projects with ids after *after*, by id (for export)."""
        ...

    def scan_allocations(
        self, after: tuple[uuid.UUID, uuid.UUID] | None, limit: int
    ) -> list[Allocation]:
        """Return allocations after the (project, component) pair *after*, in that order."""
        ...
