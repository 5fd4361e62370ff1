"""The base of every contract class: the store under test, a pinned clock, helpers."""

from __future__ import annotations

import contextlib
import datetime
import uuid
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from commtrak import (
    Actor,
    Address,
    Customer,
    CustomerGroup,
    EmailChecker,
    Session,
    Store,
    open_store,
)
from commtrak.security import Argon2Parameters, Keyring, PortalConfig
from commtrak.testing.dns import FakeResolver

#: The hypothesis settings of every property contract, as keyword arguments: no
#: deadline (a database round trip varies with the machine), a store fixture shared by
#: the examples, and one test class run on every store, each store's run another
#: executor. Keyword arguments rather than a settings object, so that each use builds
#: its settings when it runs and inherits the hypothesis profile loaded by then.
STORE_PROPERTY: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.differing_executors,
    ],
}

#: The time the contract tests' clock shows, unless a test moves it.
START = datetime.datetime(2026, 2, 1, 9, 30, tzinfo=datetime.UTC)

#: The cheapest argon2id parameters: the contract tests hash many passwords, and the
#: hashing itself is argon2-cffi's, tested there.
TEST_ARGON2 = Argon2Parameters(time_cost=1, memory_cost=8, parallelism=1)

#: The keys the contract tests' stores encrypt TOTP secrets with: one fixed key, so
#: that a secret sealed in one test store opens in another (export, transfer). Fixed
#: and public, so for tests only.
TEST_KEY = bytes(range(32))
#: The ring of the conformance stores: :data:`TEST_KEY` under the id ``test-1``.
TEST_KEYS = Keyring({"test-1": TEST_KEY}, current="test-1")

#: The portal configuration of the contract tests' stores.
TEST_PORTAL = PortalConfig(password_parameters=TEST_ARGON2, secret_keys=TEST_KEYS)


class PinnedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime.datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta: float) -> datetime.datetime:
        """Move the clock forward and return the new time."""
        self.now += datetime.timedelta(**delta)
        return self.now


class StoreContract:
    """Base class of the contracts.

    A backend runs a contract by subclassing it in a test module. Set ``store_url`` to
    the URL of an empty test store, or leave it ``None`` to run on every URL given with
    ``--commtrak-url`` / ``COMMTRAK_TEST_URLS``. The store is erased before each test.
    """

    store_url: str | None = None

    @pytest.fixture
    def clock(self) -> PinnedClock:
        """The store's clock, pinned at :data:`START`."""
        return PinnedClock()

    @pytest.fixture
    def store(self, commtrak_url: str, clock: PinnedClock) -> Iterator[Store]:
        """An empty store on the backend under test."""
        with open_test_store(commtrak_url, clock=clock) as store:
            yield store

    @pytest.fixture
    def actor(self) -> Actor:
        """A staff member with every permission."""
        return Actor.staff("staff-1", "Sam Supervisor", "supervisor")

    @pytest.fixture
    def session(self, store: Store, actor: Actor) -> Iterator[Session]:
        """An open session, committed after the test."""
        with store.session(actor=actor) as session:
            yield session

    @staticmethod
    def require(store: Store, capability: str) -> None:
        """Skip the test unless the backend declares *capability*."""
        if capability not in store.capabilities:
            pytest.skip(f"the backend lacks the {capability!r} capability")


@contextlib.contextmanager
def open_test_store(url: object, *, erase: bool = True, **options: Any) -> Iterator[Store]:
    """Open an empty store at *url* whose email checks use a :class:`FakeResolver`.

    *url* is what :func:`commtrak.open_store` takes: a URL, or an object a plugin opens
    (an SQLAlchemy ``Engine``).

    Every option of :func:`commtrak.open_store` may be given; the store is erased first
    (unless *erase* is false: then it is a second store on the data already there) and
    closed after. The portal is configured as :data:`TEST_PORTAL` says (cheap
    password hashes, TOTP secrets sealed with :data:`TEST_KEYS`) unless the ``portal``
    option says otherwise.
    """
    options.setdefault("email_checker", EmailChecker("lenient", FakeResolver()))
    options.setdefault("portal", TEST_PORTAL)
    store = open_store(url, **options)
    try:
        if erase:
            store.backend.erase_all_data()
        yield store
    finally:
        store.close()


def run_history(
    machine: type[RuleBasedStateMachine], store: Store, actor: Actor, *, steps: int
) -> None:
    """Run the state machine *machine* on *store*, acting as *actor*, *steps* steps a history.

    The machine class reads ``store`` and ``actor`` as class attributes, so a subclass
    carrying them is made for the run.
    """
    run_state_machine_as_test(
        type("History", (machine,), {"store": store, "actor": actor}),
        settings=hypothesis.settings(stateful_step_count=steps, **STORE_PROPERTY),
    )


def address(n: int | str = 1) -> Address:
    """A valid address, different for each *n*."""
    return Address(line1=f"{n} Peach Street", town="Perth", postcode=f"60{n}")


def add_customer(session: Session, name: str) -> Customer:
    """Add a company customer called *name*."""
    return session.customers.add(name=name, address=address(name))


def make_group(session: Session, name: str, *members: str) -> tuple[CustomerGroup, list[Customer]]:
    """Create a group and add new customers to it in order (the first is Head Office)."""
    group = session.groups.create(name)
    customers = []
    for member in members:
        customer = add_customer(session, member)
        group = session.groups.add_member(group.id, customer.id)
        customers.append(session.customers.get(customer.id))
    return group, customers


def ids(items: list[Customer]) -> list[uuid.UUID]:
    """The ids of *items*, in order."""
    return [item.id for item in items]
