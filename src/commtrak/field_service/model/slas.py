"""Service level agreements (seed 004, "Associate SLA"): response and resolution targets.

An SLA says how soon a request is answered and how soon it is resolved; a customer is
associated with one SLA at most. :func:`sla_outcome` and :func:`met` tell, without any
store, whether one request met an SLA.
"""

from __future__ import annotations

import datetime
import uuid

import attrs

from commtrak.errors import ValidationError
from commtrak.model._text import fold

__all__ = ["CustomerSla", "Sla", "SlaOutcome", "met", "sla_outcome"]


@attrs.frozen
class Sla:
    """A service level agreement.

    Attributes:
        id: Made by the library.
        name: Unique among SLAs, compared case-insensitively.
        response_minutes: How many minutes after a request its response is due.
        resolution_minutes: How many minutes after a request its resolution is due (no
            fewer than ``response_minutes``).
    """

    id: uuid.UUID
    name: str
    response_minutes: int
    resolution_minutes: int

    @property
    def name_key(self) -> str:
        """The folded name, unique among SLAs."""
        return fold(self.name)


@attrs.frozen
class CustomerSla:
    """A customer's association with an SLA.

    Attributes:
        customer_id: The customer.
        sla_id: Its SLA.
        assigned_at: When it was associated (UTC).
        assigned_by: Who associated it.
    """

    customer_id: uuid.UUID
    sla_id: uuid.UUID
    assigned_at: datetime.datetime
    assigned_by: str


@attrs.frozen
class SlaOutcome:
    """How one request fared against an SLA.

    Attributes:
        response_met: Responded within the response target (``False`` if never).
        resolution_met: Resolved within the resolution target (``False`` if never).
    """

    response_met: bool
    resolution_met: bool

    @property
    def met(self) -> bool:
        """Both targets met."""
        return self.response_met and self.resolution_met


def _aware(field: str, value: object) -> datetime.datetime:
    if not isinstance(value, datetime.datetime) or value.utcoffset() is None:
        raise ValidationError(field, "aware_datetime", "must be a timezone-aware datetime")
    return value


def sla_outcome(
    sla: Sla,
    requested_at: datetime.datetime,
    responded_at: datetime.datetime | None,
    resolved_at: datetime.datetime | None,
) -> SlaOutcome:
    """Tell whether a request met each of *sla*'s targets; a target is met at its due time.

    A request not responded to (``responded_at`` is ``None``) or not resolved misses
    that target.

    Raises:
        ValidationError: ``requested_at``/``responded_at``/``resolved_at`` with
            ``aware_datetime`` for a naive or non-datetime value; ``responded_at`` or
            ``resolved_at`` with ``before_request`` for a time before the request;
            ``resolved_at``/``before_response`` for a resolution before the response.
    """
    requested = _aware("requested_at", requested_at)
    times: dict[str, datetime.datetime | None] = {}
    for field, value in (("responded_at", responded_at), ("resolved_at", resolved_at)):
        times[field] = None if value is None else _aware(field, value)
        found = times[field]
        if found is not None and found < requested:
            raise ValidationError(field, "before_request", f"{field} is before the request")
    responded, resolved = times["responded_at"], times["resolved_at"]
    if responded is not None and resolved is not None and resolved < responded:
        raise ValidationError("resolved_at", "before_response", "resolved before responded")
    response_due = requested + datetime.timedelta(minutes=sla.response_minutes)
    resolution_due = requested + datetime.timedelta(minutes=sla.resolution_minutes)
    return SlaOutcome(
        response_met=responded is not None and responded <= response_due,
        resolution_met=resolved is not None and resolved <= resolution_due,
    )


def met(
    sla: Sla,
    requested_at: datetime.datetime,
    responded_at: datetime.datetime | None,
    resolved_at: datetime.datetime | None,
) -> bool:
    """Whether a request met both of *sla*'s targets (see :func:`sla_outcome`)."""
    return sla_outcome(sla, requested_at, responded_at, resolved_at).met
