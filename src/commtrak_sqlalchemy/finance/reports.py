"""The SQL reports: statements, aged debt and the side panel, each one ``SELECT``.

Every figure is summed from ``finance_ledger`` by the database and joined to the
documents it is about; nothing is summed in Python. The as-of rule (an entry counts when
its ``dated_on`` is on or before the date) is a ``WHERE`` on the rows summed.
"""

from __future__ import annotations

import datetime
import itertools
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, case, func, literal, select

from commtrak.finance.currencies import Currency, currency
from commtrak.finance.model import EntryKind, ReceiptKind, stored_money
from commtrak.finance.model.statements import (
    AGE_BUCKETS,
    AgedDebt,
    StatementLine,
    StatementLineKind,
    age_bounds,
)
from commtrak.model.invoices import AccountFigures
from commtrak_sqlalchemy.finance._rows import FinanceRepository
from commtrak_sqlalchemy.finance.tables import AMOUNT

__all__ = ["SqlFinanceReports"]

#: How many aged-debt rows the driver fetches at a time.
STREAM_PAGE = 1000

_SOURCE_KINDS = (EntryKind.CREDIT_NOTE, EntryKind.PAYMENT, EntryKind.ACCOUNT_CREDIT)


def _sum(expression: ColumnElement[Any]) -> ColumnElement[Any]:
    """``SUM(expression)``, read back as an amount."""
    return func.sum(expression, type_=AMOUNT)


class SqlFinanceReports(FinanceRepository):
    """The reports over the ledger and the documents."""

    def _balances(self, key: str, effect: str, made_by: ColumnElement[bool], *where: Any) -> Any:
        """Per *key* and currency: the making entries' *effect* and the whole *effect*.

        ``SELECT key, currency, SUM(CASE WHEN made_by ...), SUM(effect) ... GROUP BY``,
        keeping the keys whose sum is not zero: a subquery.
        """
        ledger = self._tables.ledger
        column = ledger.c[effect]
        return (
            select(
                ledger.c[key].label("key"),
                ledger.c.currency,
                _sum(case((made_by, column), else_=literal(0, AMOUNT))).label("amount"),
                _sum(column).label("open"),
            )
            .where(ledger.c[key].is_not(None), *where)
            .group_by(ledger.c[key], ledger.c.currency)
            .having(func.sum(column) != 0)
            .subquery()
        )

    def _customer_on(self, customer_id: uuid.UUID, as_of: datetime.date) -> tuple[Any, ...]:
        ledger = self._tables.ledger
        return (ledger.c.customer_id == customer_id, ledger.c.dated_on <= as_of)

    def open_invoices(self, customer_id: uuid.UUID, as_of: datetime.date) -> list[StatementLine]:
        """One query: the invoices' sums as of the date, joined to the invoices."""
        ledger, invoices = self._tables.ledger, self._tables.invoices
        made = ledger.c.kind == EntryKind.INVOICE.value
        sums = self._balances(
            "invoice_id", "invoice_effect", made, *self._customer_on(customer_id, as_of)
        )
        statement = (
            select(
                invoices.c.id,
                invoices.c.number,
                invoices.c.issued_on,
                invoices.c.due_on,
                invoices.c.description,
                invoices.c.contact_id,
                sums.c.currency,
                sums.c.amount,
                sums.c.open,
            )
            .join_from(sums, invoices, invoices.c.id == sums.c.key)
            .order_by(invoices.c.issued_on, invoices.c.number, invoices.c.id)
        )
        return [
            StatementLine(
                kind=StatementLineKind.INVOICE,
                document_id=row.id,
                number=row.number,
                dated_on=row.issued_on,
                due_on=row.due_on,
                reference=row.description,
                amount=stored_money(row.amount, row.currency),
                open=stored_money(row.open, row.currency),
                contact_id=row.contact_id,
            )
            for row in self._db.rows(statement)
        ]

    def open_credits(self, customer_id: uuid.UUID, as_of: datetime.date) -> list[StatementLine]:
        """One query: the credits' sums as of the date, joined to receipts and credit notes."""
        ledger = self._tables.ledger
        receipts, notes = self._tables.receipts, self._tables.credit_notes
        made = ledger.c.kind.in_([kind.value for kind in _SOURCE_KINDS])
        sums = self._balances(
            "source_id", "source_effect", made, *self._customer_on(customer_id, as_of)
        )
        dated = func.coalesce(receipts.c.received_on, notes.c.issued_on)
        statement = (
            select(
                sums.c.key,
                sums.c.currency,
                sums.c.amount,
                sums.c.open,
                receipts.c.kind,
                receipts.c.reference,
                receipts.c.method,
                notes.c.number,
                notes.c.description,
                dated.label("dated_on"),
            )
            .select_from(sums)
            .outerjoin(receipts, receipts.c.id == sums.c.key)
            .outerjoin(notes, notes.c.id == sums.c.key)
            .order_by(dated, sums.c.key)
        )
        return [_credit_line(row) for row in self._db.rows(statement)]

    def aged_debt(self, as_of: datetime.date) -> Iterator[AgedDebt]:
        """One ``GROUP BY`` over the ledger joined to its invoices, streamed from the driver."""
        statement = aged_debt_query(self._tables.ledger, self._tables.invoices, as_of)
        connection = self._db.connection.execution_options(yield_per=STREAM_PAGE)
        with self._db.errors.translating():
            result = connection.execute(statement)
        while True:
            with self._db.errors.translating():
                batch = result.fetchmany(STREAM_PAGE)
            if not batch:
                return
            for row in batch:
                values, code = row._mapping, row.currency
                amounts = [stored_money(values[key] or 0, code) for key in (*AGE_BUCKETS, "credit")]
                yield AgedDebt(row.customer_id, currency(code), *amounts)

    def account_figures(self, customer_id: uuid.UUID, money_currency: Currency) -> AccountFigures:
        """One query: the owed invoices' sum and earliest due date, and the credit's sum."""
        ledger, invoices = self._tables.ledger, self._tables.invoices
        mine = and_(ledger.c.customer_id == customer_id, ledger.c.currency == money_currency.code)
        owed = (
            select(ledger.c.invoice_id, _sum(ledger.c.invoice_effect).label("owed"))
            .where(mine, ledger.c.invoice_id.is_not(None))
            .group_by(ledger.c.invoice_id)
            .having(func.sum(ledger.c.invoice_effect) > 0)
            .subquery()
        )
        credit = select(_sum(ledger.c.source_effect)).where(mine).scalar_subquery()
        statement: Select[Any] = select(
            _sum(owed.c.owed).label("outstanding"),
            func.min(invoices.c.due_on).label("oldest"),
            credit.label("credit"),
        ).join_from(owed, invoices, invoices.c.id == owed.c.invoice_id)
        row = self._db.first(statement)
        assert row is not None  # an aggregate always has its one row
        code = money_currency.code
        return AccountFigures(
            outstanding=stored_money(row.outstanding or 0, code).amount,
            oldest_unpaid_due_on=row.oldest,
            credit=stored_money(row.credit or 0, code).amount,
        )


