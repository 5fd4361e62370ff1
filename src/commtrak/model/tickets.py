"""A minimal ticket record, enough to enforce the portal's rules (seed 003).

Tickets are the application's; commtrak keeps the few fields the portal rules need: the
customer, the contact that raised the ticket (a contact reference, which merges
repoint), the subject, and notes, each internal or not. A portal contact sees only the
tickets it raised through the portal, and never an internal note.
"""

from __future__ import annotations

import datetime
import uuid

import attrs

__all__ = ["Ticket", "TicketNote"]


@attrs.frozen
class Ticket:
    """A support ticket against a customer.

    Attributes:
        id: Made by the library.
        customer_id: The customer the ticket is against.
        contact_id: The ticket contact: one of the customer's contacts or a contact of
            its group's Head Office; ``None`` when there is none.
        subject: What it is about.
        created_at: When it was raised (UTC).
        created_by: Who raised it.
        raised_via_portal: Whether the contact raised it through the portal.
        from_email: The tickets-from-email address it arrived at, if any.
        data_sheet_id: The data sheet whose submission raised it, if any.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    contact_id: uuid.UUID | None
    subject: str
    created_at: datetime.datetime
    created_by: str
    raised_via_portal: bool = False
    from_email: str | None = None
    data_sheet_id: uuid.UUID | None = None


@attrs.frozen
class TicketNote:
    """A note on a ticket.

    Attributes:
        id: Made by the library.
        ticket_id: The ticket.
        text: The note.
        internal: Internal notes are for staff only; the portal never shows them.
        created_at: When it was written (UTC).
        created_by: Who wrote it.
        via_portal: Whether the contact wrote it through the portal.
    """

    id: uuid.UUID
    ticket_id: uuid.UUID
    text: str
    internal: bool
    created_at: datetime.datetime
    created_by: str
    via_portal: bool = False
