"""What every service shares: its session, and the session's repositories."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from commtrak.model.permissions import Permission
from commtrak.ports import ContactRepository, CustomerRepository, GroupRepository
from commtrak.services._arguments import checked

if TYPE_CHECKING:
    from commtrak.unit_of_work import UnitOfWork


P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="Service")


def atomic(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run a writing service method inside a savepoint: if it raises, none of its writes stay.

    Only methods that write take it. A read runs directly in the session's transaction:
    it has nothing to undo, and on a SQL store a savepoint is two more round trips
    (``SAVEPOINT``, ``RELEASE``) around a read that is often one indexed row.
    """

    def run(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._session.transaction.savepoint():
            return method(self, *args, **kwargs)

    functools.update_wrapper(run, method)
    return run


def requires(
    permission: Permission, action: str
) -> Callable[[Callable[Concatenate[S, P], R]], Callable[Concatenate[S, P], R]]:
    """Refuse the decorated service method unless the actor holds *permission*."""

    def decorate(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
        def run(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
            self._session.require(permission, action)
            return method(self, *args, **kwargs)

        functools.update_wrapper(run, method)
        return run

    return decorate


class Service:
    """Base of the services: use cases that run inside one unit of work.

    A service is given the :class:`~commtrak.unit_of_work.UnitOfWork` (the session) it
    runs in, and is made once per session.

    Every public method a subclass defines is wrapped once, when the class is made, so
    that its arguments are checked against its type hints before it runs (see
    :mod:`commtrak.services._arguments`): every backend then refuses a wrong type, a
    malformed id or a string given for a list the same way.
    """

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(value):
                setattr(cls, name, checked(value))

    def __init__(self, session: UnitOfWork) -> None:
        self._session = session

    @property
    def _customers(self) -> CustomerRepository:
        return self._session.transaction.customers

    @property
    def _groups(self) -> GroupRepository:
        return self._session.transaction.groups

    @property
    def _contacts(self) -> ContactRepository:
        return self._session.transaction.contacts
