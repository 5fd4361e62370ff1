"""The finance reports on SQL are set-based: the statements they run do not grow with the data."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from commtrak import Actor, Store, finance
from commtrak.testing.conformance._base import add_customer
from commtrak.testing.conformance.finance_statements import due_invoice
from commtrak_sqlalchemy.backend import SqlBackend

ACTOR = Actor.staff("staff-1", "Sam Supervisor", "supervisor")
GBP = finance.currency("GBP")
TODAY = datetime.date(2026, 2, 1)


@contextmanager
def queries(store: Store) -> Iterator[list[str]]:
    """The SQL statements run in the block (a report's, by the driver's cursor)."""
    assert isinstance(store.backend, SqlBackend)
    engine, run = store.backend.engine, []

    def listen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        run.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield run
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def _statements(store: Store, invoices: int) -> dict[str, int]:
    """How many statements each report runs over a customer with *invoices* invoices."""
    store.backend.erase_all_data()
    with store.session(actor=ACTOR) as s:
        customer = add_customer(s, "Customer")
        for n in range(invoices):
            invoice = due_invoice(s, customer.id, "10.00", due=-n)
            finance.of(s).receipts.receive_payment(
                customer.id,
                amount=finance.Money.of("4.00", GBP),
                method="cash",
                received_on=TODAY,
                allocations={invoice.id: "3.00"},
            )
    counts = {}
    figures = finance.LedgerFigures(GBP)
    with store.session(actor=ACTOR) as s:
        statements = finance.of(s).statements
        with queries(store) as run:
            panel = figures(s.transaction, customer.id)
        counts["panel"] = len(run)
        assert panel.outstanding == 7 * invoices
        with queries(store) as run:
            statement = statements.for_customer(customer.id, TODAY)
        counts["statement"] = len(run)
        assert len(statement.lines) == 2 * invoices
        with queries(store) as run:
            rows = list(statements.aged_debt(TODAY))
        counts["aged debt"] = len([sql for sql in run if "SELECT" in sql.upper()])
        assert rows[0].credit == finance.Money.of(4 * invoices, GBP)
    return counts


def test_reports_run_the_same_statements_for_one_invoice_and_for_many(sql_store: Store) -> None:
    one, many = _statements(sql_store, 1), _statements(sql_store, 40)
    assert one == many
    assert one["panel"] == 1
    assert one["aged debt"] == 1
    assert one["statement"] <= 3  # the customer, the invoices' sums, the credits' sums
