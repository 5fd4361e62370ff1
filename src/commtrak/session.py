"""The session: the unit of work with the core services, one typed property each.

This module is where the core services are registered with the session: each property
makes its service once per session (through :meth:`UnitOfWork.service
<commtrak.unit_of_work.UnitOfWork.service>`) and keeps it, so a second ``s.customers``
costs an attribute read. The services themselves depend only on
:class:`~commtrak.unit_of_work.UnitOfWork`, never on this module, so the services
package has no import circle; :mod:`commtrak.store` imports this module and no service.
"""

from __future__ import annotations

import functools

from commtrak.services.branches import BranchService
from commtrak.services.contacts import ContactService
from commtrak.services.custom_fields import CustomFieldService
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
from commtrak.unit_of_work import UnitOfWork

__all__ = ["Session"]


class Session(UnitOfWork):
    """One unit of work: the services, over one backend transaction.

    Open one with :meth:`Store.session <commtrak.Store.session>` and use it as a
    ``with`` block. The session commits when the block ends normally and rolls back
    everything it wrote when the block raises, with one exception: an error whose
    ``keeps_session_writes`` attribute is true
    (:class:`~commtrak.services.portal.PortalLoginFailed`) is a refusal recorded on
    purpose (a failed login counts towards the lockout), so the session commits before
    the error goes on. Each service is made once per session.
    """

    @functools.cached_property
    def groups(self) -> GroupService:
        """Customer groups, their members and Head Office, navigation and search."""
        return self.service(GroupService)

    @functools.cached_property
    def customers(self) -> CustomerService:
        """Customer records — add, edit, change type and status, merge, journal, panel."""
        return self.service(CustomerService)

    @functools.cached_property
    def custom_fields(self) -> CustomFieldService:
        """Custom fields on contacts and customers, to define, set, archive and erase."""
        return self.service(CustomFieldService)

    @functools.cached_property
    def departments(self) -> DepartmentService:
        """The store's department list."""
        return self.service(DepartmentService)

    @functools.cached_property
    def duplicates(self) -> DuplicateService:
        """Duplicate contacts, to find, preview and merge, and the merge journal."""
        return self.service(DuplicateService)

    @functools.cached_property
    def contacts(self) -> ContactService:
        """Contacts, to add, edit, archive, select and search."""
        return self.service(ContactService)

    @functools.cached_property
    def branches(self) -> BranchService:
        """Branches of company customers — add, edit, delete, merge."""
        return self.service(BranchService)

    @functools.cached_property
    def landlords(self) -> LandlordService:
        """Landlords of work addresses — add, edit, search."""
        return self.service(LandlordService)

    @functools.cached_property
    def work_addresses(self) -> WorkAddressService:
        """Work addresses — add, edit, and those eligible for automatic communications."""
        return self.service(WorkAddressService)

    @functools.cached_property
    def invoice_addresses(self) -> InvoiceAddressService:
        """Invoice addresses — add, enable, assign, share, delete."""
        return self.service(InvoiceAddressService)

    @functools.cached_property
    def invoices(self) -> InvoiceService:
        """The minimal invoice record — add, pay, change status."""
        return self.service(InvoiceService)

    @functools.cached_property
    def portal(self) -> PortalService:
        """The customer portal — access, activation, two factors, login and scope."""
        return self.service(PortalService)

    @functools.cached_property
    def tickets(self) -> TicketService:
        """Tickets — opened by staff or raised through the portal, with their notes."""
        return self.service(TicketService)

    @functools.cached_property
    def data_sheets(self) -> DataSheetService:
        """Data-sheet templates for the portal and the sheets contacts fill in."""
        return self.service(DataSheetService)
