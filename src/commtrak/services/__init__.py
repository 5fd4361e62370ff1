"""The use cases: each service runs inside a :class:`~commtrak.Session`."""

from __future__ import annotations

from commtrak.services._unset import UNSET, Unset
from commtrak.services.branches import BranchService
from commtrak.services.contacts import ContactService
from commtrak.services.custom_fields import CustomFieldService
from commtrak.services.customer_erasure import CustomerErasureService
from commtrak.services.customer_merge import CustomerMergeService
from commtrak.services.customers import CustomerService
from commtrak.services.data_sheets import DataSheetService
from commtrak.services.departments import DepartmentService
from commtrak.services.duplicates import DuplicateService
from commtrak.services.groups import GroupService
from commtrak.services.invoice_addresses import InvoiceAddressService
from commtrak.services.invoices import InvoiceService
from commtrak.services.landlords import LandlordService
from commtrak.services.portal import PortalService
from commtrak.services.tickets import TicketService
from commtrak.services.work_addresses import WorkAddressService

__all__ = [
    "UNSET",
    "BranchService",
    "ContactService",
    "CustomFieldService",
    "CustomerErasureService",
    "CustomerMergeService",
    "CustomerService",
    "DataSheetService",
    "DepartmentService",
    "DuplicateService",
    "GroupService",
    "InvoiceAddressService",
    "InvoiceService",
    "LandlordService",
    "PortalService",
    "TicketService",
    "Unset",
    "WorkAddressService",
]
