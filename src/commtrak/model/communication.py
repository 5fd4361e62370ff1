"""Communication preferences: how a contact or customer agrees to be reached (seed 004).

The rule, everywhere commtrak lists whom an *automatic* communication (a service
reminder, an after-sales message) may reach:

* **Each recipient's own preferences decide.** A customer, a work address and a contact
  each tick the channels (:class:`Channel`) they accept; a record is reached by a
  channel only if that channel is ticked on it, and, asked for no channel in
  particular, only if it ticked at least one (:func:`accepts`). A record that ticked
  nothing takes no automatic communication at all.
* **Only active records are reached.** A Dormant customer gets none, nor do its work
  addresses, all Dormant with it (seed: "Setting the status to Dormant disables
  automated communications"); a merged customer is Dormant; an archived contact gets
  none.
* **A customer's communication goes to its contacts**, to those active contacts whose own
  preferences tick the channel, and only when the customer's preferences tick it too
  (seed: "If a customer is not receiving an automatic communication, check that the
  preference is selected for their contact"). A work address's goes to its occupier and
  is decided by the work address's preferences alone: the occupier is another person
  than the customer, and the seed gives the work address preferences of its own.
* **Manual communications are not decided by them** (seed: "Communications can be sent
  manually if the communication preference is not ticked"). Neither are portal
  activation and password-reset tokens: a member of staff granting access, or the
  contact asking for a reset, requests each one, and refusing it would lock the contact
  out of the portal.

The lists are :meth:`CustomerService.eligible <commtrak.services.CustomerService.eligible>`,
:meth:`ContactService.recipients <commtrak.services.ContactService.recipients>` and
:meth:`WorkAddressService.eligible <commtrak.services.WorkAddressService.eligible>`.
"""

from __future__ import annotations

import enum
from collections.abc import Collection

__all__ = ["Channel", "accepts"]


class Channel(enum.StrEnum):
    """A way of reaching someone."""

    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"
    PHONE = "phone"


def accepts(preferences: Collection[Channel], channel: Channel | None) -> bool:
    """Whether a record with these preferences takes automatic communications by *channel*.

    Args:
        preferences: The channels the record ticked.
        channel: The channel of the communication; ``None`` for any channel, which a
            record takes when it ticked at least one.
    """
    return bool(preferences) if channel is None else channel in preferences
