"""Scheduled activities: follow-up calls, maintenance schedules (seed 004).

"Scheduled Activities: This feature has replaced the old service reminders and allows
you to add and manage scheduled activities directly from this tab, such as follow-up
calls or maintenance schedules." An activity is for a customer, optionally one of its
contacts or work addresses; it is open until it is done or cancelled. Completing a
recurring activity schedules its next occurrence one period after the due date.
"""

from __future__ import annotations

import datetime
import enum
import uuid

import attrs

from commtrak.field_service.model.periods import Period

__all__ = ["ActivityState", "ScheduledActivity"]


class ActivityState(enum.StrEnum):
    """Where an activity stands."""

    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


@attrs.frozen
class ScheduledActivity:
    """Something to do for a customer on a date.

    Attributes:
        id: Made by the library.
        customer_id: The customer.
        contact_id: One of its contacts it concerns, if any.
        work_address_id: One of its work addresses it concerns, if any.
        kind: What it is ("Follow-up call", "Maintenance visit").
        due_on: When it is due.
        period: How often it recurs, or ``None`` for once.
        notes: Free text.
        state: Open, done or cancelled.
        created_at: When it was added.
        created_by: Who added it.
        closed_at: When it was done or cancelled, else ``None``.
        closed_by: Who closed it, else blank.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    contact_id: uuid.UUID | None
    work_address_id: uuid.UUID | None
    kind: str
    due_on: datetime.date
    period: Period | None
    notes: str
    state: ActivityState
    created_at: datetime.datetime
    created_by: str
    closed_at: datetime.datetime | None = None
    closed_by: str = ""
