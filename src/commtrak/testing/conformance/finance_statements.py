"""Contract: statements and aged debt as of a date, and finance through the ZIP archive.

Every backend must give the same statement (each unpaid invoice and unallocated credit
with its figures as of the date, whatever happened after it), the same aged-debt rows,
and carry every finance record through an archive into any other backend, where the
balances, ledger, numbers and journal are equal and the number sequences continue.
"""

from __future__ import annotations

import datetime
import importlib.util
import io
import json
import zipfile
from typing import Any

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import Actor, Conflict, Session, Store, ValidationError, finance
from commtrak.finance import EntryKind, Money, currency, line
from commtrak.finance.model.statements import AgedDebt, StatementLineKind
from commtrak.portability import RecordRejected, export_archive, export_data, import_archive
from commtrak.testing.conformance._base import (
    STORE_PROPERTY,
    PinnedClock,
    StoreContract,
    add_customer,
    open_test_store,
)
from commtrak.testing.conformance.archive import rewrite
from commtrak.testing.conformance.finance import EUR, GBP, TODAY, final_invoice, gbp

DAY = datetime.timedelta(days=1)


def due_invoice(
    session: Session, customer_id: Any, price: str, *, due: int, contact_id: Any = None
) -> Any:
    """A final invoice of *price* pounds, issued today and due *due* days from today."""
    books = finance.of(session).invoices
    draft = books.draft(
        customer_id,
        currency=GBP,
        description=f"Work <{price}>",
        issued_on=TODAY + DAY * min(due, 0),
        due_on=TODAY + DAY * due,
        lines=[line("Work", quantity=1, unit_price=gbp(price))],
        contact_id=contact_id,
    )
    return books.finalise(draft.id)


def fill_finance(session: Session) -> dict[str, Any]:
    """Every kind of finance record: invoices, credit notes, payments, credit, reversals."""
    books = finance.of(session)
    first, second = add_customer(session, "First"), add_customer(session, "Second")
    contact = session.contacts.add(first.id, name="Pat Payer")
    old = due_invoice(session, first.id, "120.00", due=-45, contact_id=contact.id)
    new = due_invoice(session, first.id, "80.00", due=10)
    other = final_invoice(session, second.id, "10.00")
    draft = books.invoices.draft(
        first.id, currency=GBP, description="Draft", issued_on=TODAY, due_on=TODAY
    )
    mistaken = final_invoice(session, second.id, "5.00")
    books.invoices.void(mistaken.id)
    books.credit_notes.against_invoice(
        old.id,
        description="Goodwill",
        issued_on=TODAY,
        lines=[line("Goodwill", quantity=1, unit_price=gbp("20.00"))],
    )
    books.credit_notes.to_customer(
        second.id,
        currency=GBP,
        description="Refund",
        issued_on=TODAY,
        lines=[line("Refund", quantity=1, unit_price=gbp("7.50"))],
    )
    payment = books.receipts.receive_payment(
        first.id,
        amount=gbp("50.00"),
        method="bank transfer",
        received_on=TODAY,
        reference="REF-1",
        allocations={old.id: "30.00", new.id: "10.00"},
    )
    allocation = next(
        entry
        for entry in books.ledger.entries(first.id)
        if entry.kind is EntryKind.ALLOCATION and entry.invoice_id == new.id
    )
    books.ledger.reverse(allocation.id)
    credit = books.receipts.add_account_credit(
        second.id,
        amount=gbp("15.00"),
        method="cash",
        nominal_account="4000",
        credited_on=TODAY - DAY,
    )
    books.receipts.allocate_automatically(second.id, GBP)
    books.receipts.receive_payment(
        first.id, amount=Money.of("9.00", EUR), method="cash", received_on=TODAY
    )
    return {
        "first": first,
        "second": second,
        "contact": contact,
        "old": old,
        "new": new,
        "other": other,
        "draft": draft,
        "payment": payment,
        "credit": credit,
    }


