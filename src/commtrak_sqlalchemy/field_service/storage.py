"""The service context's repositories of one SQL transaction."""

from __future__ import annotations

from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy.field_service.assets import SqlAssets, SqlReferenceItems
from commtrak_sqlalchemy.field_service.attachments import SqlAttachments, SqlServiceJournal
from commtrak_sqlalchemy.field_service.contracts import SqlContracts, SqlFlags
from commtrak_sqlalchemy.field_service.plans import SqlServicePlans
from commtrak_sqlalchemy.field_service.projects import SqlProjects
from commtrak_sqlalchemy.field_service.scheduling import SqlActivities, SqlDecisions, SqlReminders
from commtrak_sqlalchemy.field_service.slas import SqlSlas

__all__ = ["SqlFieldService"]


class SqlFieldService:
    """Implements :class:`~commtrak.field_service.ports.storage.FieldServiceStorage` over *db*."""

    def __init__(self, db: Db) -> None:
        self._db = db
        self.reference_items = SqlReferenceItems(db)
        self.assets = SqlAssets(db)
        self.attachments = SqlAttachments(db)
        self.projects = SqlProjects(db)
        self.service_journal = SqlServiceJournal(db)
        self.service_plans = SqlServicePlans(db)
        self.slas = SqlSlas(db)
        self.reminders = SqlReminders(db)
        self.reminder_decisions = SqlDecisions(db)
        self.activities = SqlActivities(db)

    @property
    def contracts(self) -> SqlContracts:
        """The customers' contracts."""
        return SqlContracts(self._db)

    @property
    def flags(self) -> SqlFlags:
        """The customers' flags."""
        return SqlFlags(self._db)
