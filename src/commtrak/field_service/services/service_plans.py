"""Service plans and their assignment to customers (seed 004)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

import attrs

from commtrak.errors import Conflict, NotFound, ValidationError
from commtrak.field_service.model.service_plans import PlanAssignment, ServicePlan
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.field_service.services._base import FieldServiceBase
from commtrak.finance.currencies import currency
from commtrak.finance.money import Money
from commtrak.model._text import MAX_NOTE, clean_text, required_text
from commtrak.model.ids import new_id
from commtrak.services._base import atomic
from commtrak.services._record import live_customer
from commtrak.unit_of_work import UnitOfWork

__all__ = ["DELETE_CONFIRMATION", "ServicePlanService", "check_assignment", "check_plan"]

#: What a caller types to confirm deleting a plan (the seed's "Type delete").
DELETE_CONFIRMATION = "delete"


def _items(field: str, values: Iterable[object]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise ValidationError(field, "type", "must be a list of texts, not one text")
    return tuple(required_text(field, value) for value in values)


def check_plan(plan: ServicePlan) -> ServicePlan:
    """Return *plan* with its texts trimmed and its cost checked, or refuse it.

    Raises:
        ValidationError: ``name``/``required``; ``tasks`` or ``materials`` with
            ``required`` (a blank item) or ``type``; ``cost``/``type`` (not
            :class:`~commtrak.finance.Money`), ``cost``/``minimum`` (below zero),
            ``cost`` with the money rules; ``warranty`` text rules.
    """
    cost = plan.cost
    if not isinstance(cost, Money):
        raise ValidationError("cost", "type", "must be commtrak.finance.Money")
    checked_cost = Money.of(cost.amount, currency(cost.currency.code), field="cost")
    if checked_cost.amount < 0:
        raise ValidationError("cost", "minimum", "a plan cannot cost less than nothing")
    return attrs.evolve(
        plan,
        name=required_text("name", plan.name),
        tasks=_items("tasks", plan.tasks),
        materials=_items("materials", plan.materials),
        cost=checked_cost,
        warranty=clean_text("warranty", plan.warranty, max_length=MAX_NOTE),
    )


def check_assignment(session: UnitOfWork, assignment: PlanAssignment) -> PlanAssignment:
    """Return *assignment* with its work addresses deduplicated, or refuse it.

    Raises:
        NotFound: ``customer``, ``service_plan``.
        Conflict: ``customer_id``/``merged_customer``.
        ValidationError: ``expires_on``/``type``; ``work_address_ids``/``same_customer``
            for a work address that is not the customer's.
    """
    live_customer(session, assignment.customer_id)
    field_service_storage(session.transaction).service_plans.get(assignment.plan_id)
    expires = assignment.expires_on
    if not isinstance(expires, datetime.date) or isinstance(expires, datetime.datetime):
        raise ValidationError("expires_on", "type", "must be a date")
    covered = tuple(dict.fromkeys(assignment.work_address_ids))
    for work_address_id in covered:
        try:
            owner = session.transaction.work_addresses.get(work_address_id).customer_id
        except NotFound:
            owner = None
        if owner != assignment.customer_id:
            raise ValidationError(
                "work_address_ids", "same_customer", f"{work_address_id} is not the customer's"
            )
    return attrs.evolve(assignment, work_address_ids=covered)


class ServicePlanService(FieldServiceBase):
    """Defines service plans and assigns them to customers.

    Rules: a plan's name is unique, case-insensitively; its cost is
    :class:`~commtrak.finance.Money` of zero or more; deleting it needs the typed
    confirmation ``"delete"`` and no assignment naming it. An assignment names a live
    customer, an expiry date and work addresses of that customer only; assignments move
    with their customer on a merge.
    """

    @atomic
    def define(
        self,
        name: str,
        *,
        cost: Money,
        tasks: Iterable[str] = (),
        materials: Iterable[str] = (),
        warranty: str = "",
    ) -> ServicePlan:
        """Define a service plan.

        Raises:
            ValidationError: as :func:`check_plan`.
            Conflict: ``name``/``unique_service_plan``.
        """
        plan = ServicePlan(
            id=new_id(),
            name=name,
            tasks=_items("tasks", tasks),
            materials=_items("materials", materials),
            cost=cost,
            warranty=warranty,
        )
        return self._store(plan, add=True)

    @atomic
    def change(
        self,
        plan_id: uuid.UUID,
        *,
        name: str | None = None,
        cost: Money | None = None,
        tasks: Iterable[str] | None = None,
        materials: Iterable[str] | None = None,
        warranty: str | None = None,
    ) -> ServicePlan:
        """Change a plan's fields (those given).

        Raises:
            NotFound: ``service_plan``; the rest as :meth:`define`.
        """
        plan = self._storage.service_plans.get(plan_id)
        changed = attrs.evolve(
            plan,
            name=plan.name if name is None else name,
            cost=plan.cost if cost is None else cost,
            tasks=plan.tasks if tasks is None else _items("tasks", tasks),
            materials=plan.materials if materials is None else _items("materials", materials),
            warranty=plan.warranty if warranty is None else warranty,
        )
        return self._store(changed, add=False)

    @atomic
    def delete(self, plan_id: uuid.UUID, *, confirm: str) -> ServicePlan:
        """Delete a plan, as the seed's "Type delete" does.

        Raises:
            ValidationError: ``confirm``/``confirmation`` unless *confirm* is ``"delete"``.
            NotFound: ``service_plan``.
            Conflict: ``plan_id``/``plan_in_use`` while a customer has it assigned.
        """
        if confirm != DELETE_CONFIRMATION:
            raise ValidationError("confirm", "confirmation", 'type "delete" to delete a plan')
        plans = self._storage.service_plans
        plan = plans.get(plan_id)
        if plans.count_assignments(plan_id):
            raise Conflict("plan_id", "plan_in_use", f"{plan.name!r} is assigned to customers")
        plans.remove(plan_id)
        return plan

    def get(self, plan_id: uuid.UUID) -> ServicePlan:
        """Return a plan.

        Raises:
            NotFound: ``service_plan``.
        """
        return self._storage.service_plans.get(plan_id)

    def all(self) -> list[ServicePlan]:
        """Return every plan, by name."""
        return self._storage.service_plans.all()

    @atomic
    def assign(
        self,
        customer_id: uuid.UUID,
        plan_id: uuid.UUID,
        *,
        expires_on: datetime.date,
        work_address_ids: Iterable[uuid.UUID] = (),
    ) -> PlanAssignment:
        """Assign a plan to a customer until *expires_on*, covering the ticked work addresses.

        Raises:
            NotFound, Conflict, ValidationError: as :func:`check_assignment`.
        """
        assignment = PlanAssignment(
            id=new_id(),
            plan_id=plan_id,
            customer_id=customer_id,
            expires_on=expires_on,
            work_address_ids=tuple(work_address_ids),
            assigned_at=self._session.now(),
            assigned_by=self._session.actor.name,
        )
        checked = check_assignment(self._session, assignment)
        self._storage.service_plans.assign(checked)
        return checked

    def assignments(self, customer_id: uuid.UUID) -> list[PlanAssignment]:
        """Return the plans assigned to a customer, soonest to expire first."""
        return self._storage.service_plans.assignments(customer_id)

    def _store(self, plan: ServicePlan, *, add: bool) -> ServicePlan:
        checked = check_plan(plan)
        plans = self._storage.service_plans
        for other in plans.all():
            if other.name_key == checked.name_key and other.id != checked.id:
                raise Conflict("name", "unique_service_plan", f"a plan {checked.name!r} exists")
        (plans.add if add else plans.update)(checked)
        return checked
