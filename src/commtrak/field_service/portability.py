"""The export sections of the service context, added to every export through an entry point.

:data:`SECTIONS` is named by the ``commtrak.export_sections`` entry point ``field_service``
(see :mod:`commtrak.portability.sections`); each part of the context adds its records
here, parents before children, with the check an import applies to each
(:mod:`commtrak.field_service.portability_checks`).

Attachments are exported as their records (name, type, size, SHA-256 and blob key),
never their content: the content stays in the blob store, which the host backs up or
copies on its own. An import into a store that uses the same blob store (or a copy of
it) finds every file again, and :func:`~commtrak.field_service.download` checks each
one's SHA-256 as it streams.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from commtrak.field_service.contract_sections import CONTRACT_SECTIONS
from commtrak.field_service.model.assets import Asset, ReferenceItem
from commtrak.field_service.model.attachments import Attachment
from commtrak.field_service.model.projects import Allocation, Project
from commtrak.field_service.model.service_journal import ServiceJournalEntry
from commtrak.field_service.model.service_plans import PlanAssignment, ServicePlan
from commtrak.field_service.model.slas import CustomerSla, Sla
from commtrak.field_service.portability_checks import (
    check_allocations,
    check_assets,
    check_attachments,
    check_customer_slas,
    check_journal,
    check_plan_assignments,
    check_plans,
    check_projects,
    check_reference_items,
    check_slas,
)
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.field_service.scheduling_sections import SCHEDULING_SECTIONS
from commtrak.portability.sections import Section, pages
from commtrak.ports import Transaction

__all__ = ["SECTIONS"]


def _read(
    repository: str, method: str = "scan", key: Callable[[Any], Any] = lambda row: row.id
) -> Callable[[Transaction], Iterator[Any]]:
    """A section's reader: the context's *repository*'s *method*, paged by *key*."""
    return lambda tx: pages(getattr(getattr(field_service_storage(tx), repository), method), key)


def _write(repository: str, method: str = "add") -> Callable[[Transaction], Callable[[Any], None]]:
    """A section's writer: the context's *repository*'s *method*."""
    return lambda tx: getattr(getattr(field_service_storage(tx), repository), method)


#: The context's sections, in the order an import writes them.
SECTIONS: tuple[Section, ...] = (
    Section(
        "fs_reference_items",
        ReferenceItem,
        _read("reference_items"),
        _write("reference_items"),
        check=check_reference_items,
    ),
    Section("fs_assets", Asset, _read("assets"), _write("assets"), check=check_assets),
    Section(
        "fs_attachments",
        Attachment,
        _read("attachments"),
        _write("attachments"),
        check=check_attachments,
    ),
    Section("fs_projects", Project, _read("projects"), _write("projects"), check=check_projects),
    Section(
        "fs_allocations",
        Allocation,
        _read("projects", "scan_allocations", lambda a: (a.project_id, a.component_id)),
        _write("projects", "allocate"),
        check=check_allocations,
    ),
    Section(
        "fs_journal",
        ServiceJournalEntry,
        _read("service_journal"),
        lambda tx: lambda entry: field_service_storage(tx).service_journal.add([entry]),
        check=check_journal,
    ),
    Section("fs_slas", Sla, _read("slas"), _write("slas"), check=check_slas),
    Section(
        "fs_customer_slas",
        CustomerSla,
        _read("slas", "scan_assignments", lambda a: a.customer_id),
        _write("slas", "assign"),
        check=check_customer_slas,
    ),
    Section(
        "fs_service_plans",
        ServicePlan,
        _read("service_plans"),
        _write("service_plans"),
        check=check_plans,
    ),
    Section(
        "fs_plan_assignments",
        PlanAssignment,
        _read("service_plans", "scan_assignments"),
        _write("service_plans", "assign"),
        check=check_plan_assignments,
    ),
    *SCHEDULING_SECTIONS,
    *CONTRACT_SECTIONS,
)
