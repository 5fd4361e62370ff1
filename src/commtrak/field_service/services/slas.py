"""Service level agreements and the customers associated with them (seed 004)."""

from __future__ import annotations

import datetime
import uuid

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.field_service.model.slas import CustomerSla, Sla, SlaOutcome, sla_outcome
from commtrak.field_service.services._base import FieldServiceBase
from commtrak.model._text import required_text
from commtrak.model.ids import new_id
from commtrak.services._base import atomic
from commtrak.services._record import live_customer

__all__ = ["SlaService", "check_sla"]


def _minutes(field: str, value: object) -> int:
    if type(value) is not int or value < 1:
        raise ValidationError(field, "positive", "must be a whole number of minutes above zero")
    return value


def check_sla(sla: Sla) -> Sla:
    """Return *sla* with its name trimmed, or refuse it.

    Raises:
        ValidationError: ``name``/``required``; ``response_minutes`` or
            ``resolution_minutes`` with ``positive``; ``resolution_minutes``/
            ``before_response`` for a resolution due before the response.
    """
    response = _minutes("response_minutes", sla.response_minutes)
    resolution = _minutes("resolution_minutes", sla.resolution_minutes)
    if resolution < response:
        raise ValidationError(
            "resolution_minutes", "before_response", "a resolution cannot be due before a response"
        )
    return attrs.evolve(sla, name=required_text("name", sla.name))


class SlaService(FieldServiceBase):
    """Defines SLAs, associates customers with one each, and measures requests.

    Rules: an SLA's name is unique (case-insensitively), its targets are whole minutes
    above zero, resolution no sooner than response; a customer has one SLA at most, and
    a merged customer's passes to a survivor that has none.
    """

    @atomic
    def define(self, name: str, *, response_minutes: int, resolution_minutes: int) -> Sla:
        """Define an SLA.

        Raises:
            ValidationError: as :func:`check_sla`.
            Conflict: ``name``/``unique_sla``.
        """
        sla = Sla(
            id=new_id(),
            name=name,
            response_minutes=response_minutes,
            resolution_minutes=resolution_minutes,
        )
        return self._store(sla, add=True)

    @atomic
    def change(
        self,
        sla_id: uuid.UUID,
        *,
        name: str | None = None,
        response_minutes: int | None = None,
        resolution_minutes: int | None = None,
    ) -> Sla:
        """Change an SLA's name or targets (those given).

        Raises:
            NotFound: ``sla``; the rest as :meth:`define`.
        """
        sla = self._storage.slas.get(sla_id)
        changed = attrs.evolve(
            sla,
            name=sla.name if name is None else name,
            response_minutes=sla.response_minutes if response_minutes is None else response_minutes,
            resolution_minutes=(
                sla.resolution_minutes if resolution_minutes is None else resolution_minutes
            ),
        )
        return self._store(changed, add=False)

    def get(self, sla_id: uuid.UUID) -> Sla:
        """Return an SLA.

        Raises:
            NotFound: ``sla``.
        """
        return self._storage.slas.get(sla_id)

    def all(self) -> list[Sla]:
        """Return every SLA, by name."""
        return self._storage.slas.all()

    @atomic
    def associate(self, customer_id: uuid.UUID, sla_id: uuid.UUID) -> CustomerSla:
        """Associate a customer with an SLA, replacing its previous one.

        Raises:
            NotFound: ``customer`` or ``sla``.
            Conflict: ``customer_id``/``merged_customer``.
        """
        live_customer(self._session, customer_id)
        self._storage.slas.get(sla_id)
        assignment = CustomerSla(
            customer_id=customer_id,
            sla_id=sla_id,
            assigned_at=self._session.now(),
            assigned_by=self._session.actor.name,
        )
        self._storage.slas.assign(assignment)
        return assignment

    @atomic
    def dissociate(self, customer_id: uuid.UUID) -> bool:
        """End a customer's association; return whether it had one."""
        return self._storage.slas.unassign(customer_id)

    def of_customer(self, customer_id: uuid.UUID) -> Sla | None:
        """Return the customer's SLA, if it has one."""
        assignment = self._storage.slas.of_customer(customer_id)
        return None if assignment is None else self._storage.slas.get(assignment.sla_id)

    def measure(
        self,
        customer_id: uuid.UUID,
        requested_at: datetime.datetime,
        responded_at: datetime.datetime | None,
        resolved_at: datetime.datetime | None,
    ) -> SlaOutcome | None:
        """Measure a request of the customer against its SLA (``None``: it has none).

        Raises:
            ValidationError: as :func:`~commtrak.field_service.model.slas.sla_outcome`.
        """
        sla = self.of_customer(customer_id)
        return None if sla is None else sla_outcome(sla, requested_at, responded_at, resolved_at)

    def _store(self, sla: Sla, *, add: bool) -> Sla:
        checked = check_sla(sla)
        for other in self._storage.slas.all():
            if other.name_key == checked.name_key and other.id != checked.id:
                raise Conflict("name", "unique_sla", f"an SLA {checked.name!r} exists")
        (self._storage.slas.add if add else self._storage.slas.update)(checked)
        return checked
