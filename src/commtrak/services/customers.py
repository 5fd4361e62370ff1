"""Customer records: adding, reading and editing them."""

from __future__ import annotations

import uuid
from typing import Any

import attrs

from commtrak.errors import ValidationError
from commtrak.model._text import clean_text, required_text
from commtrak.model.customers import Address, Customer, CustomerStatus, CustomerType
from commtrak.model.ids import new_id
from commtrak.services._base import Service, atomic
from commtrak.services._unset import UNSET, Unset

__all__ = ["CustomerService", "check_address"]

#: Address fields a customer's address must fill (seed 004: the scheduling engines need
#: Address Line 1 and the Postcode).
REQUIRED_ADDRESS_FIELDS = ("line1", "postcode")


def check_address(field: str, address: object) -> Address:
    """Return *address* with every line trimmed, checking the required ones.

    Raises:
        ValidationError: ``{field}.line1``/``required``, ``{field}.postcode``/
            ``required``, or a text rule on any line.
    """
    if not isinstance(address, Address):
        raise ValidationError(
            field, "type", f"must be a commtrak.Address, not {type(address).__name__}"
        )
    values = {}
    for name in attrs.fields_dict(Address):
        checker = required_text if name in REQUIRED_ADDRESS_FIELDS else clean_text
        values[name] = checker(f"{field}.{name}", getattr(address, name))
    return Address(**values)


def _check_type(value: object) -> str:
    known = {member.value for member in CustomerType}
    if value not in known:
        raise ValidationError(
            "type", "customer_type", f"must be one of {', '.join(sorted(known))}, not {value!r}"
        )
    return str(value)


def _check_status(value: object) -> CustomerStatus:
    try:
        return CustomerStatus(str(value))
    except ValueError:
        known = ", ".join(member.value for member in CustomerStatus)
        raise ValidationError("status", "customer_status", f"must be one of {known}") from None


class CustomerService(Service):
    """Adds, reads and edits customer records."""

    @atomic
    def add(
        self,
        *,
        name: str,
        address: Address,
        type: str = CustomerType.COMPANY.value,
        status: CustomerStatus | str = CustomerStatus.ACTIVE,
    ) -> Customer:
        """Add a customer.

        Raises:
            ValidationError: ``name``/``required``, ``address.line1``/``required``,
                ``address.postcode``/``required``, ``type``/``customer_type``,
                ``status``/``customer_status``, or a text rule.
        """
        customer = Customer(
            id=new_id(),
            name=required_text("name", name),
            type=_check_type(type),
            status=_check_status(status),
            address=check_address("address", address),
        )
        self._customers.add(customer)
        return customer

    def get(self, customer_id: uuid.UUID) -> Customer:
        """Return the customer.

        Raises:
            NotFound: ``customer``.
        """
        return self._customers.get(customer_id)

    @atomic
    def edit(
        self,
        customer_id: uuid.UUID,
        *,
        name: str | Unset = UNSET,
        address: Address | Unset = UNSET,
        type: str | Unset = UNSET,
        status: CustomerStatus | str | Unset = UNSET,
        sales_contact_id: uuid.UUID | Unset | None = UNSET,
    ) -> Customer:
        """Change some of a customer's fields; the others stay as they are.

        The sales contact must be one of the contacts selectable at the customer: an
        active contact of its own, or of its group's Head Office.

        Group membership is changed through :class:`~commtrak.services.groups.GroupService`.

        Raises:
            NotFound: ``customer``.
            ValidationError: as in :meth:`add`; ``sales_contact_id``/``selectable_contact``.
        """
        customer = self._customers.get(customer_id, for_update=True)
        changes: dict[str, Any] = {}
        if not isinstance(name, Unset):
            changes["name"] = required_text("name", name)
        if not isinstance(address, Unset):
            changes["address"] = check_address("address", address)
        if not isinstance(type, Unset):
            changes["type"] = _check_type(type)
        if not isinstance(status, Unset):
            changes["status"] = _check_status(status)
        if not isinstance(sales_contact_id, Unset):
            if sales_contact_id is not None:
                self._check_selectable(customer, sales_contact_id)
            changes["sales_contact_id"] = sales_contact_id
        edited = attrs.evolve(customer, **changes)
        if edited != customer:
            self._customers.update(edited)
        return edited

    def _check_selectable(self, customer: Customer, contact_id: uuid.UUID) -> None:
        contact = self._contacts.get(contact_id)
        owners = {customer.id}
        if customer.group_id is not None:
            head_office_id = self._groups.get(customer.group_id).head_office_id
            if head_office_id is not None:
                owners.add(head_office_id)
        if contact.archived or contact.customer_id not in owners:
            raise ValidationError(
                "sales_contact_id",
                "selectable_contact",
                f"contact {contact.name!r} is not an active contact of this customer "
                "or of its group's Head Office",
            )
