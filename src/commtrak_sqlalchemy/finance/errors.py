"""What the violation of each constraint of the finance tables means."""

from __future__ import annotations

from typing import TYPE_CHECKING

from commtrak_sqlalchemy._customer_rules import customer_rules

if TYPE_CHECKING:
    from commtrak_sqlalchemy.errors import ConstraintRule
    from commtrak_sqlalchemy.tables import SqlTables

__all__ = ["finance_rules"]

#: The finance tables whose ``customer_id`` is a foreign key to the customers.
_OWNED = (
    "finance_invoices",
    "finance_credit_notes",
    "finance_receipts",
    "finance_ledger",
    "finance_journal",
)


def finance_rules(tables: SqlTables) -> list[ConstraintRule]:
    """Return the rules of the finance constraints, named with the tables' prefix.

    The services lock before they write, so these are met only by a race the locks
    did not cover or by a caller writing through the repositories directly.
    """
    from commtrak_sqlalchemy.errors import ConstraintRule

    name = tables.constraint
    finance = tables.finance
    rules = [
        ConstraintRule(
            (name("finance_ledger", "reverses_uq"), f"{finance.ledger.name}.reverses"),
            "entry_id",
            "already_reversed",
            "the entry was reversed already",
        ),
        *(
            ConstraintRule(
                (name(table, "number_uq"), f"{tables.prefix}{table}.number"),
                "number",
                "unique_number",
                "another document has that number",
            )
            for table in ("finance_invoices", "finance_credit_notes")
        ),
        ConstraintRule(
            (name("finance_credit_notes", "invoice_fk"),),
            "invoice_id",
            "invoice_exists",
            "the invoice does not exist",
        ),
    ]
    return rules + customer_rules(tables, _OWNED)
