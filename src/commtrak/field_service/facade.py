"""The typed facade of the service context on one session: ``field_service.of(session)``."""

from __future__ import annotations

from commtrak.unit_of_work import UnitOfWork

__all__ = ["FieldService", "of"]


class FieldService:
    """The service context's services of one session, one typed property each.

    Every property returns the session's own instance of its service (made once per
    session by :meth:`UnitOfWork.service <commtrak.unit_of_work.UnitOfWork.service>`).
    """

    def __init__(self, session: UnitOfWork) -> None:
        self._session = session


def of(session: UnitOfWork) -> FieldService:
    """Return the service context's services of *session* (a :class:`~commtrak.Session`)."""
    return session.service(FieldService)
