"""The export sections of finance, added to every export through an entry point.

:data:`SECTIONS` is named by the ``commtrak.export_sections`` entry point ``finance``
(see :mod:`commtrak.portability.sections`); each part of the context adds its records
here, parents before children, with the check an import applies to each
(:class:`~commtrak.finance.import_checks.FinanceImportChecks`: each record by the
services' rules, then the ledger's sums and the sequences once all are in).

Money is written as ``{"amount": "12.50", "currency": "GBP"}`` (exact decimal text
and the ISO 4217 code) and a currency as its code; reading one back refuses an amount
with more places than its currency has, or an unknown code. The number sequences are
exported too, so that the next number after an import follows the last one exported.
Jobs come first (an invoice's lines name them), their claims after the invoices; a
stored card is exported as it is stored, its vault's token and what may be shown of
it, which holds no card number (the record has no place for one, and reading one back
refuses a field that looks like one). A backend that stores no finance exports no finance records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from commtrak.finance.currencies import Currency, currency
from commtrak.finance.import_checks import FinanceImportChecks
from commtrak.finance.model import (
    CreditNote,
    FinanceJournalEntry,
    Invoice,
    Job,
    JobClaim,
    LedgerEntry,
    Receipt,
    SequenceCounter,
    StoredCard,
)
from commtrak.finance.money import Money
from commtrak.finance.ports.storage import FinanceTransaction, finance_storage
from commtrak.portability.codec import converter, with_secrets
from commtrak.portability.sections import Section, pages
from commtrak.ports import Transaction

__all__ = ["SECTIONS"]


def _money(value: object, _: object) -> Money:
    """Read exported money: exactly ``{"amount": text, "currency": code}``."""
    if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
        raise TypeError("money is an object of an amount and a currency")
    amount = value["amount"]
    if not isinstance(amount, str):
        raise TypeError(f"an amount is decimal text, not {type(amount).__name__}")
    return Money.of(amount, currency(value["currency"]))


for _converter in (converter, with_secrets):
    _converter.register_unstructure_hook(Currency, lambda value: value.code)
    _converter.register_structure_hook(Currency, lambda value, _: currency(value))
    _converter.register_unstructure_hook(
        Money, lambda value: {"amount": str(value.amount), "currency": value.currency.code}
    )
    _converter.register_structure_hook(Money, _money)


def _read(
    repository: str, key: Callable[[Any], Any] = lambda row: row.id, method: str = "scan"
) -> Any:
    """A section's reader: the finance *repository*'s *method*, page by page (none: nothing)."""

    def read(tx: Transaction) -> Iterator[Any]:
        if not isinstance(tx, FinanceTransaction):
            return iter(())
        return pages(getattr(getattr(tx.finance, repository), method), key)

    return read


def _write(repository: str, method: str = "add") -> Any:
    return lambda tx: getattr(getattr(finance_storage(tx), repository), method)


def _check(method: str) -> Any:
    return lambda session: getattr(session.service(FinanceImportChecks), method)


def _finish(session: Any) -> None:
    session.service(FinanceImportChecks).finish()


#: The context's sections, in the order an import writes them.
SECTIONS: tuple[Section, ...] = (
    Section("finance_jobs", Job, _read("jobs"), _write("jobs"), check=_check("job")),
    Section(
        "finance_invoices",
        Invoice,
        _read("invoices"),
        _write("invoices"),
        check=_check("invoice"),
        finish=_finish,
    ),
    Section(
        "finance_job_claims",
        JobClaim,
        _read("jobs", lambda claim: claim.job_id, "scan_claims"),
        lambda tx: lambda claim: finance_storage(tx).jobs.claim([claim.job_id], claim.invoice_id),
        check=_check("job_claim"),
    ),
    Section("finance_cards", StoredCard, _read("cards"), _write("cards"), check=_check("card")),
    Section(
        "finance_credit_notes",
        CreditNote,
        _read("credit_notes"),
        _write("credit_notes"),
        check=_check("credit_note"),
    ),
    Section(
        "finance_receipts",
        Receipt,
        _read("receipts"),
        _write("receipts"),
        check=_check("receipt"),
    ),
    Section(
        "finance_ledger",
        LedgerEntry,
        _read("ledger"),
        lambda tx: lambda entry: finance_storage(tx).ledger.add([entry]),
        check=_check("ledger_entry"),
    ),
    Section(
        "finance_journal",
        FinanceJournalEntry,
        _read("journal"),
        _write("journal"),
        check=_check("journal_entry"),
    ),
    Section(
        "finance_sequences",
        SequenceCounter,
        _read("sequences", lambda counter: counter.name),
        _write("sequences", "restore"),
        check=_check("sequence"),
    ),
)
