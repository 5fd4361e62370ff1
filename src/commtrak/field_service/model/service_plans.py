"""Service plans (seed 004): named plans of tasks, materials, cost and warranty terms.

"A service plan is a comprehensive document detailing tasks, materials, costs,
warranties, and other conditions related to a specific service." A plan is assigned
to a customer with an expiry date and the ticked properties (work addresses) it covers.
"""

from __future__ import annotations

import datetime
import uuid

import attrs

from commtrak.finance.money import Money
from commtrak.model._text import fold

__all__ = ["PlanAssignment", "ServicePlan"]


@attrs.frozen
class ServicePlan:
    """A named service plan.

    Attributes:
        id: Made by the library.
        name: Unique among plans, compared case-insensitively.
        tasks: What the service does, in order.
        materials: What it uses.
        cost: What it costs (:class:`~commtrak.finance.Money`, never a float).
        warranty: The warranty terms and other conditions.
    """

    id: uuid.UUID
    name: str
    tasks: tuple[str, ...]
    materials: tuple[str, ...]
    cost: Money
    warranty: str

    @property
    def name_key(self) -> str:
        """The folded name, unique among plans."""
        return fold(self.name)


@attrs.frozen
class PlanAssignment:
    """A plan assigned to a customer, covering some of its work addresses.

    Attributes:
        id: Made by the library.
        plan_id: The plan.
        customer_id: The customer.
        expires_on: The last day it covers.
        work_address_ids: The customer's work addresses it covers (the ticked ones).
        assigned_at: When it was assigned (UTC).
        assigned_by: Who assigned it.
    """

    id: uuid.UUID
    plan_id: uuid.UUID
    customer_id: uuid.UUID
    expires_on: datetime.date
    work_address_ids: tuple[uuid.UUID, ...]
    assigned_at: datetime.datetime
    assigned_by: str
