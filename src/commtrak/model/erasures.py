"""The erasure journal: what an administrator's deletion of a customer removed.

Deleting a customer (``s.customers.delete``) removes the customer, the customers merged
into it and every record of theirs in one transaction, and writes one
:class:`CustomerErasure` to a journal kept apart from the deleted rows. The entry says
who deleted what and when, and how many records of each kind went; it holds no name,
address or other personal data of the customer, so keeping it does not keep what was
erased.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping

import attrs

__all__ = ["CustomerErasure"]


def _counts(value: Mapping[str, int]) -> Mapping[str, int]:
    """The counts, sorted by kind, so an entry read back from any backend is equal."""
    return dict(sorted(value.items()))


@attrs.frozen
class CustomerErasure:
    """The record of one deleted customer.

    Attributes:
        id: Made by the library.
        customer_id: The customer deleted.
        erased_customer_ids: Every customer removed: the one deleted first, then those
            that earlier merges had merged into it.
        at: When (UTC).
        by: Who (the administrator's name).
        removed: How many records of each kind were removed, by kind (the customer
            references' kinds, ``customer``, ``custom_value``, ``portal_account``,
            ``merge_journal``, ``customer_journal``).
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    erased_customer_ids: tuple[uuid.UUID, ...]
    at: datetime.datetime
    by: str
    removed: Mapping[str, int] = attrs.field(converter=_counts)
