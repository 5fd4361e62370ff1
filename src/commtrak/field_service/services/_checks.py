"""Checks the reminder and activity services share: whose records these are, page sizes."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Final, Protocol

from commtrak.errors import Conflict, ValidationError
from commtrak.field_service.ports.reminders import DueKey
from commtrak.services._record import live_customer

if TYPE_CHECKING:
    from commtrak.unit_of_work import UnitOfWork

__all__ = ["MAX_PAGE", "Dated", "check_limit", "due_key", "owned_by"]

#: The longest page a due list returns.
MAX_PAGE: Final = 1000


def owned_by(
    session: UnitOfWork,
    customer_id: uuid.UUID,
    *,
    work_address_id: uuid.UUID | None = None,
    contact_id: uuid.UUID | None = None,
) -> None:
    """Check that the customer exists (not merged) and owns the work address and contact.

    Raises:
        NotFound: ``customer``, ``work_address``, ``contact``.
        Conflict: ``customer_id``/``merged_customer``,
            ``work_address_id``/``same_customer``, ``contact_id``/``same_customer``.
    """
    live_customer(session, customer_id)
    tx = session.transaction
    if work_address_id is not None:
        work_address = tx.work_addresses.get(work_address_id)
        if work_address.customer_id != customer_id:
            raise Conflict(
                "work_address_id", "same_customer", "the work address is another customer's"
            )
    if contact_id is not None and tx.contacts.get(contact_id).customer_id != customer_id:
        raise Conflict("contact_id", "same_customer", "the contact is another customer's")


def check_limit(limit: object) -> int:
    """Return *limit*, a page length from 1 to :data:`MAX_PAGE`.

    Raises:
        ValidationError: ``limit``/``range``.
    """
    if type(limit) is not int or not 1 <= limit <= MAX_PAGE:
        raise ValidationError("limit", "range", f"must be a whole number from 1 to {MAX_PAGE}")
    return limit


class Dated(Protocol):
    """A record on a due list: a reminder or an activity."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def due_on(self) -> datetime.date: ...


def due_key(after: Dated | DueKey | None) -> DueKey | None:
    """The keyset key of *after*: the previous page's last record, its key, or ``None``."""
    if after is None or isinstance(after, tuple):
        return after
    return (after.due_on, after.id)
