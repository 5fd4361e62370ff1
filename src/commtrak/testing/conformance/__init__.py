"""The backend conformance suite: contract test classes any backend runs with pytest.

Run all of it against your backend by subclassing :class:`ConformanceSuite` in a test
module of your own::

    from commtrak.testing.conformance import ConformanceSuite

    class TestMyBackend(ConformanceSuite):
        store_url = "mybackend:///tmp/test-store"

or leave ``store_url`` unset and pass ``--commtrak-url`` (repeatable) to pytest. Each
contract class can also be run on its own. A backend that lacks an optional capability
declares so in ``Backend.capabilities``; the tests of that capability are skipped, and
only those.
"""

from __future__ import annotations

from commtrak.testing.conformance._base import START, PinnedClock, StoreContract
from commtrak.testing.conformance.activities import ActivityContract
from commtrak.testing.conformance.archive import ArchiveContract
from commtrak.testing.conformance.branches import BranchContract
from commtrak.testing.conformance.communication import (
    CommunicationContract,
    CommunicationPropertyContract,
)
from commtrak.testing.conformance.contact_fields import ContactFieldContract
from commtrak.testing.conformance.contacts import ContactContract
from commtrak.testing.conformance.contracts import ContractContract
from commtrak.testing.conformance.csv_import import CsvImportContract
from commtrak.testing.conformance.custom_fields import (
    CustomFieldContract,
    PrimaryContactContract,
)
from commtrak.testing.conformance.customer_deletion import CustomerDeletionContract
from commtrak.testing.conformance.customer_list import (
    CustomerListContract,
    CustomerListPropertyContract,
)
from commtrak.testing.conformance.customer_merge import (
    CustomerMergeContract,
    CustomerMergePropertyContract,
    HostJobs,
)
from commtrak.testing.conformance.customer_status import (
    CustomerStatusContract,
    DormantCascadePropertyContract,
)
from commtrak.testing.conformance.customer_types import CustomerTypeContract
from commtrak.testing.conformance.customers import CustomerContract
from commtrak.testing.conformance.duplicates import (
    DuplicateContract,
    DuplicatePropertyContract,
    TicketContacts,
)
from commtrak.testing.conformance.export import ExportContract
from commtrak.testing.conformance.field_service_assets import (
    AssetContract,
    AssetCustomColumnContract,
    AssetPropertyContract,
    ReferenceDataContract,
)
from commtrak.testing.conformance.field_service_export import FieldServiceExportContract
from commtrak.testing.conformance.field_service_files import AttachmentContract
from commtrak.testing.conformance.field_service_plans import ServicePlanContract
from commtrak.testing.conformance.field_service_projects import ProjectContract
from commtrak.testing.conformance.field_service_slas import SlaContract
from commtrak.testing.conformance.finance import FinanceContract
from commtrak.testing.conformance.finance_cards import CardContract, CardPropertyContract
from commtrak.testing.conformance.finance_history import LedgerHistory, LedgerHistoryContract
from commtrak.testing.conformance.finance_jobs import (
    ConsolidatedInvoiceContract,
    JobDiary,
    JobPropertyContract,
)
from commtrak.testing.conformance.finance_statements import (
    StatementContract,
    StatementPropertyContract,
)
from commtrak.testing.conformance.groups import GroupContract
from commtrak.testing.conformance.hostile import HostileInputContract
from commtrak.testing.conformance.invoice_addresses import (
    CustomerPanelContract,
    InvoiceAddressContract,
)
from commtrak.testing.conformance.invoice_format import InvoiceFormatContract
from commtrak.testing.conformance.permissions import PermissionContract
from commtrak.testing.conformance.portal_accounts import PortalAccountContract
from commtrak.testing.conformance.portal_auth import PortalAuthContract
from commtrak.testing.conformance.portal_backup import PortalBackupContract
from commtrak.testing.conformance.portal_content import PortalContentContract
from commtrak.testing.conformance.portal_merge import PortalMergeContract
from commtrak.testing.conformance.portal_scope import (
    PortalScopeContract,
    PortalScopePropertyContract,
)
from commtrak.testing.conformance.portal_secrets import PortalSecretsContract
from commtrak.testing.conformance.reassignment import (
    ReassignmentContract,
    ReassignmentPropertyContract,
)
from commtrak.testing.conformance.reminders import (
    JobDesk,
    ReminderContract,
    ReminderPropertyContract,
)
from commtrak.testing.conformance.sessions import SessionContract
from commtrak.testing.conformance.stateful import GroupHistory, GroupHistoryContract
from commtrak.testing.conformance.work_addresses import WorkAddressContract

