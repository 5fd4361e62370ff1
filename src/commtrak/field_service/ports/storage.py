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
from commtrak.field_service.ports.activities import ActivityRepository
from commtrak.field_service.ports.assets import AssetRepository, ReferenceItemRepository
from commtrak.field_service.ports.attachments import AttachmentRepository
from commtrak.field_service.ports.contracts import ContractRepository, FlagRepository
from commtrak.field_service.ports.projects import ProjectRepository
from commtrak.field_service.ports.reminders import DecisionJournal, ReminderRepository
from commtrak.field_service.ports.service_journal import ServiceJournalRepository
from commtrak.field_service.ports.service_plans import ServicePlanRepository
from commtrak.field_service.ports.slas import SlaRepository
from commtrak.ports import Transaction

__all__ = ["FieldServiceStorage", "FieldServiceTransaction", "field_service_storage"]


class FieldServiceStorage(Protocol):
    """The service context's repositories of one backend transaction."""

    @property
    def reference_items(self) -> ReferenceItemRepository:
        """The assets' reference data."""
        ...

    @property
    def assets(self) -> AssetRepository:
        """The assets and appliances."""
        ...

    @property
    def attachments(self) -> AttachmentRepository:
        """The attachment records."""
        ...

    @property
    def projects(self) -> ProjectRepository:
        """The projects and their allocations."""
        ...

    @property
    def service_journal(self) -> ServiceJournalRepository:
        """The service journal."""
        ...

    @property
    def service_plans(self) -> ServicePlanRepository:
        """The service plans and their assignments to customers."""
        ...

    @property
    def slas(self) -> SlaRepository:
        """The SLAs and the customers' associations with them."""
        ...

    @property
    def reminders(self) -> ReminderRepository:
        """The service reminders."""
        ...

    @property
    def reminder_decisions(self) -> DecisionJournal:
        """The journal of decisions on service reminders."""
        ...

    @property
    def activities(self) -> ActivityRepository:
        """The scheduled activities."""
        ...

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
