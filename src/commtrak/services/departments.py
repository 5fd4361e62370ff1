"""The store's department list, kept in its settings (seed 001)."""

from __future__ import annotations

import uuid

import attrs

from commtrak.errors import Conflict
from commtrak.model._text import fold, required_text
from commtrak.model.departments import Department
from commtrak.model.ids import new_id
from commtrak.services._base import Service, atomic

__all__ = ["DepartmentService"]


class DepartmentService(Service):
    """Keeps the list of department names contacts may be given.

    Names are unique case-insensitively. A department is archived rather than deleted:
    it is no longer offered, and contacts that have it keep it.
    """

    @atomic
    def add(self, name: str) -> Department:
        """Add a department.

        Raises:
            ValidationError: ``name``/``required`` (and the other text rules).
            Conflict: ``name``/``unique_department`` when the name is taken.
        """
        name = required_text("name", name)
        for existing in self._session.transaction.departments.all():
            if fold(existing.name) == fold(name):
                raise Conflict(
                    "name", "unique_department", f"a department named {existing.name!r} exists"
                )
        department = Department(id=new_id(), name=name)
        self._session.transaction.departments.add(department)
        return department

    def all(self, *, include_archived: bool = False) -> list[Department]:
        """Return the departments by name; archived ones only if asked."""
        return [
            d
            for d in self._session.transaction.departments.all()
            if include_archived or not d.archived
        ]

    @atomic
    def archive(self, department_id: uuid.UUID) -> Department:
        """Stop offering a department; contacts that have it keep it.

        Raises:
            NotFound: ``department``.
        """
        return self._set_archived(department_id, archived=True)

    @atomic
    def reactivate(self, department_id: uuid.UUID) -> Department:
        """Offer an archived department again.

        Raises:
            NotFound: ``department``.
        """
        return self._set_archived(department_id, archived=False)

    def _set_archived(self, department_id: uuid.UUID, *, archived: bool) -> Department:
        departments = self._session.transaction.departments
        department = attrs.evolve(departments.get(department_id), archived=archived)
        departments.update(department)
        return department
