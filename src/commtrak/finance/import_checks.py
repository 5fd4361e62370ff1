"""The finance rules an import applies: each record as the services would make it, and the sums.

An export's finance records were made by the services, so an import checks that they
still say what the services would have said (a file may have been edited, or come
from elsewhere): every record one by one as it is read (:meth:`FinanceImportChecks.invoice`
and the others), and, once every record is written, the rules spanning them
(:meth:`FinanceImportChecks.finish`): that each ledger entry has the effects of what it
records, each reversal undoes an entry, the balances stay within the documents'
amounts, and each number sequence continues after the numbers it gave. One instance
serves the whole import (``session.service(FinanceImportChecks)``); it keeps what it
needs of each record (ids, amounts), never the records themselves.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

import attrs

from commtrak.errors import Conflict, NotFound, ValidationError
from commtrak.finance.currencies import Currency
from commtrak.finance.model import (
    SOURCE_KINDS,
    CreditNote,
    EntryKind,
    FinanceJournalEntry,
    Invoice,
    InvoiceState,
    Job,
    JobClaim,
    JobState,
    LedgerEntry,
    Line,
    Receipt,
    ReceiptKind,
    SequenceCounter,
    StoredCard,
    line,
)
from commtrak.finance.model._checks import check_iso_currency
from commtrak.finance.money import Money
from commtrak.finance.services.credit_notes import CREDIT_NOTE_SEQUENCE
from commtrak.finance.services.invoices import INVOICE_SEQUENCE, check_lines
from commtrak.finance.services.jobs import JOB_REFERENCE_LENGTH, job_lines
from commtrak.model._text import MAX_TEXT, clean_text, required_text
from commtrak.services.customers import check_address
from commtrak.unit_of_work import UnitOfWork

__all__ = ["FinanceImportChecks"]


#: A record the checks keep by id, to check what names it.
_Found = TypeVar("_Found")


@attrs.define
class _Document:
    """What the checks keep of an invoice or a credit: its owner, amount and balance."""

    customer_id: uuid.UUID
    amount: Money
    kind: str
    balance: Money
    entries: int = 0

    @property
    def currency(self) -> Currency:
        return self.amount.currency


@attrs.frozen
class _Effects:
    """What the checks keep of a ledger entry, to check the reversal that names it."""

    kind: EntryKind
    invoice_id: uuid.UUID | None
    source_id: uuid.UUID | None
    invoice_effect: Money
    source_effect: Money


class FinanceImportChecks:
    """The finance checks of one import (made once per session by ``session.service``)."""

    def __init__(self, session: UnitOfWork) -> None:
        self._tx = session.transaction
        self._customers: set[uuid.UUID] = set()
        self._invoices: dict[uuid.UUID, _Document] = {}
        self._sources: dict[uuid.UUID, _Document] = {}
        self._numbers: dict[str, set[int]] = {INVOICE_SEQUENCE: set(), CREDIT_NOTE_SEQUENCE: set()}
        self._entries: dict[uuid.UUID, _Effects] = {}
        self._reversals: dict[uuid.UUID, _Effects] = {}
        self._counters: dict[str, int] = {}
        self._jobs: dict[uuid.UUID, Job] = {}

    # -- one record at a time ---------------------------------------------------------

    def job(self, job: Job) -> Job:
        """Check a job as :class:`~commtrak.finance.services.JobService` would."""
        self._customer(job.customer_id)
        checked = attrs.evolve(
            job,
            reference=required_text("reference", job.reference, max_length=JOB_REFERENCE_LENGTH),
            description=required_text("description", job.description, max_length=MAX_TEXT),
            lines=job_lines(job.id, job.lines),
        )
        if checked.lines != job.lines:
            raise ValidationError("lines", "job_id", "a job's lines name the job")
        self._jobs[job.id] = attrs.evolve(checked, lines=())
        return checked

    def invoice(self, invoice: Invoice) -> Invoice:
        """Check an invoice as :class:`~commtrak.finance.services.InvoiceService` would."""
        self._customer(invoice.customer_id)
        money_currency = check_iso_currency(invoice.currency)
        if invoice.due_on < invoice.issued_on:
            raise ValidationError("due_on", "before_issue", "must not be before the invoice date")
        if invoice.contact_id is not None:
            self._contact(invoice.customer_id, invoice.contact_id)
        if invoice.state is InvoiceState.DRAFT and invoice.number is not None:
            raise ValidationError("number", "state_number", "a draft has no number")
        if invoice.state is InvoiceState.FINAL and invoice.number is None:
            raise ValidationError("number", "state_number", "a final invoice has a number")
        self._number(INVOICE_SEQUENCE, invoice.number)
        for item in invoice.lines:
            if item.job_id is not None:
                job = self._document(self._jobs, "job_id", item.job_id)
                if job.customer_id != invoice.customer_id:
                    raise ValidationError(
                        "job_id", "same_customer", "the job is another customer's"
                    )
        checked = attrs.evolve(
            invoice,
            description=required_text("description", invoice.description),
            lines=_lines(invoice.lines, money_currency),
        )
        self._invoices[invoice.id] = _Document(
            invoice.customer_id, checked.total, invoice.state.value, Money.zero(money_currency)
        )
        return checked

    def credit_note(self, note: CreditNote) -> CreditNote:
        """Check a credit note as :class:`~commtrak.finance.services.CreditNoteService` would."""
        self._customer(note.customer_id)
        money_currency = check_iso_currency(note.currency)
        lines = _lines(note.lines, money_currency)
        if not lines:
            raise ValidationError("lines", "required", "a credit note needs a line")
        if note.invoice_id is not None:
            invoice = self._document(self._invoices, "invoice_id", note.invoice_id)
            _same(invoice, note.customer_id, money_currency)
        self._number(CREDIT_NOTE_SEQUENCE, note.number)
        checked = attrs.evolve(
            note, description=required_text("description", note.description), lines=lines
        )
        if note.invoice_id is None:
            self._sources[note.id] = _Document(
                note.customer_id,
                checked.total,
                EntryKind.CREDIT_NOTE.value,
                Money.zero(money_currency),
            )
        return checked

    def receipt(self, receipt: Receipt) -> Receipt:
        """Check a payment or account credit as :class:`~commtrak.finance.services.ReceiptService` would."""  # noqa: E501
        self._customer(receipt.customer_id)
        check_iso_currency(receipt.amount.currency)
        if receipt.amount.amount <= 0:
            raise ValidationError("amount", "positive", f"must be above zero, not {receipt.amount}")
        nominal = receipt.nominal_account
        if receipt.kind is ReceiptKind.ACCOUNT_CREDIT:
            nominal = required_text("nominal_account", nominal)
        checked = attrs.evolve(
            receipt,
            method=required_text("method", receipt.method),
            reference=clean_text("reference", receipt.reference),
            nominal_account=clean_text("nominal_account", nominal),
        )
        kind = EntryKind(receipt.kind.value)
        zero = Money.zero(receipt.amount.currency)
        self._sources[receipt.id] = _Document(receipt.customer_id, receipt.amount, kind, zero)
        return checked

    def ledger_entry(self, entry: LedgerEntry) -> LedgerEntry:
        """Check that an entry has the effects of what it records, and add them up."""
        self._customer(entry.customer_id)
        money_currency = check_iso_currency(entry.currency)
        for effect in (entry.invoice_effect, entry.source_effect):
            if effect.currency != money_currency:
                raise ValidationError("currency", "same_currency", f"effects in {money_currency}")
        if entry.id in self._entries or entry.id in self._reversals:
            raise Conflict("id", "unique_id", f"the id {entry.id} is in the file twice")
        effects = _Effects(
            entry.kind, entry.invoice_id, entry.source_id, entry.invoice_effect, entry.source_effect
        )
        if entry.kind is EntryKind.REVERSAL:
            if entry.reverses is None:
                raise ValidationError("reverses", "required", "a reversal names its entry")
            if entry.reverses in self._reversals:
                raise Conflict("entry_id", "already_reversed", "the entry is reversed twice")
            self._reversals[entry.reverses] = effects
        else:
            if entry.reverses is not None:
                raise ValidationError("reverses", "entry_shape", f"a {entry.kind} reverses nothing")
            _SHAPES[entry.kind](self, entry)
            self._entries[entry.id] = effects
        self._apply(entry)
        return entry

    def job_claim(self, claim: JobClaim) -> JobClaim:
        """Check that a claim puts a closed job of the file on a final invoice of its customer."""
        job = self._document(self._jobs, "job_id", claim.job_id)
        invoice = self._document(self._invoices, "invoice_id", claim.invoice_id)
        if invoice.kind != InvoiceState.FINAL.value:
            raise ValidationError(
                "invoice_id", "final_invoice", "a job is claimed by a final invoice"
            )
        if invoice.customer_id != job.customer_id:
            raise ValidationError(
                "invoice_id", "same_customer", "the invoice is another customer's"
            )
        if job.state is not JobState.CLOSED:
            raise ValidationError("state", "job_open", "a job on a final invoice is closed")
        return claim

    def card(self, card: StoredCard) -> StoredCard:
        """Check a stored card as :class:`~commtrak.finance.services.CardService` would.

        Reading it back already refused a field that looks like a card number.
        """
        self._customer(card.customer_id)
        return attrs.evolve(
            card,
            token=required_text("token", card.token),
            name_on_card=clean_text("name_on_card", card.name_on_card),
            billing_address=check_address("billing_address", card.billing_address, required=()),
        )

    def journal_entry(self, entry: FinanceJournalEntry) -> FinanceJournalEntry:
        """Check a finance journal entry's customer and text."""
        self._customer(entry.customer_id)
        return entry

    def sequence(self, counter: SequenceCounter) -> SequenceCounter:
        """Check a sequence's counter."""
        name = required_text("name", counter.name)
        if counter.last_number < 0:
            raise ValidationError("last_number", "minimum", "must be at least 0")
        self._counters[name] = counter.last_number
        return counter

    # -- once every record is in ------------------------------------------------------

    def finish(self) -> None:
        """Check what spans the records: reversals, ledger states, balances, sequences.

        Raises:
            ValidationError: ``reverses``/``reference`` for a reversal of no entry in the
                file, ``reverses``/``entry_shape`` for one that does not undo its entry
                exactly; ``state``/``ledger_state`` for an invoice whose entries do
                not match its state (a final one recorded once, a void one recorded
                and reversed, a draft not at all); ``balance``/``ledger_balance`` for
                an invoice or credit whose balance is below zero or above its amount;
                ``last_number``/``sequence_behind`` for a sequence behind its numbers.
        """
        for target_id, reversal in self._reversals.items():
            target = self._entries.get(target_id)
            if target is None:
                raise ValidationError("reverses", "reference", f"no ledger entry {target_id}")
            undone = attrs.evolve(
                target,
                kind=EntryKind.REVERSAL,
                invoice_effect=-target.invoice_effect,
                source_effect=-target.source_effect,
            )
            if undone != reversal:
                raise ValidationError("reverses", "entry_shape", f"does not undo {target_id}")
        voided = {
            target.invoice_id
            for target_id, target in self._entries.items()
            if target.kind is EntryKind.INVOICE and target_id in self._reversals
        }
        for invoice_id, invoice in self._invoices.items():
            recorded = (invoice.entries, invoice_id in voided)
            allowed = {
                "draft": [(0, False)],
                "final": [(1, False)],
                "void": [(0, False), (1, True)],  # a voided draft, or a voided final one
            }[invoice.kind]
            if recorded not in allowed:
                raise ValidationError(
                    "state",
                    "ledger_state",
                    f"invoice {invoice_id} is {invoice.kind} but its ledger does not say so",
                )
        for key, document in (*self._invoices.items(), *self._sources.items()):
            if document.balance.amount < 0 or document.balance > document.amount:
                raise ValidationError(
                    "balance",
                    "ledger_balance",
                    f"{key}: a balance of {document.balance} on {document.amount}",
                )
        for name, numbers in self._numbers.items():
            if numbers and max(numbers) > self._counters.get(name, 0):
                raise ValidationError(
                    "last_number",
                    "sequence_behind",
                    f"the {name} sequence is at {self._counters.get(name, 0)}, "
                    f"behind the number {max(numbers)}",
                )

    # -- helpers ----------------------------------------------------------------------

    def _customer(self, customer_id: uuid.UUID) -> None:
        if customer_id in self._customers:
            return
        try:
            self._tx.customers.get(customer_id)
        except NotFound:
            raise ValidationError(
                "customer_id", "reference", f"no customer {customer_id}"
            ) from None
        self._customers.add(customer_id)

    def _contact(self, customer_id: uuid.UUID, contact_id: uuid.UUID) -> None:
        try:
            contact = self._tx.contacts.get(contact_id)
        except NotFound:
            raise ValidationError("contact_id", "reference", f"no contact {contact_id}") from None
        if contact.customer_id != customer_id:
            raise ValidationError(
                "contact_id", "same_customer", "the contact is another customer's"
            )

    def _number(self, sequence: str, number: int | None) -> None:
        if number is None:
            return
        if number < 1:
            raise ValidationError("number", "minimum", "numbers start at 1")
        if number in self._numbers[sequence]:
            raise Conflict("number", "unique_number", f"two {sequence}s numbered {number}")
        self._numbers[sequence].add(number)

    @staticmethod
    def _document(found: dict[uuid.UUID, _Found], field: str, key: uuid.UUID) -> _Found:
        """The record of the file *key* names in *field* (an invoice, a source, a job)."""
        document = found.get(key)
        if document is None:
            raise ValidationError(field, "reference", f"no {field.removesuffix('_id')} {key}")
        return document

    def _invoice_of(self, entry: LedgerEntry) -> _Document:
        if entry.invoice_id is None:
            raise ValidationError("invoice_id", "entry_shape", f"a {entry.kind} names an invoice")
        invoice = self._document(self._invoices, "invoice_id", entry.invoice_id)
        _same(invoice, entry.customer_id, entry.currency)
        return invoice

    def _source_of(self, entry: LedgerEntry, kinds: frozenset[EntryKind]) -> _Document:
        if entry.source_id is None:
            raise ValidationError("source_id", "entry_shape", f"a {entry.kind} names a credit")
        source = self._document(self._sources, "source_id", entry.source_id)
        if source.kind not in kinds:
            raise ValidationError("source_id", "entry_shape", f"a {entry.kind} of a {source.kind}")
        _same(source, entry.customer_id, entry.currency)
        return source

    def _invoice_entry(self, entry: LedgerEntry) -> None:
        invoice = self._invoice_of(entry)
        _none(entry, source=True)
        _effect("invoice_effect", entry.invoice_effect, invoice.amount)
        _effect("source_effect", entry.source_effect, Money.zero(entry.currency))
        invoice.entries += 1

    def _credit_note_entry(self, entry: LedgerEntry) -> None:
        if entry.invoice_id is not None:
            self._invoice_of(entry)
            _none(entry, source=True)
            if entry.invoice_effect.amount >= 0 or not entry.source_effect.is_zero:
                raise ValidationError("invoice_effect", "entry_amount", "a credit lowers a balance")
            return
        source = self._source_of(entry, frozenset({EntryKind.CREDIT_NOTE}))
        _effect("source_effect", entry.source_effect, source.amount)
        _effect("invoice_effect", entry.invoice_effect, Money.zero(entry.currency))

    def _receipt_entry(self, entry: LedgerEntry) -> None:
        source = self._source_of(entry, frozenset({entry.kind}))
        _none(entry, invoice=True)
        _effect("source_effect", entry.source_effect, source.amount)
        _effect("invoice_effect", entry.invoice_effect, Money.zero(entry.currency))

    def _allocation_entry(self, entry: LedgerEntry) -> None:
        self._invoice_of(entry)
        self._source_of(entry, SOURCE_KINDS)
        if entry.invoice_effect != entry.source_effect or entry.invoice_effect.amount >= 0:
            raise ValidationError(
                "invoice_effect", "entry_amount", "an allocation lowers both balances by one amount"
            )

    def _apply(self, entry: LedgerEntry) -> None:
        """Add the entry's effects to its invoice's and credit's balances."""
        for found, key, effect in (
            (self._invoices, entry.invoice_id, entry.invoice_effect),
            (self._sources, entry.source_id, entry.source_effect),
        ):
            if key is None:
                continue
            document = found.get(key)
            if document is None:
                field = "invoice_id" if found is self._invoices else "source_id"
                raise ValidationError(field, "reference", f"no document {key}")
            document.balance = document.balance + effect


