"""Concurrent merges of one group's duplicates serialize; the second sees the first's result."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from commtrak import Actor, Address, CommtrakError, Store

ACTOR = Actor.system()


@pytest.fixture
def store(shared_store: Store) -> Store:
    """A store several connections share (see ``conftest.shared_store``)."""
    return shared_store


def test_two_merges_at_once_archive_each_duplicate_once(store: Store, tmp_path: Path) -> None:
    """Both threads merge the whole group from the Head Office at the same moment.

    The merge takes the group's row lock (``SELECT ... FOR UPDATE`` on PostgreSQL and
    MariaDB; SQLite's write lock at ``BEGIN IMMEDIATE``), so the second merge waits,
    then finds the sets already merged and merges nothing. Without the lock both
    archive the same duplicates and write two journal entries per set: run this test
    with ``COMMTRAK_TEST_URLS="postgresql+psycopg://.../db?commtrak_row_locks=0"`` to see
    it fail with ``[30, 30]``.
    """
    with store.session(actor=ACTOR) as s:
        group = s.groups.create("Real Peach")
        members = []
        for n in range(4):
            customer = s.customers.add(
                name=f"Member {n}", address=Address(line1=f"{n} Peach St", postcode="6000")
            )
            s.groups.add_member(group.id, customer.id)
            members.append(customer)
        for n in range(30):
            for member in (members[1 + n % 3], members[1 + (n + 1) % 3]):
                s.contacts.add(member.id, name=f"Dup {n}", email=f"dup{n}@example.com")
    head_office = members[0].id
    barrier = threading.Barrier(2)
    merged: list[int] = []
    errors: list[BaseException] = []

    def merge() -> None:
        barrier.wait()
        try:
            with store.session(actor=ACTOR) as s:
                merged.append(len(s.duplicates.merge(head_office)))
        except CommtrakError as error:  # a documented error only (concurrent_update)
            errors.append(error)

    threads = [threading.Thread(target=merge) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert all(getattr(e, "rule", None) == "concurrent_update" for e in errors), errors
    assert sorted(merged) in ([0, 30], [30])
    with store.session(actor=ACTOR) as s:
        journal = s.duplicates.journal_for_group(group.id)
        assert len(journal) == 30
        archived = [a for entry in journal for a in entry.archived_ids]
        assert len(archived) == len(set(archived)) == 30
        assert s.duplicates.find(head_office) == []
