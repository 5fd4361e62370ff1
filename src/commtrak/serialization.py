"""Export and import: a whole store as one JSON-able document, and back.

Export then import gives back equal data, on any pair of backends: ids are made by the
library, so every record keeps its id, and every value is written in a form that reads
back to the same Python value (UUIDs and dates as ISO text, numbers as exact decimal
text). Erased custom values are not in the store, so they are in no export.

The document is plain data (dicts, lists, strings, numbers, booleans), ready for
``json.dump``::

    with store.session(actor=actor) as s:
        document = export_data(s)
    with other_store.session(actor=actor) as s:
        import_data(s, document)

**By default the portal's secrets are not exported.** The document has the portal
accounts' public fields, their history, the portal settings, tickets with their notes,
data-sheet templates, their assignments and the sheets; it has no password hash, no TOTP
secret and no token (nor token digest: activation and reset tokens are not exported at
all). So an imported account comes back *without credentials*: no password (it is not
activated, whatever its ``activated_at`` says of its past) and no two-factor enrolment.
Staff give the contact a new activation token with ``portal.reissue_activation``; the
contact sets a password with it and enrols two-factor authentication again. Tokens
issued before the export do not work in the imported store. Such a document can be
handed to another system or kept as a backup without opening anyone's account.

**A full backup**, or a backend persisting its own state, needs the credentials too, or
every reopening would log every contact out for good:
``export_data(session, include_secrets=True)`` adds each account's password hash, TOTP
secret, TOTP confirmation and last accepted time step, and a ``portal_tokens`` section
with the record of every activation and reset token (its digest, purpose, expiry and
use; never the token itself), and marks the document with ``"contains_secrets": true``.
The lockout state (failed logins, when the account was locked) is in every export.
:func:`import_data` restores all of it from a marked document, so logins, two-factor
enrolment, lockouts and outstanding tokens keep working.

**TOTP secrets stay encrypted** in such a document: each is the envelope the store held
(see :mod:`commtrak.security.encryption`), written and restored as it is, never opened.
Since an envelope is bound to its account's id, which import keeps, the imported store
opens it with the same keys: open it with a :class:`~commtrak.Keyring` holding the key
that sealed each secret (an envelope names its key id). To move the secrets to another
key, import first, then rotate (``portal.rotate_secret_keys``). Import needs no key.
A secret a version from before encryption at rest stored (and exported) in the clear is
imported as it is and encrypted by the next rotation; until then it cannot be used.

**Such a document must never be shared**: it is as sensitive as the store itself (a
password hash can be attacked offline, and a TOTP secret opened with the store's key
*is* the second factor). Keep it where the store's own files are kept, readable by the
store's owner only, and never send, attach, log or commit it. :func:`transfer` takes
the same option, for moving a store from one backend to another.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from commtrak.errors import Conflict, ValidationError
from commtrak.model.access import Actor
from commtrak.model.branches import Branch
from commtrak.model.contacts import Contact
from commtrak.model.custom_fields import CustomFieldDefinition, CustomFieldOwner, CustomValue
from commtrak.model.customer_journal import CustomerJournalEntry
from commtrak.model.customers import Customer
from commtrak.model.data_sheets import DataSheet, DataSheetTemplate, PortalTemplates
from commtrak.model.departments import Department
from commtrak.model.duplicates import MergeJournalEntry
from commtrak.model.groups import CustomerGroup
from commtrak.model.invoice_addresses import InvoiceAddress
from commtrak.model.invoices import Invoice
from commtrak.model.landlords import Landlord
from commtrak.model.portal_accounts import PortalAccount, PortalEvent, PortalToken
from commtrak.model.portal_settings import PortalSettings
from commtrak.model.tickets import Ticket, TicketNote
from commtrak.model.work_addresses import WorkAddress
from commtrak.ports import Transaction
from commtrak.security.encryption import SealedSecret
from commtrak.store import Session, Store

__all__ = ["FORMAT", "VERSION", "converter", "export_data", "import_data", "transfer"]

#: The ``format`` field of every export document.
FORMAT = "commtrak-export"
#: The version of the document layout this library writes and reads.
VERSION = 1
#: The top-level field that is ``True`` in a document holding the portal's secrets.
_SECRETS = "contains_secrets"

_BATCH = 1000

T = TypeVar("T")

#: The cattrs converter that turns entities into plain data and back.
converter = cattrs.Converter()
converter.register_unstructure_hook(uuid.UUID, str)
converter.register_structure_hook(uuid.UUID, lambda value, _: uuid.UUID(value))
converter.register_unstructure_hook(datetime.datetime, lambda value: value.isoformat())
converter.register_structure_hook(
    datetime.datetime, lambda value, _: datetime.datetime.fromisoformat(value)
)
converter.register_unstructure_hook(datetime.date, lambda value: value.isoformat())
converter.register_structure_hook(
    datetime.date, lambda value, _: datetime.date.fromisoformat(value)
)
converter.register_unstructure_hook(decimal.Decimal, str)
converter.register_structure_hook(decimal.Decimal, lambda value, _: decimal.Decimal(value))


def _custom_value_value(value: object) -> dict[str, str]:
    """Tag a custom value with its type, so it reads back as the same type."""
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"number": str(value)}
    return {"text": str(value)}


def _typed_value(data: dict[str, str]) -> object:
    ((kind, text),) = data.items()
    if kind == "date":
        return datetime.date.fromisoformat(text)
    if kind == "number":
        return decimal.Decimal(text)
    return text


converter.register_unstructure_hook(
    CustomValue,
    lambda value: {
        "field_id": str(value.field_id),
        "owner_id": str(value.owner_id),
        "value": _custom_value_value(value.value),
        "archived": value.archived,
    },
)
converter.register_structure_hook(
    CustomValue,
    lambda data, _: CustomValue(
        field_id=uuid.UUID(data["field_id"]),
        owner_id=uuid.UUID(data["owner_id"]),
        value=_typed_value(data["value"]),  # type: ignore[arg-type]
        archived=data["archived"],
    ),
)


#: The fields of a portal account that only a document with secrets holds.
_CREDENTIALS = ("password_hash", "totp_secret", "totp_confirmed_at", "totp_last_step")
_OMIT_CREDENTIALS: dict[str, Any] = {name: override(omit=True) for name in _CREDENTIALS}

#: An exported portal account leaves out its credentials (see the module's docstring).
converter.register_unstructure_hook(
    PortalAccount,
    make_dict_unstructure_fn(PortalAccount, converter, **_OMIT_CREDENTIALS),
)
converter.register_unstructure_hook(
    PortalSettings,
    lambda settings: {
        "modules": sorted(module.value for module in settings.modules),
        "lockout_threshold": settings.lockout_threshold,
    },
)

#: The converter of documents that hold secrets (``include_secrets``): the public one,
#: except that a portal account keeps its credentials, its TOTP secret written as the
#: stored envelope (still encrypted). Never used for a document that may leave the store.
_with_secrets = converter.copy()
_with_secrets.register_unstructure_hook(SealedSecret, lambda sealed: sealed.stored)
_with_secrets.register_structure_hook(SealedSecret, lambda value, _: _sealed(value))
# After the SealedSecret hooks: the generated function looks its fields' hooks up once, here.
_with_secrets.register_unstructure_hook(
    PortalAccount, make_dict_unstructure_fn(PortalAccount, _with_secrets)
)


def _sealed(value: object) -> SealedSecret:
    """Read an exported TOTP secret: its envelope, as the store held it."""
    if not isinstance(value, str):
        raise TypeError(f"a TOTP secret is text, not {type(value).__name__}")
    return SealedSecret(value)


def _batches(read: Callable[[Any, int], list[T]], key: Callable[[T], Any]) -> Iterator[T]:
    after = None
    while True:
        batch = read(after, _BATCH)
        yield from batch
        if len(batch) < _BATCH:
            return
        after = key(batch[-1])


def export_data(session: Session, *, include_secrets: bool = False) -> dict[str, Any]:
    """Return everything the store holds as one plain-data document.

    Large tables are read in batches, so the store is never loaded at once by a query;
    the document itself is in memory.

    Args:
        session: The session to read in.
        include_secrets: Also write the portal's credentials and token records, and mark
            the document as holding them (see the module's docstring). Only for a
            backend persisting its own state, or a move between backends: **a document
            with secrets must never be shared**, sent or logged. Off by default, so that
            an export can leave the store without opening any account.
    """
    tx = session.transaction
    sections: dict[str, list[Any]] = {
        "groups": tx.groups.all(),
        "customers": list(_batches(tx.customers.scan, lambda c: c.id)),
        "contacts": list(_batches(tx.contacts.scan, lambda c: c.id)),
        "departments": tx.departments.all(),
        "custom_fields": [
            d for owner in CustomFieldOwner for d in tx.custom_fields.definitions(owner)
        ],
        "custom_values": list(
            _batches(tx.custom_fields.scan_values, lambda v: (v.field_id, v.owner_id))
        ),
        "journal": list(_batches(tx.journal.scan, lambda e: e.id)),
        **_portal_sections(session, include_secrets=include_secrets),
        **_export_record(session),
    }
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if include_secrets:
        document[_SECRETS] = True
    unstructure = (_with_secrets if include_secrets else converter).unstructure
    document.update({name: unstructure(rows) for name, rows in sections.items()})
    return document


def _portal_sections(session: Session, *, include_secrets: bool) -> dict[str, list[Any]]:
    """Read the portal's records for export; the token records only *include_secrets*."""
    tx = session.transaction
    tokens = (
        {"portal_tokens": list(_batches(tx.portal_tokens.scan, lambda t: t.record.digest))}
        if include_secrets
        else {}
    )
    return {
        "portal_accounts": list(_batches(tx.portal_accounts.scan, lambda a: a.id)),
        **tokens,
        "portal_events": list(_batches(tx.portal_events.scan, lambda e: e.id)),
        "portal_settings": [tx.portal_settings.get()],
        "tickets": list(_batches(tx.tickets.scan, lambda t: t.id)),
        "ticket_notes": list(_batches(tx.tickets.scan_notes, lambda n: n.id)),
        "data_sheet_templates": tx.data_sheets.templates(),
        "portal_templates": list(
            _batches(tx.data_sheets.scan_portal_templates, lambda p: p.customer_id)
        ),
        "data_sheets": list(_batches(tx.data_sheets.scan, lambda d: d.id)),
    }


#: The portal's sections and their record types, in the order import writes them.
_PORTAL_TYPES: dict[str, Any] = {
    "portal_accounts": PortalAccount,
    "portal_tokens": PortalToken,  # only in a document with secrets
    "portal_events": PortalEvent,
    "portal_settings": PortalSettings,
    "tickets": Ticket,
    "ticket_notes": TicketNote,
    "data_sheet_templates": DataSheetTemplate,
    "portal_templates": PortalTemplates,
    "data_sheets": DataSheet,
}


def _import_portal(session: Session, document: dict[str, Any], *, secrets: bool) -> dict[str, int]:
    """Write the portal's sections (absent from older documents: then nothing).

    The credentials and token records are read only from a document marked as holding
    *secrets*; in any other, the accounts' credential fields are ignored.
    """
    structure = (_with_secrets if secrets else converter).structure
    try:
        if not secrets:
            accounts = document.get("portal_accounts", [])
            document = document | {
                "portal_accounts": [
                    {name: value for name, value in row.items() if name not in _CREDENTIALS}
                    for row in accounts
                ]
            }
        records = {
            name: structure(document.get(name, []), list[kind])  # type: ignore[valid-type]
            for name, kind in _PORTAL_TYPES.items()
            if secrets or name != "portal_tokens"
        }
    except (AttributeError, KeyError, TypeError, ValueError, cattrs.BaseValidationError) as error:
        raise ValidationError("document", "format", f"a record does not fit: {error}") from None
    tx = session.transaction
    writers: dict[str, Callable[[Any], None]] = {
        "portal_accounts": tx.portal_accounts.add,
        "portal_tokens": tx.portal_tokens.add,
        "portal_events": tx.portal_events.add,
        "portal_settings": tx.portal_settings.put,
        "tickets": tx.tickets.add,
        "ticket_notes": tx.tickets.add_note,
        "data_sheet_templates": tx.data_sheets.add_template,
        "portal_templates": tx.data_sheets.set_portal_templates,
        "data_sheets": tx.data_sheets.add,
    }
    for name, rows in records.items():
        write = writers[name]
        for record in rows:
            write(record)
    return {name: len(rows) for name, rows in records.items() if name != "portal_settings"}


def _by_id(row: Any) -> Any:
    return row.id


def _export_record(session: Session) -> dict[str, list[Any]]:
    """The customer record's sections of an export, each read in batches by id."""
    tx = session.transaction
    return {
        "landlords": list(_batches(tx.landlords.scan, _by_id)),
        "branches": list(_batches(tx.branches.scan, _by_id)),
        "work_addresses": list(_batches(tx.work_addresses.scan, _by_id)),
        "invoice_addresses": list(_batches(tx.invoice_addresses.scan, _by_id)),
        "invoice_address_links": [
            {"invoice_address_id": address_id, "customer_id": customer_id}
            for address_id, customer_id in _batches(
                tx.invoice_addresses.scan_links, lambda link: link
            )
        ],
        "invoices": list(_batches(tx.invoices.scan, _by_id)),
        "customer_journal": list(_batches(tx.customer_journal.scan, _by_id)),
    }


@attrs.frozen
class _Link:
    invoice_address_id: uuid.UUID
    customer_id: uuid.UUID


#: The customer record's sections of an export, parents before children: the section,
#: its entity, and how a transaction stores one.
_RECORD_SECTIONS: tuple[tuple[str, type, Callable[[Transaction], Callable[[Any], None]]], ...] = (
    ("landlords", Landlord, lambda tx: tx.landlords.add),
    ("branches", Branch, lambda tx: tx.branches.add),
    ("work_addresses", WorkAddress, lambda tx: tx.work_addresses.add),
    ("invoice_addresses", InvoiceAddress, lambda tx: tx.invoice_addresses.add),
    (
        "invoice_address_links",
        _Link,
        lambda tx: (
            lambda link: tx.invoice_addresses.link(link.invoice_address_id, link.customer_id)
        ),
    ),
    ("invoices", Invoice, lambda tx: tx.invoices.add),
    ("customer_journal", CustomerJournalEntry, lambda tx: tx.customer_journal.add),
)


def _import_record(session: Session, document: dict[str, Any]) -> dict[str, int]:
    """Write the customer record's sections, parents before children; return the counts.

    Raises:
        ValidationError: ``document``/``format`` when a record does not fit.
    """
    try:
        sections = [
            (name, converter.structure(document[name], list[kind]), store)  # type: ignore[valid-type]
            for name, kind, store in _RECORD_SECTIONS
        ]
    except (KeyError, TypeError, ValueError, cattrs.BaseValidationError) as error:
        raise ValidationError("document", "format", f"a record does not fit: {error}") from None
    for _, rows, store in sections:
        add = store(session.transaction)
        for row in rows:
            add(row)
    return {name: len(rows) for name, rows, _ in sections}


def import_data(session: Session, document: dict[str, Any]) -> dict[str, int]:
    """Write an exported document into an empty store, keeping every id.

    A document exported with ``include_secrets`` (marked ``"contains_secrets": true``)
    also gives back the portal's credentials and token records; one without the mark
    imports accounts without credentials (see the module's docstring).

    Returns:
        How many records of each kind were written (``portal_tokens`` only from a
        document with secrets).

    Raises:
        ValidationError: ``document``/``format`` when it is not a commtrak export of a
            version this library reads, or a record does not fit the entities.
        Conflict: ``store``/``store_not_empty`` when the store already holds data.
    """
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise ValidationError("document", "format", f"not a {FORMAT} document of version {VERSION}")
    has_secrets = document.get(_SECRETS, False)
    if not isinstance(has_secrets, bool):
        raise ValidationError("document", "format", f"{_SECRETS} must be true or false")
    tx = session.transaction
    if (
        tx.groups.all()
        or tx.customers.scan(None, 1)
        or tx.departments.all()
        or tx.data_sheets.templates()
    ):
        raise Conflict("store", "store_not_empty", "import writes into an empty store only")
    try:
        groups = converter.structure(document["groups"], list[CustomerGroup])
        customers = converter.structure(document["customers"], list[Customer])
        contacts = converter.structure(document["contacts"], list[Contact])
        departments = converter.structure(document["departments"], list[Department])
        definitions = converter.structure(document["custom_fields"], list[CustomFieldDefinition])
        values = converter.structure(document["custom_values"], list[CustomValue])
        journal = converter.structure(document["journal"], list[MergeJournalEntry])
    except (KeyError, TypeError, ValueError, cattrs.BaseValidationError) as error:
        raise ValidationError("document", "format", f"a record does not fit: {error}") from None
    for group in groups:
        tx.groups.add(attrs.evolve(group, head_office_id=None))
    # Merged customers point at their survivors: write the pointers once all exist.
    for customer in customers:
        tx.customers.add(attrs.evolve(customer, merged_into=None))
    for customer in customers:
        if customer.merged_into is not None:
            tx.customers.update(customer)
    for group in groups:
        if group.head_office_id is not None:
            tx.groups.update(group)
    for department in departments:
        tx.departments.add(department)
    # Merged contacts point at their survivors: write the pointers once all exist.
    for contact in contacts:
        tx.contacts.add(attrs.evolve(contact, merged_into=None))
    tx.contacts.update_many([c for c in contacts if c.merged_into is not None])
    for definition in definitions:
        tx.custom_fields.add_definition(definition)
    for value in values:
        tx.custom_fields.put_value(value)
    tx.journal.add(journal)
    record = _import_record(session, document)
    portal = _import_portal(session, document, secrets=has_secrets)
    return record | {
        "groups": len(groups),
        "customers": len(customers),
        "contacts": len(contacts),
        "departments": len(departments),
        "custom_fields": len(definitions),
        "custom_values": len(values),
        "journal": len(journal),
        **portal,
    }


def transfer(
    source: Store, target: Store, *, actor: Actor, include_secrets: bool = False
) -> dict[str, int]:
    """Copy everything from one store into another, empty one (any pair of backends).

    Args:
        source: The store to read.
        target: The empty store to write.
        actor: Who reads and writes.
        include_secrets: Also copy the portal's credentials and token records, as
            :func:`export_data` does: for moving a store to another backend, where the
            contacts should keep their passwords and two-factor enrolment. The document
            stays in memory.

    Returns:
        How many records of each kind were copied.
    """
    with source.session(actor=actor) as reading:
        document = export_data(reading, include_secrets=include_secrets)
    with target.session(actor=actor) as writing:
        return import_data(writing, document)
