"""Tickets, as far as the portal's rules need them (seed 003, "Portal View Notes").

Staff open tickets against a customer, naming a ticket contact selectable there (one of
its own contacts or a contact of its group's Head Office), and write notes, internal or
not. Through the portal a contact raises tickets against the customers it may see,
always as the ticket contact itself (seed 000: Head Office contacts "can also create
Tickets, for Customers in their Group, with a Head Office contact as the designated
Ticket contact"), sees only the tickets it raised, and never an internal note.

The staff methods refuse an actor acting through the portal (``Actor.via_portal``): such
an actor names no contact, so a ticket it opened or a note list it read would escape the
portal's scope. Portal requests go through the methods that take a principal.
"""

from __future__ import annotations

import uuid
from typing import Final

from commtrak.errors import PermissionDenied, ValidationError
from commtrak.model._text import MAX_NOTE, required_text
from commtrak.model.access import Actor
from commtrak.model.ids import new_id
from commtrak.model.portal_scope import PortalPrincipal
from commtrak.model.portal_settings import PortalModule
from commtrak.model.tickets import Ticket, TicketNote
from commtrak.services._base import Service, atomic
from commtrak.services._portal_access import OUT_OF_SCOPE, PortalScope, portal_scope, require_module
from commtrak.services._record import live_customer
from commtrak.services.contacts import ContactService

__all__ = ["STAFF_ONLY", "TicketService"]

#: The :class:`~commtrak.PermissionDenied` of a staff method called by a portal actor.
STAFF_ONLY: Final = "portal.staff_only"