def aged_debt_query(ledger: Any, invoices: Any, as_of: datetime.date) -> Select[Any]:
    """The aged-debt ``SELECT``: every entry dated by *as_of*, bucketed by its invoice's due date.

    An invoice's open balance is the sum of its entries, so the sum of the entries of
    the invoices in a bucket is the sum of their balances: no per-invoice subquery is
    needed. Entries on no invoice (credits) have no due date and fall in no bucket.
    """
    due = invoices.c.due_on
    zero = literal(0, AMOUNT)
    effect = ledger.c.invoice_effect
    bounds = age_bounds(as_of)
    conditions = [due >= bounds[0]]
    conditions += [and_(due < later, due >= bound) for later, bound in itertools.pairwise(bounds)]
    conditions.append(due < bounds[-1])
    buckets = [
        _sum(case((condition, effect), else_=zero)).label(name)
        for name, condition in zip(AGE_BUCKETS, conditions, strict=True)
    ]
    return (
        select(
            ledger.c.customer_id,
            ledger.c.currency,
            *buckets,
            _sum(ledger.c.source_effect).label("credit"),
        )
        .select_from(ledger.outerjoin(invoices, invoices.c.id == ledger.c.invoice_id))
        .where(ledger.c.dated_on <= as_of)
        .group_by(ledger.c.customer_id, ledger.c.currency)
        .having((func.sum(ledger.c.invoice_effect) != 0) | (func.sum(ledger.c.source_effect) != 0))
        .order_by(ledger.c.customer_id, ledger.c.currency)
    )


def _credit_line(row: Row[Any]) -> StatementLine:
    if row.kind is None:
        kind, reference = StatementLineKind.CREDIT_NOTE, row.description
    else:
        kind = StatementLineKind(ReceiptKind(row.kind).value)
        reference = row.reference or row.method
    return StatementLine(
        kind=kind,
        document_id=row.key,
        number=row.number,
        dated_on=row.dated_on,
        due_on=None,
        reference=reference,
        amount=stored_money(row.amount, row.currency),
        open=stored_money(row.open, row.currency),
    )
