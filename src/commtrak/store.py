"""The store and its sessions: the unit of work every service runs inside."""

from __future__ import annotations

import datetime
from types import TracebackType

from commtrak.clock import Clock, utc_now
from commtrak.errors import CommtrakError, SessionClosed
from commtrak.model.access import Actor
from commtrak.repositories import Backend, Transaction
from commtrak.services.contacts import ContactService
from commtrak.services.customers import CustomerService
from commtrak.services.groups import GroupService

__all__ = ["Session", "Store"]


class Store:
    """A commtrak store: a backend, a clock, and the sessions opened on them.

    Make one with :func:`commtrak.open_store`; it is safe to share between threads, and
    each thread opens its own sessions.

    Args:
        backend: The storage backend a plugin made.
        clock: Returns the current UTC time; tests pass a fixed one.
    """

    def __init__(self, backend: Backend, *, clock: Clock = utc_now) -> None:
        self._backend = backend
        self._clock = clock

    @property
    def url(self) -> str:
        """The backend's URL, with any password masked."""
        return self._backend.url

    @property
    def backend(self) -> Backend:
        """The backend under the store, for plugins and test suites."""
        return self._backend

    @property
    def capabilities(self) -> frozenset[str]:
        """The backend's optional capabilities."""
        return self._backend.capabilities

    def session(self, *, actor: Actor) -> Session:
        """Return a session acting for *actor*; use it as a context manager.

        The session commits when its ``with`` block ends normally and rolls back
        everything it wrote when the block raises, on every backend.
        """
        return Session(self._backend, actor=actor, clock=self._clock)

    def close(self) -> None:
        """Release the backend's connections and files."""
        self._backend.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<commtrak.Store {self.url}>"


class Session:
    """One unit of work: the services, over one backend transaction.

    Attributes:
        actor: Who the session acts for; recorded in audit fields.
    """

    def __init__(self, backend: Backend, *, actor: Actor, clock: Clock) -> None:
        if not isinstance(actor, Actor):
            raise TypeError(f"actor must be a commtrak.Actor, not {type(actor).__name__}")
        self._backend = backend
        self._clock = clock
        self._transaction: Transaction | None = None
        self._finished = False
        self.actor = actor

    def __enter__(self) -> Session:
        if self._transaction is not None or self._finished:
            raise SessionClosed("a session is entered once; open a new one with store.session()")
        self._transaction = self._backend.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        transaction = self.transaction
        self._transaction = None
        self._finished = True
        if exc_type is not None:
            transaction.rollback()
            return
        try:
            transaction.commit()
        except BaseException:
            transaction.rollback()
            raise

    @property
    def transaction(self) -> Transaction:
        """The backend transaction the services write through.

        Raises:
            SessionClosed: outside the session's ``with`` block.
        """
        if self._transaction is None:
            raise SessionClosed(
                "this session is not open: use it inside `with store.session(actor=...) as s:`"
            )
        return self._transaction

    def now(self) -> datetime.datetime:
        """Return the current time from the store's clock."""
        now = self._clock()
        if now.tzinfo is None:
            raise CommtrakError("the store's clock must return timezone-aware datetimes")
        return now.astimezone(datetime.UTC)

    @property
    def groups(self) -> GroupService:
        """Customer groups, their members and Head Office, navigation and search."""
        return GroupService(self)

    @property
    def customers(self) -> CustomerService:
        """Customer records."""
        return CustomerService(self)

    @property
    def contacts(self) -> ContactService:
        """Contacts, to add, edit, archive, select and search."""
        return ContactService(self)