def finance_state(session: Session, customers: list[Any]) -> dict[str, Any]:
    """Everything finance holds of *customers*, as the services read it."""
    books = finance.of(session)
    return {
        str(customer.id): {
            "balance": books.ledger.customer_balance(customer.id),
            "ledger": books.ledger.entries(customer.id),
            "journal": books.ledger.journal(customer.id),
            "invoices": books.invoices.for_customer(customer.id),
            "credit_notes": books.credit_notes.for_customer(customer.id),
            "receipts": books.receipts.for_customer(customer.id),
            "open": books.ledger.open_invoices(customer.id),
            "credits": books.ledger.unallocated_credits(customer.id),
        }
        for customer in customers
    } | {"totals": books.ledger.totals()}


def other_urls(commtrak_url: str, configured: list[str]) -> list[str]:
    """Every other store of the run, and memory and SQLite (one of each scheme).

    SQLite is added only where SQLAlchemy is installed: a third-party backend's suite may
    run without the SQL extra, and an in-memory SQLite store is an extra, not a store
    the run was asked to test (a configured URL stays, and fails if it cannot open).
    """
    scheme = commtrak_url.split("://", 1)[0]
    extra = ["memory://", *(["sqlite://"] if importlib.util.find_spec("sqlalchemy") else [])]
    found: dict[str, str] = {}
    for url in [*configured, *extra]:
        found.setdefault(url.split("://", 1)[0], url)
    return [url for key, url in found.items() if key != scheme]


