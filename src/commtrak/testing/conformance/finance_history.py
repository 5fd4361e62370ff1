"""Contract: the ledger's invariants hold after every step of a random finance history.

A hypothesis state machine raises invoices, issues credit notes (against invoices and
to customers), receives payments, adds account credit, allocates by hand and
automatically, reverses entries and voids invoices, each step in its own session, and
checks after every step, against a plain-Python model that never reads the ledger:

* each invoice's balance is its total less its credits and allocations, never below 0;
* no payment or credit is allocated beyond its amount;
* the sum of all balances (invoices owed less credit unallocated) equals the sum of
  the ledger's entries, to the cent.
"""

from __future__ import annotations

import datetime
import decimal
import uuid

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from commtrak import Actor, Conflict, Session, Store, ValidationError, finance
from commtrak.finance import EntryKind, Money, currency, line
from commtrak.testing.conformance._base import START, StoreContract, add_customer, run_history

GBP = currency("GBP")
ZERO = Money.zero(GBP)
cents = st.integers(min_value=1, max_value=20_000)


def pounds(amount: int) -> Money:
    """*amount* pence, as pounds."""
    return Money.of(decimal.Decimal(amount).scaleb(-2), GBP)


@attrs.define
class ModelInvoice:
    """What the model knows of an invoice."""

    customer_id: uuid.UUID
    total: Money
    credited: Money = ZERO
    allocated: Money = ZERO
    void: bool = False

    @property
    def balance(self) -> Money:
        return ZERO if self.void else self.total - self.credited - self.allocated


@attrs.define
class ModelCredit:
    """What the model knows of a payment, account credit or credit note to a customer."""

    customer_id: uuid.UUID
    amount: Money
    allocated: Money = ZERO
    reversed: bool = False

    @property
    def unallocated(self) -> Money:
        return ZERO if self.reversed else self.amount - self.allocated


