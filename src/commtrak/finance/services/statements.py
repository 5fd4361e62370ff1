"""Statements and aged debt: a customer's account as of a date, and every customer's by age.

Both are read from the ledger by the backend's set-based reports
(:class:`~commtrak.finance.ports.FinanceReports`); the as-of rule is stated once, in
:mod:`commtrak.finance.model.statements`.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator

from commtrak.finance.model._checks import check_date
from commtrak.finance.model.statements import (
    AgedDebt,
    Statement,
    StatementGroup,
    StatementLine,
    statement_totals,
)
from commtrak.finance.rendering import StatementNames, statement_html, statement_pdf
from commtrak.finance.services._base import FinanceService

__all__ = ["StatementService"]


class StatementService(FinanceService):
    """Makes statements and the aged-debt report, and renders statements."""

    def for_customer(
        self, customer_id: uuid.UUID, as_of: datetime.date, *, by_contact: bool = False
    ) -> Statement:
        """Return the customer's unpaid invoices and unallocated credits as of *as_of*.

        The figures are those of *as_of*: entries dated after it (later payments,
        allocations, reversals, voids) are left out, whenever they were recorded.

        Args:
            customer_id: The customer.
            as_of: The statement's date.
            by_contact: Also group the lines by the contact each invoice is addressed
                to (credits, and invoices to the customer as a whole, form the group
                of no contact, first; then the contacts by id text).

        Raises:
            NotFound: ``customer``.
            ValidationError: ``as_of``/``type`` unless it is a date.
        """
        customer = self._customers.get(customer_id)
        date = check_date("as_of", as_of)
        reports = self._finance.reports
        lines = (
            *reports.open_invoices(customer.id, date),
            *reports.open_credits(customer.id, date),
        )
        groups = _by_contact(lines) if by_contact else ()
        return Statement(customer.id, date, lines, statement_totals(lines), groups)

    def aged_debt(self, as_of: datetime.date) -> Iterator[AgedDebt]:
        """Yield every customer's debt by age as of *as_of*, per customer and currency.

        Buckets by days past due: current, 1-30, 31-60, 61-90 and over 90, with the
        customer's unallocated credit beside them; by customer id text, then currency.
        The rows stream from one query: read the iterator to its end (or drop it)
        before the session's next call.

        Raises:
            ValidationError: ``as_of``/``type`` unless it is a date.
        """
        return self._finance.reports.aged_debt(check_date("as_of", as_of))

    def render_html(self, statement: Statement) -> str:
        """Return *statement* as an HTML page, with its customer's and contacts' names."""
        return statement_html(statement, self._names(statement))

    def render_pdf(self, statement: Statement) -> bytes:
        """Return *statement* as a PDF document.

        Raises:
            ConfigurationError: ``pdf``/``extra_missing`` when the ``pdf`` extra
                (``pip install commtrak[pdf]``, fpdf2) is not installed.
        """
        return statement_pdf(statement, self._names(statement))

    def _names(self, statement: Statement) -> StatementNames:
        customer = self._customers.get(statement.customer_id)
        contact_ids = {line.contact_id for line in statement.lines} - {None}
        contacts = {
            contact_id: self._contacts.get(contact_id).name
            for contact_id in contact_ids
            if contact_id is not None
        }
        return StatementNames(customer.name, contacts)


def _by_contact(lines: tuple[StatementLine, ...]) -> tuple[StatementGroup, ...]:
    grouped: dict[uuid.UUID | None, list[StatementLine]] = {}
    for item in lines:
        grouped.setdefault(item.contact_id, []).append(item)
    order = sorted(grouped, key=lambda key: "" if key is None else str(key))
    return tuple(
        StatementGroup(key, tuple(grouped[key]), statement_totals(grouped[key])) for key in order
    )
