"""Writing the service journal: one entry per removed or released record."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from commtrak.field_service.model.service_journal import ServiceAction, ServiceJournalEntry
from commtrak.field_service.ports.storage import FieldServiceStorage
from commtrak.model.ids import new_id
from commtrak.unit_of_work import UnitOfWork

__all__ = ["journal"]


def journal(
    session: UnitOfWork,
    storage: FieldServiceStorage,
    action: ServiceAction,
    subjects: Iterable[tuple[uuid.UUID, uuid.UUID, str]],
) -> list[ServiceJournalEntry]:
    """Record *action* once per ``(customer_id, subject_id, summary)`` in one write."""
    at, by = session.now(), session.actor.name
    entries = [
        ServiceJournalEntry(
            id=new_id(),
            customer_id=customer_id,
            action=action,
            subject_id=subject_id,
            at=at,
            by=by,
            summary=summary,
        )
        for customer_id, subject_id, summary in subjects
    ]
    if entries:
        storage.service_journal.add(entries)
    return entries
