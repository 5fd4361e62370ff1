"""The SQL reports: statements, aged debt and the side panel, each one ``SELECT``.

Every figure is summed from ``finance_ledger`` by the database and joined to the
documents it is about; nothing is summed in Python. The as-of rule (an entry counts when
its ``dated_on`` is on or before the date) is a ``WHERE`` on the rows summed.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.engine import Dialect

from commtrak.finance.currencies import Currency
from commtrak.finance.model import EntryKind, ReceiptKind, stored_money
from commtrak.finance.model.statements import (
    AGE_BUCKETS,
    AgedDebt,
    StatementLine,
    StatementLineKind,
    age_bounds,
)
from commtrak.model.invoices import AccountFigures
from commtrak_sqlalchemy._compiled import CompiledSelect
from commtrak_sqlalchemy.finance._rows import FinanceRepository
from commtrak_sqlalchemy.finance._types import Amount
from commtrak_sqlalchemy.finance.tables import AMOUNT, FinanceTables

__all__ = ["SqlFinanceReports"]

#: How many aged-debt rows the driver fetches at a time.
STREAM_PAGE = 1000

_SOURCE_KINDS = (EntryKind.CREDIT_NOTE, EntryKind.PAYMENT, EntryKind.ACCOUNT_CREDIT)


class _Sum(Amount):
    """A sum of amounts, read back as the driver gives it where that is a Decimal already.

    Everywhere but SQLite the database sums ``NUMERIC(19, 4)`` exactly and the driver
    returns a :class:`decimal.Decimal`, which :func:`stored_money` rounds to the
    currency; leaving out the per-value processing of :class:`Amount` matters when a
    report reads tens of thousands of sums. On SQLite it is :class:`Amount`'s.
    """

    cache_ok = True

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        if dialect.name == "sqlite":
            return super().result_processor(dialect, coltype)
        return None


_SUM = _Sum()


def _sum(expression: ColumnElement[Any]) -> ColumnElement[Any]:
    """``SUM(expression)``, read back as an amount."""
    return func.sum(expression, type_=_SUM)


def _balances(ledger: Table, key: str, effect: str, made_by: ColumnElement[bool]) -> Any:
    """Per *key* and currency: the making entries' *effect* and the whole *effect*.

    ``SELECT key, currency, SUM(CASE WHEN made_by ...), SUM(effect) ... GROUP BY`` over
    the ``customer``'s entries dated by ``as_of`` (bound when the statement runs),
    keeping the keys whose sum is not zero: a subquery. Entries on no such key form a
    group of ``NULL``, left out by the caller's join: a ``key IS NOT NULL`` here would
    lead SQLite to read the whole ledger through the key's index instead of the
    customer's rows through theirs.
    """
    column = ledger.c[effect]
    return (
        select(
            ledger.c[key].label("key"),
            ledger.c.currency,
            _sum(case((made_by, column), else_=literal(0, AMOUNT))).label("amount"),
            _sum(column).label("open"),
        )
        .where(ledger.c.customer_id == _customer(ledger), ledger.c.dated_on <= _as_of(ledger))
        .group_by(ledger.c[key], ledger.c.currency)
        .having(func.sum(column) != 0)
        .subquery()
    )


def _customer(ledger: Table) -> Any:
    return bindparam("customer", type_=ledger.c.customer_id.type)


def _as_of(ledger: Table) -> Any:
    return bindparam("as_of", type_=ledger.c.dated_on.type)


def _open_invoices(tables: FinanceTables) -> Select[Any]:
    """The invoices' sums as of the date, joined to the invoices."""
    ledger, invoices = tables.ledger, tables.invoices
    sums = _balances(
        ledger, "invoice_id", "invoice_effect", ledger.c.kind == EntryKind.INVOICE.value
    )
    return (
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
        # The customer's own invoices (a ledger entry's invoice is its customer's):
        # so the join reads them by the customer's index, however many others there are.
        .join_from(
            sums,
            invoices,
            and_(invoices.c.id == sums.c.key, invoices.c.customer_id == _customer(ledger)),
        )
        .order_by(invoices.c.issued_on, invoices.c.number, invoices.c.id)
    )


