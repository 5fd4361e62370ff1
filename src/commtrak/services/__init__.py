"""The use cases: each service runs inside a :class:`~commtrak.Session`."""

from __future__ import annotations

from commtrak.services._unset import UNSET, Unset
from commtrak.services.contacts import ContactService
from commtrak.services.custom_fields import CustomFieldService
from commtrak.services.customers import CustomerService
from commtrak.services.departments import DepartmentService
from commtrak.services.duplicates import DuplicateService
from commtrak.services.groups import GroupService

__all__ = [
    "UNSET",
    "ContactService",
    "CustomFieldService",
    "CustomerService",
    "DepartmentService",
    "DuplicateService",
    "GroupService",
    "Unset",
]
