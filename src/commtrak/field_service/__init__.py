"""commtrak's service context: the field-service side of the customer (seeds 002, 004).

It is a bounded context above the customer core: it uses the core's model, ports and
services, and nothing in the core imports it (an import-linter contract in
``pyproject.toml`` keeps it so). Its services are reached through :func:`of`
(``field_service.of(session).contracts``...), its storage through the
``field_service`` attribute of a backend's transaction
(:mod:`commtrak.field_service.ports.storage`), and its records are exported through
the ``commtrak.export_sections`` entry point (:mod:`commtrak.field_service.portability`).
Files are a blob-store port with a filesystem and an in-memory store, and uploads that
stream through the seed's limits. Contracts (``of(session).contracts``), customer flags
(``.flags``) and the reports (``.reports``, written with :func:`write_csv`) are the
seed 003/004 parts; :data:`CUSTOMER_REFERENCES` moves them on a customer merge.
"""

from __future__ import annotations

from commtrak.field_service.blob_stores.filesystem import FileSystemBlobStore
from commtrak.field_service.blob_stores.memory import MemoryBlobStore
from commtrak.field_service.facade import FieldService, of
from commtrak.field_service.model.activities import ActivityState, ScheduledActivity
from commtrak.field_service.model.assets import (
    Asset,
    AssetFilter,
    ReferenceItem,
    ReferenceKind,
)
from commtrak.field_service.model.attachments import Attachment, AttachmentOwner
from commtrak.field_service.model.contracts import Contract, DueJob, RecurringJob, add_months
from commtrak.field_service.model.files import (
    DEFAULT_FILE_LIMITS,
    FileLimits,
    StoredBlob,
    check_file_name,
)
from commtrak.field_service.model.flags import Flag
from commtrak.field_service.model.periods import Period, PeriodUnit
from commtrak.field_service.model.projects import Allocation, ComponentKind, Project
from commtrak.field_service.model.reminders import (
    DecisionBatch,
    DecisionFailure,
    DecisionKind,
    DecisionRecord,
    DecisionsRefused,
    ReminderDecision,
    ReminderState,
    ServiceJobRequest,
    ServiceReminder,
)
from commtrak.field_service.model.reports import (
    ContractRow,
    GroupCustomerRow,
    GroupRow,
    write_csv,
)
from commtrak.field_service.model.service_journal import ServiceAction, ServiceJournalEntry
from commtrak.field_service.model.service_plans import PlanAssignment, ServicePlan
from commtrak.field_service.model.slas import CustomerSla, Sla, SlaOutcome, met, sla_outcome
from commtrak.field_service.ports.blobs import BlobStore, BlobWriter
from commtrak.field_service.references import CUSTOMER_REFERENCES, ProjectAllocations, SlaChoice
from commtrak.field_service.uploads import download, upload

__all__ = [
    "CUSTOMER_REFERENCES",
    "DEFAULT_FILE_LIMITS",
    "ActivityState",
    "Allocation",
    "Asset",
    "AssetFilter",
    "Attachment",
    "AttachmentOwner",
    "BlobStore",
    "BlobWriter",
    "ComponentKind",
    "Contract",
    "ContractRow",
    "CustomerSla",
    "DecisionBatch",
    "DecisionFailure",
    "DecisionKind",
    "DecisionRecord",
    "DecisionsRefused",
    "DueJob",
    "FieldService",
    "FileLimits",
    "FileSystemBlobStore",
    "Flag",
    "GroupCustomerRow",
    "GroupRow",
    "MemoryBlobStore",
    "Period",
    "PeriodUnit",
    "PlanAssignment",
    "Project",
    "ProjectAllocations",
    "RecurringJob",
    "ReferenceItem",
    "ReferenceKind",
    "ReminderDecision",
    "ReminderState",
    "ScheduledActivity",
    "ServiceAction",
    "ServiceJobRequest",
    "ServiceJournalEntry",
    "ServicePlan",
    "ServiceReminder",
    "Sla",
    "SlaChoice",
    "SlaOutcome",
    "StoredBlob",
    "add_months",
    "check_file_name",
    "download",
    "met",
    "of",
    "sla_outcome",
    "upload",
    "write_csv",
]
