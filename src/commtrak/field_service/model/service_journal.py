"""The service journal: what was removed or released in the service context, by whom, when.

Deleting an attachment or releasing a project's allocation removes a row; the journal
keeps an entry for each, written in the same transaction, so that what was there can
still be told after it is gone.
"""

from __future__ import annotations

import datetime
import enum
import uuid

import attrs

__all__ = ["ServiceAction", "ServiceJournalEntry"]


class ServiceAction(enum.StrEnum):
    """What a service journal entry records."""

    ATTACHMENT_DELETED = "attachment_deleted"
    ALLOCATION_RELEASED = "allocation_released"
    ALLOCATION_RELEASED_ON_LEAVING = "allocation_released_on_leaving"


@attrs.frozen
class ServiceJournalEntry:
    """One recorded action.

    Attributes:
        id: Made by the library.
        customer_id: The customer the removed record belonged to.
        action: What was done.
        subject_id: The record acted on (the attachment, the allocated component).
        at: When (UTC).
        by: Who (the actor's name).
        summary: What, in words.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    action: ServiceAction
    subject_id: uuid.UUID
    at: datetime.datetime
    by: str
    summary: str
