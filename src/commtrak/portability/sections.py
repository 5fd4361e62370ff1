"""The sections of an export: one per kind of record, how to read and write each.

Every format (the JSON document, the ZIP archive, a transfer) is this one list: a
section names its records' entity type, reads them from a transaction page by page
(``scan``, never the whole table at once) and writes one of them. The order is the
order an import writes them in: parents before children.

The core's sections are :data:`SECTIONS`. A bounded context above the core (finance,
the service context) or a third-party plugin adds its own through the
``commtrak.export_sections`` entry-point group: each entry point names a sequence of
:class:`Section`, written after the core's (a contributed section may name the core's
records and its own earlier sections, never the other way round). Entry points keep
this package below the contexts in the layers: it never imports them.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import attrs

from commtrak._entry_points import contributions
from commtrak.errors import PluginError
from commtrak.model.branches import Branch
from commtrak.model.contacts import Contact
from commtrak.model.custom_fields import CustomFieldDefinition, CustomValue
from commtrak.model.customer_journal import CustomerJournalEntry
from commtrak.model.customers import Customer
from commtrak.model.data_sheets import DataSheet, DataSheetTemplate, PortalTemplates
from commtrak.model.departments import Department
from commtrak.model.duplicates import MergeJournalEntry
from commtrak.model.erasures import CustomerErasure
from commtrak.model.groups import CustomerGroup
from commtrak.model.invoice_addresses import InvoiceAddress
from commtrak.model.invoices import Invoice
from commtrak.model.landlords import Landlord
from commtrak.model.portal_accounts import PortalAccount, PortalEvent, PortalToken
from commtrak.model.portal_settings import PortalSettings
from commtrak.model.tickets import Ticket, TicketNote
from commtrak.model.work_addresses import WorkAddress
from commtrak.ports import Transaction
from commtrak.services.custom_field_owners import owner_kinds

__all__ = [
    "ENTRY_POINT_GROUP",
    "PAGE",
    "SECTIONS",
    "Link",
    "Section",
    "all_sections",
    "contributed_sections",
    "pages",
    "sections",
]

#: The entry-point group through which contexts and plugins add sections to exports.
ENTRY_POINT_GROUP = "commtrak.export_sections"

#: How many records a read asks the store for at a time.
PAGE = 1000

T = TypeVar("T")


def pages(read: Callable[[Any, int], list[T]], key: Callable[[T], Any]) -> Iterator[T]:
    """Yield every record a ``scan(after, limit)`` method gives, one page at a time."""
    after = None
    while True:
        batch = read(after, PAGE)
        yield from batch
        if len(batch) < PAGE:
            return
        after = key(batch[-1])


@attrs.frozen
class Link:
    """An invoice address used by a customer (the ``invoice_address_links`` section)."""

    invoice_address_id: uuid.UUID
    customer_id: uuid.UUID


@attrs.frozen
class Section:
    """One kind of record in an export.

    Attributes:
        name: The section's name (a document's key, an archive's member stem).
        kind: The entity type of its records.
        read: Every record of the kind in a transaction, page by page.
        write: How a transaction stores one record.
        secret: Only in a full backup (``include_secrets``).
        check: For a contributed section, how an import checks one of its records by
            its services' rules: called with the importing session, it returns a
            function taking a record and returning it as the services would store it
            (or raising their :class:`~commtrak.ValidationError` or
            :class:`~commtrak.Conflict`). ``None`` for the core's sections, which the
            importer's own checks cover.
        finish: For a contributed section, the rules spanning its records (sums that
            must agree, pointers to records of a later section): called with the
            importing session once every section is written, it raises as *check*
            does. ``None``: nothing to check at the end.
    """

    name: str
    kind: type
    read: Callable[[Transaction], Iterator[Any]]
    write: Callable[[Transaction], Callable[[Any], None]]
    secret: bool = False
    check: Callable[[Any], Callable[[Any], Any]] | None = None
    finish: Callable[[Any], None] | None = None


def _by_id(row: Any) -> Any:
    return row.id


def _scanned(repository: str, method: str = "scan", key: Callable[[Any], Any] = _by_id) -> Any:
    """A section's reader: the *repository*'s *method*, paged by *key*."""
    return lambda tx: pages(getattr(getattr(tx, repository), method), key)


def _definitions(tx: Transaction) -> Iterator[CustomFieldDefinition]:
    for owner in owner_kinds():
        yield from tx.custom_fields.definitions(owner)


def _links(tx: Transaction) -> Iterator[Link]:
    for address_id, customer_id in pages(tx.invoice_addresses.scan_links, lambda link: link):
        yield Link(address_id, customer_id)


#: Every section, in the order an import writes them (parents before children). The
#: groups', customers' and contacts' writers store records without the pointers that
#: may name a later record (Head Office, merged into): the import sets those last.
SECTIONS: tuple[Section, ...] = (
    Section(
        "groups",
        CustomerGroup,
        lambda tx: iter(tx.groups.all()),
        lambda tx: lambda g: tx.groups.add(attrs.evolve(g, head_office_id=None)),
    ),
    Section(
        "customers",
        Customer,
        _scanned("customers"),
        lambda tx: lambda c: tx.customers.add(attrs.evolve(c, merged_into=None)),
    ),
    Section(
        "departments",
        Department,
        lambda tx: iter(tx.departments.all()),
        lambda tx: tx.departments.add,
    ),
    Section(
        "contacts",
        Contact,
        _scanned("contacts"),
        lambda tx: lambda c: tx.contacts.add(attrs.evolve(c, merged_into=None)),
    ),
    Section(
        "custom_fields",
        CustomFieldDefinition,
        _definitions,
        lambda tx: tx.custom_fields.add_definition,
    ),
    Section(
        "custom_values",
        CustomValue,
        _scanned("custom_fields", "scan_values", lambda v: (v.field_id, v.owner_id)),
        lambda tx: tx.custom_fields.put_value,
    ),
    Section(
        "journal",
        MergeJournalEntry,
        _scanned("journal"),
        lambda tx: lambda entry: tx.journal.add([entry]),
    ),
    Section("landlords", Landlord, _scanned("landlords"), lambda tx: tx.landlords.add),
    Section("branches", Branch, _scanned("branches"), lambda tx: tx.branches.add),
    Section(
        "work_addresses", WorkAddress, _scanned("work_addresses"), lambda tx: tx.work_addresses.add
    ),
    Section(
        "invoice_addresses",
        InvoiceAddress,
        _scanned("invoice_addresses"),
        lambda tx: tx.invoice_addresses.add,
    ),
    Section(
        "invoice_address_links",
        Link,
        _links,
        lambda tx: (
            lambda link: tx.invoice_addresses.link(link.invoice_address_id, link.customer_id)
        ),
    ),
    Section("invoices", Invoice, _scanned("invoices"), lambda tx: tx.invoices.add),
    Section(
        "customer_journal",
        CustomerJournalEntry,
        _scanned("customer_journal"),
        lambda tx: tx.customer_journal.add,
    ),
    Section(
        "portal_accounts",
        PortalAccount,
        _scanned("portal_accounts"),
        lambda tx: tx.portal_accounts.add,
    ),
    Section(
        "portal_tokens",
        PortalToken,
        _scanned("portal_tokens", key=lambda t: t.record.digest),
        lambda tx: tx.portal_tokens.add,
        secret=True,
    ),
    Section(
        "portal_events", PortalEvent, _scanned("portal_events"), lambda tx: tx.portal_events.add
    ),
    Section(
        "portal_settings",
        PortalSettings,
        lambda tx: iter([tx.portal_settings.get()]),
        lambda tx: tx.portal_settings.put,
    ),
    Section("tickets", Ticket, _scanned("tickets"), lambda tx: tx.tickets.add),
    Section(
        "ticket_notes",
        TicketNote,
        _scanned("tickets", "scan_notes"),
        lambda tx: tx.tickets.add_note,
    ),
    Section(
        "data_sheet_templates",
        DataSheetTemplate,
        lambda tx: iter(tx.data_sheets.templates()),
        lambda tx: tx.data_sheets.add_template,
    ),
    Section(
        "portal_templates",
        PortalTemplates,
        _scanned("data_sheets", "scan_portal_templates", lambda p: p.customer_id),
        lambda tx: tx.data_sheets.set_portal_templates,
    ),
    Section("data_sheets", DataSheet, _scanned("data_sheets"), lambda tx: tx.data_sheets.add),
    Section("erasures", CustomerErasure, _scanned("erasures"), lambda tx: tx.erasures.add),
)


@functools.cache
def contributed_sections() -> tuple[Section, ...]:
    """The sections the ``commtrak.export_sections`` entry points add, by entry-point name.

    Loaded once per process. A section that cannot be loaded is an error, not a silent
    gap: an export without it would lose data.

    Raises:
        PluginError: when an entry point fails to load, is not a sequence of
            :class:`Section`, or names a section another one already has.
    """
    found: list[Section] = []
    names = {section.name for section in SECTIONS}
    for point, section in contributions(ENTRY_POINT_GROUP):
        if not isinstance(section, Section):
            raise PluginError(f"export sections {point!r} hold {section!r}, no Section")
        if section.name in names:
            raise PluginError(f"export sections {point!r} repeat the section name {section.name!r}")
        names.add(section.name)
        found.append(section)
    return tuple(found)


def all_sections() -> tuple[Section, ...]:
    """Every section: the core's, then those contributed through entry points."""
    return SECTIONS + contributed_sections()


def sections(*, include_secrets: bool) -> tuple[Section, ...]:
    """The sections an export with (or without) the portal's secrets holds."""
    return tuple(s for s in all_sections() if include_secrets or not s.secret)
