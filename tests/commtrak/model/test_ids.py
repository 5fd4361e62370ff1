"""Ids are version 7 UUIDs, each greater than the one made before it."""

from __future__ import annotations

import itertools
import os
import threading
import types
import uuid
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commtrak.model import ids, new_id


def test_ids_made_in_a_tight_loop_are_strictly_increasing_version_7_uuids() -> None:
    made = [new_id() for _ in range(20_000)]
    assert all(earlier < later for earlier, later in itertools.pairwise(made))
    # Backends order ids like their text: the text is in the same order.
    assert all(str(earlier) < str(later) for earlier, later in itertools.pairwise(made))
    assert {value.version for value in made} == {7}
    assert {value.variant for value in made} == {uuid.RFC_4122}


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The time ``new_id`` reads, in nanoseconds (set its one item), on a fresh sequence."""
    now = [1_767_225_600_123 * 1_000_000 + 999_999]  # 2026-01-01T00:00:00.123999999Z
    monkeypatch.setattr(ids, "time", types.SimpleNamespace(time_ns=lambda: now[0]))
    monkeypatch.setattr(ids, "_STATE", ids._Monotonic())
    return now


def test_an_id_starts_with_the_millisecond_it_was_made(clock: list[int]) -> None:
    made = new_id()
    assert made.int >> 80 == 1_767_225_600_123
    assert made.hex[12] == "7"


def test_ids_increase_while_the_clock_stands_still_or_goes_back(clock: list[int]) -> None:
    still = [new_id() for _ in range(100)]
    clock[0] -= 5_000_000_000  # five seconds back
    back = new_id()
    assert still == sorted(set(still))
    assert back > still[-1]
    assert {value.int >> 80 for value in [*still, back]} == {1_767_225_600_123}


def test_the_timestamp_moves_on_when_the_random_part_would_overflow(
    clock: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ids, "_fresh_random", lambda: (1 << ids._RANDOM_BITS) - 2)
    first, last, over = new_id(), new_id(), new_id()
    assert first < last < over
    assert [value.int >> 80 for value in (first, last, over)] == [
        1_767_225_600_123,
        1_767_225_600_123,
        1_767_225_600_124,
    ]
    assert over.version == 7


@settings(max_examples=10, deadline=None)
@given(threads=st.integers(2, 8), each=st.integers(1, 500))
def test_ids_made_by_several_threads_are_unique(threads: int, each: int) -> None:
    made: list[list[uuid.UUID]] = [[] for _ in range(threads)]
    start = threading.Barrier(threads)

    def make(mine: list[uuid.UUID]) -> None:
        start.wait()
        mine.extend(new_id() for _ in range(each))

    workers = [threading.Thread(target=make, args=(mine,)) for mine in made]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    every = [value for mine in made for value in mine]
    assert len(set(every)) == threads * each
    for mine in made:  # each thread's ids increase too
        assert mine == sorted(mine)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_process_does_not_repeat_its_parents_next_id(clock: list[int]) -> None:
    # With the clock standing still, a child continuing its parent's sequence would make
    # exactly the parent's next id.
    new_id()
    read, write = os.pipe()
    with warnings.catch_warnings():  # Python 3.12 warns of forking with threads alive
        warnings.simplefilter("ignore", DeprecationWarning)
        child = os.fork()
    if child == 0:  # pragma: no cover - the child process
        os.close(read)
        os.write(write, new_id().bytes)
        os._exit(0)
    os.close(write)
    theirs = uuid.UUID(bytes=os.read(read, 16))
    os.close(read)
    os.waitpid(child, 0)
    assert theirs != new_id()
