"""Landlords: added with a work address or on their own, found by name, edited."""

from __future__ import annotations

import uuid
from typing import Any

from commtrak.errors import Conflict
from commtrak.model._text import clean_text, fold, required_text
from commtrak.model.customers import Address
from commtrak.model.ids import new_id
from commtrak.model.landlords import Landlord
from commtrak.services._base import Service, atomic
from commtrak.services._record import check_email, save_changes
from commtrak.services._unset import UNSET, Unset
from commtrak.services.customers import check_address

__all__ = ["LandlordService"]


class LandlordService(Service):
    """Adds, edits and finds landlords. A landlord's name is required; nothing else is.

    One landlord may own many work addresses, of any customers; an edit shows on all
    of them, and on the invoice address the landlord is enabled as.

    Seed 004: "Landlord details can only be edited if they are enabled as an invoice
    address." A landlord's details are the owner's, shared by every work address that
    names it; they become the business's to keep up only once invoices go to the
    landlord. So :meth:`edit` refuses a landlord that is not enabled as an invoice
    address (``landlord_id``/``landlord_not_invoice_address``); enable it first with
    :meth:`~commtrak.services.InvoiceAddressService.enable`. Deleting that invoice
    address makes the landlord read-only again. A new landlord is added with its
    details, enabled or not.
    """

    @atomic
    def add(
        self,
        *,
        name: str,
        address: Address | None = None,
        phone: str = "",
        email: str | None = None,
    ) -> Landlord:
        """Add a landlord.

        Raises:
            ValidationError: ``name``/``required``, ``email``/``email_form``, or a text
                rule on any field.
        """
        landlord = Landlord(
            id=new_id(),
            name=required_text("name", name),
            address=check_address("address", address or Address(), required=()),
            phone=clean_text("phone", phone),
            email=check_email(self._session, "email", email),
        )
        self._session.transaction.landlords.add(landlord)
        return landlord

    def get(self, landlord_id: uuid.UUID) -> Landlord:
        """Return the landlord.

        Raises:
            NotFound: ``landlord``.
        """
        return self._session.transaction.landlords.get(landlord_id)

    @atomic
    def edit(
        self,
        landlord_id: uuid.UUID,
        *,
        name: str | Unset = UNSET,
        address: Address | Unset = UNSET,
        phone: str | Unset = UNSET,
        email: str | Unset | None = UNSET,
    ) -> Landlord:
        """Change some of a landlord's fields; only a landlord enabled as an invoice address.

        The values are checked first, so a malformed one is a ``ValidationError``
        whether or not the landlord may be edited.

        Raises:
            NotFound: ``landlord``.
            ValidationError: as in :meth:`add`.
            Conflict: ``landlord_id``/``landlord_not_invoice_address`` when no (undeleted)
                invoice address is the landlord enabled.
        """
        landlords = self._session.transaction.landlords
        landlord = landlords.get(landlord_id, for_update=True)
        changes: dict[str, Any] = {}
        if not isinstance(name, Unset):
            changes["name"] = required_text("name", name)
        if not isinstance(address, Unset):
            changes["address"] = check_address("address", address, required=())
        if not isinstance(phone, Unset):
            changes["phone"] = clean_text("phone", phone)
        if not isinstance(email, Unset):
            changes["email"] = check_email(self._session, "email", email)
        self._refuse_unless_enabled(landlord)
        return save_changes(landlords, landlord, changes)

    def search(self, query: str) -> list[Landlord]:
        """Find landlords whose name contains *query*, case-insensitively, by name.

        Raises:
            ValidationError: ``query``/``required`` when the query is blank.
        """
        return self._session.transaction.landlords.search(fold(required_text("query", query)))

    def _refuse_unless_enabled(self, landlord: Landlord) -> None:
        """Refuse to edit a landlord that no undeleted invoice address enables (seed 004)."""
        if self._session.transaction.invoice_addresses.enabled_for(landlord_id=landlord.id) is None:
            raise Conflict(
                "landlord_id",
                "landlord_not_invoice_address",
                f"landlord {landlord.name!r} can be edited only while it is enabled as an "
                "invoice address; enable it first (invoice_addresses.enable)",
            )
