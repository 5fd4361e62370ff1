"""The typed facade of the service context on one session: ``field_service.of(session)``."""

from __future__ import annotations

import functools

from commtrak.field_service.services.contracts import ContractService
from commtrak.field_service.services.flags import FlagService
from commtrak.field_service.services.reports import ReportService
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
