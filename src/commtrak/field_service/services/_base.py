"""What every service of the service context shares: its storage."""

from __future__ import annotations

from commtrak.field_service.ports.storage import FieldServiceStorage, field_service_storage
from commtrak.services._base import Service

__all__ = ["FieldServiceBase"]


class FieldServiceBase(Service):
    """Base of the service context's services: a core service with the context's storage."""

    @property
    def _storage(self) -> FieldServiceStorage:
        return field_service_storage(self._session.transaction)
