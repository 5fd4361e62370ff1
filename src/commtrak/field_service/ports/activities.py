"""The scheduled activity port."""

from __future__ import annotations

import datetime
import uuid
from typing import Protocol

from commtrak.field_service.model.activities import ScheduledActivity
from commtrak.field_service.ports.reminders import DueKey
from commtrak.ports import CustomerChildRepository

__all__ = ["ActivityRepository"]


class ActivityRepository(CustomerChildRepository, Protocol):
    """Stores scheduled activities; done and cancelled ones are kept."""

    def add(self, activity: ScheduledActivity) -> None:
        """Store a new activity.

        Raises:
            Conflict: ``id``/``unique_id``.
        """

    def get(self, activity_id: uuid.UUID, *, for_update: bool = False) -> ScheduledActivity:
        """Return the activity; *for_update* locks its row.

        Raises:
            NotFound: ``scheduled_activity``.
        """
        ...

    def update(self, activity: ScheduledActivity) -> None:
        """Replace the stored activity of the same id.

        Raises:
            NotFound: ``scheduled_activity``.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[ScheduledActivity]:
        """Return the customer's activities, closed ones too, by due date, then id."""
        ...

    def due(
        self,
        until: datetime.date,
        *,
        after: DueKey | None,
        limit: int,
        customer_id: uuid.UUID | None = None,
    ) -> list[ScheduledActivity]:
        """Return open activities due on or before *until*, by due date then id.

        One indexed query, paged by key like
        :meth:`~commtrak.field_service.ports.reminders.ReminderRepository.due`.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[ScheduledActivity]:
        """Return up to *limit* activities with ids greater than *after*, by id."""
        ...
