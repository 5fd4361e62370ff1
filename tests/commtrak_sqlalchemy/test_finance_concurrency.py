"""Concurrent finance writers: gapless distinct numbers, and never an over-allocation.

Several threads (and several processes, each with its own connections) at once:

* finalise drafts, some in sessions that then roll back: the final invoices must carry
  the numbers 1..n, each once, and a rolled-back finalisation leaves its draft a draft;
* allocate from one shared payment to a few invoices, and pay one shared invoice from
  their own payments: no payment is allocated beyond its amount, no invoice below zero,
  and every refusal is a documented rule.

Finance locks the payment's and the invoices' rows whatever the backend's
``row_locks`` option says (no constraint could keep a sum of allocations within a
payment), so both settings must hold the invariants.

**How to see that the lock matters.** Make ``FinanceRepository._locked``
(``commtrak_sqlalchemy/finance/_rows.py``) return its statement unchanged and run the
allocation test on PostgreSQL or MariaDB: it fails, with the shared payment allocated
beyond its amount (its unallocated amount below zero). On SQLite it still passes:
``BEGIN IMMEDIATE`` serializes the writers.
"""

from __future__ import annotations

import datetime
import json
import random
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from _processes import outcomes_of_processes

from commtrak import Actor, Address, CommtrakError, Conflict, Store, ValidationError, finance
from commtrak.finance import Money, currency, line
from commtrak_sqlalchemy.backend import SqlBackend

WORKERS = 4
STEPS = 6
ACTOR = Actor.system()
GBP = currency("GBP")
DAY = datetime.date(2026, 2, 1)

#: What a call may fail with: an allocation beyond a payment or an invoice, a race
#: lost on MariaDB's or PostgreSQL's deadlock detection, and the host's own rollback.
DOCUMENTED = {
    "ok",
    "rolled back",
    "ValidationError:exceeds_unallocated",
    "ValidationError:exceeds_balance",
    "Conflict:concurrent_update",
}


def _attempt(store: Store, step: Callable[[finance.Finance], object]) -> str:
    try:
        with store.session(actor=ACTOR) as s:
            step(finance.of(s))
    except (ValidationError, Conflict) as error:
        return f"{type(error).__name__}:{error.rule}"
    except RuntimeError:
        return "rolled back"
    except CommtrakError as error:
        return f"{type(error).__name__}: {error}"
    except Exception as error:
        return f"UNDOCUMENTED {type(error).__module__}.{type(error).__name__}: {error}"
    return "ok"


def _finalise(draft_id: uuid.UUID, give_up: bool) -> Callable[[finance.Finance], object]:
    def step(books: finance.Finance) -> None:
        books.invoices.finalise(draft_id)
        if give_up:
            raise RuntimeError("the host rolls the session back")

    return step


def _allocate(source: uuid.UUID, invoice: uuid.UUID) -> Callable[[finance.Finance], object]:
    def step(books: finance.Finance) -> None:
        books.receipts.allocate(source, {invoice: "30.00"})

    return step


def work(store: Store, job: dict[str, object]) -> list[str]:
    """Run one worker's share: finalise drafts, or allocate credits to invoices."""
    rng = random.Random(str(job["seed"]))
    outcomes = []
    if job["kind"] == "finalise":
        for n, draft in enumerate(job["drafts"]):  # type: ignore[attr-defined]
            outcome = _attempt(store, _finalise(uuid.UUID(draft), give_up=n % 3 == 1))
            if outcome == "rolled back":  # a rolled-back draft is finalised again later
                outcome = _attempt(store, _finalise(uuid.UUID(draft), give_up=False))
            outcomes.append(outcome)
    else:
        sources = [uuid.UUID(s) for s in job["sources"]]  # type: ignore[attr-defined]
        invoices = [uuid.UUID(i) for i in job["invoices"]]  # type: ignore[attr-defined]
        for _ in range(STEPS):
            outcomes.append(_attempt(store, _allocate(rng.choice(sources), rng.choice(invoices))))
    return outcomes


def _in_threads(store: Store, jobs: list[dict[str, object]]) -> list[str]:
    results: list[list[str]] = [[] for _ in jobs]
    start = threading.Barrier(len(jobs))

    def run(n: int) -> None:
        start.wait()
        results[n] = work(store, jobs[n])

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [outcome for result in results for outcome in result]


def _in_processes(url: str, row_locks: bool, jobs: list[dict[str, object]]) -> list[str]:
    return outcomes_of_processes(
        __file__, [json.dumps({**job, "url": url, "row_locks": row_locks}) for job in jobs]
    )


