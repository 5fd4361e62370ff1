"""The port: the protocols every storage backend implements, with their contracts.

A backend stores and queries; it holds no business rule. The services in
:mod:`commtrak.services` check every rule *before* they call a repository, so a
repository may assume its arguments are valid. Where an invariant must also survive two
processes racing each other, a backend enforces it once more with its own means (a
unique index, a row lock) and reports a violation as the same :class:`~commtrak.Conflict`
the service would have raised.

Orders are part of the contracts, and they are the same on every backend:

* **navigation order** of a group's members: :func:`commtrak.model.navigation_key`,
  i.e. folded name, then the text of the id;
* **group order**: folded name, then the text of the id;
* **contact order**: :func:`commtrak.model.contact_order_key`, i.e. active before
  archived, then folded name, then the text of the id;
* **branch order** and **landlord order**: folded name, then the text of the id;
* **work address order**: :func:`commtrak.model.work_address_order_key`, i.e. folded
  Address Line 1, folded postcode, then the text of the id;
* **invoice address order**: folded stored name, then the text of the id;
* **invoice order**: due date, then the text of the id.

"Folded" always means :func:`commtrak.model.fold` (NFKC, case-folded), computed in
Python; a backend stores the folded text it is given and compares it code point by code
point, never with a database collation.

Every method may raise :class:`~commtrak.BackendUnavailable` when the storage does not
answer. No method lets a driver's own exception escape.
"""

from __future__ import annotations

from commtrak.ports.account_figures import AccountFiguresSource
from commtrak.ports.backend import Backend
from commtrak.ports.branches import BranchRepository
from commtrak.ports.contacts import ContactRepository
from commtrak.ports.custom_fields import CustomFieldRepository
from commtrak.ports.customers import CustomerChildRepository, CustomerRepository
from commtrak.ports.data_sheets import DataSheetRepository
from commtrak.ports.departments import DepartmentRepository
from commtrak.ports.groups import GroupRepository
from commtrak.ports.import_keys import ImportKeyRepository
from commtrak.ports.invoice_addresses import InvoiceAddressRepository
from commtrak.ports.invoices import InvoiceRepository
from commtrak.ports.journals import (
    CustomerJournalRepository,
    ErasureJournalRepository,
    JournalRepository,
)
from commtrak.ports.landlords import LandlordRepository
from commtrak.ports.portal import (
    PortalAccountRepository,
    PortalEventRepository,
    PortalSettingsRepository,
    PortalTokenRepository,
)
from commtrak.ports.tickets import TicketRepository
from commtrak.ports.transaction import Transaction
from commtrak.ports.work_addresses import WorkAddressRepository

__all__ = [
    "AccountFiguresSource",
    "Backend",
    "BranchRepository",
    "ContactRepository",
    "CustomFieldRepository",
    "CustomerChildRepository",
    "CustomerJournalRepository",
    "CustomerRepository",
    "DataSheetRepository",
    "DepartmentRepository",
    "ErasureJournalRepository",
    "GroupRepository",
    "ImportKeyRepository",
    "InvoiceAddressRepository",
    "InvoiceRepository",
    "JournalRepository",
    "LandlordRepository",
    "PortalAccountRepository",
    "PortalEventRepository",
    "PortalSettingsRepository",
    "PortalTokenRepository",
    "TicketRepository",
    "Transaction",
    "WorkAddressRepository",
]
