"""Concurrent writers on one group: the invariants hold, and only documented errors occur.

Several threads (and several processes) add their own customers to one group and
designate Head Offices, each step in its own session. Afterwards the group must have
exactly one Head Office, a member, flagged on exactly one row, and a member count that
matches its members; every call must have succeeded or failed with a documented
``commtrak`` error.

The test runs twice per database:

* with row locks (the default): the services lock the group's row before they read it
  (``SELECT ... FOR UPDATE``; SQLite's ``BEGIN IMMEDIATE`` serializes writers), so the
  only failures are designations of customers that are not members yet;
* without row locks (``SqlBackend(row_locks=False)``): two designations can then race,
  and only the database constraint keeps the group at one Head Office; the loser gets
  ``Conflict("head_office_id", "one_head_office")``.

**How to see that the constraint matters.** Run the unlocked variant with the Head
Office index dropped::

    COMMTRAK_DROP_HEAD_OFFICE_INDEX=1 COMMTRAK_TEST_URLS=postgresql+psycopg://... \\
        pytest tests/commtrak_sqlalchemy/test_concurrency.py -k "unlocked"

The test then drops ``commtrak_customers_head_office_uq`` (on MariaDB
``commtrak_customers_head_office_group_uq``) before the writers start, and fails on
PostgreSQL and MariaDB with two (or more) flagged Head Offices; it puts the index back
afterwards. (On SQLite it still passes: ``BEGIN IMMEDIATE`` serializes the writers.)
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial

import pytest
from _processes import outcomes_of_processes
from sqlalchemy import func, select

from commtrak import Actor, Address, CommtrakError, Conflict, Session, Store
from commtrak_sqlalchemy.backend import SqlBackend

WORKERS = 6
CUSTOMERS_EACH = 6
ACTOR = Actor.system()

#: What a call may fail with: designating a customer that is not a member (yet), and a
#: race lost against another writer, each a documented Conflict.
DOCUMENTED = {
    "Conflict:group_member",
    "Conflict:one_head_office",
    "Conflict:concurrent_update",
}


def _attempt(store: Store, step: Callable[[Session], object]) -> str:
    try:
        with store.session(actor=ACTOR) as session:
            step(session)
    except Conflict as error:
        return f"Conflict:{error.rule}"
    except CommtrakError as error:
        return f"{type(error).__name__}: {error}"
    except Exception as error:
        return f"UNDOCUMENTED {type(error).__module__}.{type(error).__name__}: {error}"
    return "ok"


def hammer(
    store: Store, group_id: uuid.UUID, own: list[uuid.UUID], everyone: list[uuid.UUID], seed: int
) -> list[str]:
    """Add each of *own* to the group, designating a random customer after each add."""
    rng = random.Random(seed)
    outcomes = []
    for customer_id in own:
        outcomes.append(_attempt(store, partial(_add, group_id, customer_id)))
        for head in (customer_id, rng.choice(everyone)):
            outcomes.append(_attempt(store, partial(_designate, group_id, head)))
    return outcomes


def _add(group_id: uuid.UUID, customer_id: uuid.UUID, session: Session) -> object:
    return session.groups.add_member(group_id, customer_id)


def _designate(group_id: uuid.UUID, customer_id: uuid.UUID, session: Session) -> object:
    return session.groups.set_head_office(group_id, customer_id)


def _in_threads(
    store: Store, group_id: uuid.UUID, shares: list[list[uuid.UUID]], everyone: list[uuid.UUID]
) -> list[str]:
    results: list[list[str]] = [[] for _ in shares]
    start = threading.Barrier(len(shares))

    def work(n: int) -> None:
        start.wait()
        results[n] = hammer(store, group_id, shares[n], everyone, seed=n)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(shares))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [outcome for result in results for outcome in result]


def _in_processes(
    url: str,
    row_locks: bool,
    group_id: uuid.UUID,
    shares: list[list[uuid.UUID]],
    everyone: list[uuid.UUID],
) -> list[str]:
    def argument(own: list[uuid.UUID], seed: int) -> str:
        return json.dumps(
            {
                "url": url,
                "row_locks": row_locks,
                "group": str(group_id),
                "own": [str(c) for c in own],
                "everyone": [str(c) for c in everyone],
                "seed": seed,
            }
        )

    return outcomes_of_processes(__file__, [argument(own, seed) for seed, own in enumerate(shares)])


@pytest.fixture
def concurrent_store(
    shared_url: str,
    row_locks: bool,
    index_dropped: Callable[..., contextlib.AbstractContextManager[None]],
) -> Iterator[Store]:
    """An empty store on *shared_url*, with or without row locks.

    Without row locks and with ``COMMTRAK_DROP_HEAD_OFFICE_INDEX`` set, the Head Office
    index is dropped for the test, which then shows what the index prevents.
    """
    backend = SqlBackend(shared_url, row_locks=row_locks)
    store = Store(backend)
    mysql = backend.engine.dialect.name in ("mysql", "mariadb")
    name = backend.tables.constraint(
        "customers", "head_office_group_uq" if mysql else "head_office_uq"
    )
    demonstrate = not row_locks and bool(os.environ.get("COMMTRAK_DROP_HEAD_OFFICE_INDEX"))
    try:
        backend.erase_all_data()
        with index_dropped(backend, backend.tables.customers, name, when=demonstrate):
            yield store
    finally:
        store.close()


@pytest.mark.parametrize("mode", ["threads", "processes"])
def test_concurrent_members_and_head_offices_keep_the_invariants(
    concurrent_store: Store, shared_url: str, row_locks: bool, mode: str
) -> None:
    store = concurrent_store
    with store.session(actor=ACTOR) as s:
        group = s.groups.create("Real Peach Real Estate")
        everyone = [
            s.customers.add(
                name=f"Branch {n:02}", address=Address(line1=f"{n} St", postcode="6000")
            ).id
            for n in range(WORKERS * CUSTOMERS_EACH)
        ]
    shares = [everyone[n::WORKERS] for n in range(WORKERS)]
    if mode == "threads":
        outcomes = _in_threads(store, group.id, shares, everyone)
    else:
        outcomes = _in_processes(shared_url, row_locks, group.id, shares, everyone)

    counted = Counter(outcomes)
    assert set(counted) - {"ok"} <= DOCUMENTED, counted
    if row_locks:
        assert set(counted) - {"ok"} <= {"Conflict:group_member"}, counted
    _assert_invariants(store, group.id, everyone)


def _assert_invariants(store: Store, group_id: uuid.UUID, everyone: list[uuid.UUID]) -> None:
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    customers = backend.tables.customers
    with backend.engine.connect() as connection:
        flagged = connection.execute(
            select(func.count()).where(customers.c.group_id == group_id, customers.c.is_head_office)
        ).scalar_one()
    with store.session(actor=ACTOR) as s:
        group = s.groups.get(group_id)
        members = s.groups.members(group_id)
        ids = {member.customer.id for member in members}
        assert ids, "no customer joined the group"
        assert flagged == 1, f"{flagged} Head Offices flagged"
        assert [m.customer.id for m in members if m.is_head_office] == [group.head_office_id]
        assert group.head_office_id in ids
        assert {c for c in everyone if s.customers.get(c).group_id == group_id} == ids
        assert s.groups.search("real peach")[0].member_count == len(ids)


def _main(argument: str) -> None:
    """Run :func:`hammer` in this process and print its outcomes as JSON."""
    job = json.loads(argument)
    store = Store(SqlBackend(job["url"], row_locks=job["row_locks"]))
    try:
        outcomes = hammer(
            store,
            uuid.UUID(job["group"]),
            [uuid.UUID(c) for c in job["own"]],
            [uuid.UUID(c) for c in job["everyone"]],
            job["seed"],
        )
    finally:
        store.close()
    print(json.dumps(outcomes))


if __name__ == "__main__":
    _main(sys.argv[1])
