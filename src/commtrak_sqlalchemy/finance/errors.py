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
    "finance_jobs",
    "finance_cards",
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
        ConstraintRule(
            (name("finance_jobs", "reference_uq"), f"{finance.jobs.name}.reference"),
            "reference",
            "unique_job_reference",
            "another job has that reference",
        ),
        ConstraintRule(
            # PostgreSQL's name for the primary key, MariaDB's (qualified by the table
            # the statement wrote), SQLite's column.
            (
                f"{finance.job_claims.name}_pkey",
                f"{finance.job_claims.name}.PRIMARY",
                f"{finance.job_claims.name}.job_id",
            ),
            "job_ids",
            "already_invoiced",
            "a job is on a final invoice already",
        ),
        ConstraintRule(
            (name("finance_job_claims", "job_fk"), name("finance_job_claims", "invoice_fk")),
            "job_ids",
            "job_exists",
            "the job or the invoice does not exist",
        ),
        ConstraintRule(
            (name("finance_cards", "token_uq"), f"{finance.cards.name}.token"),
            "token",
            "unique_token",
            "another card has that token",
        ),
    ]
    return rules + customer_rules(tables, _OWNED)
