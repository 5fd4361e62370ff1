"""The finance records a customer merge moves to the surviving customer.

Every store knows :data:`CUSTOMER_REFERENCES` (the ``finance`` entry point of the
``commtrak.customer_references`` group; passing them to ``open_store`` as well is
harmless), so a customer merge (``s.customers.merge``) gives the merged customer's
invoices, credit notes, payments and account credits, ledger entries, jobs, stored
cards and finance journal to the survivor, in the merge's transaction, one statement
per table on SQL. Only the customer they are filed under changes: no amount, no entry is added or
removed, so every invoice's and credit's balance is what it was, and the survivor's
balance becomes the sum of both.

They are *retained*: the accounts must keep them, so an administrator's deletion of a
customer that has any finance record is refused, naming which
(``customer_id``/``records_kept``).
"""

from __future__ import annotations

from typing import Final

from commtrak.customer_references import ChildRecords, CustomerReference
from commtrak.finance.ports.storage import finance_storage

__all__ = ["CUSTOMER_REFERENCES"]

#: The finance tables' references to customers, for ``open_store(customer_references=...)``.
CUSTOMER_REFERENCES: Final[tuple[CustomerReference, ...]] = tuple(
    ChildRecords(f"finance.{kind}.customer", repository, retained=True)
    for kind, repository in (
        ("invoice", lambda t: finance_storage(t).invoices),
        ("credit_note", lambda t: finance_storage(t).credit_notes),
        ("receipt", lambda t: finance_storage(t).receipts),
        ("ledger", lambda t: finance_storage(t).ledger),
        ("journal", lambda t: finance_storage(t).journal),
        ("job", lambda t: finance_storage(t).jobs),
        ("card", lambda t: finance_storage(t).cards),
    )
)
