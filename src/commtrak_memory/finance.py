"""The memory backend's finance storage: the reference implementation of the finance ports.

The tables live beside the core's in the store's data and write to the same undo log,
so a finance write rolls back with the session. Sessions on a memory store take turns
(the store's lock), which is what makes a number sequence gapless and an allocation
safe here; balances are summed from the ledger on every read.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from typing import Any, TypeVar

import attrs

from commtrak.errors import Conflict, NotFound
from commtrak.finance.model import (
    CreditNote,
    FinanceJournalEntry,
    Invoice,
    Job,
    JobClaim,
    JobState,
    LedgerEntry,
    Receipt,
    SequenceCounter,
    StoredCard,
)
from commtrak.finance.money import Money
from commtrak_memory._table import CustomerRows, Table
from commtrak_memory.finance_reports import MemoryFinanceReports

__all__ = ["FinanceTables", "MemoryFinance"]

Undo = list[Callable[[], None]]
Row = TypeVar("Row")


class FinanceTables:
    """The finance tables of one memory store."""

    def __init__(self) -> None:
        by_customer: dict[str, Callable[[Any], Hashable | None]] = {
            "customer": lambda row: row.customer_id
        }
        self.invoices: Table[Invoice] = Table(dict(by_customer))
        self.credit_notes: Table[CreditNote] = Table(dict(by_customer))
        self.receipts: Table[Receipt] = Table(dict(by_customer))
        self.journal: Table[FinanceJournalEntry] = Table(dict(by_customer))
        self.ledger: Table[LedgerEntry] = Table(
            {
                "customer": lambda row: row.customer_id,
                "invoice": lambda row: row.invoice_id,
                "source": lambda row: row.source_id,
                "reverses": lambda row: row.reverses,
            }
        )
        self.sequences: Table[int] = Table({})
        self.jobs: Table[Job] = Table(
            {"customer": lambda row: row.customer_id, "reference": lambda row: row.reference}
        )
        #: Job id -> (job id, the id of the final invoice it is on).
        self.job_claims: Table[tuple[uuid.UUID, uuid.UUID]] = Table({"invoice": lambda row: row[1]})
        self.cards: Table[StoredCard] = Table(
            {"customer": lambda row: row.customer_id, "token": lambda row: row.token}
        )

    def clear(self) -> None:
        """Forget every row."""
        for table in (
            self.invoices,
            self.credit_notes,
            self.receipts,
            self.journal,
            self.ledger,
            self.sequences,
            self.jobs,
            self.job_claims,
            self.cards,
        ):
            table.clear()


def _get(table: Table[Row], row_id: uuid.UUID, entity: str) -> Row:
    row = table.get(row_id)
    if row is None:
        raise NotFound(entity, row_id)
    return row


def _scan(table: Table[Row], after: uuid.UUID | None, limit: int) -> list[Row]:
    """The first *limit* rows whose id text sorts after *after*'s, by id text."""
    found = (row for row in table if after is None or str(row.id) > str(after))  # type: ignore[attr-defined]
    return sorted(found, key=lambda row: str(row.id))[:limit]  # type: ignore[attr-defined]


def _dated(rows: Iterable[Any], date: Callable[[Any], object]) -> list[Any]:
    return sorted(rows, key=lambda row: (date(row), str(row.id)))


class _Documents(CustomerRows[Any]):
    """Invoices, credit notes or receipts: rows by id, listed by customer and date."""

    def __init__(
        self, table: Table[Any], undo: Undo, entity: str, date: Callable[[Any], object]
    ) -> None:
        self._table = table
        self._undo = undo
        self._entity = entity
        self._date = date

    def add(self, row: Any) -> None:
        if row.id in self._table:
            raise Conflict("id", "unique_id", f"the id {row.id} is taken")
        self._table.put(row.id, row, self._undo)

    def get(self, row_id: uuid.UUID, *, for_update: bool = False) -> Any:
        return _get(self._table, row_id, self._entity)

    def update(self, row: Any) -> None:
        _get(self._table, row.id, self._entity)
        self._table.put(row.id, row, self._undo)

    def for_customer(self, customer_id: uuid.UUID) -> list[Any]:
        return _dated(self._table.lookup("customer", customer_id), self._date)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Any]:
        return _scan(self._table, after, limit)


