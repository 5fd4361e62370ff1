"""The service context's repositories of one SQL transaction."""

from __future__ import annotations

from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy.field_service.contracts import SqlContracts, SqlFlags

__all__ = ["SqlFieldService"]


class SqlFieldService:
    """Implements :class:`~commtrak.field_service.ports.storage.FieldServiceStorage` over *db*."""

    def __init__(self, db: Db) -> None:
        self._db = db

    @property
    def contracts(self) -> SqlContracts:
        """The customers' contracts."""
        return SqlContracts(self._db)

    @property
    def flags(self) -> SqlFlags:
        """The customers' flags."""
        return SqlFlags(self._db)
