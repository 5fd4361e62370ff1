"""How an import checks the service context's records: by the services' own rules.

Each function takes the importing session and returns the check of one record, as
:attr:`commtrak.portability.sections.Section.check` asks. The records of earlier
sections are already written in the session's transaction, so a check reads them
there (a model's make, an asset's customer, an allocation's project).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

import attrs

from commtrak.errors import NotFound, ValidationError
from commtrak.field_service.model.assets import Asset, ReferenceItem
from commtrak.field_service.model.attachments import Attachment
from commtrak.field_service.model.files import check_file_name
from commtrak.field_service.model.projects import Allocation, ComponentKind, Project
from commtrak.field_service.model.service_journal import ServiceJournalEntry
from commtrak.field_service.model.service_plans import PlanAssignment, ServicePlan
from commtrak.field_service.model.slas import CustomerSla, Sla
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.field_service.services.assets import check_asset
from commtrak.field_service.services.attachments import owner_customer
from commtrak.field_service.services.reference_data import check_reference_item
from commtrak.field_service.services.service_plans import check_assignment, check_plan
from commtrak.field_service.services.slas import check_sla
from commtrak.model._text import required_text
from commtrak.session import Session

__all__ = [
    "check_allocations",
    "check_assets",
    "check_attachments",
    "check_customer_slas",
    "check_journal",
    "check_plan_assignments",
    "check_plans",
    "check_projects",
    "check_reference_items",
    "check_slas",
]

_SHA256: Final = re.compile(r"[0-9a-f]{64}")


def _found(session: Session, what: str, lookup: Callable[[], object]) -> None:
    """Refuse a record naming a record that is not in the import (``<what>``/``reference``)."""
    try:
        lookup()
    except NotFound:
        raise ValidationError(what, "reference", "names no record in the import") from None


def check_reference_items(session: Session) -> Callable[[ReferenceItem], ReferenceItem]:
    """The check of a reference item: :func:`check_reference_item`."""
    storage = field_service_storage(session.transaction)

    def check(item: ReferenceItem) -> ReferenceItem:
        make = None
        if item.make_id is not None:
            try:
                make = storage.reference_items.get(item.make_id)
            except NotFound:
                make = None
        return check_reference_item(item, make.kind if make else None)

    return check


def check_assets(session: Session) -> Callable[[Asset], Asset]:
    """The check of an asset: :func:`~commtrak.field_service.services.assets.check_asset`."""
    return lambda asset: check_asset(session, asset)


def check_attachments(session: Session) -> Callable[[Attachment], Attachment]:
    """The check of an attachment record: its owner is its customer's; its name, size, digest."""

    def check(attachment: Attachment) -> Attachment:
        try:
            customer_id = owner_customer(session, attachment.owner_kind, attachment.owner_id)
        except NotFound:
            raise ValidationError("owner_id", "reference", "names no record") from None
        if customer_id != attachment.customer_id:
            raise ValidationError("customer_id", "owner_customer", "is not the owner's customer")
        if type(attachment.size) is not int or attachment.size < 0:
            raise ValidationError("size", "type", "must be a whole number of bytes")
        if not _SHA256.fullmatch(attachment.sha256):
            raise ValidationError("sha256", "sha256", "must be 64 lowercase hexadecimal digits")
        return attrs.evolve(
            attachment,
            name=check_file_name(attachment.name),
            blob_key=required_text("blob_key", attachment.blob_key),
        )

    return check


def check_journal(session: Session) -> Callable[[ServiceJournalEntry], ServiceJournalEntry]:
    """The check of a service journal entry: its customer is in the import."""

    def check(entry: ServiceJournalEntry) -> ServiceJournalEntry:
        _found(session, "customer_id", lambda: session.transaction.customers.get(entry.customer_id))
        return entry

    return check


def check_projects(session: Session) -> Callable[[Project], Project]:
    """The check of a project: its Head Office and group are in the import; its name."""

    def check(project: Project) -> Project:
        transaction = session.transaction
        _found(session, "customer_id", lambda: transaction.customers.get(project.customer_id))
        _found(session, "group_id", lambda: transaction.groups.get(project.group_id))
        return attrs.evolve(project, name=required_text("name", project.name))

    return check


def check_allocations(session: Session) -> Callable[[Allocation], Allocation]:
    """The check of an allocation: its project, and a component of the member it names."""
    storage = field_service_storage(session.transaction)

    def check(allocation: Allocation) -> Allocation:
        _found(session, "project_id", lambda: storage.projects.get(allocation.project_id))
        try:
            if allocation.kind is ComponentKind.WORK_ADDRESS:
                place = session.transaction.work_addresses.get(allocation.component_id)
                member_id = place.customer_id
            else:
                member_id = storage.assets.get(allocation.component_id).customer_id
        except NotFound:
            raise ValidationError("component_id", "reference", "names no record") from None
        if member_id != allocation.member_id:
            raise ValidationError("member_id", "owner_customer", "is not the component's customer")
        return allocation

    return check


def check_slas(session: Session) -> Callable[[Sla], Sla]:
    """The check of an SLA: :func:`~commtrak.field_service.services.slas.check_sla`."""
    return lambda sla: check_sla(sla)


def check_customer_slas(session: Session) -> Callable[[CustomerSla], CustomerSla]:
    """The check of a customer's SLA: its customer and SLA are in the import."""
    storage = field_service_storage(session.transaction)

    def check(assignment: CustomerSla) -> CustomerSla:
        customers = session.transaction.customers
        _found(session, "customer_id", lambda: customers.get(assignment.customer_id))
        _found(session, "sla_id", lambda: storage.slas.get(assignment.sla_id))
        return assignment

    return check


def check_plans(session: Session) -> Callable[[ServicePlan], ServicePlan]:
    """The check of a service plan: the service's ``check_plan``."""
    return lambda plan: check_plan(plan)


def check_plan_assignments(session: Session) -> Callable[[PlanAssignment], PlanAssignment]:
    """The check of a plan assignment: its plan, customer and the work addresses covered."""

    def check(assignment: PlanAssignment) -> PlanAssignment:
        try:
            return check_assignment(session, assignment)
        except NotFound as error:
            field = "plan_id" if error.entity == "service_plan" else f"{error.entity}_id"
            raise ValidationError(field, "reference", "names no record") from None

    return check
