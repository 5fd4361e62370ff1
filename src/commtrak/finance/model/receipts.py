"""Receipts: payments received and account credits given, each allocated to invoices.

A payment is money the customer paid by one method (cash allocations, seed 004); an
account credit is a credit to the customer's account with its nominal account. Both
become allocatable credit in the ledger when they are recorded, and are spread over
invoices by allocations, never beyond their amount.
"""

from __future__ import annotations

import datetime
import enum
import uuid

import attrs

from commtrak.finance.model.card_numbers import refuse_card_numbers
from commtrak.finance.money import Money

__all__ = ["Receipt", "ReceiptKind"]


class ReceiptKind(enum.StrEnum):
    """A payment or an account credit."""

    PAYMENT = "payment"
    ACCOUNT_CREDIT = "account_credit"


@attrs.frozen
class Receipt:
    """A payment received or an account credit given.

    Attributes:
        id: Made by the library.
        customer_id: The customer it is from (or for).
        kind: Payment or account credit.
        amount: How much, above zero.
        method: How it was paid (``"cash"``, ``"bank transfer"``).
        received_on: Its date.
        reference: The payer's or the bank's reference; may be empty.
        nominal_account: The nominal account it is booked to; may be empty for a payment.
        created_at: When it was recorded (UTC).
        created_by: Who recorded it.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    kind: ReceiptKind
    amount: Money
    method: str
    received_on: datetime.date
    reference: str
    nominal_account: str
    created_at: datetime.datetime
    created_by: str

    def __attrs_post_init__(self) -> None:
        refuse_card_numbers(self, "method", "reference", "nominal_account")
