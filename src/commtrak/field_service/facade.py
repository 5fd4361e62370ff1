"""The typed facade of the service context on one session: ``field_service.of(session)``."""

from __future__ import annotations

import functools

from commtrak.field_service.services.activities import ActivityService
from commtrak.field_service.services.assets import AssetService
from commtrak.field_service.services.attachments import AttachmentService
from commtrak.field_service.services.contracts import ContractService
from commtrak.field_service.services.flags import FlagService
from commtrak.field_service.services.projects import ProjectService
from commtrak.field_service.services.reference_data import ReferenceDataService
from commtrak.field_service.services.reminders import ReminderService
from commtrak.field_service.services.reports import ReportService
from commtrak.field_service.services.service_plans import ServicePlanService
from commtrak.field_service.services.slas import SlaService
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
    def reference_data(self) -> ReferenceDataService:
        """The reference lists of assets (groups, fuel types, makes, models, locations)."""
        return self._session.service(ReferenceDataService)

    @functools.cached_property
    def assets(self) -> AssetService:
        """The assets and appliances of customers and their work addresses."""
        return self._session.service(AssetService)

    @functools.cached_property
    def attachments(self) -> AttachmentService:
        """The files attached to customers, contacts, work addresses and assets."""
        return self._session.service(AttachmentService)

    @functools.cached_property
    def projects(self) -> ProjectService:
        """The projects at Head Offices and the components they allocate."""
        return self._session.service(ProjectService)

    @functools.cached_property
    def service_plans(self) -> ServicePlanService:
        """The service plans and their assignment to customers."""
        return self._session.service(ServicePlanService)

    @functools.cached_property
    def slas(self) -> SlaService:
        """The SLAs, the customers associated with them, and measuring requests."""
        return self._session.service(SlaService)

    @functools.cached_property
    def reminders(self) -> ReminderService:
        """Service reminders, their due list and batch decisions."""
        return self._session.service(ReminderService)

    @functools.cached_property
    def activities(self) -> ActivityService:
        """Scheduled activities (follow-up calls, maintenance schedules) and their due list."""
        return self._session.service(ActivityService)

    @functools.cached_property
    def contracts(self) -> ContractService:
        """A customer's contracts, their expiries and the recurring jobs they schedule."""
        return self._session.service(ContractService)

    @functools.cached_property
    def flags(self) -> FlagService:
        """The flags on customers (labels the customer list filters by)."""
        return self._session.service(FlagService)

    @functools.cached_property
    def reports(self) -> ReportService:
        """The reports of customers by group and of customers with their contracts, streamed."""
        return self._session.service(ReportService)


def of(session: UnitOfWork) -> FieldService:
    """Return the service context's services of *session* (a :class:`~commtrak.Session`)."""
    return session.service(FieldService)
