"""The unit of work every service runs inside: one backend transaction and its context.

:class:`UnitOfWork` knows nothing of the services. They receive it when they are made
and reach storage and the store's settings through it, so the services package depends
on this module and never on :mod:`commtrak.store` or :mod:`commtrak.session`. The typed
facade applications use, :class:`~commtrak.Session`, adds one property per core service
on top of it; a bounded context of its own (finance, service) reaches its services with
:meth:`UnitOfWork.service`, without the core knowing it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from commtrak.clock import Clock
from commtrak.customer_references import CustomerReference
from commtrak.errors import ConfigurationError, PermissionDenied, SessionClosed
from commtrak.model.access import Actor
from commtrak.model.customer_types import CustomerTypes
from commtrak.model.emails import EmailChecker
from commtrak.model.permissions import Permission, RoleBook
from commtrak.plugins import PluginHost
from commtrak.ports import AccountFiguresSource, Backend, Transaction
from commtrak.references import ContactReference
from commtrak.security.config import PortalConfig

__all__ = ["StoreSettings", "UnitOfWork"]

_S = TypeVar("_S")


class StoreSettings(Protocol):
    """What a unit of work takes from the store that opens it.

    :class:`~commtrak.Store` is one; the protocol keeps this module below the store, so
    that the services never depend on it.
    """

    @property
    def backend(self) -> Backend:
        """The storage backend."""
        ...

    @property
    def clock(self) -> Clock:
        """Returns the current UTC time."""
        ...

    @property
    def references(self) -> tuple[ContactReference, ...]:
        """Every place that refers to contacts, which a merge repoints."""
        ...

    roles: RoleBook
    email_checker: EmailChecker
    customer_types: CustomerTypes
    customer_references: tuple[CustomerReference, ...]
    portal_config: PortalConfig
    plugins: PluginHost | None
    account_figures: tuple[AccountFiguresSource, ...]


class UnitOfWork:
    """One unit of work over one backend transaction, and what the store was opened with.

    It is the base of :class:`~commtrak.Session`; services are given it when they are
    made. The session commits when its ``with`` block ends normally and rolls back when it
    raises, with one exception: an error whose ``keeps_session_writes`` attribute is
    true (:class:`~commtrak.services.portal.PortalLoginFailed`) is a refusal that was
    recorded on purpose (a failed login counts towards the lockout), so the session
    commits before the error goes on.

    Attributes:
        actor: Who the session acts for; recorded in audit fields.
        references: The store's contact references, which merges repoint.
        permissions: What the actor may do, from its roles and the store's role book.
        emails: The store's email checker.
        customer_types: The store's customer types.
        customer_references: Everything that refers to customers, which customer
            merges repoint.
        portal_config: The store's portal configuration.
        plugins: The store's plugins, or ``None``.
        account_figures: What bounded contexts add to the side panel's figures.
    """

    def __init__(self, store: StoreSettings, *, actor: Actor) -> None:
        if not isinstance(actor, Actor):
            raise TypeError(f"actor must be a commtrak.Actor, not {type(actor).__name__}")
        self._backend = store.backend
        self._clock = store.clock
        self.references = store.references
        self.permissions = store.roles.permissions(actor.roles)
        self.emails = store.email_checker
        self.customer_types = store.customer_types
        self.customer_references = store.customer_references
        self.portal_config = store.portal_config
        self.plugins = store.plugins
        self.account_figures = store.account_figures
        self._after_commit: list[Callable[[], None]] = []
        self._transaction: Transaction | None = None
        self._finished = False
        self._services: dict[Callable[[UnitOfWork], Any], Any] = {}
        self.actor = actor

    def __enter__(self) -> Self:
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
        if exc_type is not None and not getattr(exc, "keeps_session_writes", False):
            transaction.rollback()
            return
        try:
            transaction.commit()
        except BaseException:
            transaction.rollback()
            raise
        for callback in self._after_commit:
            callback()

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

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call *callback* once the session has committed; never if it rolls back.

        Services use it to tell plugins of what they wrote (a portal token to send)
        only when it is durable. Callbacks run in the order they were given.
        """
        self._after_commit.append(callback)

    def can(self, permission: Permission) -> bool:
        """Whether the session's actor holds *permission*."""
        return permission in self.permissions

    def require(self, permission: Permission, action: str) -> None:
        """Refuse *action* unless the actor holds *permission*.

        Raises:
            PermissionDenied: naming the permission.
        """
        if permission not in self.permissions:
            raise PermissionDenied(
                permission.value, f"{self.actor.name} may not {action}: needs {permission.value}"
            )

    def now(self) -> datetime.datetime:
        """Return the current time from the store's clock."""
        now = self._clock()
        if now.tzinfo is None:
            raise ConfigurationError(
                "clock", "timezone_aware", "the store's clock must return timezone-aware datetimes"
            )
        return now.astimezone(datetime.UTC)

    def service(self, kind: Callable[[UnitOfWork], _S]) -> _S:
        """Return this unit of work's instance of the service class *kind*.

        Each service is made once per unit of work, on first use, and shared by every
        caller after that: the session's properties, other services and a bounded
        context's own facade all get the same instance. A service holds no state of its
        own beyond the unit of work, so sharing it is safe.

        Args:
            kind: A service class, called with this unit of work to make the instance.
        """
        made = self._services.get(kind)
        if made is None:
            made = self._services[kind] = kind(self)
        return made
