"""The typed facade of the service context on one session: ``field_service.of(session)``."""

from __future__ import annotations

import functools

from commtrak.field_service.services.activities import ActivityService
from commtrak.field_service.services.reminders import ReminderService
from commtrak.unit_of_work import UnitOfWork

__all__ = ["FieldService", "of"]


class FieldService:
    """The service context's services of one session, one typed property each.

    Every property returns the session's own instance of its service (made once per
    session by :meth:`UnitOfWork.service <commtrak.unit_of_work.UnitOfWork.service>`).
    """

    def __init__(self, session: UnitOfWork) -> None:
        self._session = session

    @functools.cached_property
    def reminders(self) -> ReminderService:
        """Service reminders, their due list and batch decisions."""
        return self._session.service(ReminderService)

    @functools.cached_property
    def activities(self) -> ActivityService:
        """Scheduled activities (follow-up calls, maintenance schedules) and their due list."""
        return self._session.service(ActivityService)


def of(session: UnitOfWork) -> FieldService:
    """Return the service context's services of *session* (a :class:`~commtrak.Session`)."""
    return session.service(FieldService)
