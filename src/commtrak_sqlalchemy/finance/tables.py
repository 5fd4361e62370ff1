"""The finance tables, on the same ``MetaData``, prefix and schema as the core's.

Money is ``NUMERIC(19, 4)`` beside a three-letter ``currency`` column, never a float
(on SQLite, whose ``NUMERIC`` is a float, a scaled ``BIGINT``; see
:mod:`commtrak_sqlalchemy.finance._types`):
four decimal places hold every ISO 4217 minor unit, and
:data:`~commtrak.finance.MAX_AMOUNT` keeps every amount within the fourteen digits
before the point. How the finance invariants are held by the database:

* invoice and credit-note numbers are unique: unique indexes on ``number`` (the
  services take them from ``finance_sequences``, whose counter row stays locked until
  the transaction ends, so they are also gapless);
* an entry is reversed at most once: a unique index on ``finance_ledger.reverses``;
* a job is on one final invoice at most: ``finance_job_claims`` has one row per job
  on a final invoice, keyed by the job (its primary key), deleted when the invoice is
  voided; a job's reference is unique;
* a stored card holds a vault's token, never a number (the model refuses one), and
  its token is unique;
* every finance row names an existing customer: foreign keys;
* balances are never stored: they are sums over ``finance_ledger``, read through the
  indexes on its ``invoice_id``, ``source_id`` and ``customer_id``.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
from sqlalchemy import Column, Date, Index, Integer, MetaData, String, Table, Text

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._naming import MYSQL_OPTIONS, constraint_name, foreign_key_column
from commtrak_sqlalchemy._types import Id, UtcDateTime
from commtrak_sqlalchemy.finance._types import Amount
from commtrak_sqlalchemy.tables_record import address_columns

__all__ = ["AMOUNT", "CURRENCY", "JOB_REFERENCE", "TOKEN", "FinanceTables", "define_finance_tables"]


#: An amount of money (and a quantity or a tax rate): ``NUMERIC(19, 4)`` (see
#: :mod:`commtrak_sqlalchemy.finance._types` for SQLite).
AMOUNT = Amount()

#: An ISO 4217 currency code.
CURRENCY = String(3)

#: The host's job reference (short enough for a unique index on MariaDB).
JOB_REFERENCE = String(100)

#: A card vault's token.
TOKEN = String(255)


@attrs.frozen
class FinanceTables:
    """The finance tables.

    Attributes:
        invoices: Invoices, their state and number.
        credit_notes: Credit notes.
        lines: The lines of invoices and credit notes, by document and position.
        receipts: Payments and account credits.
        ledger: The ledger; rows are only ever inserted.
        sequences: One counter row per number sequence.
        journal: The finance journal.
        jobs: The host's jobs (their amount lines are in ``lines``).
        job_claims: The final invoice each invoiced job is on, one row per job.
        cards: Stored cards, by token.
    """

    invoices: Table
    credit_notes: Table
    lines: Table
    receipts: Table
    ledger: Table
    sequences: Table
    journal: Table
    jobs: Table
    job_claims: Table
    cards: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children."""
        return (
            self.invoices,
            self.credit_notes,
            self.lines,
            self.receipts,
            self.ledger,
            self.sequences,
            self.journal,
            self.jobs,
            self.job_claims,
            self.cards,
        )


