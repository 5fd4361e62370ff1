"""The finance journal: who did what to which finance record, and when.

Every write of the finance services adds one entry in the same transaction, so the
record of what happened can never disagree with what happened. (The ledger holds the
amounts; the journal holds the actions, including those that move no money, such as
drafting an invoice.)
"""

from __future__ import annotations

import datetime
import enum
import uuid

import attrs

from commtrak.finance.model.card_numbers import refuse_card_numbers

__all__ = ["FinanceAction", "FinanceJournalEntry"]


class FinanceAction(enum.StrEnum):
    """What a finance journal entry records."""

    INVOICE_DRAFTED = "invoice_drafted"
    INVOICE_LINES_CHANGED = "invoice_lines_changed"
    INVOICE_FINALISED = "invoice_finalised"
    INVOICE_VOIDED = "invoice_voided"
    CREDIT_NOTE_ISSUED = "credit_note_issued"
    PAYMENT_RECEIVED = "payment_received"
    ACCOUNT_CREDIT_ADDED = "account_credit_added"
    ALLOCATED = "allocated"
    REVERSED = "reversed"
    JOB_OPENED = "job_opened"
    JOB_CLOSED = "job_closed"
    JOB_REOPENED = "job_reopened"
    CARD_STORED = "card_stored"
    CARD_REMOVED = "card_removed"


@attrs.frozen
class FinanceJournalEntry:
    """One recorded finance action.

    Attributes:
        id: Made by the library.
        customer_id: The customer whose account it concerns.
        action: What was done.
        subject_id: The record acted on (invoice, credit note, receipt, ledger entry).
        at: When (UTC).
        by: Who (the actor's name).
        summary: What, in words (``"invoice 7 finalised: 120.00 GBP"``).
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    action: FinanceAction
    subject_id: uuid.UUID
    at: datetime.datetime
    by: str
    summary: str

    def __attrs_post_init__(self) -> None:
        refuse_card_numbers(self, "summary", "by")
