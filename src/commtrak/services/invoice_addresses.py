"""Invoice addresses (seed 004): where a customer's invoices go instead of its address.

Alternative recipients, enabled landlords and work addresses, shared by customers, and
deleted only when no active invoice needs them.
"""

from __future__ import annotations

import uuid
from typing import Any

import attrs

from commtrak.errors import Conflict, NotFound, ValidationError
from commtrak.model._text import required_text
from commtrak.model.customers import Address
from commtrak.model.ids import new_id
from commtrak.model.invoice_addresses import InvoiceAddress, InvoiceAddressUsage
from commtrak.ports import InvoiceAddressRepository
from commtrak.services._base import Service, atomic
from commtrak.services._record import live_customer, save_changes
from commtrak.services._unset import UNSET, Unset
from commtrak.services.customers import check_address

__all__ = ["InvoiceAddressService"]

#: An alternative recipient's address needs Address Line 1.
RECIPIENT_ADDRESS_FIELDS = ("line1",)


class InvoiceAddressService(Service):
    """Adds, enables, assigns, edits and deletes invoice addresses.

    Rules:

    * an alternative recipient needs a name and Address Line 1;
    * a landlord or work address is *enabled* as an invoice address rather than copied:
      the invoice address shows the source's current name and address, and is edited
      through the source (``invoice_address_id``/``edit_source``); enabling the same
      source twice gives the same invoice address;
    * one invoice address may be assigned to several customers;
    * deleting one that an active (draft or issued) invoice names is refused
      (``invoice_address_id``/``active_invoice``); deleting one assigned to more than one
      customer needs ``confirm_shared=True`` (``confirm_shared``/``shared_invoice_address``),
      so that the caller can show :meth:`usage` first; a deleted invoice address is taken
      from every customer and kept only for the settled invoices that name it.
    """

    @atomic
    def add(self, customer_id: uuid.UUID, *, name: str, address: Address) -> InvoiceAddress:
        """Add an alternative recipient (an insurer, say) and assign it to a customer.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: ``name``/``required``, ``address.line1``/``required``, or a
                text rule.
        """
        customer = live_customer(self._session, customer_id)
        invoice_address = InvoiceAddress(
            id=new_id(),
            name=required_text("name", name),
            address=check_address("address", address, required=RECIPIENT_ADDRESS_FIELDS),
        )
        self._repository.add(invoice_address)
        self._repository.link(invoice_address.id, customer.id)
        return invoice_address

    @atomic
    def enable(
        self,
        customer_id: uuid.UUID,
        *,
        landlord_id: uuid.UUID | None = None,
        work_address_id: uuid.UUID | None = None,
    ) -> InvoiceAddress:
        """Enable a landlord or a work address as an invoice address of a customer.

        Give exactly one of *landlord_id* and *work_address_id*.

        Raises:
            NotFound: ``customer``, ``landlord`` or ``work_address``.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: ``landlord_id``/``one_source`` unless exactly one is given.
        """
        if (landlord_id is None) == (work_address_id is None):
            raise ValidationError(
                "landlord_id", "one_source", "give exactly one of a landlord or a work address"
            )
        customer = live_customer(self._session, customer_id)
        transaction = self._session.transaction
        source: dict[str, Any]
        if landlord_id is not None:
            source = {"landlord_id": transaction.landlords.get(landlord_id).id}
        else:
            assert work_address_id is not None
            source = {"work_address_id": transaction.work_addresses.get(work_address_id).id}
        invoice_address = self._repository.enabled_for(**source)
        if invoice_address is None:
            invoice_address = InvoiceAddress(id=new_id(), **source)
            self._repository.add(invoice_address)
        self._repository.link(invoice_address.id, customer.id)
        return self._resolve(invoice_address)

    @atomic
    def assign(self, invoice_address_id: uuid.UUID, customer_id: uuid.UUID) -> InvoiceAddress:
        """Share an invoice address with another customer; assigning twice changes nothing.

        Raises:
            NotFound: ``invoice_address`` (deleted ones too) or ``customer``.
            Conflict: ``customer_id``/``merged_customer``.
        """
        invoice_address = self._live(invoice_address_id)
        customer = live_customer(self._session, customer_id)
        self._repository.link(invoice_address.id, customer.id)
        return self._resolve(invoice_address)

    @atomic
    def unassign(self, invoice_address_id: uuid.UUID, customer_id: uuid.UUID) -> None:
        """Take an invoice address from one customer only; the others keep it.

        Raises:
            NotFound: ``invoice_address`` or ``customer``.
            Conflict: ``customer_id``/``merged_customer``; ``invoice_address_id``/
                ``active_invoice`` while an active invoice of that customer names it.
        """
        invoice_address = self._live(invoice_address_id)
        customer = live_customer(self._session, customer_id)
        self._refuse_active(invoice_address, customer_id=customer.id)
        self._repository.unlink(invoice_address.id, customer.id)

    def get(self, invoice_address_id: uuid.UUID) -> InvoiceAddress:
        """Return the invoice address with its current name and address, deleted or not.

        Raises:
            NotFound: ``invoice_address``.
        """
        return self._resolve(self._repository.get(invoice_address_id))

    def for_customer(self, customer_id: uuid.UUID) -> list[InvoiceAddress]:
        """List the invoice addresses assigned to a customer.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return [self._resolve(row) for row in self._repository.for_customer(customer.id)]

    @atomic
    def edit(
        self,
        invoice_address_id: uuid.UUID,
        *,
        name: str | Unset = UNSET,
        address: Address | Unset = UNSET,
    ) -> InvoiceAddress:
        """Change an alternative recipient; every customer sharing it sees the change.

        Raises:
            NotFound: ``invoice_address``.
            ValidationError: ``invoice_address_id``/``edit_source`` for an enabled
                landlord or work address; a rule of :meth:`add`.
        """
        invoice_address = self._live(invoice_address_id)
        if invoice_address.landlord_id or invoice_address.work_address_id:
            raise ValidationError(
                "invoice_address_id",
                "edit_source",
                "this invoice address is an enabled landlord or work address; edit that instead",
            )
        changes: dict[str, Any] = {}
        if not isinstance(name, Unset):
            changes["name"] = required_text("name", name)
        if not isinstance(address, Unset):
            changes["address"] = check_address(
                "address", address, required=RECIPIENT_ADDRESS_FIELDS
            )
        return save_changes(self._repository, invoice_address, changes)

    def usage(self, invoice_address_id: uuid.UUID) -> InvoiceAddressUsage:
        """Return who uses an invoice address: what deleting it would affect.

        Raises:
            NotFound: ``invoice_address``.
        """
        invoice_address = self._resolve(self._repository.get(invoice_address_id))
        return InvoiceAddressUsage(
            invoice_address=invoice_address,
            customer_ids=tuple(self._repository.customers_of(invoice_address.id)),
            active_invoices=self._session.transaction.invoices.count_active_for_invoice_address(
                invoice_address.id
            ),
        )

    @atomic
    def delete(
        self, invoice_address_id: uuid.UUID, *, confirm_shared: bool = False
    ) -> InvoiceAddressUsage:
        """Delete an invoice address for every customer using it.

        Returns:
            The usage it had: the customers it was taken from.

        Raises:
            NotFound: ``invoice_address`` (also when it is already deleted).
            Conflict: ``invoice_address_id``/``active_invoice`` while an active invoice
                names it; ``confirm_shared``/``shared_invoice_address`` when it is assigned
                to several customers and *confirm_shared* is false (the message names
                how many).
        """
        self._live(invoice_address_id, for_update=True)
        usage = self.usage(invoice_address_id)
        self._refuse_active(usage.invoice_address)
        if usage.shared and not confirm_shared:
            raise Conflict(
                "confirm_shared",
                "shared_invoice_address",
                f"this invoice address is assigned to {len(usage.customer_ids)} customers and "
                "will be removed for all of them; confirm to delete it",
            )
        self._repository.unlink_all(invoice_address_id)
        stored = self._repository.get(invoice_address_id)
        self._repository.update(attrs.evolve(stored, deleted=True))
        return usage

    # -- the rules --------------------------------------------------------------------

    @property
    def _repository(self) -> InvoiceAddressRepository:
        return self._session.transaction.invoice_addresses

    def _refuse_active(
        self, invoice_address: InvoiceAddress, *, customer_id: uuid.UUID | None = None
    ) -> None:
        count = self._session.transaction.invoices.count_active_for_invoice_address(
            invoice_address.id, customer_id=customer_id
        )
        if count:
            raise Conflict(
                "invoice_address_id",
                "active_invoice",
                f"{count} active invoice(s) are sent to this invoice address; change them first",
            )

    def _live(self, invoice_address_id: uuid.UUID, *, for_update: bool = False) -> InvoiceAddress:
        invoice_address = self._repository.get(invoice_address_id, for_update=for_update)
        if invoice_address.deleted:
            raise NotFound("invoice_address", invoice_address_id)
        return invoice_address

    def _resolve(self, invoice_address: InvoiceAddress) -> InvoiceAddress:
        """Show an enabled landlord or work address with the source's current details."""
        transaction = self._session.transaction
        if invoice_address.landlord_id is not None:
            landlord = transaction.landlords.get(invoice_address.landlord_id)
            return attrs.evolve(invoice_address, name=landlord.name, address=landlord.address)
        if invoice_address.work_address_id is not None:
            work_address = transaction.work_addresses.get(invoice_address.work_address_id)
            occupier = work_address.occupier
            name = " ".join(p for p in (occupier.title, occupier.first_name, occupier.surname) if p)
            return attrs.evolve(invoice_address, name=name, address=work_address.address)
        return invoice_address
