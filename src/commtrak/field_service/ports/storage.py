"""How the service context reaches a backend's transaction without the core knowing of it.

A backend that stores the service context gives its transaction object one more
attribute, ``field_service``, returning :class:`FieldServiceStorage`: the context's
repositories over the same connection or undo log as the core's, so one commit or
rollback covers both. The core's :class:`~commtrak.ports.Transaction` protocol does not
mention it; :func:`field_service_storage` finds it on the session's transaction, and a
backend without it gets :class:`~commtrak.BackendUnavailable` the first time the
context is used. Each part of the context (contracts, reminders, assets...) adds its
repository here as one property.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from commtrak.errors import BackendUnavailable
from commtrak.field_service.ports.contracts import ContractRepository, FlagRepository
from commtrak.ports import Transaction

__all__ = ["FieldServiceStorage", "FieldServiceTransaction", "field_service_storage"]


class FieldServiceStorage(Protocol):
    """The service context's repositories of one backend transaction."""

    @property
    def contracts(self) -> ContractRepository:
        """The customers' contracts."""
        ...

    @property
    def flags(self) -> FlagRepository:
        """The customers' flags."""
        ...


@runtime_checkable
class FieldServiceTransaction(Protocol):
    """A backend transaction that stores the service context too."""

    @property
    def field_service(self) -> FieldServiceStorage:
        """The service context's repositories of this transaction."""
        ...


def field_service_storage(transaction: Transaction) -> FieldServiceStorage:
    """Return the service context's repositories of *transaction*.

    Raises:
        BackendUnavailable: when the backend does not store the service context.
    """
    if not isinstance(transaction, FieldServiceTransaction):
        raise BackendUnavailable(
            f"this store's backend ({type(transaction).__module__}) "
            "does not store the service context"
        )
    return transaction.field_service
