"""The use cases: each service runs inside a :class:`~commtrak.Session`."""

from __future__ import annotations

from commtrak.services._unset import UNSET, Unset
from commtrak.services.contacts import ContactService
from commtrak.services.customers import CustomerService
from commtrak.services.data_sheets import DataSheetService
from commtrak.services.departments import DepartmentService
from commtrak.services.duplicates import DuplicateService
from commtrak.services.groups import GroupService
from commtrak.services.portal import PortalService
from commtrak.services.tickets import TicketService

__all__ = [
    "UNSET",
    "ContactService",
    "CustomerService",
    "DataSheetService",
    "DepartmentService",
    "DuplicateService",
    "GroupService",
    "PortalService",
    "TicketService",
    "Unset",
]
