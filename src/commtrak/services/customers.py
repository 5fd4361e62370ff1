"""Customer records: adding, reading and editing them, type changes, status, the panel."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.model._text import clean_text, required_text
from commtrak.model.communication import Channel
from commtrak.model.customer_journal import CustomerAction, CustomerJournalEntry
from commtrak.model.customer_types import CustomerTypeSpec
from commtrak.model.customers import Address, Customer, CustomerStatus, CustomerType
from commtrak.model.ids import new_id
from commtrak.model.invoices import CustomerPanel
from commtrak.model.templates import (
    BUILTIN_TAGS,
    DEFAULT_TEMPLATE,
    TagGroup,
    compile_template,
    tag_values,
)
from commtrak.services._base import atomic
from commtrak.services._record import (
    align_work_addresses,
    check_channel,
    check_channels,
    check_choice,
    field_changes,
    live_customer,
    record,
    refuse_lost_branches,
)
from commtrak.services._unset import UNSET, Unset
from commtrak.services.customer_erasure import CustomerErasureService
from commtrak.services.customer_list import CustomerListService
from commtrak.services.customer_merge import CustomerMergeService

__all__ = ["CustomerService", "check_address", "check_required_by_type", "check_status"]

#: Address fields a customer's address must fill (seed 004: the scheduling engines need
#: Address Line 1 and the Postcode).
REQUIRED_ADDRESS_FIELDS = ("line1", "postcode")


def check_address(
    field: str, address: object, *, required: Collection[str] = REQUIRED_ADDRESS_FIELDS
) -> Address:
    """Return *address* with every line trimmed, checking the *required* ones.

    Customers require Address Line 1 and the postcode; work addresses and branches only
    Address Line 1; landlords and invoice recipients none.

    Raises:
        ValidationError: ``{field}.{line}``/``required`` for a blank required line, or a
            text rule on any line.
    """
    if not isinstance(address, Address):
        raise ValidationError(
            field, "type", f"must be a commtrak.Address, not {type(address).__name__}"
        )
    values = {}
    for name in attrs.fields_dict(Address):
        checker = required_text if name in required else clean_text
        values[name] = checker(f"{field}.{name}", getattr(address, name))
    return Address(**values)


def check_status(value: object) -> CustomerStatus:
    """Return the status named *value*.

    Raises:
        ValidationError: ``status``/``customer_status``.
    """
    return check_choice("status", "customer_status", CustomerStatus, value)


def check_required_by_type(spec: CustomerTypeSpec, customer: Customer) -> None:
    """Check that *customer* fills every field its type requires.

    Raises:
        ValidationError: ``{field}``/``required_by_type`` for the first missing one.
    """
    missing = spec.missing_fields(customer)
    if missing:
        raise ValidationError(
            missing[0],
            "required_by_type",
            f"is required for {spec.name} customers (missing: {', '.join(missing)})",
        )


class CustomerService(CustomerMergeService, CustomerErasureService, CustomerListService):
    """Adds, reads and edits customer records, changes their type and status, merges them.

    Rules:

    * the name, Address Line 1 and the postcode are required, and so is every field
      the customer's type requires (``required_by_type``);
    * the type is one of the store's customer types; changing it is a correction that
      asks for the fields the new type requires and is recorded in the journal; a
      customer with branches keeps a type that has branches (``branches_exist``), and a
      customer with a primary contact stays private (``primary_contact``);
    * setting a customer dormant sets its active work addresses dormant, marking them
      as cascaded; setting it active again reactivates those and no others; both are
      recorded in the journal with the number of work addresses changed;
    * a customer merged into another cannot be edited (``merged_customer``);
    * an administrator may delete a customer and all its records for good
      (:meth:`delete`, see :mod:`commtrak.services.customer_erasure`);
    * the customer list (:meth:`list`, :meth:`each`) filters as
      :mod:`commtrak.model.customer_filter` states, in keyset pages.
    """

    @atomic
    def add(
        self,
        *,
        name: str,
        address: Address,
        type: str = CustomerType.COMPANY.value,
        status: CustomerStatus | str = CustomerStatus.ACTIVE,
        advertising_source: str = "",
        price_book: str = "",
        communication: Iterable[str] = (),
    ) -> Customer:
        """Add a customer.

        Args:
            name: The customer's (company) name.
            address: Address Line 1 and the postcode are required.
            type: One of the store's customer types.
            status: Active or dormant.
            advertising_source: How the customer heard of us.
            price_book: The application's reference of the customer's price book.
            communication: The channels automatic communications may use
                (``"email"``, ``"sms"``, ``"letter"``, ``"phone"``).

        Raises:
            ValidationError: ``name``/``required``, ``address.line1``/``required``,
                ``address.postcode``/``required``, ``type``/``customer_type``,
                ``status``/``customer_status``, ``communication``/
                ``communication_channel``, ``{field}``/``required_by_type``, or a
                text rule.
        """
        customer = self.prepare(
            name=name,
            address=address,
            type=type,
            status=status,
            advertising_source=advertising_source,
            price_book=price_book,
            communication=communication,
        )
        self._customers.add(customer)
        return customer

    def prepare(
        self,
        *,
        name: str,
        address: Address,
        type: str = CustomerType.COMPANY.value,
        status: CustomerStatus | str = CustomerStatus.ACTIVE,
        advertising_source: str = "",
        price_book: str = "",
        communication: Iterable[str] = (),
    ) -> Customer:
        """Return the customer :meth:`add` would store, with a new id, storing nothing.

        The one place a new customer is checked: :meth:`add` stores what this
        returns, and a bulk import (:mod:`commtrak.portability.csv_import`) stores many
        at once.

        Raises:
            ValidationError: as :meth:`add`.
        """
        spec = self._session.customer_types.get(type)
        customer = Customer(
            id=new_id(),
            name=required_text("name", name),
            type=spec.name,
            status=check_status(status),
            address=check_address("address", address),
            advertising_source=clean_text("advertising_source", advertising_source),
            price_book=clean_text("price_book", price_book),
            communication=check_channels(communication),
        )
        check_required_by_type(spec, customer)
        return customer

    def get(self, customer_id: uuid.UUID) -> Customer:
        """Return the customer, merged or not.

        Raises:
            NotFound: ``customer``.
        """
        return self._customers.get(customer_id)

    def eligible(self, channel: Channel | str | None = None) -> list[Customer]:
        """List the customers automatic communications by *channel* may reach.

        These are the active customers (never a Dormant one, nor a merged one, which is
        Dormant) whose communication preferences include *channel*, or, without one,
        tick at least one channel: a customer that ticked none takes no automatic
        communication. Each one's communication goes to the contacts
        :meth:`ContactService.recipients <commtrak.services.ContactService.recipients>`
        lists. In navigation order (folded name, then id). The rule is stated in
        :mod:`commtrak.model.communication`.

        Raises:
            ValidationError: ``channel``/``communication_channel`` for an unknown channel.
        """
        return self._customers.eligible(check_channel(channel))

    def current(self, customer_id: uuid.UUID) -> Customer:
        """Return the customer, or the one it was merged into (following every merge).

        An application that kept the id of a merged customer finds its data here.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        while customer.merged_into is not None:
            customer = self._customers.get(customer.merged_into)
        return customer

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
        advertising_source: str | Unset = UNSET,
        price_book: str | Unset = UNSET,
        communication: Iterable[str] | Unset = UNSET,
    ) -> Customer:
        """Change some of a customer's fields; the others stay as they are.

        Every view reads the one stored record, so an edit shows everywhere at once.
        A new *type* is a correction, recorded as in :meth:`change_type`; a new
        *status* cascades to the work addresses as the class documents. The sales
        contact must be an active contact of the customer or of its group's Head
        Office. Group membership is changed
        through :class:`~commtrak.services.groups.GroupService`.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``; for a new *type*, as in
                :meth:`change_type`.
            ValidationError: as in :meth:`add`; ``sales_contact_id``/``selectable_contact``.
        """
        customer = live_customer(self._session, customer_id, for_update=True)
        changes: dict[str, Any] = {}
        if not isinstance(name, Unset):
            changes["name"] = required_text("name", name)
        if not isinstance(address, Unset):
            changes["address"] = check_address("address", address)
        if not isinstance(type, Unset):
            changes["type"] = self._session.customer_types.get(type).name
        if not isinstance(status, Unset):
            changes["status"] = check_status(status)
        if not isinstance(sales_contact_id, Unset):
            if sales_contact_id is not None:
                self._check_selectable(customer, sales_contact_id)
            changes["sales_contact_id"] = sales_contact_id
        for field, value in (
            ("advertising_source", advertising_source),
            ("price_book", price_book),
        ):
            if not isinstance(value, Unset):
                changes[field] = clean_text(field, value)
        if not isinstance(communication, Unset):
            changes["communication"] = check_channels(communication)
        edited = attrs.evolve(customer, **changes)
        spec = self._session.customer_types.get(edited.type)
        check_required_by_type(spec, edited)
        if edited.type != customer.type:
            self._check_new_type(customer, spec)
        if edited == customer:
            return customer
        self._customers.update(edited)
        if edited.type != customer.type:
            record(
                self._session,
                customer.id,
                CustomerAction.TYPE_CHANGED,
                changes=field_changes(customer, edited),
            )
        if edited.status != customer.status:
            changed = align_work_addresses(self._session, edited)
            record(
                self._session,
                customer.id,
                CustomerAction.STATUS_CHANGED,
                changes={"status": [customer.status.value, edited.status.value]},
                counts={"work_addresses": changed},
            )
        return edited

    @atomic
    def change_type(
        self,
        customer_id: uuid.UUID,
        type: str,
        *,
        advertising_source: str | Unset = UNSET,
        price_book: str | Unset = UNSET,
        address: Address | Unset = UNSET,
    ) -> Customer:
        """Correct a customer's type, filling the fields the new type requires.

        Ask :meth:`fields_for_type` which fields to ask the user for. The change is
        recorded in the journal with every field it changed.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``; ``type``/``branches_exist``
                when the customer has branches and the new type has none (merge or
                delete them first); ``type``/``primary_contact`` when the customer has
                a primary contact and the new type is not private (clear it first).
            ValidationError: ``type``/``customer_type``, ``{field}``/``required_by_type``
                for a required field still blank, or a rule of :meth:`edit`.
        """
        return self.edit(
            customer_id,
            type=type,
            advertising_source=advertising_source,
            price_book=price_book,
            address=address,
        )

    def fields_for_type(self, customer_id: uuid.UUID, type: str) -> tuple[str, ...]:
        """Return the fields the customer leaves blank that *type* requires, sorted.

        Raises:
            NotFound: ``customer``.
            ValidationError: ``type``/``customer_type``.
        """
        customer = self._customers.get(customer_id)
        return self._session.customer_types.get(type).missing_fields(customer)

    def journal(self, customer_id: uuid.UUID) -> list[CustomerJournalEntry]:
        """Return the recorded changes a customer took part in, oldest first.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._session.transaction.customer_journal.for_customer(customer.id)

    @atomic
    def set_invoice_format(self, customer_id: uuid.UUID, template: str | None) -> Customer:
        """Save the customer's invoice address format, checked before it is saved.

        Args:
            customer_id: The customer.
            template: A tag template such as ``[landlord_name] c/o [customer_name]``
                followed by address tags on their own lines; ``None`` or blank for
                the default format (:data:`~commtrak.model.templates.DEFAULT_TEMPLATE`).
                Plugins' tags (``commtrak_register_template_tags``) are allowed.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: ``template`` with the rule and the position, listing the
                known tags (an unknown tag, an unclosed bracket...).
        """
        customer = live_customer(self._session, customer_id, for_update=True)
        text = "" if template is None or not template.strip() else template
        if text:
            compile_template(text, tags=self._template_tags())
        edited = attrs.evolve(customer, invoice_format=text)
        if edited != customer:
            self._customers.update(edited)
        return edited

    def invoice_address(
        self,
        customer_id: uuid.UUID,
        *,
        work_address_id: uuid.UUID | None = None,
        values: Mapping[str, str | None] | None = None,
    ) -> list[str]:
        """Render the customer's invoice address, line by line, with its format.

        The customer's tags come from its record; with *work_address_id*, the work
        address's and its landlord's tags too (with no landlord, the format's
        ``[landlord_name] c/o`` part drops out). *values* supplies the plugins' tags.
        Data is never read as a template.

        Raises:
            NotFound: ``customer`` or ``work_address``.
            ValidationError: ``work_address_id``/``customer_work_address`` when the work
                address belongs to another customer.
        """
        customer = self._customers.get(customer_id)
        tags: dict[str, str | None] = dict(
            tag_values(TagGroup.CUSTOMER, name=customer.name, address=customer.address)
        )
        if work_address_id is not None:
            work = self._session.transaction.work_addresses.get(work_address_id)
            if work.customer_id != customer.id:
                raise ValidationError(
                    "work_address_id",
                    "customer_work_address",
                    "the work address belongs to another customer",
                )
            occupier = " ".join(
                part for part in (work.occupier.first_name, work.occupier.surname) if part
            )
            tags |= tag_values(TagGroup.WORK_ADDRESS, name=occupier, address=work.address)
            if work.landlord_id is not None:
                landlord = self._session.transaction.landlords.get(work.landlord_id)
                tags |= tag_values(TagGroup.LANDLORD, name=landlord.name, address=landlord.address)
        tags |= dict(values or {})
        template = compile_template(
            customer.invoice_format or DEFAULT_TEMPLATE, tags=self._template_tags()
        )
        return template.render_lines(tags)

    def _template_tags(self) -> Collection[str]:
        plugins = self._session.plugins
        return tuple(plugins.template_tags() if plugins is not None else BUILTIN_TAGS)

    def panel(self, customer_id: uuid.UUID) -> CustomerPanel:
        """Return the figures of the customer record's side panel.

        Status, outstanding debt, the due date and age in days of the oldest unpaid
        invoice (age 0 while it is not yet due), and account credit. The sums come
        from one repository query over the minimal invoices, plus what each of the
        store's ``account_figures`` sources adds (the finance ledger's, when given).

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        transaction = self._session.transaction
        figures = transaction.invoices.figures(customer.id)
        for source in self._session.account_figures:
            figures += source(transaction, customer.id)
        age = None
        if figures.oldest_unpaid_due_on is not None:
            today = self._session.now().date()
            age = max(0, (today - figures.oldest_unpaid_due_on).days)
        return CustomerPanel(
            status=customer.status,
            outstanding_debt=figures.outstanding,
            oldest_unpaid_due_on=figures.oldest_unpaid_due_on,
            debt_age_days=age,
            account_credit=figures.credit,
        )

    def _check_new_type(self, customer: Customer, spec: CustomerTypeSpec) -> None:
        """Refuse a type that could not hold the customer's branches or primary contact."""
        refuse_lost_branches(self._session, customer, spec, field="type")
        if not spec.has_primary_contact and self._contacts.primary_of(customer.id) is not None:
            raise Conflict(
                "type",
                "primary_contact",
                f"customer {customer.name!r} has a primary contact, and only private "
                f"customers have one, not {spec.name} ones; clear the primary contact first",
            )

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