def define_finance_tables(
    metadata: MetaData, customers: Table, *, prefix: str, schema: str | None
) -> FinanceTables:
    """Define the finance tables on *metadata*, next to the *customers* table."""

    def name(table: str, what: str) -> str:
        return constraint_name(prefix, table, what)

    refers = functools.partial(foreign_key_column, prefix)

    def table(short: str, *items: Any) -> Table:
        return Table(f"{prefix}{short}", metadata, *items, schema=schema, **MYSQL_OPTIONS)

    def customer(short: str) -> Column[Any]:
        return refers(short, "customer_id", customers, nullable=False)

    def created() -> tuple[Column[Any], ...]:
        return (
            Column("created_at", UtcDateTime, nullable=False),
            Column("created_by", Text, nullable=False),
        )

    invoices = table(
        "finance_invoices",
        Column("id", Id, primary_key=True),
        customer("finance_invoices"),
        Column("currency", CURRENCY, nullable=False),
        Column("description", String(MAX_TEXT), nullable=False),
        Column("issued_on", Date, nullable=False),
        Column("due_on", Date, nullable=False),
        Column("state", String(16), nullable=False),
        Column("number", Integer, nullable=True),
        *created(),
        Column("invoice_address_id", Id, nullable=True),
        Column("address", Text, nullable=True),
        # Added by revision 0010: the contact a statement groups the invoice under.
        Column("contact_id", Id, nullable=True),
        Index(name("finance_invoices", "customer"), "customer_id", "issued_on", "id"),
        Index(name("finance_invoices", "number_uq"), "number", unique=True),
    )
    credit_notes = table(
        "finance_credit_notes",
        Column("id", Id, primary_key=True),
        customer("finance_credit_notes"),
        refers("finance_credit_notes", "invoice_id", invoices, nullable=True),
        Column("currency", CURRENCY, nullable=False),
        Column("description", String(MAX_TEXT), nullable=False),
        Column("issued_on", Date, nullable=False),
        Column("breakdown", String(32), nullable=False),
        Column("number", Integer, nullable=False),
        *created(),
        Index(name("finance_credit_notes", "customer"), "customer_id", "issued_on", "id"),
        Index(name("finance_credit_notes", "invoice"), "invoice_id"),
        Index(name("finance_credit_notes", "number_uq"), "number", unique=True),
    )
    lines = table(
        "finance_lines",
        Column("document_id", Id, primary_key=True),
        Column("position", Integer, primary_key=True, autoincrement=False),
        Column("description", String(MAX_TEXT), nullable=False),
        Column("quantity", AMOUNT, nullable=False),
        Column("unit_price", AMOUNT, nullable=False),
        Column("currency", CURRENCY, nullable=False),
        Column("tax_rate", AMOUNT, nullable=False),
        Column("category", String(16), nullable=False),
        Column("job_id", Id, nullable=True),
        Index(name("finance_lines", "job"), "job_id"),
    )
    receipts = table(
        "finance_receipts",
        Column("id", Id, primary_key=True),
        customer("finance_receipts"),
        Column("kind", String(16), nullable=False),
        Column("amount", AMOUNT, nullable=False),
        Column("currency", CURRENCY, nullable=False),
        Column("method", String(MAX_TEXT), nullable=False),
        Column("received_on", Date, nullable=False),
        Column("reference", String(MAX_TEXT), nullable=False),
        Column("nominal_account", String(MAX_TEXT), nullable=False),
        *created(),
        Index(name("finance_receipts", "customer"), "customer_id", "received_on", "id"),
    )
    ledger = table(
        "finance_ledger",
        Column("id", Id, primary_key=True),
        customer("finance_ledger"),
        Column("kind", String(16), nullable=False),
        Column("currency", CURRENCY, nullable=False),
        Column("dated_on", Date, nullable=False),
        Column("invoice_id", Id, nullable=True),
        Column("source_id", Id, nullable=True),
        Column("invoice_effect", AMOUNT, nullable=False),
        Column("source_effect", AMOUNT, nullable=False),
        Column("reverses", Id, nullable=True),
        Column("recorded_at", UtcDateTime, nullable=False),
        Column("recorded_by", Text, nullable=False),
        Index(name("finance_ledger", "customer"), "customer_id", "recorded_at", "id"),
        Index(name("finance_ledger", "invoice"), "invoice_id"),
        Index(name("finance_ledger", "source"), "source_id"),
        Index(name("finance_ledger", "reverses_uq"), "reverses", unique=True),
    )
    sequences = table(
        "finance_sequences",
        Column("name", String(32), primary_key=True),
        Column("last_number", Integer, nullable=False),
    )
    journal = table(
        "finance_journal",
        Column("id", Id, primary_key=True),
        customer("finance_journal"),
        Column("action", String(32), nullable=False),
        Column("subject_id", Id, nullable=False),
        Column("at", UtcDateTime, nullable=False),
        Column("by", Text, nullable=False),
        Column("summary", Text, nullable=False),
        Index(name("finance_journal", "customer"), "customer_id", "at", "id"),
    )
    jobs = table(
        "finance_jobs",
        Column("id", Id, primary_key=True),
        customer("finance_jobs"),
        Column("reference", JOB_REFERENCE, nullable=False),
        Column("description", String(MAX_TEXT), nullable=False),
        Column("state", String(16), nullable=False),
        *created(),
        Index(name("finance_jobs", "customer"), "customer_id", "reference", "id"),
        Index(name("finance_jobs", "reference_uq"), "reference", unique=True),
    )
    job_claims = table(
        "finance_job_claims",
        refers("finance_job_claims", "job_id", jobs, nullable=False, primary_key=True),
        refers("finance_job_claims", "invoice_id", invoices, nullable=False),
        Index(name("finance_job_claims", "invoice"), "invoice_id"),
    )
    cards = table(
        "finance_cards",
        Column("id", Id, primary_key=True),
        customer("finance_cards"),
        Column("token", TOKEN, nullable=False),
        Column("brand", String(16), nullable=False),
        Column("last_four", String(4), nullable=False),
        Column("expiry_month", Integer, nullable=False),
        Column("expiry_year", Integer, nullable=False),
        Column("name_on_card", String(MAX_TEXT), nullable=False),
        *address_columns(),
        *created(),
        Column("removed_at", UtcDateTime, nullable=True),
        Column("removed_by", Text, nullable=False),
        Index(name("finance_cards", "customer"), "customer_id", "created_at", "id"),
        Index(name("finance_cards", "token_uq"), "token", unique=True),
    )
    return FinanceTables(
        invoices,
        credit_notes,
        lines,
        receipts,
        ledger,
        sequences,
        journal,
        jobs,
        job_claims,
        cards,
    )
