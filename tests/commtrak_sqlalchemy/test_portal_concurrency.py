"""Concurrent portal grants for one email: the database lets exactly one win.

Several threads, each in its own session, grant portal access at the same instant to
different contacts that share one email address (in different letter cases). The
service checks the email first, but every thread passes that check before any commits:
only the unique index on ``portal_accounts.active_email`` can refuse the others. Each
round must end with exactly one account and every other grant refused with
``Conflict("email", "unique_portal_email")``.

It runs with row locks (the default) and without: granting locks the contact's own row,
not the other contacts', so the outcome is the index's work either way.

**How to see that the index matters.** Run it with the index dropped::

    COMMTRAK_DROP_PORTAL_EMAIL_INDEX=1 COMMTRAK_TEST_URLS=postgresql+psycopg://... \\
        pytest tests/commtrak_sqlalchemy/test_portal_concurrency.py

The test then drops ``commtrak_portal_accounts_email_uq`` before the grants and puts it
back afterwards; on PostgreSQL and MariaDB several grants then succeed and it fails.
(On SQLite it still passes: ``BEGIN IMMEDIATE`` serializes the writers, so the
service's own check sees the first account.)
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select

from commtrak import Actor, Address, CommtrakError, Conflict, Store
from commtrak.testing.conformance._base import open_test_store
from commtrak_sqlalchemy.backend import SqlBackend

ACTOR = Actor.system()
#: Contacts racing in one round.
RACERS = 4
#: Rounds per run: a race that goes the wrong way once in a while is still caught.
ROUNDS = 5


@pytest.fixture(params=[True, False], ids=["locked", "unlocked"])
def portal_store(
    request: pytest.FixtureRequest,
    shared_url: str,
    index_dropped: Callable[..., contextlib.AbstractContextManager[None]],
) -> Iterator[Store]:
    """An empty store on *shared_url*, with or without row locks, checking no real DNS."""
    separator = "&" if "?" in shared_url else "?"
    url = f"{shared_url}{separator}commtrak_row_locks={1 if request.param else 0}"
    with open_test_store(url) as store:
        backend = store.backend
        assert isinstance(backend, SqlBackend)
        accounts = backend.tables.portal.accounts
        name = backend.tables.constraint("portal_accounts", "email_uq")
        demonstrate = bool(os.environ.get("COMMTRAK_DROP_PORTAL_EMAIL_INDEX"))
        with index_dropped(backend, accounts, name, when=demonstrate):
            yield store


def _race(store: Store, contact_ids: list[uuid.UUID]) -> list[str]:
    start = threading.Barrier(len(contact_ids))
    outcomes: list[str] = []

    def grant(contact_id: uuid.UUID) -> None:
        try:
            start.wait(timeout=30)
            with store.session(actor=ACTOR) as s:
                s.portal.grant(contact_id)
        except Conflict as conflict:
            outcomes.append(f"{conflict.field}/{conflict.rule}")
        except CommtrakError as error:
            outcomes.append(f"{type(error).__name__}: {error}")
        except Exception as error:  # anything else is a bug the test must show
            outcomes.append(f"UNDOCUMENTED {type(error).__name__}: {error}")
        else:
            outcomes.append("granted")

    threads = [threading.Thread(target=grant, args=(c,)) for c in contact_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_grants_racing_for_one_email_let_exactly_one_win(portal_store: Store) -> None:
    store = portal_store
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    for round_ in range(ROUNDS):
        email = f"race{round_}@example.com"
        with store.session(actor=ACTOR) as s:
            contact_ids = []
            for n in range(RACERS):
                customer = s.customers.add(
                    name=f"Racer {round_}.{n}", address=Address(line1=f"{n} St", postcode="6000")
                )
                spelled = email.upper() if n % 2 else email
                contact_ids.append(s.contacts.add(customer.id, name="Fran", email=spelled).id)
        outcomes = _race(store, contact_ids)
        assert sorted(outcomes) == ["email/unique_portal_email"] * (RACERS - 1) + ["granted"], (
            outcomes
        )
        accounts = backend.tables.portal.accounts
        with backend.engine.connect() as connection:
            stored = connection.execute(
                select(func.count())
                .select_from(accounts)
                .where(accounts.c.contact_id.in_(contact_ids))
            ).scalar_one()
        assert stored == 1
