"""Contract: the finance context (seed 004) — invoices, credit notes, payments, the ledger.

Every backend must total invoices at the line, number them from one gapless sequence,
keep the ledger append-only, and refuse exactly the same over-allocations and
over-credits, naming the same field and rule.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import uuid
from collections.abc import Iterator

import pytest

from commtrak import (
    Actor,
    Conflict,
    Customer,
    NotFound,
    Session,
    Store,
    ValidationError,
    finance,
)
from commtrak.finance import Breakdown, EntryKind, Invoice, InvoiceState, Money, currency, line
from commtrak.testing.conformance._base import (
    START,
    PinnedClock,
    StoreContract,
    add_customer,
    open_test_store,
)

GBP = currency("GBP")
EUR = currency("EUR")
TODAY = START.date()


def gbp(amount: str) -> Money:
    """*amount* pounds."""
    return Money.of(amount, GBP)


def final_invoice(
    session: Session,
    customer_id: uuid.UUID,
    *prices: str,
    issued_on: datetime.date = TODAY,
    tax_rate: str = "0",
    allocate_credit: bool = False,
) -> Invoice:
    """A final invoice of one line per price (quantity 1, no tax unless asked)."""
    books = finance.of(session)
    draft = books.invoices.draft(
        customer_id,
        currency=GBP,
        description="Work",
        issued_on=issued_on,
        due_on=issued_on + datetime.timedelta(days=30),
        lines=[
            line(f"Item {n}", quantity=1, unit_price=gbp(price), tax_rate=tax_rate)
            for n, price in enumerate(prices)
        ],
    )
    return books.invoices.finalise(draft.id, allocate_credit=allocate_credit)


@contextlib.contextmanager
def merging(
    commtrak_url: str, clock: PinnedClock, actor: Actor
) -> Iterator[tuple[Session, Customer, Customer]]:
    """A session on a store holding finance's customer references, and two customers.

    Yields the session, the customer a merge keeps (``Survivor``) and the one merged
    into it (``Merged``), for a contract checking that a merge moves finance records.
    """
    with (
        open_test_store(
            commtrak_url, clock=clock, customer_references=finance.CUSTOMER_REFERENCES
        ) as store,
        store.session(actor=actor) as s,
    ):
        yield s, add_customer(s, "Survivor"), add_customer(s, "Merged")


def _rule(
    caught: pytest.ExceptionInfo[ValidationError] | pytest.ExceptionInfo[Conflict],
) -> tuple[str, str]:
    return (caught.value.field, caught.value.rule)


class FinanceContract(StoreContract):
    """Invoices, credit notes, payments, account credit and reversals."""

    def test_totals_round_at_each_line(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        draft = finance.of(session).invoices.draft(
            customer.id,
            currency=GBP,
            description="Boiler service",
            issued_on=TODAY,
            due_on=TODAY,
            lines=[
                line(
                    "Labour", quantity=2, unit_price=gbp("45.00"), tax_rate="0.2", category="labour"
                ),
                line(
                    "Valve",
                    quantity="1.5",
                    unit_price=gbp("9.99"),
                    tax_rate="0.2",
                    category="parts",
                ),
                line("Washer", quantity=3, unit_price=gbp("0.05"), tax_rate="0.175"),
            ],
        )
        # 14.985 -> 14.99 and its tax 2.998 -> 3.00; the washers' tax 0.02625 -> 0.03.
        assert [item.total for item in draft.lines] == [gbp("108.00"), gbp("17.99"), gbp("0.18")]
        assert draft.total == gbp("126.17")
        assert finance.of(session).invoices.get(draft.id) == draft

    def test_amounts_read_back_exactly(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        big = "99999999999999.99"
        invoice = final_invoice(session, customer.id, big)
        books = finance.of(session)
        assert books.invoices.balance(invoice.id) == gbp(big)
        kwd = currency("KWD")
        payment = books.receipts.receive_payment(
            customer.id, amount=Money.of("0.125", kwd), method="cash", received_on=TODAY
        )
        assert books.receipts.get(payment.id).amount == Money.of("0.125", kwd)
        assert books.ledger.customer_balance(customer.id) == {
            "GBP": gbp(big),
            "KWD": -Money.of("0.125", kwd),
        }

    def test_drafts_are_checked(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        invoices = finance.of(session).invoices
        with pytest.raises(ValidationError) as caught:
            invoices.draft(
                customer.id,
                currency=GBP,
                description="Work",
                issued_on=TODAY,
                due_on=TODAY - datetime.timedelta(days=1),
            )
        assert _rule(caught) == ("due_on", "before_issue")
        with pytest.raises(ValidationError) as caught:
            invoices.draft(
                customer.id,
                currency=GBP,
                description="Work",
                issued_on=TODAY,
                due_on=TODAY,
                lines=[line("Euro", quantity=1, unit_price=Money.of(1, EUR))],
            )
        assert _rule(caught) == ("lines", "same_currency")
        with pytest.raises(ValidationError) as caught:
            invoices.draft(
                customer.id,
                currency=currency("XTS", 2),
                description="Work",
                issued_on=TODAY,
                due_on=TODAY,
            )
        assert _rule(caught) == ("currency", "iso_4217")
        empty = invoices.draft(
            customer.id, currency=GBP, description="Work", issued_on=TODAY, due_on=TODAY
        )
        with pytest.raises(ValidationError) as caught:
            invoices.finalise(empty.id)
        assert _rule(caught) == ("lines", "required")
        with pytest.raises(NotFound):
            invoices.get(uuid.uuid4())
        assert invoices.for_customer(customer.id) == [empty]

    def test_numbers_are_gapless_and_a_rollback_gives_its_number_back(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Customer")
            assert final_invoice(s, customer.id, "1.00").number == 1
            kept_draft = finance.of(s).invoices.draft(
                customer.id,
                currency=GBP,
                description="Later",
                issued_on=TODAY,
                due_on=TODAY,
                lines=[line("One", quantity=1, unit_price=gbp("1.00"))],
            )
        with pytest.raises(RuntimeError), store.session(actor=actor) as s:
            assert finance.of(s).invoices.finalise(kept_draft.id).number == 2
            raise RuntimeError("the host gives up")
        with store.session(actor=actor) as s:
            assert finance.of(s).invoices.get(kept_draft.id).state is InvoiceState.DRAFT
            assert finance.of(s).invoices.finalise(kept_draft.id).number == 2
            assert final_invoice(s, customer.id, "1.00").number == 3
            with pytest.raises(Conflict) as conflict:
                finance.of(s).invoices.finalise(kept_draft.id)
            assert _rule(conflict) == ("invoice_id", "draft_only")
            with pytest.raises(Conflict) as conflict:
                finance.of(s).invoices.set_lines(kept_draft.id, [])
            assert _rule(conflict) == ("invoice_id", "draft_only")

    def test_a_draft_s_lines_change_and_are_journaled(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        books = finance.of(session)
        draft = books.invoices.draft(
            customer.id, currency=GBP, description="Work", issued_on=TODAY, due_on=TODAY
        )
        changed = books.invoices.set_lines(
            draft.id, [line("Labour", quantity=1, unit_price=gbp("10.00"))]
        )
        assert books.invoices.get(draft.id) == changed
        assert changed.total == gbp("10.00")
        final = books.invoices.finalise(draft.id)
        journal = books.ledger.journal(customer.id)
        assert [entry.action.value for entry in journal] == [
            "invoice_drafted",
            "invoice_lines_changed",
            "invoice_finalised",
        ]
        assert {(entry.by, entry.at) for entry in journal} == {("Sam Supervisor", START)}
        assert journal[-1].subject_id == final.id

    def test_a_credit_note_against_an_invoice_is_prefilled_and_bounded(
        self, session: Session
    ) -> None:
        customer = add_customer(session, "Customer")
        invoice = final_invoice(session, customer.id, "60.00", "40.00")
        books = finance.of(session)
        partial = books.credit_notes.against_invoice(
            invoice.id,
            description="Part refund",
            issued_on=TODAY,
            lines=[line("Item 0", quantity=1, unit_price=gbp("25.00"))],
        )
        assert books.invoices.balance(invoice.id) == gbp("75.00")
        with pytest.raises(ValidationError) as caught:
            books.credit_notes.against_invoice(invoice.id, description="Again", issued_on=TODAY)
        assert _rule(caught) == ("amount", "exceeds_creditable")
        assert books.invoices.balance(invoice.id) == gbp("75.00")
        rest = books.credit_notes.against_invoice(
            invoice.id,
            description="The rest",
            issued_on=TODAY,
            lines=[line("Item 1", quantity=1, unit_price=gbp("75.00"))],
        )
        assert (partial.number, rest.number) == (1, 2)  # the refused one took no number
        assert books.invoices.balance(invoice.id) == gbp("0.00")
        full = final_invoice(session, customer.id, "60.00", "40.00")
        prefilled = books.credit_notes.against_invoice(
            full.id, description="Cancelled", issued_on=TODAY
        )
        assert prefilled.lines == full.lines
        assert prefilled.invoice_id == full.id
        assert books.credit_notes.get(prefilled.id) == prefilled
        draft = books.invoices.draft(
            customer.id, currency=GBP, description="Draft", issued_on=TODAY, due_on=TODAY
        )
        with pytest.raises(Conflict) as conflict:
            books.credit_notes.against_invoice(draft.id, description="No", issued_on=TODAY)
        assert _rule(conflict) == ("invoice_id", "final_only")

    def test_breakdown_styles_render_the_same_lines(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        lines = [
            line("Fitting", quantity=1, unit_price=gbp("30.00"), category="labour"),
            line("Pump", quantity=1, unit_price=gbp("20.00"), category="parts"),
            line("Testing", quantity=1, unit_price=gbp("5.00"), category="labour"),
        ]
        books = finance.of(session)
        shown = {}
        for style in Breakdown:
            note = books.credit_notes.to_customer(
                customer.id,
                currency=GBP,
                description="Goodwill",
                issued_on=TODAY,
                lines=lines,
                breakdown=style,
            )
            rendered = note.rendered()
            assert Money.total((row.amount for row in rendered), GBP) == gbp("55.00")
            shown[style] = [row.label for row in rendered]
        assert shown == {
            Breakdown.NONE: ["Goodwill"],
            Breakdown.BY_CATEGORY: ["labour", "parts"],
            Breakdown.FULL: ["Fitting", "Pump", "Testing"],
            Breakdown.FULL_BY_CATEGORY: ["Fitting", "Testing", "Pump"],
        }
        with pytest.raises(ValidationError) as caught:
            books.credit_notes.to_customer(
                customer.id,
                currency=GBP,
                description="Goodwill",
                issued_on=TODAY,
                lines=lines,
                breakdown="fancy",
            )
        assert _rule(caught) == ("breakdown", "breakdown")
        with pytest.raises(ValidationError) as caught:
            books.credit_notes.to_customer(
                customer.id, currency=GBP, description="Goodwill", issued_on=TODAY, lines=[]
            )
        assert _rule(caught) == ("lines", "required")

    def test_one_payment_spread_over_invoices(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        one = final_invoice(session, customer.id, "100.00")
        two = final_invoice(session, customer.id, "50.00")
        books = finance.of(session)
        payment = books.receipts.receive_payment(
            customer.id,
            amount=gbp("120.00"),
            method="bank transfer",
            received_on=TODAY,
            reference="BACS 991",
            allocations={one.id: "80.00", two.id: gbp("30.00")},
        )
        assert books.invoices.balance(one.id) == gbp("20.00")
        assert books.invoices.balance(two.id) == gbp("20.00")
        assert books.receipts.unallocated(payment.id) == gbp("10.00")
        assert books.ledger.customer_balance(customer.id) == {"GBP": gbp("30.00")}
        for allocations, expected in [
            ({one.id: "15.00"}, ("amount", "exceeds_unallocated")),
            ({one.id: "5.00", two.id: "6.00"}, ("amount", "exceeds_unallocated")),
            ({one.id: "0.00"}, ("amount", "positive")),
            ({one.id: "0.001"}, ("amount", "minor_unit")),
            ({}, ("allocations", "required")),
        ]:
            with pytest.raises(ValidationError) as caught:
                books.receipts.allocate(payment.id, allocations)
            assert _rule(caught) == expected
        other = final_invoice(session, add_customer(session, "Other").id, "5.00")
        with pytest.raises(Conflict) as conflict:
            books.receipts.allocate(payment.id, {other.id: "1.00"})
        assert _rule(conflict) == ("invoice_id", "same_customer")
        big = books.receipts.receive_payment(
            customer.id, amount=gbp("500.00"), method="cash", received_on=TODAY
        )
        with pytest.raises(ValidationError) as caught:
            books.receipts.allocate(big.id, {two.id: "10.00", one.id: "20.01"})
        assert _rule(caught) == ("amount", "exceeds_balance")
        # Nothing of a refused allocation stays.
        assert books.invoices.balance(two.id) == gbp("20.00")
        assert books.receipts.unallocated(big.id) == gbp("500.00")
        with pytest.raises(NotFound):
            books.receipts.allocate(uuid.uuid4(), {one.id: "1.00"})
        with pytest.raises(ValidationError) as caught:
            books.receipts.receive_payment(
                customer.id, amount=gbp("0.00"), method="cash", received_on=TODAY
            )
        assert _rule(caught) == ("amount", "positive")
        with pytest.raises(ValidationError) as caught:
            books.receipts.receive_payment(
                customer.id, amount=gbp("1.00"), method=" ", received_on=TODAY
            )
        assert _rule(caught) == ("method", "required")

    def test_raising_an_invoice_can_spend_the_account_credit(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        books = finance.of(session)
        credit = books.receipts.add_account_credit(
            customer.id,
            amount=gbp("40.00"),
            method="cash",
            nominal_account="4000 Sales",
            credited_on=TODAY,
        )
        older = final_invoice(session, customer.id, "5.00")
        assert books.ledger.unallocated_credits(customer.id) == {credit.id: gbp("40.00")}
        assert older.id in books.ledger.open_invoices(customer.id)
        raised = final_invoice(session, customer.id, "30.00", allocate_credit=True)
        # Every open invoice is paid, oldest first: the one raised without the option too.
        assert books.ledger.open_invoices(customer.id) == {}
        assert raised.id in {e.invoice_id for e in books.ledger.entries(customer.id)}
        assert books.ledger.unallocated_credits(customer.id) == {credit.id: gbp("5.00")}

    def test_account_credit_is_allocated_oldest_invoice_first(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        newer = final_invoice(session, customer.id, "30.00", issued_on=TODAY)
        older = final_invoice(
            session, customer.id, "50.00", issued_on=TODAY - datetime.timedelta(days=9)
        )
        books = finance.of(session)
        credit = books.receipts.add_account_credit(
            customer.id,
            amount=gbp("65.00"),
            method="cash",
            nominal_account="4000 Sales",
            credited_on=TODAY,
            reference="Goodwill",
        )
        assert books.receipts.get(credit.id).nominal_account == "4000 Sales"
        entries = books.receipts.allocate_automatically(customer.id, GBP)
        assert [(e.invoice_id, e.invoice_effect) for e in entries] == [
            (older.id, gbp("-50.00")),
            (newer.id, gbp("-15.00")),
        ]
        assert books.ledger.open_invoices(customer.id) == {newer.id: gbp("15.00")}
        assert books.ledger.unallocated_credits(customer.id) == {}
        assert books.receipts.allocate_automatically(customer.id, GBP) == []
        with pytest.raises(ValidationError) as caught:
            books.receipts.add_account_credit(
                customer.id,
                amount=gbp("1.00"),
                method="cash",
                nominal_account="",
                credited_on=TODAY,
            )
        assert _rule(caught) == ("nominal_account", "required")

    def test_reversals_are_new_entries(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        invoice = final_invoice(session, customer.id, "100.00")
        books = finance.of(session)
        payment = books.receipts.receive_payment(
            customer.id,
            amount=gbp("70.00"),
            method="cash",
            received_on=TODAY,
            allocations={invoice.id: "70.00"},
        )
        made, allocation = [
            e for e in books.ledger.entries(customer.id) if e.source_id == payment.id
        ]
        with pytest.raises(Conflict) as conflict:
            books.ledger.reverse(made.id)
        assert _rule(conflict) == ("entry_id", "allocated_source")
        reversal = books.ledger.reverse(allocation.id)
        assert reversal.kind is EntryKind.REVERSAL
        assert reversal.reverses == allocation.id
        assert books.invoices.balance(invoice.id) == gbp("100.00")
        assert books.ledger.entry(allocation.id) == allocation  # never changed
        with pytest.raises(Conflict) as conflict:
            books.ledger.reverse(allocation.id)
        assert _rule(conflict) == ("entry_id", "already_reversed")
        with pytest.raises(Conflict) as conflict:
            books.ledger.reverse(reversal.id)
        assert _rule(conflict) == ("entry_id", "reversal")
        books.ledger.reverse(made.id)
        assert books.receipts.unallocated(payment.id) == gbp("0.00")
        first = books.ledger.entries(customer.id)[0]
        assert first.kind is EntryKind.INVOICE
        with pytest.raises(Conflict) as conflict:
            books.ledger.reverse(first.id)
        assert _rule(conflict) == ("entry_id", "void_instead")
        with pytest.raises(NotFound):
            books.ledger.reverse(uuid.uuid4())
        assert books.ledger.customer_balance(customer.id) == {"GBP": gbp("100.00")}
        assert books.ledger.totals() == {"GBP": gbp("100.00")}

    def test_voiding_keeps_the_number_and_refuses_a_settled_invoice(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        books = finance.of(session)
        paid = final_invoice(session, customer.id, "10.00")
        books.receipts.receive_payment(
            customer.id,
            amount=gbp("1.00"),
            method="cash",
            received_on=TODAY,
            allocations={paid.id: "1.00"},
        )
        with pytest.raises(Conflict) as conflict:
            books.invoices.void(paid.id)
        assert _rule(conflict) == ("invoice_id", "settled")
        mistaken = final_invoice(session, customer.id, "25.00")
        void = books.invoices.void(mistaken.id)
        assert (void.state, void.number) == (InvoiceState.VOID, 2)
        assert books.invoices.balance(mistaken.id) == gbp("0.00")
        with pytest.raises(Conflict) as conflict:
            books.invoices.void(mistaken.id)
        assert _rule(conflict) == ("invoice_id", "already_void")
        assert final_invoice(session, customer.id, "1.00").number == 3
        with pytest.raises(Conflict) as conflict:
            books.receipts.allocate(
                books.receipts.receive_payment(
                    customer.id, amount=gbp("1.00"), method="cash", received_on=TODAY
                ).id,
                {mistaken.id: "1.00"},
            )
        assert _rule(conflict) == ("invoice_id", "final_only")
        assert books.ledger.customer_balance(customer.id) == {"GBP": gbp("9.00")}

    def test_the_facade_shares_the_session_s_services(self, session: Session) -> None:
        from commtrak.finance.services import InvoiceService

        assert finance.of(session) is finance.of(session)
        assert finance.of(session).invoices is session.service(InvoiceService)
        assert decimal.Decimal(0) == finance.of(session).ledger.totals().get("GBP", gbp("0")).amount

    def test_the_side_panel_adds_the_ledger_in_its_currency(
        self, commtrak_url: str, clock: PinnedClock, actor: Actor
    ) -> None:
        ledger = finance.LedgerFigures(GBP)
        with (
            open_test_store(commtrak_url, clock=clock, account_figures=[ledger]) as store,
            store.session(actor=actor) as s,
        ):
            customer = add_customer(s, "Debtor")
            books = finance.of(s)
            old = final_invoice(s, customer.id, "100.00", issued_on=TODAY - datetime.timedelta(40))
            final_invoice(s, customer.id, "50.00")
            books.receipts.receive_payment(
                customer.id,
                amount=gbp("30.00"),
                method="cash",
                received_on=TODAY,
                allocations={old.id: "30.00"},
            )
            books.receipts.add_account_credit(
                customer.id,
                amount=gbp("5.00"),
                method="cash",
                nominal_account="4000",
                credited_on=TODAY,
            )
            books.receipts.receive_payment(
                customer.id, amount=Money.of("9.00", EUR), method="cash", received_on=TODAY
            )
            s.invoices.add(customer.id, amount="20", due_on=TODAY - datetime.timedelta(60))
            panel = s.customers.panel(customer.id)
            assert panel.outstanding_debt == decimal.Decimal("140.00")
            assert panel.oldest_unpaid_due_on == TODAY - datetime.timedelta(60)
            assert panel.debt_age_days == 60
            assert panel.account_credit == decimal.Decimal("5.00")
            s.invoices.pay(s.invoices.for_customer(customer.id)[0].id, "20")
            panel = s.customers.panel(customer.id)
            assert panel.oldest_unpaid_due_on == TODAY - datetime.timedelta(10)
            assert (panel.outstanding_debt, panel.debt_age_days) == (decimal.Decimal("120.00"), 10)

    def test_a_customer_merge_moves_the_finance_records(
        self, commtrak_url: str, clock: PinnedClock, actor: Actor
    ) -> None:
        with merging(commtrak_url, clock, actor) as (s, survivor, merged):
            books = finance.of(s)
            kept = final_invoice(s, survivor.id, "40.00")
            moved = final_invoice(s, merged.id, "60.00")
            payment = books.receipts.receive_payment(
                merged.id,
                amount=gbp("25.00"),
                method="cash",
                received_on=TODAY,
                allocations={moved.id: "10.00"},
            )
            before = books.ledger.entries(merged.id)
            entry = s.customers.merge(survivor.id, merged.id)
            assert entry.counts["finance.ledger.customer"] == len(before) == 3
            assert entry.counts["finance.invoice.customer"] == 1
            assert books.invoices.get(moved.id).customer_id == survivor.id
            assert books.receipts.get(payment.id).customer_id == survivor.id
            assert books.ledger.entries(merged.id) == []
            assert books.invoices.balance(moved.id) == gbp("50.00")
            assert books.ledger.customer_balance(survivor.id) == {"GBP": gbp("75.00")}
            # The survivor's credit now pays its own invoices, and the merged one's.
            books.receipts.allocate(payment.id, {kept.id: "15.00"})
            assert books.invoices.balance(kept.id) == gbp("25.00")