class TicketService(Service):
    """Opens tickets and writes their notes, for staff and for portal contacts."""

    # -- staff --------------------------------------------------------------------------

    @atomic
    def open(
        self,
        customer_id: uuid.UUID,
        *,
        subject: str,
        contact_id: uuid.UUID | None = None,
        from_email: str | None = None,
    ) -> Ticket:
        """Open a ticket against a customer.

        Raises:
            NotFound: ``customer`` or ``contact``.
            PermissionDenied: ``portal.staff_only`` for an actor acting through the portal.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: ``subject``/``required``; ``contact_id``/
                ``selectable_contact`` when the contact is archived or neither the
                customer's nor its Head Office's.
        """
        actor = self._staff()
        customer = live_customer(self._session, customer_id)
        if contact_id is not None:
            self._check_selectable(customer.id, contact_id)
        return self.add_ticket(
            customer.id,
            contact_id=contact_id,
            subject=subject,
            by=actor.name,
            via_portal=False,
            from_email=from_email,
        )

    def get(self, ticket_id: uuid.UUID) -> Ticket:
        """Return the ticket.

        Raises:
            NotFound: ``ticket``.
            PermissionDenied: ``portal.staff_only`` for an actor acting through the portal.
        """
        self._staff()
        return self._session.transaction.tickets.get(ticket_id)

    @atomic
    def add_note(self, ticket_id: uuid.UUID, text: str, *, internal: bool = False) -> TicketNote:
        """Write a note on a ticket; an internal note is never shown in the portal.

        Raises:
            NotFound: ``ticket``.
            PermissionDenied: ``portal.staff_only`` for an actor acting through the portal.
            ValidationError: ``text``/``required`` (and the other text rules).
        """
        ticket = self.get(ticket_id)
        return self._note(
            ticket, text, internal=internal, by=self._session.actor.name, via_portal=False
        )

    def notes(self, ticket_id: uuid.UUID) -> list[TicketNote]:
        """Return every note of a ticket, internal ones included, oldest first.

        Raises:
            NotFound: ``ticket``.
            PermissionDenied: ``portal.staff_only`` for an actor acting through the portal.
        """
        ticket = self.get(ticket_id)
        return self._session.transaction.tickets.notes(ticket.id, include_internal=True)

    # -- the portal -----------------------------------------------------------------------

    @atomic
    def raise_from_portal(
        self, principal: PortalPrincipal, customer_id: uuid.UUID, *, subject: str, text: str = ""
    ) -> Ticket:
        """Raise a ticket through the portal, with the principal's contact as ticket contact.

        Args:
            principal: The logged-in contact.
            customer_id: A customer the contact may see (a Head Office contact may
                raise tickets for every customer of its group).
            subject: What it is about.
            text: A first note, not internal; none when blank.

        Raises:
            PermissionDenied: ``portal.not_signed_in``, ``portal.module_hidden``,
                ``portal.scope``.
            ValidationError: ``subject``/``required``.
        """
        scope = self._scope(principal)
        scope.require_customer(customer_id)
        ticket = self.add_ticket(
            customer_id,
            contact_id=scope.contact.id,
            subject=subject,
            by=scope.account.username,
            via_portal=True,
        )
        if text.strip():
            self._note(ticket, text, internal=False, by=scope.account.username, via_portal=True)
        return ticket

    def for_portal(self, principal: PortalPrincipal) -> list[Ticket]:
        """Return the tickets the principal raised through the portal, oldest first.

        Only tickets against customers it may still see are listed.

        Raises:
            PermissionDenied: ``portal.not_signed_in``, ``portal.module_hidden``.
        """
        scope = self._scope(principal)
        return [
            ticket
            for ticket in self._session.transaction.tickets.for_contact(scope.contact.id)
            if _visible(scope, ticket)
        ]

    def portal_notes(self, principal: PortalPrincipal, ticket_id: uuid.UUID) -> list[TicketNote]:
        """Return the notes of one of the principal's tickets, never an internal one.

        Raises:
            PermissionDenied: ``portal.not_signed_in``, ``portal.module_hidden``,
                ``portal.scope`` (also for a ticket that does not exist).
        """
        ticket = self._portal_ticket(self._scope(principal), ticket_id)
        return self._session.transaction.tickets.notes(ticket.id, include_internal=False)

    @atomic
    def add_portal_note(
        self, principal: PortalPrincipal, ticket_id: uuid.UUID, text: str
    ) -> TicketNote:
        """Write a note on one of the principal's tickets (never internal).

        Raises:
            PermissionDenied: as :meth:`portal_notes`.
            ValidationError: ``text``/``required``.
        """
        scope = self._scope(principal)
        ticket = self._portal_ticket(scope, ticket_id)
        return self._note(ticket, text, internal=False, by=scope.account.username, via_portal=True)

    # -- shared with the data sheets ------------------------------------------------------

    def add_ticket(
        self,
        customer_id: uuid.UUID,
        *,
        contact_id: uuid.UUID | None,
        subject: str,
        by: str,
        via_portal: bool,
        from_email: str | None = None,
        data_sheet_id: uuid.UUID | None = None,
    ) -> Ticket:
        """Store a new ticket whose customer and contact the caller has checked.

        Raises:
            ValidationError: ``subject``/``required`` (and the other text rules).
        """
        ticket = Ticket(
            id=new_id(),
            customer_id=customer_id,
            contact_id=contact_id,
            subject=required_text("subject", subject),
            created_at=self._session.now(),
            created_by=by,
            raised_via_portal=via_portal,
            from_email=from_email,
            data_sheet_id=data_sheet_id,
        )
        self._session.transaction.tickets.add(ticket)
        return ticket

    # -- the rules ------------------------------------------------------------------------

    def _staff(self) -> Actor:
        """Return the session's actor, refusing one that acts through the portal."""
        actor = self._session.actor
        if actor.via_portal:
            raise PermissionDenied(
                STAFF_ONLY,
                "a portal actor uses the portal methods (raise_from_portal, for_portal, "
                "portal_notes, add_portal_note)",
            )
        return actor

    def _scope(self, principal: PortalPrincipal) -> PortalScope:
        scope = portal_scope(self._session, principal)
        require_module(self._session, PortalModule.TICKETS)
        return scope

    def _portal_ticket(self, scope: PortalScope, ticket_id: uuid.UUID) -> Ticket:
        for ticket in self._session.transaction.tickets.for_contact(scope.contact.id):
            if ticket.id == ticket_id and _visible(scope, ticket):
                return ticket
        raise PermissionDenied(OUT_OF_SCOPE, "this contact may not see that ticket")

    def _note(
        self, ticket: Ticket, text: str, *, internal: bool, by: str, via_portal: bool
    ) -> TicketNote:
        note = TicketNote(
            id=new_id(),
            ticket_id=ticket.id,
            text=required_text("text", text, max_length=MAX_NOTE),
            internal=bool(internal),
            created_at=self._session.now(),
            created_by=by,
            via_portal=via_portal,
        )
        self._session.transaction.tickets.add_note(note)
        return note

    def _check_selectable(self, customer_id: uuid.UUID, contact_id: uuid.UUID) -> None:
        contact = self._contacts.get(contact_id)
        selectable = self._session.service(ContactService).selectable(customer_id)
        if all(choice.contact.id != contact.id for choice in selectable):
            raise ValidationError(
                "contact_id",
                "selectable_contact",
                "the ticket contact must be an active contact of the customer or of its "
                "group's Head Office",
            )


def _visible(scope: PortalScope, ticket: Ticket) -> bool:
    return (
        ticket.raised_via_portal
        and ticket.contact_id == scope.contact.id
        and ticket.customer_id in scope.customer_ids
    )
