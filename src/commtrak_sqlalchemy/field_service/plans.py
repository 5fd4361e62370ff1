"""The SQL repository of service plans and their assignments."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, delete, func, select

from commtrak.errors import NotFound
from commtrak.field_service.model.service_plans import PlanAssignment, ServicePlan
from commtrak.finance.model import stored_money
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._owned import CustomerRows
from commtrak_sqlalchemy._references import scan

__all__ = ["SqlServicePlans"]


def _plan_values(plan: ServicePlan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "name": plan.name,
        "name_key": plan.name_key,
        "tasks": list(plan.tasks),
        "materials": list(plan.materials),
        "cost_amount": plan.cost.amount,
        "cost_currency": plan.cost.currency.code,
        "warranty": plan.warranty,
    }


def _plan(row: Row[Any]) -> ServicePlan:
    return ServicePlan(
        id=row.id,
        name=row.name,
        tasks=tuple(row.tasks),
        materials=tuple(row.materials),
        cost=stored_money(row.cost_amount, row.cost_currency),
        warranty=row.warranty,
    )


class SqlServicePlans(CustomerRows):
    """Implements :class:`~commtrak.field_service.ports.service_plans.ServicePlanRepository`."""

    def __init__(self, db: Db) -> None:
        tables = db.tables.field_service.service_plans
        self._db = db
        self._plans = tables.plans
        self._table = tables.assignments
        self._addresses = tables.addresses

    def add(self, plan: ServicePlan) -> None:
        """Insert the plan (the unique index refuses a name taken)."""
        self._db.run(self._plans.insert().values(_plan_values(plan)))

    def get(self, plan_id: uuid.UUID) -> ServicePlan:
        """Read the plan."""
        found = self._db.by_id(self._plans, plan_id)
        if found is None:
            raise NotFound("service_plan", plan_id)
        return _plan(found)

    def update(self, plan: ServicePlan) -> None:
        """Rewrite the plan."""
        statement = self._plans.update().where(self._plans.c.id == plan.id)
        if not self._db.run(statement.values(_plan_values(plan))):
            raise NotFound("service_plan", plan.id)

    def remove(self, plan_id: uuid.UUID) -> None:
        """Delete the plan."""
        if not self._db.run(delete(self._plans).where(self._plans.c.id == plan_id)):
            raise NotFound("service_plan", plan_id)

    def all(self) -> list[ServicePlan]:
        """Read every plan along the name index."""
        statement = select(self._plans).order_by(self._plans.c.name_key, self._plans.c.id)
        return [_plan(row) for row in self._db.rows(statement)]

    def assign(self, assignment: PlanAssignment) -> None:
        """Insert the assignment, then the work addresses it covers (one statement)."""
        self._db.run(
            self._table.insert().values(
                id=assignment.id,
                plan_id=assignment.plan_id,
                customer_id=assignment.customer_id,
                expires_on=assignment.expires_on,
                assigned_at=assignment.assigned_at,
                assigned_by=assignment.assigned_by,
            )
        )
        rows = [
            {"assignment_id": assignment.id, "work_address_id": place, "position": position}
            for position, place in enumerate(assignment.work_address_ids)
        ]
        if rows:
            self._db.run(self._addresses.insert(), rows)

    def assignments(self, customer_id: uuid.UUID) -> list[PlanAssignment]:
        """Read the customer's assignments along its index, and their addresses."""
        table = self._table
        statement = (
            select(table)
            .where(table.c.customer_id == customer_id)
            .order_by(table.c.expires_on, table.c.id)
        )
        return self._read(statement)

    def count_assignments(self, plan_id: uuid.UUID) -> int:
        """Count the assignments naming the plan, on its index."""
        statement = select(func.count()).where(self._table.c.plan_id == plan_id)
        found = self._db.first(statement)
        return 0 if found is None else int(found[0])

    def scan(self, after: uuid.UUID | None, limit: int) -> list[ServicePlan]:
        """Read the next batch of plans by id."""
        return [_plan(row) for row in self._db.rows(scan(self._plans, after, limit))]

    def scan_assignments(self, after: uuid.UUID | None, limit: int) -> list[PlanAssignment]:
        """Read the next batch of assignments by id."""
        return self._read(scan(self._table, after, limit))

    def _read(self, statement: Select[Any]) -> list[PlanAssignment]:
        rows: Sequence[Row[Any]] = self._db.rows(statement)
        covered: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        if rows:
            places = self._addresses
            found = self._db.rows(
                select(places)
                .where(places.c.assignment_id.in_([row.id for row in rows]))
                .order_by(places.c.assignment_id, places.c.position)
            )
            for place in found:
                covered[place.assignment_id].append(place.work_address_id)
        return [
            PlanAssignment(
                id=row.id,
                plan_id=row.plan_id,
                customer_id=row.customer_id,
                expires_on=row.expires_on,
                work_address_ids=tuple(covered[row.id]),
                assigned_at=row.assigned_at,
                assigned_by=row.assigned_by,
            )
            for row in rows
        ]