__all__ = [
    "START",
    "ActivityContract",
    "ArchiveContract",
    "AssetContract",
    "AssetCustomColumnContract",
    "AssetPropertyContract",
    "AttachmentContract",
    "BranchContract",
    "CardContract",
    "CardPropertyContract",
    "CommunicationContract",
    "CommunicationPropertyContract",
    "ConformanceSuite",
    "ConsolidatedInvoiceContract",
    "ContactContract",
    "ContactFieldContract",
    "ContractContract",
    "CsvImportContract",
    "CustomFieldContract",
    "CustomerContract",
    "CustomerDeletionContract",
    "CustomerListContract",
    "CustomerListPropertyContract",
    "CustomerMergeContract",
    "CustomerMergePropertyContract",
    "CustomerPanelContract",
    "CustomerStatusContract",
    "CustomerTypeContract",
    "DormantCascadePropertyContract",
    "DuplicateContract",
    "DuplicatePropertyContract",
    "ExportContract",
    "FieldServiceExportContract",
    "FinanceContract",
    "GroupContract",
    "GroupHistory",
    "GroupHistoryContract",
    "HostJobs",
    "HostileInputContract",
    "InvoiceAddressContract",
    "InvoiceFormatContract",
    "JobDesk",
    "JobDiary",
    "JobPropertyContract",
    "LedgerHistory",
    "LedgerHistoryContract",
    "PermissionContract",
    "PinnedClock",
    "PortalAccountContract",
    "PortalAuthContract",
    "PortalBackupContract",
    "PortalContentContract",
    "PortalMergeContract",
    "PortalScopeContract",
    "PortalScopePropertyContract",
    "PortalSecretsContract",
    "PrimaryContactContract",
    "ProjectContract",
    "ReassignmentContract",
    "ReassignmentPropertyContract",
    "ReferenceDataContract",
    "ReminderContract",
    "ReminderPropertyContract",
    "ServicePlanContract",
    "SessionContract",
    "SlaContract",
    "StatementContract",
    "StatementPropertyContract",
    "StoreContract",
    "TicketContacts",
    "WorkAddressContract",
]


class ConformanceSuite(
    InvoiceFormatContract,
    SessionContract,
    CustomerContract,
    GroupContract,
    ContactContract,
    ContactFieldContract,
    GroupHistoryContract,
    DuplicatePropertyContract,
    PermissionContract,
    CustomFieldContract,
    PrimaryContactContract,
    ExportContract,
    ArchiveContract,
    CustomerTypeContract,
    DormantCascadePropertyContract,
    BranchContract,
    WorkAddressContract,
    CommunicationPropertyContract,
    InvoiceAddressContract,
    CustomerPanelContract,
    CustomerMergePropertyContract,
    CustomerDeletionContract,
    PortalAccountContract,
    PortalAuthContract,
    PortalScopeContract,
    PortalScopePropertyContract,
    PortalContentContract,
    PortalMergeContract,
    ReassignmentPropertyContract,
    CsvImportContract,
    PortalSecretsContract,
    PortalBackupContract,
    FinanceContract,
    LedgerHistoryContract,
    HostileInputContract,
    ReferenceDataContract,
    AssetContract,
    AssetCustomColumnContract,
    AssetPropertyContract,
    AttachmentContract,
    ProjectContract,
    FieldServiceExportContract,
    SlaContract,
    ServicePlanContract,
    ReminderPropertyContract,
    ActivityContract,
    JobPropertyContract,
    CardPropertyContract,
    StatementContract,
    StatementPropertyContract,
    ContractContract,
    CustomerListPropertyContract,
):
    """Every contract at once."""
