"""Statements rendered for people: an HTML page (standard library) and a PDF (``pdf`` extra).

Both show the same table: each unpaid invoice and unallocated credit with its date,
number, reference, due date, amount and what is open of it, then the totals per
currency (owed, credit, balance); with groups by contact, one table per contact and
then the statement's totals. Every
text from the store is escaped in HTML. The PDF is drawn by `fpdf2
<https://py-pdf.github.io/fpdf2/>`_ (pure Python, maintained, no system libraries),
installed by ``pip install commtrak[pdf]``; its built-in fonts are Latin-1, so a
character outside it is drawn as ``?``.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from commtrak.errors import ConfigurationError
from commtrak.finance.model.statements import (
    Statement,
    StatementGroup,
    StatementLine,
    StatementTotals,
)

__all__ = ["StatementNames", "statement_html", "statement_pdf", "statement_rows"]

#: The columns of a statement's table.
HEADINGS = ("Date", "Type", "Number", "Reference", "Due", "Amount", "Open")

_KINDS = {
    "invoice": "Invoice",
    "credit_note": "Credit note",
    "payment": "Payment",
    "account_credit": "Account credit",
}


@attrs.frozen
class StatementNames:
    """The names a rendered statement shows.

    Attributes:
        customer: The customer's name.
        contacts: The names of the contacts its invoices are addressed to, by id.
    """

    customer: str
    contacts: Mapping[uuid.UUID, str] = attrs.field(factory=dict)

    def group_title(self, group: StatementGroup) -> str:
        """The heading of a group: its contact's name, or the customer's."""
        if group.contact_id is None:
            return self.customer
        return self.contacts.get(group.contact_id, str(group.contact_id))


def statement_rows(lines: tuple[StatementLine, ...]) -> Iterator[tuple[str, ...]]:
    """The cells of each line, as text, in :data:`HEADINGS` order (credits negative)."""
    for item in lines:
        sign = "-" if item.is_credit else ""
        yield (
            item.dated_on.isoformat(),
            _KINDS[item.kind.value],
            "" if item.number is None else str(item.number),
            item.reference,
            "" if item.due_on is None else item.due_on.isoformat(),
            f"{sign}{item.amount}",
            f"{sign}{item.open}",
        )


def _total_rows(totals: tuple[StatementTotals, ...]) -> Iterator[tuple[str, str]]:
    for total in totals:
        code = total.currency.code
        yield (f"Owed ({code})", str(total.owed))
        yield (f"Credit ({code})", str(total.credit))
        yield (f"Balance ({code})", str(total.balance))


def _sections(
    statement: Statement, names: StatementNames
) -> list[tuple[str, tuple[StatementLine, ...], tuple[StatementTotals, ...]]]:
    if statement.groups:
        return [(names.group_title(g), g.lines, g.totals) for g in statement.groups]
    return [(names.customer, statement.lines, statement.totals)]


def statement_html(statement: Statement, names: StatementNames) -> str:
    """Return *statement* as a complete HTML page (UTF-8), every text escaped."""
    title = f"Statement for {names.customer} as of {statement.as_of.isoformat()}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    for heading, lines, totals in _sections(statement, names):
        out.append(f"<h2>{html.escape(heading)}</h2>")
        out.append('<table class="statement"><thead><tr>')
        out.extend(f"<th>{name}</th>" for name in HEADINGS)
        out.append("</tr></thead><tbody>")
        for cells in statement_rows(lines):
            out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        out.append("</tbody></table>")
        out.append('<table class="totals"><tbody>')
        for label, value in _total_rows(totals):
            out.append(f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>")
        out.append("</tbody></table>")
    if statement.groups:
        out.append("<h2>Total</h2>")
        out.append('<table class="totals"><tbody>')
        for label, value in _total_rows(statement.totals):
            out.append(f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>")
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


#: The PDF columns' widths in millimetres (an A4 page has 190 between its margins).
_WIDTHS = (22, 26, 16, 56, 22, 24, 24)


def statement_pdf(statement: Statement, names: StatementNames) -> bytes:
    """Return *statement* as a PDF document (A4), drawn with fpdf2.

    Raises:
        ConfigurationError: ``pdf``/``extra_missing`` when fpdf2 is not installed.
    """
    try:
        from fpdf import FPDF  # the optional extra, imported when used
    except ImportError:
        raise ConfigurationError(
            "pdf",
            "extra_missing",
            "rendering a statement to PDF needs the pdf extra: pip install commtrak[pdf]",
        ) from None
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=14)
    title = f"Statement for {names.customer} as of {statement.as_of.isoformat()}"
    pdf.cell(0, 10, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    for heading, lines, totals in _sections(statement, names):
        pdf.set_font("Helvetica", style="B", size=11)
        pdf.cell(0, 8, _latin1(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", style="B", size=8)
        for width, name in zip(_WIDTHS, HEADINGS, strict=True):
            pdf.cell(width, 6, name, border=1)
        pdf.ln()
        pdf.set_font("Helvetica", size=8)
        for cells in statement_rows(lines):
            for width, text in zip(_WIDTHS, cells, strict=True):
                pdf.cell(width, 6, _latin1(text)[:40], border=1)
            pdf.ln()
        _pdf_totals(pdf, totals)
    if statement.groups:
        pdf.set_font("Helvetica", style="B", size=11)
        pdf.cell(0, 8, "Total", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=8)
        _pdf_totals(pdf, statement.totals)
    return bytes(pdf.output())


def _pdf_totals(pdf: Any, totals: tuple[StatementTotals, ...]) -> None:
    for label, value in _total_rows(totals):
        pdf.cell(sum(_WIDTHS[:-1]), 6, _latin1(label), border=1, align="R")
        pdf.cell(_WIDTHS[-1], 6, value, border=1, align="R")
        pdf.ln()
    pdf.ln()
