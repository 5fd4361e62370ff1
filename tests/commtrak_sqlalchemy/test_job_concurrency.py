"""Two workers finalising consolidated invoices over the same job at once: one wins.

Each round has one shared job and two drafts that both bill it (each with a job of its
own too); two workers (threads, or processes with their own connections, through the
runners of ``test_finance_concurrency``) finalise their drafts at the same time, some
in sessions the host then rolls back and retries. Exactly one draft per round becomes
final; the other is refused by a documented rule and stays a draft with no number, its
own job still open. The services lock the jobs' rows before taking a number, so the
loser waits and then finds the shared job closed (``job_closed``); without the locks,
the claim table's primary key refuses the second claim (``already_invoiced``).

**How to see that the claim's key matters.** Make the services skip their check
(``_open_jobs`` in ``commtrak/finance/services/invoices.py`` ignoring a closed job) and
``FinanceRepository._locked`` return its statement unchanged: the test still passes,
the loser now refused by the primary key (``already_invoiced``). Drop that key as well
(in ``finance/tables.py`` and migration ``0008``) and it fails on PostgreSQL: both
drafts of every round become final, the shared job on two final invoices.
"""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
from test_finance_concurrency import ACTOR, DAY, GBP, _customer, _run, finance_store

from commtrak import Store, finance
from commtrak.finance import InvoiceState, Money, line

__all__ = ["finance_store"]

ROUNDS = 4

#: What a finalisation may end with: it won, it found the job closed (the lock ordered
#: it after the winner), the claim's key refused it, or it lost a deadlock.
DOCUMENTED = {
    "ok",
    "Conflict:job_closed",
    "Conflict:already_invoiced",
    "Conflict:concurrent_update",
}


def _rounds(store: Store, customer_id: uuid.UUID) -> list[tuple[uuid.UUID, uuid.UUID, uuid.UUID]]:
    """Each round's shared job and its two drafts."""
    made = []
    price = Money.of("10.00", GBP)
    with store.session(actor=ACTOR) as s:
        books = finance.of(s)
        for n in range(ROUNDS):
            shared, *own = (
                books.jobs.open(
                    customer_id,
                    reference=f"J-{n}-{k}",
                    description="Job",
                    lines=[line("Work", quantity=1, unit_price=price)],
                ).id
                for k in range(3)
            )
            first, second = (
                books.invoices.draft_consolidated(
                    customer_id,
                    [shared, mine],
                    currency=GBP,
                    description="Jobs",
                    issued_on=DAY,
                    due_on=DAY,
                ).id
                for mine in own
            )
            made.append((shared, first, second))
    return made


@pytest.mark.parametrize("mode", ["threads", "processes"])
def test_one_of_two_racing_finalisations_wins_each_job(
    finance_store: Store, shared_url: str, row_locks: bool, mode: str
) -> None:
    customer_id = _customer(finance_store)
    rounds = _rounds(finance_store, customer_id)
    jobs: list[dict[str, object]] = [
        {"kind": "finalise", "seed": w, "drafts": [str(r[1 + w]) for r in rounds]} for w in range(2)
    ]
    outcomes = Counter(_run(finance_store, shared_url, row_locks, mode, jobs))
    assert set(outcomes) <= DOCUMENTED, outcomes
    assert outcomes["ok"] == ROUNDS, outcomes
    with finance_store.session(actor=ACTOR) as s:
        books = finance.of(s)
        for shared, *drafts in rounds:
            invoices = [books.invoices.get(d) for d in drafts]
            [winner] = [i for i in invoices if i.state is InvoiceState.FINAL]
            [loser] = [i for i in invoices if i.state is InvoiceState.DRAFT]
            assert books.jobs.invoice_of(shared) == winner.id
            assert loser.number is None
            own = loser.job_ids[1]
            assert books.jobs.get(own).state.value == "open"
            assert books.jobs.invoice_of(own) is None
        numbers = [i.number for i in books.invoices.for_customer(customer_id) if i.number]
        assert sorted(numbers) == list(range(1, ROUNDS + 1))
