"""The export sections of service reminders, their decisions, and scheduled activities.

Each import checks its records by the services' rules: a reminder or an activity as
:meth:`ReminderService.add <commtrak.field_service.services.reminders.ReminderService.add>`
and :meth:`ActivityService.add
<commtrak.field_service.services.activities.ActivityService.add>` check it (the
customer, its work address and contact), a decision by the reminder it names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from commtrak.errors import Conflict
from commtrak.field_service.model.activities import ScheduledActivity
from commtrak.field_service.model.reminders import DecisionRecord, ServiceReminder
from commtrak.field_service.ports.storage import FieldServiceStorage, field_service_storage
from commtrak.field_service.services.activities import check_activity
from commtrak.field_service.services.reminders import check_reminder
from commtrak.portability.sections import Section, pages
from commtrak.ports import Transaction
from commtrak.unit_of_work import UnitOfWork

__all__ = ["SCHEDULING_SECTIONS", "check_decision"]


def _reader(repository: str) -> Callable[[Transaction], Iterator[Any]]:
    def read(tx: Transaction) -> Iterator[Any]:
        scan = getattr(field_service_storage(tx), repository).scan
        return pages(scan, lambda row: row.id)

    return read


def _writer(repository: str) -> Callable[[Transaction], Callable[[Any], None]]:
    def write(tx: Transaction) -> Callable[[Any], None]:
        storage: FieldServiceStorage = field_service_storage(tx)
        add: Callable[[Any], None] = getattr(storage, repository).add
        return add

    return write


def _checked(
    check: Callable[[UnitOfWork, Any], Any],
) -> Callable[[Any], Callable[[Any], Any]]:
    return lambda session: lambda record: check(session, record)


def check_decision(session: UnitOfWork, record: DecisionRecord) -> DecisionRecord:
    """Check an imported decision: its reminder exists and has the same customer.

    Raises:
        NotFound: ``service_reminder``.
        Conflict: ``customer_id``/``same_customer``.
    """
    reminder = field_service_storage(session.transaction).reminders.get(record.reminder_id)
    if reminder.customer_id != record.customer_id:
        raise Conflict("customer_id", "same_customer", "the reminder is another customer's")
    return record


#: The sections, parents first (reminders, their decisions, then activities).
SCHEDULING_SECTIONS: tuple[Section, ...] = (
    Section(
        "service_reminders",
        ServiceReminder,
        _reader("reminders"),
        _writer("reminders"),
        check=_checked(check_reminder),
    ),
    Section(
        "reminder_decisions",
        DecisionRecord,
        _reader("reminder_decisions"),
        _writer("reminder_decisions"),
        check=_checked(check_decision),
    ),
    Section(
        "scheduled_activities",
        ScheduledActivity,
        _reader("activities"),
        _writer("activities"),
        check=_checked(check_activity),
    ),
)