class LedgerHistory(RuleBasedStateMachine):
    """Random finance histories against a store and a model of what it must hold."""

    store: Store
    actor: Actor

    customers = Bundle("customers")
    invoices = Bundle("invoices")
    credits = Bundle("credits")

    def __init__(self) -> None:
        super().__init__()
        self.store.backend.erase_all_data()
        self.invoice_model: dict[uuid.UUID, ModelInvoice] = {}
        self.credit_model: dict[uuid.UUID, ModelCredit] = {}
        self.reversed: set[uuid.UUID] = set()
        self.day = START.date()

    def session(self) -> Session:
        return self.store.session(actor=self.actor)

    @initialize(target=customers)
    def first_customer(self) -> uuid.UUID:
        with self.session() as s:
            return add_customer(s, "First").id

    @rule(target=customers)
    def another_customer(self) -> uuid.UUID:
        with self.session() as s:
            return add_customer(s, f"Customer {len(self.invoice_model)}").id

    @rule(
        target=invoices,
        customer_id=customers,
        prices=st.lists(cents, min_size=1, max_size=3),
        days=st.integers(0, 30),
    )
    def raise_invoice(self, customer_id: uuid.UUID, prices: list[int], days: int) -> uuid.UUID:
        issued = self.day - datetime.timedelta(days=days)
        lines = [
            line("Work", quantity=1, unit_price=pounds(price), tax_rate="0.2") for price in prices
        ]
        with self.session() as s:
            books = finance.of(s).invoices
            draft = books.draft(
                customer_id,
                currency=GBP,
                description="Work",
                issued_on=issued,
                due_on=issued,
                lines=lines,
            )
            invoice = books.finalise(draft.id)
        self.invoice_model[invoice.id] = ModelInvoice(customer_id, invoice.total)
        assert invoice.total == Money.total((item.total for item in lines), GBP)
        return invoice.id

    @rule(invoice_id=invoices, amount=cents)
    def credit_invoice(self, invoice_id: uuid.UUID, amount: int) -> None:
        model = self.invoice_model[invoice_id]
        credit = pounds(amount)
        try:
            with self.session() as s:
                finance.of(s).credit_notes.against_invoice(
                    invoice_id,
                    description="Credit",
                    issued_on=self.day,
                    lines=[line("Credit", quantity=1, unit_price=credit)],
                )
        except Conflict as error:
            assert (error.rule, model.void) == ("final_only", True)
            return
        except ValidationError as error:
            assert error.rule == "exceeds_creditable"
            assert credit > model.balance
            return
        assert not model.void and credit <= model.balance
        model.credited += credit

    @rule(
        target=credits,
        customer_id=customers,
        amount=cents,
        kind=st.sampled_from(["payment", "account_credit", "credit_note"]),
    )
    def add_credit(self, customer_id: uuid.UUID, amount: int, kind: str) -> uuid.UUID:
        money = pounds(amount)
        with self.session() as s:
            books = finance.of(s)
            if kind == "payment":
                made = books.receipts.receive_payment(
                    customer_id, amount=money, method="cash", received_on=self.day
                ).id
            elif kind == "account_credit":
                made = books.receipts.add_account_credit(
                    customer_id,
                    amount=money,
                    method="cash",
                    nominal_account="4000",
                    credited_on=self.day,
                ).id
            else:
                made = books.credit_notes.to_customer(
                    customer_id,
                    currency=GBP,
                    description="Goodwill",
                    issued_on=self.day,
                    lines=[line("Goodwill", quantity=1, unit_price=money)],
                ).id
        self.credit_model[made] = ModelCredit(customer_id, money)
        return made

    @rule(credit_id=credits, invoice_id=invoices, amount=cents)
    def allocate(self, credit_id: uuid.UUID, invoice_id: uuid.UUID, amount: int) -> None:
        credit, invoice = self.credit_model[credit_id], self.invoice_model[invoice_id]
        money = pounds(amount)
        try:
            with self.session() as s:
                finance.of(s).receipts.allocate(credit_id, {invoice_id: money})
        except Conflict as error:
            expected = "final_only" if invoice.void else "same_customer"
            assert error.rule == expected
            assert invoice.void or invoice.customer_id != credit.customer_id
            return
        except ValidationError as error:
            if error.rule == "exceeds_unallocated":
                assert money > credit.unallocated
            else:
                assert error.rule == "exceeds_balance"
                assert money <= credit.unallocated and money > invoice.balance
            return
        assert invoice.customer_id == credit.customer_id and not invoice.void
        assert money <= credit.unallocated and money <= invoice.balance
        credit.allocated += money
        invoice.allocated += money

    @rule(customer_id=customers)
    def allocate_automatically(self, customer_id: uuid.UUID) -> None:
        with self.session() as s:
            entries = finance.of(s).receipts.allocate_automatically(customer_id, GBP)
        for entry in entries:
            assert entry.invoice_id is not None and entry.source_id is not None
            self.invoice_model[entry.invoice_id].allocated -= entry.invoice_effect
            self.credit_model[entry.source_id].allocated -= entry.source_effect
        owed = any(
            i.balance.amount > 0
            for i in self.invoice_model.values()
            if i.customer_id == customer_id
        )
        left = any(
            c.unallocated.amount > 0
            for c in self.credit_model.values()
            if c.customer_id == customer_id
        )
        assert not (owed and left), "automatic allocation left credit beside open invoices"

    @rule(customer_id=customers, pick=st.integers(min_value=0))
    def reverse(self, customer_id: uuid.UUID, pick: int) -> None:
        with self.session() as s:
            entries = finance.of(s).ledger.entries(customer_id)
        if not entries:
            return
        entry = entries[pick % len(entries)]
        try:
            with self.session() as s:
                finance.of(s).ledger.reverse(entry.id)
        except Conflict as error:
            assert error.rule == self._refusal(entry.id, entry.kind, entry.source_id)
            return
        assert self._refusal(entry.id, entry.kind, entry.source_id) is None
        self.reversed.add(entry.id)
        amount = entry.invoice_effect if entry.invoice_id else entry.source_effect
        if entry.kind is EntryKind.ALLOCATION:
            assert entry.invoice_id is not None and entry.source_id is not None
            self.invoice_model[entry.invoice_id].allocated += amount
            self.credit_model[entry.source_id].allocated += amount
        elif entry.invoice_id is not None:  # a credit note against an invoice
            self.invoice_model[entry.invoice_id].credited += amount
        else:
            assert entry.source_id is not None
            self.credit_model[entry.source_id].reversed = True

    def _refusal(
        self, entry_id: uuid.UUID, kind: EntryKind, source_id: uuid.UUID | None
    ) -> str | None:
        if kind is EntryKind.REVERSAL:
            return "reversal"
        if kind is EntryKind.INVOICE:
            return "void_instead"
        if entry_id in self.reversed:
            return "already_reversed"
        credit = None if source_id is None else self.credit_model[source_id]
        if kind is not EntryKind.ALLOCATION and credit is not None and credit.allocated.amount:
            return "allocated_source"
        return None

    @rule(invoice_id=invoices)
    def void(self, invoice_id: uuid.UUID) -> None:
        model = self.invoice_model[invoice_id]
        try:
            with self.session() as s:
                finance.of(s).invoices.void(invoice_id)
        except Conflict as error:
            expected = "already_void" if model.void else "settled"
            assert error.rule == expected
            assert model.void or model.balance != model.total
            return
        assert not model.void and model.balance == model.total
        model.void = True

    @invariant()
    def balances_match_the_model_and_the_ledger(self) -> None:
        with self.session() as s:
            books = finance.of(s)
            for invoice_id, model in self.invoice_model.items():
                balance = books.invoices.balance(invoice_id)
                assert balance == model.balance, (invoice_id, balance, model)
                assert balance >= ZERO
            for credit_id, credit in self.credit_model.items():
                left = books.receipts.unallocated(credit_id)
                assert left == credit.unallocated, (credit_id, left, credit)
                assert ZERO <= left <= credit.amount
            customers = {m.customer_id for m in self.invoice_model.values()} | {
                c.customer_id for c in self.credit_model.values()
            }
            for customer_id in customers:
                owed = Money.total(
                    (
                        m.balance
                        for m in self.invoice_model.values()
                        if m.customer_id == customer_id
                    ),
                    GBP,
                ) - Money.total(
                    (
                        c.unallocated
                        for c in self.credit_model.values()
                        if c.customer_id == customer_id
                    ),
                    GBP,
                )
                assert books.ledger.customer_balance(customer_id).get("GBP", ZERO) == owed
            everything = Money.total(
                (m.balance for m in self.invoice_model.values()), GBP
            ) - Money.total((c.unallocated for c in self.credit_model.values()), GBP)
            assert books.ledger.totals().get("GBP", ZERO) == everything


class LedgerHistoryContract(StoreContract):
    """The finance state machine, run on the backend under test."""

    def test_ledger_invariants_hold_after_every_step(self, store: Store, actor: Actor) -> None:
        run_history(LedgerHistory, store, actor, steps=30)


__all__ = ["LedgerHistory", "LedgerHistoryContract"]
