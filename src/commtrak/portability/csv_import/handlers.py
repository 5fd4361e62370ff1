"""What each kind of import checks per row and writes per batch.

A handler checks one row into the records it becomes (by the services' rules, see
:mod:`~commtrak.portability.csv_import.rows`) and writes a batch of them with the
repositories' set-based ``add_many``: one ``INSERT`` per table per batch.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import attrs

from commtrak.errors import ValidationError
from commtrak.model._text import fold, required_text
from commtrak.model.contacts import Contact
from commtrak.model.customers import Customer
from commtrak.model.groups import CustomerGroup
from commtrak.model.permissions import Permission
from commtrak.model.work_addresses import WorkAddress
from commtrak.portability.csv_import.keys import reference_key
from commtrak.portability.csv_import.rows import (
    FieldError,
    contact_of,
    customer_of,
    parse_id,
    unknown_customer,
    work_address_of,
)
from commtrak.services._record import live_customer
from commtrak.session import Session

__all__ = ["CustomerHandler", "Handler", "WorkAddressHandler"]


class Handler(Protocol):
    """Checks rows into records and writes batches of them, for one kind of import."""

    #: What the rows become, as the import keys record it.
    kind: str
    #: The fields a mapping must map for this import, beyond those every one must.
    required: tuple[str, ...]

    def prepare(self, session: Session) -> None:
        """Refuse, before any row is read, an import that cannot be done at all."""

    def begin(self, session: Session, rows: Sequence[Mapping[str, str]]) -> None:
        """Read what the batch of *rows* needs from the store (in the batch's session)."""

    def check(self, session: Session, values: Mapping[str, str]) -> Any:
        """Return the records of one row, or raise the rule it broke (``FieldError``)."""

    def record_id(self, checked: Any) -> uuid.UUID:
        """The id of the record a checked row became (its import key names it)."""
        ...

    def write(self, session: Session, checked: Sequence[Any]) -> int:
        """Write a batch of checked rows; return how many contacts came with them."""
        ...


class CustomerHandler:
    """Customers, each with at most one contact, optionally all put in one group.

    Args:
        group: The group to put every imported customer in, by name.
        create_group: Create the group if no group has that name.
    """

    kind = "customer"
    required: tuple[str, ...] = ()

    def __init__(self, group: str | None, create_group: bool) -> None:
        self._group_name = None if group is None else required_text("group", group)
        self._create = create_group
        self.group: CustomerGroup | None = None

    def prepare(self, session: Session) -> None:
        """Check the actor may manage groups, and that the group exists or may be made.

        Raises:
            PermissionDenied: ``groups.manage``.
            ValidationError: ``group``/``unknown_group``.
        """
        if self._group_name is None:
            return
        session.require(Permission.GROUPS_MANAGE, "manage customer groups")
        found = session.transaction.groups.find_by_name(fold(self._group_name))
        if found is None and not self._create:
            raise ValidationError(
                "group",
                "unknown_group",
                f"no group is named {self._group_name!r} (ask to create it)",
            )
        self.group = found

    def begin(self, session: Session, rows: Sequence[Mapping[str, str]]) -> None:
        """Read (and lock) the group, which another session may have changed."""
        if self.group is not None:
            self.group = session.transaction.groups.get(self.group.id, for_update=True)
        elif self._group_name is not None:
            self.group = session.transaction.groups.find_by_name(fold(self._group_name))

    def check(self, session: Session, values: Mapping[str, str]) -> tuple[Customer, Contact | None]:
        """Return the row's customer and its contact (``None`` if the row has none)."""
        customer = customer_of(session, values)
        return customer, contact_of(session, customer, values)

    def record_id(self, checked: tuple[Customer, Contact | None]) -> uuid.UUID:
        """The customer's id."""
        return checked[0].id

    def write(self, session: Session, checked: Sequence[tuple[Customer, Contact | None]]) -> int:
        """Add the customers (in the group, the first one its Head Office if it has none)."""
        transaction = session.transaction
        customers = [customer for customer, _ in checked]
        if self._group_name is not None:
            if self.group is None:
                self.group = session.groups.create(self._group_name)
            group_id = self.group.id
            customers = [attrs.evolve(customer, group_id=group_id) for customer in customers]
        transaction.customers.add_many(customers)
        if self.group is not None and self.group.head_office_id is None:
            # The first member of a group is its Head Office (seed 000).
            self.group = attrs.evolve(self.group, head_office_id=customers[0].id)
            transaction.groups.update(self.group)
        contacts = [contact for _, contact in checked if contact is not None]
        transaction.contacts.add_many(contacts)
        return len(contacts)


class WorkAddressHandler:
    """Work addresses, for one customer or each for the customer its row names.

    Args:
        customer_id: The customer every work address is for (the seed's upload from a
            customer's record); ``None`` to read each row's ``customer`` column, which
            holds a customer's id or the reference it was imported with.
    """

    kind = "work_address"

    def __init__(self, customer_id: uuid.UUID | None) -> None:
        self._owner_id = customer_id
        self.required: tuple[str, ...] = ("customer",) if customer_id is None else ()
        self._customers: dict[str, Customer] = {}

    def prepare(self, session: Session) -> None:
        """Check the customer exists and was not merged into another.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``.
        """
        if self._owner_id is not None:
            live_customer(session, self._owner_id)

    def begin(self, session: Session, rows: Sequence[Mapping[str, str]]) -> None:
        """Read the customers the rows name: one query for the keys, one for the ids."""
        transaction = session.transaction
        if self._owner_id is not None:
            self._customers = {"": live_customer(session, self._owner_id)}
            return
        texts = {values.get("customer", "").strip() for values in rows}
        ids = {text: parse_id(text) for text in texts}
        references = {reference_key("customer", t): t for t, i in ids.items() if i is None}
        for key, record_id in transaction.import_keys.find(references).items():
            ids[references[key]] = record_id
        found = transaction.customers.get_many({i for i in ids.values() if i is not None})
        self._customers = {
            text: found[record_id]
            for text, record_id in ids.items()
            if record_id is not None and record_id in found
        }

    def check(self, session: Session, values: Mapping[str, str]) -> WorkAddress:
        """Return the row's work address, for a live customer."""
        text = "" if self._owner_id is not None else values.get("customer", "").strip()
        customer = self._customers.get(text)
        if customer is None:
            raise unknown_customer(text)
        if customer.merged_into is not None:
            raise FieldError(
                "customer",
                "merged_customer",
                f"customer {customer.name!r} was merged into {customer.merged_into}",
            )
        return work_address_of(session, customer, values)

    def record_id(self, checked: WorkAddress) -> uuid.UUID:
        """The work address's id."""
        return checked.id

    def write(self, session: Session, checked: Sequence[WorkAddress]) -> int:
        """Add the work addresses."""
        session.transaction.work_addresses.add_many(checked)
        return 0
