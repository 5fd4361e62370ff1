"""The department port: the store's managed department list.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from commtrak.model.departments import Department

__all__ = ["DepartmentRepository"]


class DepartmentRepository(Protocol):
    """Stores the store's list of :class:`~commtrak.model.Department` names."""

    def add(self, department: Department) -> None:
        """Store a new department.

        Raises:
            Conflict: ``name``/``unique_department`` when one with the same folded name
                exists.
        """

    def update(self, department: Department) -> None:
        """Replace the stored department (its archived flag).

        Raises:
            NotFound: ``department``.
        """

    def get(self, department_id: uuid.UUID) -> Department:
        """Return the department.

        Raises:
            NotFound: ``department``.
        """
        ...

    def all(self) -> list[Department]:
        """Return every department, archived ones included, by folded name then id."""
        ...
