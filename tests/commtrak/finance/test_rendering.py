"""Statements rendered: escaped HTML, and a PDF only with the pdf extra."""

from __future__ import annotations

import datetime
import sys
import uuid

import pytest

from commtrak import ConfigurationError
from commtrak.finance import Money, Statement, StatementLine, StatementLineKind, currency
from commtrak.finance.model.statements import StatementGroup, statement_totals
from commtrak.finance.rendering import StatementNames, statement_html, statement_pdf

GBP = currency("GBP")
DAY = datetime.date(2026, 3, 31)
CONTACT = uuid.UUID(int=7)


def _statement(*, grouped: bool = False) -> Statement:
    lines = (
        StatementLine(
            StatementLineKind.INVOICE,
            uuid.UUID(int=1),
            1,
            DAY,
            DAY,
            "Rent <March> & more",
            Money.of("500.00", GBP),
            Money.of("400.00", GBP),
            CONTACT,
        ),
        StatementLine(
            StatementLineKind.PAYMENT,
            uuid.UUID(int=2),
            None,
            DAY,
            None,
            "BACS",
            Money.of("100.00", GBP),
            Money.of("100.00", GBP),
        ),
    )
    groups = (
        (
            StatementGroup(None, lines[1:], statement_totals(lines[1:])),
            StatementGroup(CONTACT, lines[:1], statement_totals(lines[:1])),
        )
        if grouped
        else ()
    )
    return Statement(uuid.UUID(int=3), DAY, lines, statement_totals(lines), groups)


def test_totals_are_per_currency() -> None:
    (total,) = _statement().totals
    assert (total.owed, total.credit, total.balance) == (
        Money.of("400.00", GBP),
        Money.of("100.00", GBP),
        Money.of("300.00", GBP),
    )


def test_html_escapes_every_text_and_shows_the_groups() -> None:
    names = StatementNames("Peach & <Co>", {CONTACT: "Pat <Payer>"})
    page = statement_html(_statement(grouped=True), names)
    assert "Rent &lt;March&gt; &amp; more" in page
    assert "<h2>Pat &lt;Payer&gt;</h2>" in page
    assert "<h2>Peach &amp; &lt;Co&gt;</h2>" in page
    assert "<td>-100.00 GBP</td>" in page
    assert "<td>300.00 GBP</td>" in page
    assert "<Co>" not in page


def test_a_pdf_needs_the_pdf_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fpdf", None)
    with pytest.raises(ConfigurationError) as caught:
        statement_pdf(_statement(), StatementNames("Peach"))
    assert (caught.value.field, caught.value.rule) == ("pdf", "extra_missing")


def test_a_pdf_draws_text_outside_latin_1() -> None:
    pytest.importorskip("fpdf")
    document = statement_pdf(_statement(grouped=True), StatementNames("Łódź Ltd", {}))
    assert document.startswith(b"%PDF-")
