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

import datetime
import uuid
from collections.abc import Collection, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from commtrak.model.branches import Branch
from commtrak.model.communication import Channel
from commtrak.model.contacts import Contact
from commtrak.model.custom_fields import CustomFieldDefinition, CustomFieldOwner, CustomValue
from commtrak.model.customer_journal import CustomerJournalEntry
from commtrak.model.customers import Customer
from commtrak.model.data_sheets import DataSheet, DataSheetTemplate, PortalTemplates
from commtrak.model.departments import Department
from commtrak.model.duplicates import MergeJournalEntry
from commtrak.model.groups import CustomerGroup, Direction, GroupMatch
from commtrak.model.invoice_addresses import InvoiceAddress
from commtrak.model.invoices import AccountFigures, Invoice
from commtrak.model.landlords import Landlord
from commtrak.model.portal_accounts import PortalAccount, PortalEvent, PortalToken
from commtrak.model.portal_settings import PortalSettings
from commtrak.model.tickets import Ticket, TicketNote
from commtrak.model.work_addresses import WorkAddress

__all__ = [
    "Backend",
    "BranchRepository",
    "ContactRepository",
    "CustomFieldRepository",
    "CustomerChildRepository",
    "CustomerJournalRepository",
    "CustomerRepository",
    "DataSheetRepository",
    "DepartmentRepository",
    "GroupRepository",
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


class CustomerRepository(Protocol):
    """Stores :class:`~commtrak.model.Customer` records and answers membership queries."""

    def add(self, customer: Customer) -> None:
        """Store a new customer.

        Raises:
            Conflict: ``id``/``unique_id`` when a customer with that id exists.
        """

    def get(self, customer_id: uuid.UUID, *, for_update: bool = False) -> Customer:
        """Return the customer with that id.

        With *for_update*, the backend also locks the customer until the transaction
        ends, so that a read-then-write service is not raced by another process.

        Raises:
            NotFound: ``customer`` when there is none.
        """
        ...

    def update(self, customer: Customer) -> None:
        """Replace the stored customer that has ``customer.id`` (every field, group too).

        Raises:
            NotFound: ``customer`` when there is none.
        """

    def members(self, group_id: uuid.UUID) -> list[Customer]:
        """Return the members of a group in navigation order (empty if none)."""
        ...

    def step(self, group_id: uuid.UUID, origin: Customer, direction: Direction) -> Customer | None:
        """Return the member just after (or before) *origin* in navigation order.

        *origin* need not be a member; its position is given by its navigation key.
        A SQL backend answers with one index seek, not by reading the group.

        Returns:
            The neighbouring member, or ``None`` at either end.
        """
        ...

    def first_member(self, group_id: uuid.UUID) -> Customer | None:
        """Return the first member in navigation order, or ``None`` if there are none."""
        ...

    def member_count(self, group_id: uuid.UUID) -> int:
        """Return how many customers belong to the group."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Customer]:
        """Return up to *limit* customers whose id sorts after *after*, by id text.

        Used to read a whole store in batches (export) without loading it at once.
        """
        ...

    def count_sales_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Return, for each of *contact_ids* that is someone's sales contact, how many.

        Contacts that are nobody's sales contact are left out. One grouped query on
        SQL backends.
        """
        ...

    def repoint_sales_contacts(self, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Replace each sales contact that is a key of *mapping* by its value.

        A SQL backend does this in one statement, however large the mapping.

        Returns:
            How many customers changed.
        """
        ...


class GroupRepository(Protocol):
    """Stores :class:`~commtrak.model.CustomerGroup` records."""

    def add(self, group: CustomerGroup) -> None:
        """Store a new group.

        Raises:
            Conflict: ``id``/``unique_id`` when a group with that id exists;
                ``name``/``unique_group_name`` when a group with the same folded name
                exists.
        """

    def get(self, group_id: uuid.UUID, *, for_update: bool = False) -> CustomerGroup:
        """Return the group with that id, locking it with *for_update* (see customers).

        Raises:
            NotFound: ``group`` when there is none.
        """
        ...

    def find_by_name(self, folded_name: str) -> CustomerGroup | None:
        """Return the group whose folded name equals *folded_name*, if any."""
        ...

    def update(self, group: CustomerGroup) -> None:
        """Replace the stored group's name and Head Office.

        Raises:
            NotFound: ``group`` when there is none.
            Conflict: ``name``/``unique_group_name`` as in :meth:`add`;
                ``head_office_id``/``one_head_office`` when the backend's own constraint
                finds the Head Office is not a member of the group.
        """

    def delete(self, group_id: uuid.UUID) -> None:
        """Remove the group. The caller has checked it has no members.

        Raises:
            NotFound: ``group`` when there is none.
        """

    def all(self) -> list[CustomerGroup]:
        """Return every group in group order."""
        ...

    def search(self, folded_fragment: str) -> list[GroupMatch]:
        """Return the groups whose folded name contains *folded_fragment*, in group order.

        The fragment matches literally: ``%``, ``_`` and backslashes match themselves.
        Each match carries the group's member count.
        """
        ...


class CustomerChildRepository(Protocol):
    """Records that belong to a customer and move with it when customers are merged."""

    def count_for_customer(self, customer_id: uuid.UUID) -> int:
        """Return how many records belong to the customer (one counting query)."""
        ...

    def reassign_customer(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Give every record of customer *from_id* to customer *to_id*.

        One statement on SQL backends, however many records move.

        Returns:
            How many records moved.
        """
        ...


class ContactRepository(CustomerChildRepository, Protocol):
    """Stores :class:`~commtrak.model.Contact` records. Contacts are never deleted here."""

    def add(self, contact: Contact) -> None:
        """Store a new contact.

        Raises:
            Conflict: ``id``/``unique_id`` when a contact with that id exists;
                ``primary``/``one_primary_contact`` when the contact is primary and its
                customer already has a primary contact (also from :meth:`update`).
        """

    def get(self, contact_id: uuid.UUID, *, for_update: bool = False) -> Contact:
        """Return the contact with that id, locking it with *for_update*.

        Raises:
            NotFound: ``contact`` when there is none.
        """
        ...

    def update(self, contact: Contact) -> None:
        """Replace the stored contact that has ``contact.id``.

        Raises:
            NotFound: ``contact`` when there is none.
        """

    def for_customer(
        self, customer_id: uuid.UUID, *, include_archived: bool = False
    ) -> list[Contact]:
        """Return a customer's contacts in contact order; archived ones only if asked."""
        ...

    def update_many(self, contacts: Sequence[Contact]) -> None:
        """Replace several stored contacts at once (one statement on SQL backends).

        Raises:
            NotFound: ``contact`` when one of them is not stored; nothing is written.
        """

    def archive_merged(
        self,
        mapping: Mapping[uuid.UUID, uuid.UUID],
        *,
        at: datetime.datetime,
        by: str,
    ) -> None:
        """Archive each contact that is a key of *mapping*, merged into its value.

        Sets ``archived``, ``merged_into``, ``modified_at`` = *at*, ``modified_by`` = *by*
        and clears ``primary`` and ``modified_via_portal``; one statement on SQL backends.
        """

    def duplicates(
        self,
        group_id: uuid.UUID,
        *,
        among: Collection[uuid.UUID] | None = None,
        involving: uuid.UUID | None = None,
    ) -> list[Contact]:
        """Return the active contacts of a group whose email key another one shares.

        Only active contacts with an email key of customers in the group count. With
        *among*, only contacts of those customers count; with *involving*, only keys
        that at least one active contact of that customer has are returned. A SQL
        backend answers with one grouped query on the indexed key.

        Returns:
            The contacts, ordered by email key, then created_at, then id.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Contact]:
        """Return up to *limit* contacts whose id sorts after *after*, by id text."""
        ...

    def primary_of(self, customer_id: uuid.UUID) -> Contact | None:
        """Return the customer's primary contact, if it has one."""
        ...

    def delete(self, contact_id: uuid.UUID) -> None:
        """Remove a contact for good. The caller has checked nothing refers to it.

        Raises:
            NotFound: ``contact``.
        """

    def merged_ids(self) -> list[uuid.UUID]:
        """Return the ids of every contact archived by a merge (``merged_into`` set)."""
        ...

    def search(self, folded_fragment: str) -> list[Contact]:
        """Return the contacts whose folded name or email key contains the fragment.

        The fragment matches literally, as in :meth:`GroupRepository.search`. Results
        are in contact order: active first, archived last.
        """
        ...


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


class CustomFieldRepository(Protocol):
    """Stores custom field definitions and their values (kept apart from their owners)."""

    def add_definition(self, definition: CustomFieldDefinition) -> None:
        """Store a new definition.

        Raises:
            Conflict: ``name``/``unique_custom_field`` when a definition for the same
                owner kind has the same folded name.
        """

    def update_definition(self, definition: CustomFieldDefinition) -> None:
        """Replace a stored definition (its archived flag and choices).

        Raises:
            NotFound: ``custom_field``.
        """

    def definition(self, field_id: uuid.UUID) -> CustomFieldDefinition:
        """Return a definition.

        Raises:
            NotFound: ``custom_field``.
        """
        ...

    def definitions(self, owner: CustomFieldOwner) -> list[CustomFieldDefinition]:
        """Return the definitions for one owner kind, by folded name then id."""
        ...

    def put_value(self, value: CustomValue) -> None:
        """Store a value, replacing the owner's previous value of that field."""

    def values(self, owner_id: uuid.UUID) -> list[CustomValue]:
        """Return every value (archived ones too) of a contact or customer, by field id."""
        ...

    def scan_values(
        self, after: tuple[uuid.UUID, uuid.UUID] | None, limit: int
    ) -> list[CustomValue]:
        """Return up to *limit* values after the ``(field_id, owner_id)`` *after*.

        Values are ordered by the text of the field id, then of the owner id.
        """
        ...

    def archive_values(self, field_id: uuid.UUID, owner_id: uuid.UUID | None) -> int:
        """Archive a field's value for one owner, or for every owner; one statement.

        Returns:
            How many values were archived.
        """
        ...

    def erase_values(self, field_id: uuid.UUID | None, owner_id: uuid.UUID | None) -> int:
        """Delete values for good: a field's for one owner or for all, or all of one owner's.

        At least one of the two ids is given. One statement on SQL backends.

        Returns:
            How many values were erased.
        """
        ...


class JournalRepository(Protocol):
    """Stores the merge journal. Entries are only ever added."""

    def add(self, entries: Sequence[MergeJournalEntry]) -> None:
        """Store new entries (one statement on SQL backends)."""

    def scan(self, after: uuid.UUID | None, limit: int) -> list[MergeJournalEntry]:
        """Return up to *limit* entries whose id sorts after *after*, by id text."""
        ...

    def for_group(self, group_id: uuid.UUID) -> list[MergeJournalEntry]:
        """Return a group's entries, oldest first (then by id)."""
        ...

    def for_contact(self, contact_id: uuid.UUID) -> list[MergeJournalEntry]:
        """Return the entries naming a contact as survivor or archived, oldest first."""
        ...


class CustomerJournalRepository(Protocol):
    """Stores the customer journal. Entries are only ever added."""

    def add(self, entry: CustomerJournalEntry) -> None:
        """Store a new entry.

        Raises:
            Conflict: ``id``/``unique_id`` when an entry with that id exists.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[CustomerJournalEntry]:
        """Return the entries naming the customer as ``customer_id`` or ``other_id``.

        Ordered oldest first, then by the text of the id.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[CustomerJournalEntry]:
        """Return up to *limit* entries whose id sorts after *after*, by id text (export)."""
        ...


class BranchRepository(CustomerChildRepository, Protocol):
    """Stores :class:`~commtrak.model.Branch` records."""

    def add(self, branch: Branch) -> None:
        """Store a new branch.

        Raises:
            Conflict: ``id``/``unique_id`` when a branch with that id exists.
        """

    def get(self, branch_id: uuid.UUID, *, for_update: bool = False) -> Branch:
        """Return the branch with that id, locking it with *for_update*.

        Raises:
            NotFound: ``branch`` when there is none.
        """
        ...

    def update(self, branch: Branch) -> None:
        """Replace the stored branch that has ``branch.id``.

        Raises:
            NotFound: ``branch`` when there is none.
        """

    def delete(self, branch_id: uuid.UUID) -> None:
        """Remove the branch. The caller has moved its work addresses first.

        Raises:
            NotFound: ``branch`` when there is none.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[Branch]:
        """Return a customer's branches in branch order."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Branch]:
        """Return up to *limit* branches whose id sorts after *after*, by id text (export)."""
        ...


class LandlordRepository(Protocol):
    """Stores :class:`~commtrak.model.Landlord` records, shared by work addresses."""

    def add(self, landlord: Landlord) -> None:
        """Store a new landlord.

        Raises:
            Conflict: ``id``/``unique_id`` when a landlord with that id exists.
        """

    def get(self, landlord_id: uuid.UUID, *, for_update: bool = False) -> Landlord:
        """Return the landlord with that id, locking it with *for_update*.

        Raises:
            NotFound: ``landlord`` when there is none.
        """
        ...

    def update(self, landlord: Landlord) -> None:
        """Replace the stored landlord that has ``landlord.id``.

        Raises:
            NotFound: ``landlord`` when there is none.
        """

    def search(self, folded_fragment: str) -> list[Landlord]:
        """Return the landlords whose folded name contains the fragment, in landlord order.

        The fragment matches literally, as in :meth:`GroupRepository.search`.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Landlord]:
        """Return up to *limit* landlords whose id sorts after *after*, by id text (export)."""
        ...


class WorkAddressRepository(CustomerChildRepository, Protocol):
    """Stores :class:`~commtrak.model.WorkAddress` records."""

    def add(self, work_address: WorkAddress) -> None:
        """Store a new work address.

        Raises:
            Conflict: ``id``/``unique_id`` when a work address with that id exists.
        """

    def get(self, work_address_id: uuid.UUID, *, for_update: bool = False) -> WorkAddress:
        """Return the work address with that id, locking it with *for_update*.

        Raises:
            NotFound: ``work_address`` when there is none.
        """
        ...

    def update(self, work_address: WorkAddress) -> None:
        """Replace the stored work address that has ``work_address.id``.

        Raises:
            NotFound: ``work_address`` when there is none.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[WorkAddress]:
        """Return a customer's work addresses in work address order."""
        ...

    def reassign_branch(self, from_branch_id: uuid.UUID, to_branch_id: uuid.UUID | None) -> int:
        """Move every work address of one branch to another (or to none); one statement.

        Returns:
            How many work addresses moved.
        """
        ...

    def cascade_dormant(self, customer_id: uuid.UUID) -> int:
        """Set the customer's *active* work addresses dormant, marking them as cascaded.

        Sets ``status`` = dormant and ``dormant_by_cascade`` = true on exactly those
        work addresses of the customer that are active; dormant ones are left as they
        are. One statement on SQL backends.

        Returns:
            How many work addresses changed.
        """
        ...

    def reactivate_cascaded(self, customer_id: uuid.UUID) -> int:
        """Set active the customer's work addresses marked ``dormant_by_cascade``.

        Clears the mark; work addresses that were dormant on their own stay dormant.
        One statement on SQL backends.

        Returns:
            How many work addresses changed.
        """
        ...

    def eligible(
        self,
        *,
        customer_id: uuid.UUID | None = None,
        channel: Channel | None = None,
    ) -> list[WorkAddress]:
        """Return the active work addresses, in work address order.

        With *customer_id*, only that customer's; with *channel*, only those whose
        ``communication`` includes it. This is the list automatic communications
        (service reminders) are sent to. One indexed query on SQL backends.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[WorkAddress]:
        """Return up to *limit* work addresses whose id sorts after *after*, by id text (export)."""
        ...


class InvoiceAddressRepository(CustomerChildRepository, Protocol):
    """Stores :class:`~commtrak.model.InvoiceAddress` records and who uses them.

    The customers an invoice address is assigned to are *links*: a customer has each
    invoice address at most once. :meth:`count_for_customer` counts a customer's links
    and :meth:`reassign_customer` moves them, never making a second link to one address.
    """

    def add(self, invoice_address: InvoiceAddress) -> None:
        """Store a new invoice address.

        Raises:
            Conflict: ``id``/``unique_id`` when one with that id exists.
        """

    def get(self, invoice_address_id: uuid.UUID, *, for_update: bool = False) -> InvoiceAddress:
        """Return the invoice address with that id, deleted or not, as stored.

        Raises:
            NotFound: ``invoice_address`` when there is none.
        """
        ...

    def update(self, invoice_address: InvoiceAddress) -> None:
        """Replace the stored invoice address that has ``invoice_address.id``.

        Raises:
            NotFound: ``invoice_address`` when there is none.
        """

    def link(self, invoice_address_id: uuid.UUID, customer_id: uuid.UUID) -> None:
        """Assign the invoice address to the customer; assigning it twice changes nothing."""

    def unlink(self, invoice_address_id: uuid.UUID, customer_id: uuid.UUID) -> None:
        """Take the invoice address from the customer, if it had it."""

    def unlink_all(self, invoice_address_id: uuid.UUID) -> int:
        """Take the invoice address from every customer; return from how many."""
        ...

    def customers_of(self, invoice_address_id: uuid.UUID) -> list[uuid.UUID]:
        """Return the customers the invoice address is assigned to, by the text of the id."""
        ...

    def for_customer(self, customer_id: uuid.UUID) -> list[InvoiceAddress]:
        """Return the invoice addresses assigned to a customer, in invoice address order."""
        ...

    def enabled_for(
        self,
        *,
        landlord_id: uuid.UUID | None = None,
        work_address_id: uuid.UUID | None = None,
    ) -> InvoiceAddress | None:
        """Return the undeleted invoice address enabled for that landlord or work address."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[InvoiceAddress]:
        """Return up to *limit* invoice addresses whose id sorts after *after*, by id text.

        Deleted ones too, as stored (export).
        """
        ...

    def scan_links(
        self, after: tuple[uuid.UUID, uuid.UUID] | None, limit: int
    ) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """Return up to *limit* links ``(invoice_address_id, customer_id)`` after *after*.

        Links are ordered by the text of the invoice address id, then of the customer
        id (export).
        """
        ...


class InvoiceRepository(CustomerChildRepository, Protocol):
    """Stores the minimal :class:`~commtrak.model.Invoice` records."""

    def add(self, invoice: Invoice) -> None:
        """Store a new invoice.

        Raises:
            Conflict: ``id``/``unique_id`` when an invoice with that id exists.
        """

    def get(self, invoice_id: uuid.UUID, *, for_update: bool = False) -> Invoice:
        """Return the invoice with that id, locking it with *for_update*.

        Raises:
            NotFound: ``invoice`` when there is none.
        """
        ...

    def update(self, invoice: Invoice) -> None:
        """Replace the stored invoice that has ``invoice.id``.

        Raises:
            NotFound: ``invoice`` when there is none.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[Invoice]:
        """Return a customer's invoices in invoice order."""
        ...

    def count_active_for_invoice_address(
        self, invoice_address_id: uuid.UUID, *, customer_id: uuid.UUID | None = None
    ) -> int:
        """Return how many draft or issued invoices name the invoice address.

        With *customer_id*, only that customer's invoices count.
        """
        ...

    def figures(self, customer_id: uuid.UUID) -> AccountFigures:
        """Return the customer's account figures (see :class:`~commtrak.model.AccountFigures`).

        One aggregate query on SQL backends: sums and a minimum, no rows loaded.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Invoice]:
        """Return up to *limit* invoices whose id sorts after *after*, by id text (export)."""
        ...


class PortalAccountRepository(Protocol):
    """Stores :class:`~commtrak.model.PortalAccount` records. Accounts are never deleted.

    Three uniqueness rules hold among the stored accounts, and a backend enforces each
    with its own means (a unique index on SQL backends), so that two processes granting
    at once cannot both succeed; a violation is reported as the :class:`~commtrak.Conflict`
    named here, by :meth:`add` and :meth:`update` alike:

    * ``username``/``unique_username``: the folded username
      (:attr:`~commtrak.model.PortalAccount.username_key`) is unique among *all*
      accounts, revoked ones included (a username is never reused);
    * ``email``/``unique_portal_email``: the email key is unique among the accounts that
      are not revoked (``revoked_at`` is ``None``). On SQL backends a unique index on a
      column that holds the key while the account has access and ``NULL`` once it is
      revoked (a partial index where the database has them);
    * ``contact_id``/``unique_portal_contact``: a contact has at most one account.
    """

    def add(self, account: PortalAccount) -> None:
        """Store a new account.

        Raises:
            Conflict: ``id``/``unique_id``, or one of the uniqueness rules above.
        """

    def get(self, account_id: uuid.UUID, *, for_update: bool = False) -> PortalAccount:
        """Return the account with that id, locking it with *for_update*.

        Raises:
            NotFound: ``portal_account`` when there is none.
        """
        ...

    def update(self, account: PortalAccount) -> None:
        """Replace the stored account that has ``account.id``.

        Raises:
            NotFound: ``portal_account`` when there is none.
            Conflict: ``username``/``username_immutable`` when ``account.username``
                differs from the stored username in any way (a username never changes,
                not even its letter case); or one of the uniqueness rules above.
        """

    def for_contact(
        self, contact_id: uuid.UUID, *, for_update: bool = False
    ) -> PortalAccount | None:
        """Return the account of a contact, revoked or not, or ``None``."""
        ...

    def for_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, PortalAccount]:
        """Return the accounts of those contacts that have one, by contact id (one query)."""
        ...

    def find_username(self, username_key: str, *, for_update: bool = False) -> PortalAccount | None:
        """Return the account whose folded username is *username_key*, revoked or not."""
        ...

    def find_email(self, email_key: str) -> PortalAccount | None:
        """Return the account that is not revoked and has *email_key*, if any."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[PortalAccount]:
        """Return up to *limit* accounts whose id sorts after *after*, by id text."""
        ...


class PortalTokenRepository(Protocol):
    """Stores activation and reset tokens: only their digests, never the tokens."""

    def add(self, token: PortalToken) -> None:
        """Store a new token.

        Raises:
            Conflict: ``token``/``unique_token`` when a token with that digest exists.
        """

    def find(self, digest: str) -> PortalToken | None:
        """Return the token whose record has *digest*, used or not, or ``None``."""
        ...

    def consume(self, digest: str, *, at: datetime.datetime) -> bool:
        """Mark the token used at *at* if, and only if, it is unused.

        This is the atomic step that makes a token single-use: one conditional
        statement on SQL backends (``UPDATE ... SET used_at = :at WHERE digest = :digest
        AND used_at IS NULL``), so that of two requests presenting one token at once
        exactly one succeeds.

        Returns:
            Whether this call marked it (``False`` when it was used already or unknown).
        """
        ...

    def withdraw(self, account_id: uuid.UUID, *, at: datetime.datetime) -> int:
        """Mark every unused token of the account used at *at*; return how many.

        Used when access is revoked and when a new token of the account is issued, so
        that only the newest token of an account works.
        """
        ...

    def scan(self, after: str | None, limit: int) -> list[PortalToken]:
        """Return up to *limit* tokens whose digest sorts after *after*, by digest.

        Used and unused tokens alike. Digests are compared as text, code point by code
        point (lowercase hexadecimal, so byte order); on SQL backends one query on the
        digest's unique index, paged by the last digest of the batch before. Used by an
        export that keeps secrets (:func:`commtrak.serialization.export_data`).
        """
        ...


class PortalEventRepository(Protocol):
    """Stores the history of portal accounts. Entries are only ever added."""

    def add(self, event: PortalEvent) -> None:
        """Store a new entry."""

    def for_account(self, account_id: uuid.UUID) -> list[PortalEvent]:
        """Return an account's entries, oldest first, then by id."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[PortalEvent]:
        """Return up to *limit* entries whose id sorts after *after*, by id text."""
        ...


class PortalSettingsRepository(Protocol):
    """Stores the store's one :class:`~commtrak.model.PortalSettings` record."""

    def get(self) -> PortalSettings:
        """Return the stored settings, or the defaults when none were stored."""
        ...

    def put(self, settings: PortalSettings) -> None:
        """Store *settings* in place of the current ones."""


class TicketRepository(CustomerChildRepository, Protocol):
    """Stores :class:`~commtrak.model.Ticket` records and their notes.

    A ticket belongs to the customer it is against: :meth:`count_for_customer` counts a
    customer's tickets and :meth:`reassign_customer` moves them to another customer (a
    customer merge), their notes and ticket contacts unchanged.
    """

    def add(self, ticket: Ticket) -> None:
        """Store a new ticket.

        Raises:
            Conflict: ``id``/``unique_id`` when a ticket with that id exists.
        """

    def get(self, ticket_id: uuid.UUID) -> Ticket:
        """Return the ticket.

        Raises:
            NotFound: ``ticket`` when there is none.
        """
        ...

    def for_contact(self, contact_id: uuid.UUID) -> list[Ticket]:
        """Return the tickets whose contact is *contact_id*, oldest first, then by id."""
        ...

    def add_note(self, note: TicketNote) -> None:
        """Store a new note; the caller has checked its ticket exists.

        Raises:
            Conflict: ``id``/``unique_id`` when a note with that id exists.
        """

    def notes(self, ticket_id: uuid.UUID, *, include_internal: bool) -> list[TicketNote]:
        """Return a ticket's notes, oldest first, then by id; internal ones only if asked."""
        ...

    def count_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Return, for each of *contact_ids* that is a ticket's contact, on how many.

        Contacts that are no ticket's contact are left out. One grouped query.
        """
        ...

    def repoint_contacts(self, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Replace each ticket contact that is a key of *mapping* by its value.

        One statement on SQL backends. Returns how many tickets changed.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Ticket]:
        """Return up to *limit* tickets whose id sorts after *after*, by id text."""
        ...

    def scan_notes(self, after: uuid.UUID | None, limit: int) -> list[TicketNote]:
        """Return up to *limit* notes whose id sorts after *after*, by id text."""
        ...


class DataSheetRepository(CustomerChildRepository, Protocol):
    """Stores data-sheet templates, their assignment to customers, and the sheets.

    A sheet belongs to the customer it is for: :meth:`count_for_customer` counts a
    customer's sheets, drafts and submitted ones alike, and :meth:`reassign_customer`
    moves them to another customer (a customer merge). Neither touches the templates
    assigned to a customer for the portal (:meth:`portal_templates`).
    """

    def add_template(self, template: DataSheetTemplate) -> None:
        """Store a new template.

        Raises:
            Conflict: ``id``/``unique_id``; ``name``/``unique_template_name`` when a
                template with the same folded name exists.
        """

    def get_template(self, template_id: uuid.UUID) -> DataSheetTemplate:
        """Return the template.

        Raises:
            NotFound: ``data_sheet_template`` when there is none.
        """
        ...

    def templates(self) -> list[DataSheetTemplate]:
        """Return every template, by folded name then id."""
        ...

    def portal_templates(self, customer_id: uuid.UUID) -> PortalTemplates | None:
        """Return the templates assigned to a customer for the portal, or ``None``."""
        ...

    def set_portal_templates(self, assignment: PortalTemplates) -> None:
        """Store *assignment* in place of the customer's current one, if any."""

    def add(self, sheet: DataSheet) -> None:
        """Store a new sheet.

        Raises:
            Conflict: ``id``/``unique_id`` when a sheet with that id exists.
        """

    def get(self, sheet_id: uuid.UUID, *, for_update: bool = False) -> DataSheet:
        """Return the sheet, locking it with *for_update*.

        Raises:
            NotFound: ``data_sheet`` when there is none.
        """
        ...

    def update(self, sheet: DataSheet) -> None:
        """Replace the stored sheet.

        Raises:
            NotFound: ``data_sheet`` when there is none.
        """

    def for_contact(self, contact_id: uuid.UUID) -> list[DataSheet]:
        """Return the sheets a contact filled in, oldest first, then by id."""
        ...

    def count_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Return, for each of *contact_ids* that filled in sheets, how many (one query)."""
        ...

    def repoint_contacts(self, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Give the sheets of each contact that is a key of *mapping* its value instead.

        One statement on SQL backends. Returns how many sheets changed.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[DataSheet]:
        """Return up to *limit* sheets whose id sorts after *after*, by id text."""
        ...

    def scan_portal_templates(self, after: uuid.UUID | None, limit: int) -> list[PortalTemplates]:
        """Return up to *limit* assignments whose customer id sorts after *after*, by its text."""
        ...


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


@runtime_checkable
class Backend(Protocol):
    """A storage backend, as a plugin's factory returns it."""

    @property
    def url(self) -> str:
        """The URL the backend was opened with, with any password masked."""
        ...

    @property
    def capabilities(self) -> frozenset[str]:
        """Optional capabilities, e.g. ``"concurrent_processes"``.

        The conformance suite skips the tests of a capability the backend lacks, and
        only those.
        """
        ...

    def begin(self) -> Transaction:
        """Start a transaction.

        Raises:
            BackendUnavailable: when the storage does not answer.
        """
        ...

    def erase_all_data(self) -> None:
        """Delete everything the backend stores. For test suites only; irreversible."""

    def close(self) -> None:
        """Release connections and files. The backend is not used afterwards."""
