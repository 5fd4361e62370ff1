"""The service context's repositories of one SQL transaction."""

from __future__ import annotations

from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy.field_service.scheduling import SqlActivities, SqlDecisions, SqlReminders

__all__ = ["SqlFieldService"]


class SqlFieldService:
    """Implements :class:`~commtrak.field_service.ports.storage.FieldServiceStorage` over *db*."""

    def __init__(self, db: Db) -> None:
        self._db = db
        self.reminders = SqlReminders(db)
        self.reminder_decisions = SqlDecisions(db)
        self.activities = SqlActivities(db)
