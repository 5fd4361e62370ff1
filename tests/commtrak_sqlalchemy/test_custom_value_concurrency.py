"""A custom value set while its customer is being merged is merged with it, not lost."""

from __future__ import annotations

import threading
import time

import pytest

from commtrak import Actor, Address, CommtrakError, Store

ACTOR = Actor.system()


@pytest.fixture
def store(shared_store: Store) -> Store:
    """A store several connections share (see ``conftest.shared_store``)."""
    return shared_store


def test_a_value_set_during_a_customer_merge_moves_to_the_survivor(store: Store) -> None:
    """One thread sets a value on the customer being merged and holds its transaction open.

    Setting the value locks the customer's row (``SELECT ... FOR UPDATE`` on PostgreSQL
    and MariaDB; SQLite's write lock), so the merge, which locks both customers, waits
    for it to commit and then finds the value to give the survivor. Without the lock the
    merge reads the customers' values before the value is committed, and the value stays
    behind on the merged customer, where no one reads it any more.
    """
    with store.session(actor=ACTOR) as s:
        survivor = s.customers.add(name="Survivor", address=Address(line1="1 St", postcode="1"))
        merged = s.customers.add(name="Merged", address=Address(line1="2 St", postcode="2"))
        colour = s.custom_fields.define("Colour", "text", owner="customer")
    value_set = threading.Event()
    errors: list[BaseException] = []

    def set_value() -> None:
        try:
            with store.session(actor=ACTOR) as s:
                s.custom_fields.set_value(merged.id, colour.id, "peach")
                value_set.set()
                time.sleep(0.5)  # the merge starts now, and must wait for this commit
        except CommtrakError as error:
            errors.append(error)
        finally:
            value_set.set()

    def merge() -> None:
        value_set.wait(timeout=30)
        try:
            with store.session(actor=ACTOR) as s:
                s.customers.merge(survivor.id, merged.id)
        except CommtrakError as error:
            errors.append(error)

    threads = [threading.Thread(target=set_value), threading.Thread(target=merge)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    with store.session(actor=ACTOR) as s:
        assert s.custom_fields.values(survivor.id) == {"Colour": "peach"}