class _Ledger(CustomerRows[LedgerEntry]):
    def __init__(self, table: Table[LedgerEntry], undo: Undo) -> None:
        self._table = table
        self._undo = undo

    def add(self, entries: Sequence[LedgerEntry]) -> None:
        for entry in entries:
            if entry.reverses is not None and self._table.count("reverses", entry.reverses):
                raise Conflict("entry_id", "already_reversed", "the entry was reversed already")
            self._table.put(entry.id, entry, self._undo)

    def get(self, entry_id: uuid.UUID) -> LedgerEntry:
        return _get(self._table, entry_id, "ledger_entry")

    def reversal_of(self, entry_id: uuid.UUID) -> LedgerEntry | None:
        found = self._table.lookup("reverses", entry_id)
        return found[0] if found else None

    def _oldest(self, index: str, key: uuid.UUID) -> list[LedgerEntry]:
        return _dated(self._table.lookup(index, key), lambda entry: entry.recorded_at)

    def for_customer(self, customer_id: uuid.UUID) -> list[LedgerEntry]:
        return self._oldest("customer", customer_id)

    def for_invoice(self, invoice_id: uuid.UUID) -> list[LedgerEntry]:
        return self._oldest("invoice", invoice_id)

    def for_source(self, source_id: uuid.UUID) -> list[LedgerEntry]:
        return self._oldest("source", source_id)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[LedgerEntry]:
        return _scan(self._table, after, limit)

    def invoice_balances(self, customer_id: uuid.UUID) -> dict[uuid.UUID, Money]:
        entries = self._table.lookup("customer", customer_id)
        return _sums(entries, lambda e: e.invoice_id, lambda e: e.invoice_effect)

    def invoice_balance(self, invoice_id: uuid.UUID) -> Money | None:
        entries = self._table.lookup("invoice", invoice_id)
        return _sums(entries, lambda e: e.invoice_id, lambda e: e.invoice_effect).get(invoice_id)

    def source_balances(self, customer_id: uuid.UUID) -> dict[uuid.UUID, Money]:
        entries = self._table.lookup("customer", customer_id)
        return _sums(entries, lambda e: e.source_id, lambda e: e.source_effect)

    def source_balance(self, source_id: uuid.UUID) -> Money | None:
        entries = self._table.lookup("source", source_id)
        return _sums(entries, lambda e: e.source_id, lambda e: e.source_effect).get(source_id)

    def customer_balances(self, customer_id: uuid.UUID) -> dict[str, Money]:
        entries = self._table.lookup("customer", customer_id)
        return _sums(entries, lambda e: e.currency.code, lambda e: e.customer_effect)

    def totals(self) -> dict[str, Money]:
        return _sums(self._table, lambda e: e.currency.code, lambda e: e.customer_effect)


K = TypeVar("K", bound=Hashable)


def _sums(
    entries: Iterable[LedgerEntry],
    key: Callable[[LedgerEntry], K | None],
    effect: Callable[[LedgerEntry], Money],
) -> dict[K, Money]:
    """Sum *effect* of the entries by *key*, leaving out entries whose key is ``None``."""
    sums: dict[K, Money] = {}
    for entry in entries:
        group = key(entry)
        if group is not None:
            sums[group] = sums[group] + effect(entry) if group in sums else effect(entry)
    return sums


class _Sequences:
    def __init__(self, table: Table[int], undo: Undo) -> None:
        self._table = table
        self._undo = undo

    def next_number(self, name: str) -> int:
        number = (self._table.get(name) or 0) + 1
        self._table.put(name, number, self._undo)
        return number

    def scan(self, after: str | None, limit: int) -> list[SequenceCounter]:
        names = sorted(name for name in self._names() if after is None or name > after)
        return [SequenceCounter(name, self._table.get(name) or 0) for name in names[:limit]]

    def _names(self) -> list[str]:
        return [name for name in self._table.ids() if isinstance(name, str)]

    def restore(self, counter: SequenceCounter) -> None:
        self._table.put(counter.name, counter.last_number, self._undo)


class _Journal(CustomerRows[FinanceJournalEntry]):
    def __init__(self, table: Table[FinanceJournalEntry], undo: Undo) -> None:
        self._table = table
        self._undo = undo

    def add(self, entry: FinanceJournalEntry) -> None:
        self._table.put(entry.id, entry, self._undo)

    def for_customer(self, customer_id: uuid.UUID) -> list[FinanceJournalEntry]:
        return _dated(self._table.lookup("customer", customer_id), lambda entry: entry.at)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[FinanceJournalEntry]:
        return _scan(self._table, after, limit)


