"""The service plans port."""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.field_service.model.service_plans import PlanAssignment, ServicePlan
from commtrak.ports import CustomerChildRepository

__all__ = ["ServicePlanRepository"]


class ServicePlanRepository(CustomerChildRepository, Protocol):
    """Stores plans and their assignments; assignments move with their customer."""

    def add(self, plan: ServicePlan) -> None:
        """Store a new plan.

        Raises:
            Conflict: ``name``/``unique_service_plan`` when another plan has the name.
        """

    def get(self, plan_id: uuid.UUID) -> ServicePlan:
        """Return the plan.

        Raises:
            NotFound: ``service_plan``.
        """
        ...

    def update(self, plan: ServicePlan) -> None:
        """Rewrite a plan (same conflicts as :meth:`add`)."""

    def remove(self, plan_id: uuid.UUID) -> None:
        """Delete a plan that no assignment names."""

    def all(self) -> list[ServicePlan]:
        """Return every plan, by folded name."""
        ...

    def assign(self, assignment: PlanAssignment) -> None:
        """Store an assignment with the work addresses it covers."""

    def assignments(self, customer_id: uuid.UUID) -> list[PlanAssignment]:
        """Return the customer's assignments, by expiry date, then id."""
        ...

    def count_assignments(self, plan_id: uuid.UUID) -> int:
        """Return how many assignments name the plan."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[ServicePlan]:
        """Return up to *limit* plans with ids after *after*, by id (for export)."""
        ...

    def scan_assignments(self, after: uuid.UUID | None, limit: int) -> list[PlanAssignment]:
        """Return up to *limit* assignments with ids after *after*, by id (for export)."""
        ...