_SHAPES: dict[EntryKind, Callable[[FinanceImportChecks, LedgerEntry], None]] = {
    EntryKind.INVOICE: FinanceImportChecks._invoice_entry,
    EntryKind.CREDIT_NOTE: FinanceImportChecks._credit_note_entry,
    EntryKind.PAYMENT: FinanceImportChecks._receipt_entry,
    EntryKind.ACCOUNT_CREDIT: FinanceImportChecks._receipt_entry,
    EntryKind.ALLOCATION: FinanceImportChecks._allocation_entry,
}


def _lines(lines: tuple[Line, ...], money_currency: Currency) -> tuple[Line, ...]:
    """The lines, each made again by :func:`~commtrak.finance.line` (which checks it).

    Each keeps the job it names (checked by the invoice's own check).
    """
    checked = check_lines(lines, money_currency)
    return tuple(
        attrs.evolve(
            line(
                item.description,
                quantity=item.quantity,
                unit_price=item.unit_price,
                tax_rate=item.tax_rate,
                category=item.category,
            ),
            job_id=item.job_id,
        )
        for item in checked
    )


def _same(document: _Document, customer_id: uuid.UUID, money_currency: Currency) -> None:
    if document.customer_id != customer_id:
        raise ValidationError("customer_id", "same_customer", "the document is another customer's")
    if document.currency != money_currency:
        raise ValidationError(
            "currency", "same_currency", f"the document is in {document.currency}"
        )


def _none(entry: LedgerEntry, *, invoice: bool = False, source: bool = False) -> None:
    if (invoice and entry.invoice_id is not None) or (source and entry.source_id is not None):
        raise ValidationError("kind", "entry_shape", f"a {entry.kind} names one document only")


def _effect(field: str, effect: Money, expected: Money) -> None:
    if effect != expected:
        raise ValidationError(field, "entry_amount", f"{effect}, not {expected}")