class StatementContract(StoreContract):
    """Statements and aged debt as of a date; finance in the archive."""

    def test_a_statement_lists_unpaid_invoices_and_unallocated_credits(
        self, session: Session
    ) -> None:
        made = fill_finance(session)
        statement = finance.of(session).statements.for_customer(made["first"].id, TODAY)
        kinds = [(item.kind, item.document_id, str(item.open)) for item in statement.lines]
        assert kinds == [
            (StatementLineKind.INVOICE, made["old"].id, "70.00 GBP"),
            (StatementLineKind.INVOICE, made["new"].id, "80.00 GBP"),
            (StatementLineKind.PAYMENT, made["payment"].id, "20.00 GBP"),
            (StatementLineKind.PAYMENT, statement.lines[-1].document_id, "9.00 EUR"),
        ]
        first = statement.lines[0]
        assert (first.number, first.amount, first.due_on) == (
            made["old"].number,
            gbp("120.00"),
            TODAY - DAY * 45,
        )
        assert statement.lines[2].reference == "REF-1"
        assert [(t.currency.code, str(t.owed), str(t.credit)) for t in statement.totals] == [
            ("EUR", "0.00 EUR", "9.00 EUR"),
            ("GBP", "150.00 GBP", "20.00 GBP"),
        ]
        assert statement.totals[1].balance == gbp("130.00")
        second = finance.of(session).statements.for_customer(made["second"].id, TODAY)
        # The (older) account credit paid the invoice off; the refund note is left whole.
        assert [(item.kind, str(item.open)) for item in second.lines] == [
            (StatementLineKind.ACCOUNT_CREDIT, "5.00 GBP"),
            (StatementLineKind.CREDIT_NOTE, "7.50 GBP"),
        ]
        assert second.lines[0].amount == gbp("15.00")

    def test_a_statement_keeps_its_date_s_figures(
        self, session: Session, clock: PinnedClock
    ) -> None:
        made = fill_finance(session)
        books = finance.of(session)
        before = books.statements.for_customer(made["first"].id, TODAY, by_contact=True)
        clock.advance(days=3)
        later = TODAY + DAY * 3
        payment = books.receipts.receive_payment(
            made["first"].id,
            amount=gbp("70.00"),
            method="cash",
            received_on=later,
            allocations={made["old"].id: "70.00"},
        )
        books.receipts.allocate(made["payment"].id, {made["new"].id: "20.00"})
        books.ledger.reverse(books.ledger.entries(made["first"].id)[-1].id)
        assert books.statements.for_customer(made["first"].id, TODAY, by_contact=True) == before
        now = books.statements.for_customer(made["first"].id, later)
        assert made["old"].id not in {item.document_id for item in now.lines}
        assert payment.id not in {item.document_id for item in now.lines}
        yesterday = books.statements.for_customer(made["first"].id, TODAY - DAY)
        assert [item.document_id for item in yesterday.lines] == [made["old"].id]
        assert yesterday.lines[0].open == gbp("120.00")

    def test_a_statement_groups_by_contact(self, session: Session) -> None:
        made = fill_finance(session)
        statement = finance.of(session).statements.for_customer(
            made["first"].id, TODAY, by_contact=True
        )
        assert [group.contact_id for group in statement.groups] == [None, made["contact"].id]
        customer_wide, addressed = statement.groups
        assert [item.document_id for item in addressed.lines] == [made["old"].id]
        assert [str(t.owed) for t in addressed.totals] == ["70.00 GBP"]
        assert len(customer_wide.lines) == 3
        assert finance.of(session).statements.for_customer(made["first"].id, TODAY).groups == ()

    def test_an_invoice_s_contact_is_the_customer_s(self, session: Session) -> None:
        first, second = add_customer(session, "First"), add_customer(session, "Second")
        stranger = session.contacts.add(second.id, name="Stranger")
        with pytest.raises(Conflict) as caught:
            finance.of(session).invoices.draft(
                first.id,
                currency=GBP,
                description="Work",
                issued_on=TODAY,
                due_on=TODAY,
                contact_id=stranger.id,
            )
        assert (caught.value.field, caught.value.rule) == ("contact_id", "same_customer")

    def test_the_date_is_checked(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        statements = finance.of(session).statements
        for call in (
            lambda: statements.for_customer(customer.id, "2026-01-01"),  # type: ignore[arg-type]
            lambda: list(statements.aged_debt(datetime.datetime(2026, 1, 1))),
        ):
            with pytest.raises(ValidationError) as caught:
                call()
            assert (caught.value.field, caught.value.rule) == ("as_of", "type")

    def test_aged_debt_buckets_every_customer_by_days_past_due(self, session: Session) -> None:
        made = fill_finance(session)
        first, second = made["first"], made["second"]
        third = add_customer(session, "Third")
        for due in (0, -1, -30, -31, -60, -61, -90, -91, -400):
            due_invoice(session, third.id, "1.00", due=due)
        rows = list(finance.of(session).statements.aged_debt(TODAY))
        expected = [
            _aged(first.id, "GBP", "80.00", "0", "70.00", "0", "0", "20.00"),
            _aged(first.id, "EUR", "0", "0", "0", "0", "0", "9.00"),
            _aged(second.id, "GBP", "0", "0", "0", "0", "0", "12.50"),
            _aged(third.id, "GBP", "1.00", "2.00", "2.00", "2.00", "2.00", "0"),
        ]
        assert rows == sorted(expected, key=lambda row: (str(row.customer_id), row.currency.code))
        mine = next(row for row in rows if row.customer_id == first.id and row.currency == GBP)
        assert (mine.owed, mine.balance) == (gbp("150.00"), gbp("130.00"))
        later = list(finance.of(session).statements.aged_debt(TODAY + DAY * 31))
        third_later = next(row for row in later if row.customer_id == third.id)
        assert (str(third_later.current), str(third_later.over_90)) == ("0.00 GBP", "5.00 GBP")
        early = list(finance.of(session).statements.aged_debt(TODAY - DAY * 1000))
        assert early == []

    def test_a_statement_renders_to_escaped_html_and_to_pdf(self, session: Session) -> None:
        pytest.importorskip("fpdf")
        made = fill_finance(session)
        statements = finance.of(session).statements
        statement = statements.for_customer(made["first"].id, TODAY, by_contact=True)
        page = statements.render_html(statement)
        assert "Work &lt;120.00&gt;" in page and "<120.00>" not in page
        assert "<h2>Pat Payer</h2>" in page and "Balance (GBP)" in page
        assert statements.render_pdf(statement).startswith(b"%PDF-")

    def test_finance_round_trips_through_the_archive_into_each_other_backend(
        self,
        session: Session,
        actor: Actor,
        clock: PinnedClock,
        commtrak_url: str,
        request: pytest.FixtureRequest,
    ) -> None:
        from commtrak.testing.plugin import configured_urls

        made = fill_finance(session)
        customers = [made["first"], made["second"]]
        original = finance_state(session, customers)
        exported = export_data(session)
        buffer = io.BytesIO()
        export_archive(session, buffer)
        for url in other_urls(commtrak_url, configured_urls(request.config)):
            with open_test_store(url, clock=clock) as other:
                with other.session(actor=actor) as s:
                    counts = import_archive(s, io.BytesIO(buffer.getvalue()))
                assert counts["finance_ledger"] == len(exported["finance_ledger"]) > 10
                with other.session(actor=actor) as s:
                    assert finance_state(s, customers) == original, url
                    assert export_data(s) == exported, url
                    books = finance.of(s)
                    numbers = [i.number for i in books.invoices.for_customer(made["first"].id)]
                    assert (
                        final_invoice(s, made["first"].id, "1.00").number
                        == 5
                        > max(n for n in numbers if n is not None)
                    )
                    note = books.credit_notes.to_customer(
                        made["second"].id,
                        currency=GBP,
                        description="Next",
                        issued_on=TODAY,
                        lines=[line("Next", quantity=1, unit_price=gbp("1.00"))],
                    )
                    assert note.number == 3

    @pytest.mark.parametrize(
        ("section", "change", "rule"),
        [
            ("finance_ledger", lambda rows: _scale_allocation(rows), "entry_amount"),
            ("finance_ledger", lambda rows: rows[1:], "ledger_state"),
            ("finance_invoices", lambda rows: _renumber(rows), "unique_number"),
            ("finance_sequences", lambda rows: [], "sequence_behind"),
            ("finance_receipts", lambda rows: _money_in(rows, "1.005"), "minor_unit"),
        ],
    )
    def test_an_archive_that_breaks_a_finance_rule_is_refused(
        self, session: Session, actor: Actor, section: str, change: Any, rule: str
    ) -> None:
        fill_finance(session)
        document = export_data(session)
        document[section] = change(document[section])
        forged = _archive_with(session, section, document[section])
        with open_test_store("memory://") as other:
            with pytest.raises(RecordRejected) as caught, other.session(actor=actor) as s:
                import_archive(s, io.BytesIO(forged))
            assert caught.value.rule == rule
            with other.session(actor=actor) as s:
                assert export_data(s)["finance_ledger"] == []


class StatementPropertyContract(StoreContract):
    """A statement as of a date is unchanged by whatever is done after that date."""

    @hypothesis.settings(**STORE_PROPERTY, max_examples=10)
    @hypothesis.given(
        steps=st.lists(
            st.tuples(
                st.sampled_from(["pay", "allocate", "reverse", "void", "credit"]),
                st.integers(1, 9_000),
                st.integers(0, 5),
            ),
            min_size=1,
            max_size=8,
        ),
        prices=st.lists(st.integers(100, 9_000), min_size=1, max_size=3),
    )
    def test_later_payments_allocations_and_reversals_leave_it_unchanged(
        self,
        store: Store,
        actor: Actor,
        clock: PinnedClock,
        steps: list[tuple[str, int, int]],
        prices: list[int],
    ) -> None:
        store.backend.erase_all_data()
        clock.now = datetime.datetime.combine(TODAY, datetime.time(9), datetime.UTC)
        with store.session(actor=actor) as s:
            made = fill_finance(s)
            customer = made["first"].id
            for pence in prices:
                due_invoice(s, customer, _pounds(pence), due=0)
            books = finance.of(s)
            before = books.statements.for_customer(customer, TODAY, by_contact=True)
            aged_before = list(books.statements.aged_debt(TODAY))
        for step, (action, pence, pick) in enumerate(steps, start=1):
            clock.now = clock.now + DAY
            with store.session(actor=actor) as s:
                _later(s, customer, TODAY + DAY * step, action, pence, pick)
        with store.session(actor=actor) as s:
            statements = finance.of(s).statements
            assert statements.for_customer(customer, TODAY, by_contact=True) == before
            assert list(statements.aged_debt(TODAY)) == aged_before


def _later(
    session: Session, customer: Any, on: datetime.date, action: str, pence: int, pick: int
) -> None:
    """One thing done after the statement's date (what the services refuse is skipped)."""
    books = finance.of(session)
    owed = sorted(books.ledger.open_invoices(customer), key=str)
    credits = sorted(books.ledger.unallocated_credits(customer), key=str)
    amount = gbp(_pounds(pence))
    try:
        if action == "pay":
            books.receipts.receive_payment(customer, amount=amount, method="cash", received_on=on)
        elif action == "credit":
            books.credit_notes.to_customer(
                customer,
                currency=GBP,
                description="Later",
                issued_on=on,
                lines=[line("Later", quantity=1, unit_price=amount)],
            )
        elif action == "allocate" and owed and credits:
            invoice_id, source_id = owed[pick % len(owed)], credits[pick % len(credits)]
            left = min(
                books.ledger.open_invoices(customer)[invoice_id],
                books.receipts.unallocated(source_id),
            )
            if left.currency == GBP:
                books.receipts.allocate(source_id, {invoice_id: min(left, amount)})
        elif action == "reverse":
            entries = [
                e
                for e in books.ledger.entries(customer)
                if e.kind.value in {"allocation", "credit_note"}
            ]
            if entries:
                books.ledger.reverse(entries[pick % len(entries)].id)
        elif action == "void" and owed:
            books.invoices.void(owed[pick % len(owed)])
    except (ValidationError, Conflict):
        pass


def _pounds(pence: int) -> str:
    return f"{pence // 100}.{pence % 100:02d}"


def _aged(customer_id: Any, code: str, *amounts: str) -> AgedDebt:
    money_currency = currency(code)
    return AgedDebt(
        customer_id, money_currency, *(Money.of(amount, money_currency) for amount in amounts)
    )


def _scale_allocation(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        if row["kind"] == "allocation":
            row["invoice_effect"] = {"amount": "-1.00", "currency": "GBP"}
            break
    return rows


def _renumber(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    numbered = [row for row in rows if row["number"] is not None]
    numbered[1]["number"] = numbered[0]["number"]
    return rows


def _money_in(rows: list[dict[str, Any]], amount: str) -> list[dict[str, Any]]:
    rows[0]["amount"] = {"amount": amount, "currency": rows[0]["amount"]["currency"]}
    return rows


def _archive_with(session: Session, section: str, rows: list[Any]) -> bytes:
    """The store's archive with *section*'s member holding *rows* (manifest made to agree)."""
    import hashlib

    buffer = io.BytesIO()
    export_archive(session, buffer)
    data = buffer.getvalue()
    member = f"{section}.jsonl"
    content = b"".join((json.dumps(row) + "\n").encode() for row in rows)
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))
    manifest["members"][member]["sha256"] = hashlib.sha256(content).hexdigest()
    manifest["members"][member]["count"] = len(rows)
    data = rewrite(data, member, lambda _: content)
    return rewrite(data, "manifest.json", lambda _: json.dumps(manifest).encode())