class _Jobs(CustomerRows[Job]):
    def __init__(
        self, table: Table[Job], claims: Table[tuple[uuid.UUID, uuid.UUID]], undo: Undo
    ) -> None:
        self._table = table
        self._claims = claims
        self._undo = undo

    def add(self, job: Job) -> None:
        if self._table.count("reference", job.reference):
            raise Conflict("reference", "unique_job_reference", "another job has that reference")
        self._table.put(job.id, job, self._undo)

    def get(self, job_id: uuid.UUID, *, for_update: bool = False) -> Job:
        return _get(self._table, job_id, "job")

    def for_customer(self, customer_id: uuid.UUID) -> list[Job]:
        jobs = self._table.lookup("customer", customer_id)
        return sorted(jobs, key=lambda job: (job.reference, str(job.id)))

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Job]:
        return _scan(self._table, after, limit)

    def scan_claims(self, after: uuid.UUID | None, limit: int) -> list[JobClaim]:
        found = sorted(
            (
                JobClaim(*claim)
                for claim in self._claims
                if after is None or str(claim[0]) > str(after)
            ),
            key=lambda claim: str(claim.job_id),
        )
        return found[:limit]

    def set_state(self, job_ids: Collection[uuid.UUID], state: JobState) -> None:
        for job_id in job_ids:
            job = _get(self._table, job_id, "job")
            self._table.put(job_id, attrs.evolve(job, state=state), self._undo)

    def claim(self, job_ids: Sequence[uuid.UUID], invoice_id: uuid.UUID) -> None:
        if any(job_id in self._claims for job_id in job_ids) or len(set(job_ids)) < len(job_ids):
            raise Conflict("job_ids", "already_invoiced", "a job is on a final invoice already")
        for job_id in job_ids:
            self._claims.put(job_id, (job_id, invoice_id), self._undo)

    def release(self, invoice_id: uuid.UUID) -> list[uuid.UUID]:
        released = sorted(
            (job_id for job_id, _ in self._claims.lookup("invoice", invoice_id)), key=str
        )
        for job_id in released:
            self._claims.remove(job_id, self._undo)
        return released

    def invoice_of(self, job_id: uuid.UUID) -> uuid.UUID | None:
        found = self._claims.get(job_id)
        return None if found is None else found[1]


class _Cards(CustomerRows[StoredCard]):
    def __init__(self, table: Table[StoredCard], undo: Undo) -> None:
        self._table = table
        self._undo = undo

    def add(self, card: StoredCard) -> None:
        if self._table.count("token", card.token):
            raise Conflict("token", "unique_token", "another card has that token")
        self._table.put(card.id, card, self._undo)

    def get(self, card_id: uuid.UUID, *, for_update: bool = False) -> StoredCard:
        return _get(self._table, card_id, "card")

    def update(self, card: StoredCard) -> None:
        _get(self._table, card.id, "card")
        self._table.put(card.id, card, self._undo)

    def for_customer(self, customer_id: uuid.UUID) -> list[StoredCard]:
        return _dated(self._table.lookup("customer", customer_id), lambda card: card.created_at)

    def scan(self, after: uuid.UUID | None, limit: int) -> list[StoredCard]:
        return _scan(self._table, after, limit)


class MemoryFinance:
    """The finance repositories of one memory transaction."""

    def __init__(self, tables: FinanceTables, undo: Undo) -> None:
        self.invoices = _Documents(tables.invoices, undo, "invoice", lambda r: r.issued_on)
        self.credit_notes = _Documents(
            tables.credit_notes, undo, "credit_note", lambda r: r.issued_on
        )
        self.receipts = _Documents(tables.receipts, undo, "receipt", lambda r: r.received_on)
        self.ledger = _Ledger(tables.ledger, undo)
        self.sequences = _Sequences(tables.sequences, undo)
        self.journal = _Journal(tables.journal, undo)
        self.jobs = _Jobs(tables.jobs, tables.job_claims, undo)
        self.cards = _Cards(tables.cards, undo)
        self.reports = MemoryFinanceReports(
            tables.ledger, tables.invoices, tables.receipts, tables.credit_notes
        )
