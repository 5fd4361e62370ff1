"""The in-memory backend: the reference implementation of the repository protocols.

It keeps frozen entities in dictionaries, serializes sessions with a lock (one session
at a time, so isolation is trivially right), and undoes a rolled-back transaction by
replaying its undo log backwards.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import threading
import uuid
from collections.abc import (
    Callable,
    Collection,
    Hashable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from typing import Any, TypeVar

import attrs

from commtrak.errors import BackendUnavailable, Conflict, NotFound, ValidationError
from commtrak.model import (
    Channel,
    Contact,
    Customer,
    CustomerErasure,
    CustomerFilter,
    CustomerGroup,
    CustomerStatus,
    CustomFieldDefinition,
    CustomValue,
    Department,
    Direction,
    GroupMatch,
    MemberLookup,
    MergeJournalEntry,
    contact_order_key,
    fold,
    navigation_key,
)
from commtrak.model.communication import accepts
from commtrak.model.import_keys import ImportKey
from commtrak_memory._portal import (
    DataSheets,
    PortalAccounts,
    PortalEvents,
    PortalSettingsStore,
    PortalTables,
    PortalTokens,
    Tickets,
)
from commtrak_memory._record import RecordTables, record_repositories
from commtrak_memory._table import CustomerRows, Table, remove_all
from commtrak_memory.customer_filter import filtered_customers
from commtrak_memory.field_service import FieldServiceTables, MemoryFieldService
from commtrak_memory.finance import FinanceTables, MemoryFinance

__all__ = ["MemoryBackend", "MemoryTransaction"]

Undo = list[Callable[[], None]]
Row = TypeVar("Row")


class _Data:
    """The tables of one memory store."""

    def __init__(self) -> None:
        self.record = RecordTables()  # the customer record's tables; erased with the rest
        self.customers: Table[Customer] = Table(
            {
                "group": lambda row: row.group_id,
                "sales_contact": lambda row: row.sales_contact_id,
                "merged": lambda row: row.merged_into,
            }
        )
        self.groups: Table[CustomerGroup] = Table({"name": lambda row: fold(row.name)})
        self.contacts: Table[Contact] = Table(
            {
                "customer": lambda row: row.customer_id,
                "merged": lambda row: row.merged_into,
                "primary": lambda row: row.customer_id if row.primary else None,
            }
        )
        self.journal: Table[MergeJournalEntry] = Table({"group": lambda row: row.group_id})
        self.departments: Table[Department] = Table({"name": lambda row: fold(row.name)})
        self.custom_fields: Table[CustomFieldDefinition] = Table(
            {"owner_name": lambda row: (row.owner, fold(row.name))}
        )
        self.custom_values: Table[CustomValue] = Table(
            {"owner": lambda row: row.owner_id, "field": lambda row: row.field_id}
        )
        self.erasures: Table[CustomerErasure] = Table({"customer": lambda row: row.customer_id})
        self.import_keys: Table[ImportKey] = Table({})
        self.portal = PortalTables()
        self.finance = FinanceTables()
        self.field_service = FieldServiceTables()
        self.field_service.core = self  # the due lists read the customers' statuses

    def clear(self) -> None:
        for table in self.tables:
            table.clear()
        self.record.clear()
        self.portal.clear()
        self.finance.clear()
        self.field_service.clear()

    @property
    def tables(self) -> tuple[Table[Any], ...]:
        return (
            self.customers,
            self.groups,
            self.contacts,
            self.journal,
            self.departments,
            self.custom_fields,
            self.custom_values,
            self.erasures,
            self.import_keys,
        )


def _unique_id(table: Table[object], row_id: uuid.UUID) -> None:
    if row_id in table:
        raise Conflict("id", "unique_id", f"the id {row_id} is taken")


def _existing(table: Table[object], row_id: uuid.UUID, entity: str) -> None:
    if row_id not in table:
        raise NotFound(entity, row_id)


class _Customers:
    def __init__(self, data: _Data, undo: Undo) -> None:
        self._table = data.customers
        self._groups = data.groups
        self._undo = undo
        self._data = data

    def add(self, customer: Customer) -> None:
        _unique_id(self._table, customer.id)  # type: ignore[arg-type]
        self._table.put(customer.id, customer, self._undo)

    def add_many(self, customers: Sequence[Customer]) -> None:
        self._table.put_new([(c.id, c) for c in customers], self._undo)

    def get(self, customer_id: uuid.UUID, *, for_update: bool = False) -> Customer:
        customer = self._table.get(customer_id)
        if customer is None:
            raise NotFound("customer", customer_id)
        return customer

    def update(self, customer: Customer) -> None:
        _existing(self._table, customer.id, "customer")  # type: ignore[arg-type]
        self._table.put(customer.id, customer, self._undo)

    def get_many(
        self, customer_ids: Collection[uuid.UUID], *, for_update: bool = False
    ) -> dict[uuid.UUID, Customer]:
        found = (self._table.get(customer_id) for customer_id in customer_ids)
        return {customer.id: customer for customer in found if customer is not None}

    def move_to_group(self, customers: Sequence[Customer], group_id: uuid.UUID | None) -> int:
        for customer in customers:
            self.update(attrs.evolve(customer, group_id=group_id))
        return len(customers)

    def merged_into(self, customer_id: uuid.UUID) -> list[Customer]:
        return sorted(self._table.lookup("merged", customer_id), key=_id_text)

    def delete(self, customer_ids: Collection[uuid.UUID]) -> int:
        found = [c for c in map(self._table.get, set(customer_ids)) if c is not None]
        return remove_all(self._table, found, self._undo)

    def members(self, group_id: uuid.UUID) -> list[Customer]:
        return sorted(self._table.lookup("group", group_id), key=navigation_key)

    def step(self, group_id: uuid.UUID, origin: Customer, direction: Direction) -> Customer | None:
        here = navigation_key(origin)
        members = self._table.lookup("group", group_id)
        if direction is Direction.NEXT:
            after = [member for member in members if navigation_key(member) > here]
            return min(after, key=navigation_key, default=None)
        before = [member for member in members if navigation_key(member) < here]
        return max(before, key=navigation_key, default=None)

    def neighbour(self, customer_id: uuid.UUID, direction: Direction) -> MemberLookup:
        origin = self.get(customer_id)
        group_id = origin.group_id
        found = None if group_id is None else self.step(group_id, origin, direction)
        return MemberLookup(origin.name, group_id, found)

    def head_office_of(self, customer_id: uuid.UUID) -> MemberLookup:
        origin = self.get(customer_id)
        group = None if origin.group_id is None else self._groups.get(origin.group_id)
        if group is None:
            return MemberLookup(origin.name, None, None)
        head = None if group.head_office_id is None else self._table.get(group.head_office_id)
        return MemberLookup(origin.name, group.id, head, group.name)

    def first_member(self, group_id: uuid.UUID) -> Customer | None:
        return min(self._table.lookup("group", group_id), key=navigation_key, default=None)

    def member_count(self, group_id: uuid.UUID) -> int:
        return self._table.count("group", group_id)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Customer]:
        return _scan(self._table, None if after is None else str(after), limit)

    def filtered(
        self, where: CustomerFilter, after: tuple[str, uuid.UUID] | None, limit: int
    ) -> list[Customer]:
        data = self._data
        contracts = data.field_service.contracts

        def contacts(customer_id: uuid.UUID) -> list[Contact]:
            return data.contacts.lookup("customer", customer_id)

        return filtered_customers(self._table, contacts, contracts, where, after, limit)

    def eligible(self, channel: Channel | None = None) -> list[Customer]:
        found = (
            customer
            for customer in self._table
            if customer.status is CustomerStatus.ACTIVE and accepts(customer.communication, channel)
        )
        return sorted(found, key=navigation_key)

    def count_sales_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        counts = {cid: self._table.count("sales_contact", cid) for cid in set(contact_ids)}
        return {cid: count for cid, count in counts.items() if count}

    def repoint_sales_contacts(self, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        moved = 0
        for old, new in mapping.items():
            for customer in self._table.lookup("sales_contact", old):
                self._table.put(
                    customer.id, attrs.evolve(customer, sales_contact_id=new), self._undo
                )
                moved += 1
        return moved


def _group_order(group: CustomerGroup) -> tuple[str, str]:
    return (fold(group.name), str(group.id))


class _Groups:
    def __init__(self, data: _Data, undo: Undo) -> None:
        self._table = data.groups
        self._customers = data.customers
        self._undo = undo

    def add(self, group: CustomerGroup) -> None:
        _unique_id(self._table, group.id)  # type: ignore[arg-type]
        self._check_name(group)
        self._table.put(group.id, group, self._undo)

    def get(self, group_id: uuid.UUID, *, for_update: bool = False) -> CustomerGroup:
        group = self._table.get(group_id)
        if group is None:
            raise NotFound("group", group_id)
        return group

    def find_by_name(self, folded_name: str) -> CustomerGroup | None:
        matches = self._table.lookup("name", folded_name)
        return matches[0] if matches else None

    def update(self, group: CustomerGroup) -> None:
        _existing(self._table, group.id, "group")  # type: ignore[arg-type]
        self._check_name(group)
        self._table.put(group.id, group, self._undo)

    def delete(self, group_id: uuid.UUID) -> None:
        _existing(self._table, group_id, "group")  # type: ignore[arg-type]
        self._table.remove(group_id, self._undo)

    def all(self) -> list[CustomerGroup]:
        return sorted(self._table, key=_group_order)

    def search(self, folded_fragment: str) -> list[GroupMatch]:
        return [
            GroupMatch(group=group, member_count=self._customers.count("group", group.id))
            for group in sorted(self._table, key=_group_order)
            if folded_fragment in fold(group.name)
        ]

    def _check_name(self, group: CustomerGroup) -> None:
        # Mirrors the unique index of the SQL backend; the service has checked first.
        for other in self._table.lookup("name", fold(group.name)):
            if other.id != group.id:
                raise Conflict("name", "unique_group_name", f"a group named {other.name!r} exists")


class _Contacts(CustomerRows[Contact]):
    def __init__(self, data: _Data, undo: Undo) -> None:
        self._table = data.contacts
        self._customers = data.customers
        self._undo = undo

    def add(self, contact: Contact) -> None:
        _unique_id(self._table, contact.id)  # type: ignore[arg-type]
        self._check_primary(contact)
        self._table.put(contact.id, contact, self._undo)

    def add_many(self, contacts: Sequence[Contact]) -> None:
        primaries = [contact.customer_id for contact in contacts if contact.primary]
        if len(set(primaries)) != len(primaries) or any(
            self._table.count("primary", customer_id) for customer_id in primaries
        ):
            raise Conflict(
                "primary", "one_primary_contact", "the customer already has a primary contact"
            )
        self._table.put_new([(c.id, c) for c in contacts], self._undo)

    def _check_primary(self, contact: Contact) -> None:
        # Mirrors the SQL backend's unique index; the service has cleared the old one.
        others = self._table.lookup("primary", contact.customer_id) if contact.primary else []
        if any(other.id != contact.id for other in others):
            raise Conflict(
                "primary", "one_primary_contact", "the customer already has a primary contact"
            )

    def get(self, contact_id: uuid.UUID, *, for_update: bool = False) -> Contact:
        contact = self._table.get(contact_id)
        if contact is None:
            raise NotFound("contact", contact_id)
        return contact

    def update(self, contact: Contact) -> None:
        _existing(self._table, contact.id, "contact")  # type: ignore[arg-type]
        self._check_primary(contact)
        self._table.put(contact.id, contact, self._undo)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Contact]:
        return _scan(self._table, None if after is None else str(after), limit)

    def primary_of(self, customer_id: uuid.UUID) -> Contact | None:
        found = self._table.lookup("primary", customer_id)
        return found[0] if found else None

    def delete(self, contact_id: uuid.UUID) -> None:
        _existing(self._table, contact_id, "contact")  # type: ignore[arg-type]
        self._table.remove(contact_id, self._undo)

    def for_customer(
        self, customer_id: uuid.UUID, *, include_archived: bool = False
    ) -> list[Contact]:
        contacts = self._table.lookup("customer", customer_id)
        if not include_archived:
            contacts = [contact for contact in contacts if not contact.archived]
        return sorted(contacts, key=contact_order_key)

    def update_many(self, contacts: Sequence[Contact]) -> None:
        for contact in contacts:
            _existing(self._table, contact.id, "contact")  # type: ignore[arg-type]
        for contact in contacts:
            self._table.put(contact.id, contact, self._undo)

    def archive_merged(
        self, mapping: Mapping[uuid.UUID, uuid.UUID], *, at: datetime.datetime, by: str
    ) -> None:
        archived = [
            attrs.evolve(
                self.get(contact_id),
                archived=True,
                primary=False,
                merged_into=survivor_id,
                modified_at=at,
                modified_by=by,
                modified_via_portal=False,
            )
            for contact_id, survivor_id in mapping.items()
        ]
        self.update_many(archived)

    def duplicates(
        self,
        group_id: uuid.UUID,
        *,
        among: Collection[uuid.UUID] | None = None,
        involving: uuid.UUID | None = None,
    ) -> list[Contact]:
        customers = set(among) if among is not None else None
        candidates = [
            contact
            for customer in self._customers.lookup("group", group_id)
            if customers is None or customer.id in customers
            for contact in self._table.lookup("customer", customer.id)
            if not contact.archived and contact.email_key is not None
        ]
        by_key: dict[str, list[Contact]] = {}
        for contact in candidates:
            by_key.setdefault(contact.email_key, []).append(contact)  # type: ignore[arg-type]
        found = [
            contact
            for contacts in by_key.values()
            if len(contacts) > 1
            and (involving is None or any(c.customer_id == involving for c in contacts))
            for contact in contacts
        ]
        return sorted(found, key=lambda c: (c.email_key, c.created_at, str(c.id)))

    def merged_ids(self) -> list[uuid.UUID]:
        return [contact.id for contact in self._table if contact.merged_into is not None]

    def merged_into_any(self, contact_ids: Collection[uuid.UUID]) -> list[Contact]:
        found = [
            c for contact_id in set(contact_ids) for c in self._table.lookup("merged", contact_id)
        ]
        return sorted(found, key=_id_text)

    def search(self, folded_fragment: str) -> list[Contact]:
        return sorted(
            (
                contact
                for contact in self._table
                if folded_fragment in fold(contact.name)
                or (contact.email_key is not None and folded_fragment in contact.email_key)
            ),
            key=contact_order_key,
        )


def _scan(rows: Iterable[Row], after: str | None, limit: int) -> list[Row]:
    """The rows whose id text sorts after *after*, the first *limit* of them."""
    found = sorted((row for row in rows if after is None or str(row.id) > after), key=_id_text)  # type: ignore[attr-defined]
    return found[:limit]


def _id_text(row: object) -> str:
    return str(row.id)  # type: ignore[attr-defined]


def _journal_order(entry: MergeJournalEntry) -> tuple[datetime.datetime, str]:
    return (entry.at, str(entry.id))


class _Journal:
    def __init__(self, data: _Data, undo: Undo) -> None:
        self._table = data.journal
        self._undo = undo

    def add(self, entries: Sequence[MergeJournalEntry]) -> None:
        for entry in entries:
            _unique_id(self._table, entry.id)  # type: ignore[arg-type]
        for entry in entries:
            self._table.put(entry.id, entry, self._undo)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[MergeJournalEntry]:
        return _scan(self._table, None if after is None else str(after), limit)

    def for_group(self, group_id: uuid.UUID) -> list[MergeJournalEntry]:
        return sorted(self._table.lookup("group", group_id), key=_journal_order)

    def for_contact(self, contact_id: uuid.UUID) -> list[MergeJournalEntry]:
        return sorted((e for e in self._table if e.involves(contact_id)), key=_journal_order)

    def erase_for_contacts(self, contact_ids: Collection[uuid.UUID]) -> int:
        erased = set(contact_ids)
        naming = [e for e in self._table if e.survivor_id in erased or erased & set(e.archived_ids)]
        return remove_all(self._table, naming, self._undo)


class _Erasures:
    def __init__(self, data: _Data, undo: Undo) -> None:
        self._table = data.erasures
        self._undo = undo

    def add(self, entry: CustomerErasure) -> None:
        _unique_id(self._table, entry.id)  # type: ignore[arg-type]
        self._table.put(entry.id, entry, self._undo)

    def for_customer(self, customer_id: uuid.UUID) -> list[CustomerErasure]:
        return sorted(self._table.lookup("customer", customer_id), key=lambda e: (e.at, str(e.id)))

    def scan(self, after: uuid.UUID | None, limit: int) -> list[CustomerErasure]:
        return _scan(self._table, None if after is None else str(after), limit)


class _ImportKeys:
    def __init__(self, data: _Data, undo: Undo) -> None:
        self._table = data.import_keys
        self._undo = undo

    def add_many(self, keys: Sequence[ImportKey]) -> None:
        self._table.put_new([(k.key, k) for k in keys], self._undo, conflict=_taken_key)

    def find(self, keys: Collection[str]) -> dict[str, uuid.UUID]:
        found = (self._table.get(key) for key in keys)
        return {entry.key: entry.record_id for entry in found if entry is not None}


def _taken_key(key: Hashable) -> Conflict:
    return Conflict("key", "unique_import_key", f"the row with import key {key} was imported")


class _Departments:
    def __init__(self, data: _Data, undo: Undo) -> None:
        self._table = data.departments
        self._undo = undo

    def add(self, department: Department) -> None:
        _unique_id(self._table, department.id)  # type: ignore[arg-type]
        if self._table.count("name", fold(department.name)):
            raise Conflict(
                "name", "unique_department", f"a department named {department.name!r} exists"
            )
        self._table.put(department.id, department, self._undo)

    def update(self, department: Department) -> None:
        _existing(self._table, department.id, "department")  # type: ignore[arg-type]
        self._table.put(department.id, department, self._undo)

    def get(self, department_id: uuid.UUID) -> Department:
        department = self._table.get(department_id)
        if department is None:
            raise NotFound("department", department_id)
        return department

    def all(self) -> list[Department]:
        return sorted(self._table, key=lambda d: (fold(d.name), str(d.id)))


class _CustomFields:
    def __init__(self, data: _Data, undo: Undo) -> None:
        self._definitions = data.custom_fields
        self._values = data.custom_values
        self._undo = undo

    def add_definition(self, definition: CustomFieldDefinition) -> None:
        _unique_id(self._definitions, definition.id)  # type: ignore[arg-type]
        if self._definitions.count("owner_name", (definition.owner, fold(definition.name))):
            raise Conflict(
                "name", "unique_custom_field", f"a custom field {definition.name!r} exists"
            )
        self._definitions.put(definition.id, definition, self._undo)

    def update_definition(self, definition: CustomFieldDefinition) -> None:
        _existing(self._definitions, definition.id, "custom_field")  # type: ignore[arg-type]
        self._definitions.put(definition.id, definition, self._undo)

    def definition(self, field_id: uuid.UUID) -> CustomFieldDefinition:
        definition = self._definitions.get(field_id)
        if definition is None:
            raise NotFound("custom_field", field_id)
        return definition

    def definitions(self, owner: str) -> list[CustomFieldDefinition]:
        return sorted(
            (d for d in self._definitions if d.owner == owner),
            key=lambda d: (fold(d.name), str(d.id)),
        )

    def put_value(self, value: CustomValue) -> None:
        self._values.put((value.field_id, value.owner_id), value, self._undo)

    def values(self, owner_id: uuid.UUID) -> list[CustomValue]:
        return sorted(self._values.lookup("owner", owner_id), key=lambda v: str(v.field_id))

    def _matching(
        self, field_id: uuid.UUID | None, owner_id: uuid.UUID | None
    ) -> list[CustomValue]:
        found = (
            self._values.lookup("field", field_id)
            if field_id is not None
            else self._values.lookup("owner", owner_id)
        )
        return [v for v in found if owner_id is None or v.owner_id == owner_id]

    def scan_values(
        self, after: tuple[uuid.UUID, uuid.UUID] | None, limit: int
    ) -> list[CustomValue]:
        start = None if after is None else (str(after[0]), str(after[1]))
        keyed = sorted(
            ((str(v.field_id), str(v.owner_id)), v)
            for v in self._values
            if start is None or (str(v.field_id), str(v.owner_id)) > start
        )
        return [value for _, value in keyed[:limit]]

    def archive_values(self, field_id: uuid.UUID, owner_id: uuid.UUID | None) -> int:
        matching = [v for v in self._matching(field_id, owner_id) if not v.archived]
        for value in matching:
            self._values.put(
                (value.field_id, value.owner_id), attrs.evolve(value, archived=True), self._undo
            )
        return len(matching)

    def erase_values(self, field_id: uuid.UUID | None, owner_id: uuid.UUID | None) -> int:
        matching = self._matching(field_id, owner_id)
        for value in matching:
            self._values.remove((value.field_id, value.owner_id), self._undo)
        return len(matching)


class MemoryTransaction:
    """A transaction on a :class:`MemoryBackend`; holds the store's lock until it ends."""

    def __init__(self, backend: MemoryBackend, data: _Data) -> None:
        self._backend = backend
        self._undo: Undo = []
        self._open = True
        self._finance_tables = data.finance
        self._field_service_tables = data.field_service
        record = record_repositories(data.record, self._undo)
        self.customer_journal = record.customer_journal
        self.branches = record.branches
        self.landlords = record.landlords
        self.work_addresses = record.work_addresses
        self.invoice_addresses = record.invoice_addresses
        self.invoices = record.invoices
        self.customers = _Customers(data, self._undo)
        self.groups = _Groups(data, self._undo)
        self.contacts = _Contacts(data, self._undo)
        self.journal = _Journal(data, self._undo)
        self.erasures = _Erasures(data, self._undo)
        self.departments = _Departments(data, self._undo)
        self.custom_fields = _CustomFields(data, self._undo)
        self.import_keys = _ImportKeys(data, self._undo)
        self.portal_accounts = PortalAccounts(data.portal, self._undo)
        self.portal_tokens = PortalTokens(data.portal, self._undo)
        self.portal_events = PortalEvents(data.portal, self._undo)
        self.portal_settings = PortalSettingsStore(data.portal, self._undo)
        self.tickets = Tickets(data.portal, self._undo)
        self.data_sheets = DataSheets(data.portal, self._undo)

    @functools.cached_property
    def finance(self) -> MemoryFinance:
        """The finance repositories (:class:`~commtrak.finance.ports.FinanceStorage`)."""
        return MemoryFinance(self._finance_tables, self._undo)

    @functools.cached_property
    def field_service(self) -> MemoryFieldService:
        """The service context's repositories (see :mod:`commtrak.field_service`)."""
        return MemoryFieldService(self._field_service_tables, self._undo)

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo the writes made inside the block if it raises."""
        mark = len(self._undo)
        try:
            yield
        except BaseException:
            while len(self._undo) > mark:
                self._undo.pop()()
            raise

    def commit(self) -> None:
        """Keep every write; release the store."""
        self._finish()

    def rollback(self) -> None:
        """Undo every write, newest first; release the store."""
        if not self._open:
            return
        for undo in reversed(self._undo):
            undo()
        self._finish()

    def _finish(self) -> None:
        if self._open:
            self._open = False
            self._undo.clear()
            self._backend._release()


class MemoryBackend:
    """A store held in this process's memory; each ``memory://`` URL opens a new, empty one.

    Sessions are serialized: a second session waits for the first to end. A thread
    that opens a second session while its first is still open gets
    :class:`~commtrak.BackendUnavailable` instead of waiting for itself forever.
    """

    capabilities: frozenset[str] = frozenset({"threads"})

    def __init__(self, url: str = "memory://") -> None:
        if url.partition("://")[1:] != ("://", ""):
            raise ValidationError(
                "url", "memory_url", f"a memory store URL names nothing after '://': {url!r}"
            )
        self._data = _Data()
        self._lock = threading.Lock()
        self._owner: int | None = None

    @property
    def url(self) -> str:
        """Always ``memory://``."""
        return "memory://"

    def begin(self) -> MemoryTransaction:
        """Wait for the store, then start a transaction on it."""
        if self._owner == threading.get_ident():
            raise BackendUnavailable(
                "this thread already has an open session on this memory store; "
                "finish it before opening another",
                rule="nested_session",
            )
        self._lock.acquire()
        self._owner = threading.get_ident()
        return MemoryTransaction(self, self._data)

    def erase_all_data(self) -> None:
        """Forget everything."""
        with self._lock:
            self._data.clear()

    def close(self) -> None:
        """Nothing to release; the data goes when the backend does."""

    def _release(self) -> None:
        self._owner = None
        self._lock.release()
