"""The customer journal: the recorded corrections of a customer record.

A change of customer type, a status change and its cascade, a branch merge and a
customer merge each write one entry in the transaction that makes the change, so the
record of what happened can never disagree with what happened.
"""

from __future__ import annotations

import datetime
import enum
import uuid
from collections.abc import Mapping, Sequence

import attrs

from commtrak.model._changes import before_after

__all__ = ["CustomerAction", "CustomerJournalEntry"]


class CustomerAction(enum.StrEnum):
    """What a journal entry records."""

    TYPE_CHANGED = "type_changed"
    STATUS_CHANGED = "status_changed"
    BRANCHES_MERGED = "branches_merged"
    CUSTOMERS_MERGED = "customers_merged"
    CONTRACT_ADDED = "contract_added"
    CONTRACT_CHANGED = "contract_changed"
    CONTRACT_ENDED = "contract_ended"


@attrs.frozen
class CustomerJournalEntry:
    """One recorded change of a customer record.

    Attributes:
        id: Made by the library.
        customer_id: The customer changed (the survivor, for a merge).
        action: What was done.
        at: When (UTC).
        by: Who (the actor's name).
        other_id: The other record involved: the merged customer, or the merged branch.
        changes: Fields that changed, as ``name -> (before, after)`` in text. Kept as
            tuples, whatever sequence was given, so an entry read back from any backend
            or an import equals the one written.
        counts: How many records of each kind moved or changed.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    action: CustomerAction
    at: datetime.datetime
    by: str
    other_id: uuid.UUID | None = None
    changes: Mapping[str, Sequence[str]] = attrs.field(factory=dict, converter=before_after)
    counts: Mapping[str, int] = attrs.field(factory=dict)

    def involves(self, customer_id: uuid.UUID) -> bool:
        """Whether the entry names *customer_id* as the customer or the other record."""
        return customer_id in (self.customer_id, self.other_id)
