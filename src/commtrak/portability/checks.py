"""The rules an imported record must pass: the single-record services' own checks.

An import must let in nothing the services would refuse, so each record is checked by
the functions the services call (``required_text``, ``check_address``, the contact
service's :class:`~commtrak.services._contact_fields.ContactFields`...), not by a copy
of their rules, and every derived value (a contact's email key and normalized
address) is computed again from the values it derives from instead of being trusted.
The checks that span records (a name unique in the store, a member's group exists,
every group with members has a Head Office that is one of them) are kept in a
:class:`RecordChecks` for the whole import: it holds only the ids and folded names of
groups and departments, and the ids of the customers, never whole records.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import attrs

from commtrak.errors import Conflict, NotFound, ValidationError
from commtrak.model._text import MAX_NOTE, clean_text, fold, required_text
from commtrak.model.branches import Branch
from commtrak.model.contacts import Contact
from commtrak.model.custom_fields import (
    CustomFieldDefinition,
    CustomFieldKind,
    CustomFieldOwner,
    CustomValue,
    parse_custom_value,
)
from commtrak.model.customers import Customer
from commtrak.model.departments import Department
from commtrak.model.emails import EmailChecker, EmailPolicy
from commtrak.model.groups import CustomerGroup
from commtrak.model.invoice_addresses import InvoiceAddress
from commtrak.model.landlords import Landlord
from commtrak.model.tickets import Ticket, TicketNote
from commtrak.model.work_addresses import WorkAddress
from commtrak.services._contact_fields import ContactFields, check_channels
from commtrak.services._record import check_channels as check_channel_names
from commtrak.services.branches import BRANCH_ADDRESS_FIELDS
from commtrak.services.custom_field_owners import owner_kind
from commtrak.services.customers import check_address, check_required_by_type, check_status
from commtrak.services.invoice_addresses import RECIPIENT_ADDRESS_FIELDS
from commtrak.services.work_addresses import WORK_ADDRESS_FIELDS, check_occupier
from commtrak.session import Session

__all__ = ["RecordChecks"]

#: The contact fields a caller gives the contact service, checked as it checks them.
_CONTACT_FIELDS = (
    "name",
    "title",
    "position",
    "note",
    "email",
    "visibility",
    "social_urls",
    "phones",
    "communication",
    "departments",
)

#: Form only: an import must not wait for the DNS of every address in the file.
_EMAILS = EmailChecker(EmailPolicy.OFFLINE)


class RecordChecks:
    """Checks the records of one import, in the order the import writes them.

    Each ``check`` returns the record to store (its text trimmed and its derived values
    recomputed, as the service would store it) or raises the service's error.

    Args:
        session: The session the import writes in (for the store's customer types).
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._group_names: dict[str, uuid.UUID] = {}
        self._head_offices: dict[uuid.UUID, uuid.UUID | None] = {}
        self._groups_with_members: set[uuid.UUID] = set()
        self._head_offices_seen: set[uuid.UUID] = set()
        self._customers: set[uuid.UUID] = set()
        self._departments: dict[str, str] = {}
        self._contacts: set[uuid.UUID] = set()
        self._definitions: dict[uuid.UUID, CustomFieldDefinition] = {}
        self._definition_names: dict[str, uuid.UUID] = {}
        # Values of the kinds a context adds (assets): their owners come in later sections.
        self._later_owners: list[tuple[str, uuid.UUID]] = []
        self._checks: dict[str, Callable[[Any], Any]] = {
            "groups": self._group,
            "customers": self._customer,
            "departments": self._department,
            "contacts": self._contact,
            "custom_fields": self._custom_field,
            "custom_values": self._custom_value,
            "landlords": self._landlord,
            "branches": self._branch,
            "work_addresses": self._work_address,
            "invoice_addresses": self._invoice_address,
            "tickets": self._ticket,
            "ticket_notes": self._ticket_note,
        }

    def check(self, section: str, record: Any) -> Any:
        """Return *record* as the services would store it, or raise their error.

        Raises:
            ValidationError: a rule of the services, naming the field.
            Conflict: a uniqueness rule of the services.
        """
        check = self._checks.get(section)
        return record if check is None else check(record)

    def finish_custom_values(self) -> None:
        """Check that the owners of the values of a context's kinds (assets) were imported.

        Their sections follow the core's, so these are checked once every section is
        written, in the import's own transaction.

        Raises:
            ValidationError: ``owner_id``/``reference`` naming the kind and the id.
        """
        for kind, owner_id in self._later_owners:
            try:
                owner_kind(kind).check(self._session, owner_id, lock=False)
            except (NotFound, Conflict):
                raise ValidationError("owner_id", "reference", f"no {kind} {owner_id}") from None

    def finish(self) -> None:
        """Check the rules that span the whole import, once every record is read.

        Raises:
            ValidationError: ``head_office_id``/``head_office_required`` for a group with
                members but no Head Office among them.
        """
        for group_id in self._groups_with_members:
            head_office = self._head_offices.get(group_id)
            if head_office is None or head_office not in self._head_offices_seen:
                raise ValidationError(
                    "head_office_id",
                    "head_office_required",
                    f"group {group_id} has members but none of them is its Head Office",
                )
        lone = [
            g for g, h in self._head_offices.items() if h and g not in self._groups_with_members
        ]
        if lone:
            raise ValidationError(
                "head_office_id",
                "head_office_required",
                f"group {lone[0]} has a Head Office but no members",
            )

    def _group(self, group: CustomerGroup) -> CustomerGroup:
        name = required_text("name", group.name)
        _unique(self._group_names, name, group.id, "unique_group_name", "group")
        self._head_offices[group.id] = group.head_office_id
        return attrs.evolve(group, name=name)

    def _department(self, department: Department) -> Department:
        name = required_text("name", department.name)
        _unique(self._departments, name, name, "unique_department", "department")
        return attrs.evolve(department, name=name)

    def _customer(self, customer: Customer) -> Customer:
        spec = self._session.customer_types.get(customer.type)
        checked = attrs.evolve(
            customer,
            name=required_text("name", customer.name),
            type=spec.name,
            status=check_status(customer.status),
            address=check_address("address", customer.address),
            advertising_source=clean_text("advertising_source", customer.advertising_source),
            price_book=clean_text("price_book", customer.price_book),
            communication=check_channel_names(customer.communication),
        )
        check_required_by_type(spec, checked)
        if checked.group_id is not None:
            if checked.group_id not in self._head_offices:
                raise ValidationError("group_id", "reference", f"no group {checked.group_id}")
            self._groups_with_members.add(checked.group_id)
            if self._head_offices[checked.group_id] == checked.id:
                self._head_offices_seen.add(checked.id)
        self._customers.add(checked.id)
        return checked

    def _contact(self, contact: Contact) -> Contact:
        self._customer_reference(contact.customer_id)
        fields = ContactFields(_EMAILS, lambda: self._departments)
        values = fields.check({name: getattr(contact, name) for name in _CONTACT_FIELDS}, None)
        if values["email"] is not None and contact.email_status is not None:
            values["email_status"] = contact.email_status  # a check's result, not derived
        checked = attrs.evolve(contact, **values)
        check_channels(checked)
        self._contacts.add(checked.id)
        return checked

    def _custom_field(self, definition: CustomFieldDefinition) -> CustomFieldDefinition:
        owner_kind(definition.owner)
        name = required_text("name", definition.name)
        choices = tuple(dict.fromkeys(required_text("choices", c) for c in definition.choices))
        _unique(
            self._definition_names,
            f"{definition.owner}:{name}",
            definition.id,
            "unique_custom_field",
            "custom field",
        )
        if (definition.kind is CustomFieldKind.CHOICE) != bool(choices):
            raise ValidationError(
                "choices", "required", "a choice field needs choices, and only a choice field"
            )
        checked = attrs.evolve(definition, name=name, choices=choices)
        self._definitions[checked.id] = checked
        return checked

    def _custom_value(self, value: CustomValue) -> CustomValue:
        definition = self._definitions.get(value.field_id)
        if definition is None:
            raise ValidationError("field_id", "reference", f"no custom field {value.field_id}")
        owners: dict[str, set[uuid.UUID]] = {
            CustomFieldOwner.CONTACT: self._contacts,
            CustomFieldOwner.CUSTOMER: self._customers,
        }
        if definition.owner not in owners:
            self._later_owners.append((definition.owner, value.owner_id))
        elif value.owner_id not in owners[definition.owner]:
            raise ValidationError(
                "owner_id", "reference", f"no {definition.owner} {value.owner_id}"
            )
        return attrs.evolve(value, value=parse_custom_value(definition, value.value))

    def _landlord(self, landlord: Landlord) -> Landlord:
        return attrs.evolve(
            landlord,
            name=required_text("name", landlord.name),
            address=check_address("address", landlord.address, required=()),
            phone=clean_text("phone", landlord.phone),
            email=_email("email", landlord.email),
        )

    def _branch(self, branch: Branch) -> Branch:
        self._customer_reference(branch.customer_id)
        return attrs.evolve(
            branch,
            name=required_text("name", branch.name),
            address=check_address("address", branch.address, required=BRANCH_ADDRESS_FIELDS),
            phone=clean_text("phone", branch.phone),
        )

    def _work_address(self, work_address: WorkAddress) -> WorkAddress:
        self._customer_reference(work_address.customer_id)
        return attrs.evolve(
            work_address,
            address=check_address("address", work_address.address, required=WORK_ADDRESS_FIELDS),
            occupier=check_occupier(work_address.occupier, _email),
            status=check_status(work_address.status),
            communication=check_channel_names(work_address.communication),
        )

    def _invoice_address(self, invoice_address: InvoiceAddress) -> InvoiceAddress:
        if invoice_address.landlord_id is not None or invoice_address.work_address_id is not None:
            return invoice_address  # a landlord's or work address's, checked there
        return attrs.evolve(
            invoice_address,
            name=required_text("name", invoice_address.name),
            address=check_address(
                "address", invoice_address.address, required=RECIPIENT_ADDRESS_FIELDS
            ),
        )

    def _ticket(self, ticket: Ticket) -> Ticket:
        self._customer_reference(ticket.customer_id)
        return attrs.evolve(ticket, subject=required_text("subject", ticket.subject))

    def _ticket_note(self, note: TicketNote) -> TicketNote:
        return attrs.evolve(note, text=required_text("text", note.text, max_length=MAX_NOTE))

    def _customer_reference(self, customer_id: uuid.UUID) -> None:
        if customer_id not in self._customers:
            raise ValidationError("customer_id", "reference", f"no customer {customer_id}")


def _email(field: str, value: object) -> str | None:
    """An optional email address, normalized, checked for its form (as the services)."""
    text = clean_text(field, value) if value is not None else ""
    return _EMAILS.check(text, field=field).address if text else None


def _unique(names: dict[str, Any], name: str, value: object, rule: str, kind: str) -> None:
    """Record *name* (folded, as the services compare names), refusing a repeat."""
    key = fold(name)
    if key in names:
        raise Conflict("name", rule, f"a {kind} named {name!r} is already in the file")
    names[key] = value
