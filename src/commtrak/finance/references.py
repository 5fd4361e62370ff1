"""The finance records a customer merge moves to the surviving customer.

Pass :data:`CUSTOMER_REFERENCES` to the store
(``open_store(customer_references=finance.CUSTOMER_REFERENCES)``) and a customer merge
(``s.customers.merge``) gives the merged customer's invoices, credit notes, payments
and account credits, ledger entries and finance journal to the survivor, in the
merge's transaction, one statement per table on SQL. Only the customer they are filed
under changes: no amount, no entry is added or removed, so every invoice's and
credit's balance is what it was, and the survivor's balance becomes the sum of both.
"""

from __future__ import annotations

from typing import Final

from commtrak.customer_references import ChildRecords, CustomerReference
from commtrak.finance.ports.storage import finance_storage

__all__ = ["CUSTOMER_REFERENCES"]

#: The finance tables' references to customers, for ``open_store(customer_references=...)``.
CUSTOMER_REFERENCES: Final[tuple[CustomerReference, ...]] = (
    ChildRecords("finance.invoice.customer", lambda t: finance_storage(t).invoices),
    ChildRecords("finance.credit_note.customer", lambda t: finance_storage(t).credit_notes),
    ChildRecords("finance.receipt.customer", lambda t: finance_storage(t).receipts),
    ChildRecords("finance.ledger.customer", lambda t: finance_storage(t).ledger),
    ChildRecords("finance.journal.customer", lambda t: finance_storage(t).journal),
)
