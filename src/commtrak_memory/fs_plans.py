"""The memory backend's service plans and their assignments."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from commtrak.errors import Conflict, NotFound
from commtrak.field_service.model.service_plans import PlanAssignment, ServicePlan
from commtrak_memory._table import CustomerRows, Table
from commtrak_memory.fs_assets import scan_ids

__all__ = ["MemoryServicePlans", "PlanTables"]

Undo = list[Callable[[], None]]


class PlanTables:
    """The plans and assignments of one memory store."""

    def __init__(self) -> None:
        self.plans: Table[ServicePlan] = Table({"name": lambda plan: plan.name_key})
        self.assignments: Table[PlanAssignment] = Table(
            {"customer": lambda a: a.customer_id, "plan": lambda a: a.plan_id}
        )

    @property
    def all(self) -> tuple[Table[ServicePlan] | Table[PlanAssignment], ...]:
        """The tables."""
        return (self.plans, self.assignments)


class MemoryServicePlans(CustomerRows[PlanAssignment]):
    """Implements :class:`~commtrak.field_service.ports.service_plans.ServicePlanRepository`."""

    def __init__(self, tables: PlanTables, undo: Undo) -> None:
        self._plans = tables.plans
        self._table = tables.assignments
        self._undo = undo

    def _put(self, plan: ServicePlan) -> None:
        if any(other.id != plan.id for other in self._plans.lookup("name", plan.name_key)):
            raise Conflict("name", "unique_service_plan", "another plan has that name")
        self._plans.put(plan.id, plan, self._undo)

    def add(self, plan: ServicePlan) -> None:
        """As the port's ``add``."""
        if plan.id in self._plans:
            raise Conflict("id", "unique_id", f"the id {plan.id} is taken")
        self._put(plan)

    def get(self, plan_id: uuid.UUID) -> ServicePlan:
        """As the port's ``get``."""
        found = self._plans.get(plan_id)
        if found is None:
            raise NotFound("service_plan", plan_id)
        return found

    def update(self, plan: ServicePlan) -> None:
        """As the port's ``update``."""
        self.get(plan.id)
        self._put(plan)

    def remove(self, plan_id: uuid.UUID) -> None:
        """As the port's ``remove``."""
        self.get(plan_id)
        self._plans.remove(plan_id, self._undo)

    def all(self) -> list[ServicePlan]:
        """As the port's ``all``."""
        return sorted(self._plans, key=lambda plan: (plan.name_key, plan.id))

    def assign(self, assignment: PlanAssignment) -> None:
        """As the port's ``assign``."""
        self.get(assignment.plan_id)
        self._table.put(assignment.id, assignment, self._undo)

    def assignments(self, customer_id: uuid.UUID) -> list[PlanAssignment]:
        """As the port's ``assignments``."""
        found = self._table.lookup("customer", customer_id)
        return sorted(found, key=lambda a: (a.expires_on, a.id))

    def count_assignments(self, plan_id: uuid.UUID) -> int:
        """As the port's ``count_assignments``."""
        return self._table.count("plan", plan_id)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[ServicePlan]:
        """As the port's ``scan``."""
        return scan_ids(self._plans, after, limit)  # type: ignore[arg-type,return-value]

    def scan_assignments(self, after: uuid.UUID | None, limit: int) -> list[PlanAssignment]:
        """As the port's ``scan_assignments``."""
        return scan_ids(self._table, after, limit)  # type: ignore[arg-type,return-value]