def _open_credits(tables: FinanceTables) -> Select[Any]:
    """The credits' sums as of the date, joined to receipts and credit notes."""
    ledger, receipts, notes = tables.ledger, tables.receipts, tables.credit_notes
    # OR, not IN: an IN list expands when the statement runs, which a CompiledSelect
    # cannot do.
    made = or_(*(ledger.c.kind == kind.value for kind in _SOURCE_KINDS))
    sums = _balances(ledger, "source_id", "source_effect", made)
    customer = _customer(ledger)
    dated = func.coalesce(receipts.c.received_on, notes.c.issued_on)
    return (
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
        .outerjoin(receipts, and_(receipts.c.id == sums.c.key, receipts.c.customer_id == customer))
        .outerjoin(notes, and_(notes.c.id == sums.c.key, notes.c.customer_id == customer))
        .where(sums.c.key.is_not(None))
        .order_by(dated, sums.c.key)
    )


def _invoice_line(row: Sequence[Any]) -> StatementLine:
    """The statement line of one row of :func:`_open_invoices`."""
    document_id, number, issued_on, due_on, description, contact_id, code, amount, left = row
    return StatementLine(
        StatementLineKind.INVOICE,
        document_id,
        number,
        issued_on,
        due_on,
        description,
        stored_money(amount, code),
        stored_money(left, code),
        contact_id,
    )


def _credit_line(row: Sequence[Any]) -> StatementLine:
    """The statement line of one row of :func:`_open_credits`."""
    key, code, amount, open_amount, kind, reference, method, number, description, dated = row
    if kind is None:
        line_kind, text = StatementLineKind.CREDIT_NOTE, description
    else:
        line_kind = StatementLineKind(ReceiptKind(kind).value)
        text = reference or method
    return StatementLine(
        kind=line_kind,
        document_id=key,
        number=number,
        dated_on=dated,
        due_on=None,
        reference=text,
        amount=stored_money(amount, code),
        open=stored_money(open_amount, code),
    )


class _StatementReads:
    """The two statement queries of one set of tables, each compiled once per dialect.

    A statement reads thousands of rows: run on the driver's cursor (see
    :mod:`commtrak_sqlalchemy._compiled`), they skip SQLAlchemy's per-call and per-row
    work (building the ``SELECT``, its cache key, an execution context, ``Row`` objects).
    """

    def __init__(self, tables: FinanceTables) -> None:
        self.invoices = CompiledSelect(_open_invoices(tables), _invoice_line)
        self.credits = CompiledSelect(_open_credits(tables), _credit_line)


@functools.cache
def _statement_reads(tables: FinanceTables) -> _StatementReads:
    return _StatementReads(tables)


class SqlFinanceReports(FinanceRepository):
    """The reports over the ledger and the documents."""

    def open_invoices(self, customer_id: uuid.UUID, as_of: datetime.date) -> list[StatementLine]:
        """One query: the invoices' sums as of the date, joined to the invoices."""
        reads = _statement_reads(self._tables)
        return reads.invoices.all(self._db, {"customer": customer_id, "as_of": as_of})

    def open_credits(self, customer_id: uuid.UUID, as_of: datetime.date) -> list[StatementLine]:
        """One query: the credits' sums as of the date, joined to receipts and credit notes."""
        reads = _statement_reads(self._tables)
        return reads.credits.all(self._db, {"customer": customer_id, "as_of": as_of})

    def aged_debt(self, as_of: datetime.date) -> Iterator[AgedDebt]:
        """One ``GROUP BY`` over the ledger joined to its invoices, streamed from the driver."""
        statement = aged_debt_query(self._tables.ledger, self._tables.invoices, as_of)
        connection = self._db.connection
        with self._db.errors.translating():
            if self._db.dialect_name == "postgresql":
                # A streamed result is a server-side cursor, which PostgreSQL plans for
                # its first tenth of rows (nested loops); the report reads all of them.
                # LOCAL: the setting ends with the transaction.
                connection.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1.0")
            # Per statement: Connection.execution_options would change the connection.
            result = connection.execute(statement, execution_options={"yield_per": STREAM_PAGE})
        while True:
            with self._db.errors.translating():
                batch = result.fetchmany(STREAM_PAGE)
            if not batch:
                return
            for customer_id, code, *sums in batch:
                money = [stored_money(value or 0, code) for value in sums]
                yield AgedDebt(customer_id, money[0].currency, *money)

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
