"""The unit-of-work port: one backend transaction and every repository in it.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from commtrak.ports.branches import BranchRepository
from commtrak.ports.contacts import ContactRepository
from commtrak.ports.custom_fields import CustomFieldRepository
from commtrak.ports.customers import CustomerRepository
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
from commtrak.ports.work_addresses import WorkAddressRepository

__all__ = ["Transaction"]


@runtime_checkable
class Transaction(Protocol):
    """One unit of work on a backend: every repository, and commit or rollback.

    Everything written through a transaction's repositories becomes visible to other
    transactions at :meth:`commit` and not before; :meth:`rollback` undoes all of it.
    After either, the transaction is finished and is not used again.
    """

    @property
    def customers(self) -> CustomerRepository:
        """The customers of this transaction."""
        ...

    @property
    def groups(self) -> GroupRepository:
        """The groups of this transaction."""
        ...

    @property
    def contacts(self) -> ContactRepository:
        """The contacts of this transaction."""
        ...

    @property
    def departments(self) -> DepartmentRepository:
        """The department list of this transaction."""
        ...

    @property
    def custom_fields(self) -> CustomFieldRepository:
        """The custom fields of this transaction."""
        ...

    @property
    def journal(self) -> JournalRepository:
        """The merge journal of this transaction."""
        ...

    @property
    def customer_journal(self) -> CustomerJournalRepository:
        """The customer journal of this transaction."""
        ...

    @property
    def erasures(self) -> ErasureJournalRepository:
        """The erasure journal of this transaction (deleted customers)."""
        ...

    @property
    def branches(self) -> BranchRepository:
        """The branches of this transaction."""
        ...

    @property
    def landlords(self) -> LandlordRepository:
        """The landlords of this transaction."""
        ...

    @property
    def work_addresses(self) -> WorkAddressRepository:
        """The work addresses of this transaction."""
        ...

    @property
    def import_keys(self) -> ImportKeyRepository:
        """The keys of the rows bulk imports wrote, in this transaction."""
        ...

    @property
    def invoice_addresses(self) -> InvoiceAddressRepository:
        """The invoice addresses of this transaction."""
        ...

    @property
    def invoices(self) -> InvoiceRepository:
        """The invoices of this transaction."""
        ...

    @property
    def portal_accounts(self) -> PortalAccountRepository:
        """The portal accounts of this transaction."""
        ...

    @property
    def portal_tokens(self) -> PortalTokenRepository:
        """The portal activation and reset tokens of this transaction."""
        ...

    @property
    def portal_events(self) -> PortalEventRepository:
        """The portal accounts' history of this transaction."""
        ...

    @property
    def portal_settings(self) -> PortalSettingsRepository:
        """The portal settings of this transaction."""
        ...

    @property
    def tickets(self) -> TicketRepository:
        """The tickets of this transaction."""
        ...

    @property
    def data_sheets(self) -> DataSheetRepository:
        """The data sheets and their templates of this transaction."""
        ...

    def savepoint(self) -> AbstractContextManager[None]:
        """Return a context manager that undoes the writes made inside it if it raises.

        The services wrap every call that writes in a savepoint, so that a rejected call
        leaves nothing half-written even when the caller catches the error and goes on
        using the session. Savepoints nest.
        """
        ...

    def commit(self) -> None:
        """Make every write of the transaction durable and visible.

        Raises:
            Conflict: when the backend's constraints refuse the writes at commit.
        """

    def rollback(self) -> None:
        """Undo every write of the transaction. Never raises for a lost connection."""
