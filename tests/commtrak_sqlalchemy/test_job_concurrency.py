"""Two processes finalising consolidated invoices over the same job at once: one wins.

Each round has one shared job and two drafts that both bill it (each with a job of its
own too); two workers (threads, or processes with their own connections) finalise
their round's draft at the same moment. Exactly one invoice per round becomes final;
the other is refused by a documented rule and stays a draft with no number, its own
job still open. The services lock the jobs' rows before taking a number, so the loser
waits and then finds the shared job closed (``job_closed``); without the locks, the
claim table's primary key refuses the second claim (``already_invoiced``).

**How to see that the claim's key matters.** Make the services skip their check
(``_open_jobs`` in ``commtrak/finance/services/invoices.py`` ignoring a closed job) and
``FinanceRepository._locked`` return its statement unchanged: the test still passes,
the loser now refused by the primary key (``already_invoiced``). Drop that key as well
and it fails on PostgreSQL and MariaDB, with the shared job on two final invoices.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterator

import pytest
from test_finance_concurrency import ACTOR, DAY, GBP, _attempt, _customer, _finalise

from commtrak import Store, finance
from commtrak.finance import InvoiceState, Money, line
from commtrak_sqlalchemy.backend import SqlBackend

ROUNDS = 5

#: What a finalisation may end with: it won, it found the job closed (the lock
#: ordered it after the winner), the claim's key refused it, or it lost a deadlock.
DOCUMENTED = {
    "ok",
    "Conflict:job_closed",
    "Conflict:already_invoiced",
    "Conflict:concurrent_update",
}


def work(store: Store, drafts: list[str], start: threading.Barrier | None = None) -> list[str]:
    """Finalise each of *drafts* in a session of its own; return the outcomes."""
    outcomes = []
    for draft in drafts:
        if start is not None:
            start.wait()
        outcomes.append(_attempt(store, _finalise(uuid.UUID(draft), give_up=False)))
    return outcomes


@pytest.fixture
def job_store(shared_url: str) -> Iterator[Store]:
    store = Store(SqlBackend(shared_url))
    try:
        store.backend.erase_all_data()
        yield store
    finally:
        store.close()


def _rounds(store: Store, customer_id: uuid.UUID) -> list[tuple[uuid.UUID, uuid.UUID, uuid.UUID]]:
    """Each round's shared job and its two drafts."""
    made = []
    with store.session(actor=ACTOR) as s:
        books = finance.of(s)

        def job(reference: str) -> uuid.UUID:
            price = Money.of("10.00", GBP)
            lines = [line("Work", quantity=1, unit_price=price)]
            return books.jobs.open(
                customer_id, reference=reference, description="Job", lines=lines
            ).id

        for n in range(ROUNDS):
            shared = job(f"S-{n}")
            drafts = [
                books.invoices.draft_consolidated(
                    customer_id,
                    [shared, job(f"O-{n}-{w}")],
                    currency=GBP,
                    description="Jobs",
                    issued_on=DAY,
                    due_on=DAY,
                ).id
                for w in range(2)
            ]
            made.append((shared, drafts[0], drafts[1]))
    return made


@pytest.mark.parametrize("mode", ["threads", "processes"])
def test_one_of_two_racing_finalisations_wins_each_job(
    job_store: Store, shared_url: str, mode: str
) -> None:
    customer_id = _customer(job_store)
    rounds = _rounds(job_store, customer_id)
    shares = [[str(r[1 + w]) for r in rounds] for w in range(2)]
    if mode == "threads":
        start = threading.Barrier(2)
        results: list[list[str]] = [[], []]

        def run(w: int) -> None:
            results[w] = work(job_store, shares[w], start)

        threads = [threading.Thread(target=run, args=(w,)) for w in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        processes = [
            subprocess.Popen(
                [sys.executable, __file__, json.dumps({"url": shared_url, "drafts": share})],
                stdout=subprocess.PIPE,
                text=True,
            )
            for share in shares
        ]
        results = []
        for process in processes:
            out, _ = process.communicate(timeout=300)
            assert process.returncode == 0, out
            results.append(json.loads(out))
    outcomes = Counter(outcome for result in results for outcome in result)
    assert set(outcomes) <= DOCUMENTED, outcomes
    with job_store.session(actor=ACTOR) as s:
        books = finance.of(s)
        for (shared, *drafts), pair in zip(rounds, zip(*results, strict=True), strict=True):
            invoices = [books.invoices.get(d) for d in drafts]
            final = [i for i in invoices if i.state is InvoiceState.FINAL]
            assert len(final) == 1, (pair, invoices)
            assert pair.count("ok") == 1, pair
            assert books.jobs.invoice_of(shared) == final[0].id
            [loser] = [i for i in invoices if i.state is InvoiceState.DRAFT]
            assert loser.number is None
            own = loser.job_ids[1]
            assert books.jobs.get(own).state.value == "open"
            assert books.jobs.invoice_of(own) is None
        numbers = sorted(i.number or 0 for i in books.invoices.for_customer(customer_id))
        assert [n for n in numbers if n] == list(range(1, ROUNDS + 1))


def _main(argument: str) -> None:
    """Run :func:`work` in this process and print its outcomes as JSON."""
    job = json.loads(argument)
    store = Store(SqlBackend(job["url"]))
    try:
        outcomes = work(store, job["drafts"])
    finally:
        store.close()
    print(json.dumps(outcomes))


if __name__ == "__main__":
    _main(sys.argv[1])