@pytest.fixture
def finance_store(shared_url: str, row_locks: bool) -> Iterator[Store]:
    store = Store(SqlBackend(shared_url, row_locks=row_locks))
    try:
        store.backend.erase_all_data()
        yield store
    finally:
        store.close()


def _run(
    store: Store, url: str, row_locks: bool, mode: str, jobs: list[dict[str, object]]
) -> list[str]:
    if mode == "threads":
        return _in_threads(store, jobs)
    return _in_processes(url, row_locks, jobs)


def _customer(store: Store) -> uuid.UUID:
    with store.session(actor=ACTOR) as s:
        return s.customers.add(name="Debtor", address=Address(line1="1 St", postcode="6000")).id


def _drafts(store: Store, customer_id: uuid.UUID, count: int, price: str) -> list[uuid.UUID]:
    with store.session(actor=ACTOR) as s:
        invoices = finance.of(s).invoices
        return [
            invoices.draft(
                customer_id,
                currency=GBP,
                description="Work",
                issued_on=DAY,
                due_on=DAY,
                lines=[line("Work", quantity=1, unit_price=Money.of(price, GBP))],
            ).id
            for _ in range(count)
        ]


@pytest.mark.parametrize("mode", ["threads", "processes"])
def test_concurrent_finalisations_get_distinct_gapless_numbers(
    finance_store: Store, shared_url: str, row_locks: bool, mode: str
) -> None:
    customer_id = _customer(finance_store)
    drafts = _drafts(finance_store, customer_id, WORKERS * STEPS, "1.00")
    jobs: list[dict[str, object]] = [
        {"kind": "finalise", "seed": n, "drafts": [str(d) for d in drafts[n::WORKERS]]}
        for n in range(WORKERS)
    ]
    outcomes = Counter(_run(finance_store, shared_url, row_locks, mode, jobs))
    assert set(outcomes) <= DOCUMENTED, outcomes
    with finance_store.session(actor=ACTOR) as s:
        numbers = [i.number for i in finance.of(s).invoices.for_customer(customer_id)]
    finalised = [n for n in numbers if n is not None]
    assert sorted(finalised) == list(range(1, len(finalised) + 1)), numbers
    assert len(finalised) == outcomes["ok"]


@pytest.mark.parametrize("mode", ["threads", "processes"])
def test_concurrent_allocations_never_over_allocate(
    finance_store: Store, shared_url: str, row_locks: bool, mode: str
) -> None:
    customer_id = _customer(finance_store)
    invoices = []
    for draft in _drafts(finance_store, customer_id, 3, "100.00"):
        with finance_store.session(actor=ACTOR) as s:
            invoices.append(finance.of(s).invoices.finalise(draft).id)
    with finance_store.session(actor=ACTOR) as s:
        receipts = finance.of(s).receipts
        shared = receipts.receive_payment(
            customer_id, amount=Money.of("100.00", GBP), method="cash", received_on=DAY
        ).id
        own = [
            receipts.receive_payment(
                customer_id, amount=Money.of("60.00", GBP), method="card", received_on=DAY
            ).id
            for _ in range(WORKERS)
        ]
    jobs: list[dict[str, object]] = [
        {
            "kind": "allocate",
            "seed": n,
            "sources": [str(shared), str(own[n])],
            "invoices": [str(i) for i in invoices],
        }
        for n in range(WORKERS)
    ]
    outcomes = Counter(_run(finance_store, shared_url, row_locks, mode, jobs))
    assert set(outcomes) <= DOCUMENTED, outcomes
    with finance_store.session(actor=ACTOR) as s:
        books = finance.of(s)
        for source in (shared, *own):
            assert Money.zero(GBP) <= books.receipts.unallocated(source)
        balances = [books.invoices.balance(i) for i in invoices]
        assert all(balance >= Money.zero(GBP) for balance in balances), balances
        allocated = Money.of("300.00", GBP) - Money.total(balances, GBP)
        assert allocated == Money.of("30.00", GBP).times(outcomes["ok"])
        assert books.ledger.totals() == {
            "GBP": Money.total(balances, GBP)
            - Money.total((books.receipts.unallocated(x) for x in (shared, *own)), GBP)
        }


def _main(argument: str) -> None:
    """Run :func:`work` in this process and print its outcomes as JSON."""
    job = json.loads(argument)
    store = Store(SqlBackend(job["url"], row_locks=job["row_locks"]))
    try:
        outcomes = work(store, job)
    finally:
        store.close()
    print(json.dumps(outcomes))


if __name__ == "__main__":
    _main(sys.argv[1])
