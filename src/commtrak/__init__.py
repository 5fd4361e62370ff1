"""commtrak: the customer side of field-service and CRM software.

Open a store, open a session on it, and use the session's services::

    import commtrak

    store = commtrak.open_store("memory://")
    with store.session(actor=commtrak.Actor.system()) as s:
        group = s.groups.create("Real Peach Real Estate")
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from commtrak._version import __version__
from commtrak.clock import Clock, utc_now
from commtrak.customer_references import CustomerReference
from commtrak.errors import (
    BackendUnavailable,
    CommtrakError,
    ConfigurationError,
    Conflict,
    NotFound,
    PermissionDenied,
    PluginError,
    SessionClosed,
    UnsupportedURL,
    ValidationError,
)
from commtrak.model import (
    AccountFigures,
    Actor,
    Address,
    Branch,
    Channel,
    Contact,
    Customer,
    CustomerAction,
    CustomerErasure,
    CustomerFilter,
    CustomerGroup,
    CustomerJournalEntry,
    CustomerPanel,
    CustomerStatus,
    CustomerType,
    CustomerTypes,
    CustomerTypeSpec,
    DataSheet,
    DataSheetStatus,
    DataSheetTemplate,
    Department,
    DuplicateSet,
    GroupMatch,
    GroupMember,
    Invoice,
    InvoiceAddress,
    InvoiceAddressUsage,
    InvoiceStatus,
    Landlord,
    MergeJournalEntry,
    MergePlan,
    Occupier,
    PhoneKind,
    PhoneNumber,
    PortalAccount,
    PortalEvent,
    PortalEventKind,
    PortalModule,
    PortalPrincipal,
    PortalSettings,
    PortalTemplates,
    Reassignment,
    SelectableContact,
    Ticket,
    TicketNote,
    ValuesFilter,
    ValuesMatch,
    Visibility,
    WorkAddress,
)
from commtrak.model.customer_merge import CustomerMergePlan
from commtrak.model.emails import EmailChecker, EmailPolicy, EmailStatus
from commtrak.model.landlords import NewLandlord
from commtrak.model.permissions import Permission, RoleBook
from commtrak.plugins import DEFAULT_URL, PluginHost, default_plugins
from commtrak.ports import AccountFiguresSource
from commtrak.references import ContactReference
from commtrak.security.config import PortalConfig
from commtrak.security.encryption import Keyring
from commtrak.services import UNSET
from commtrak.services.portal import IssuedPortalToken, PortalLoginFailed, TotpEnrolment
from commtrak.store import Session, Store

__all__ = [
    "DEFAULT_URL",
    "UNSET",
    "AccountFigures",
    "Actor",
    "Address",
    "BackendUnavailable",
    "Branch",
    "Channel",
    "CommtrakError",
    "ConfigurationError",
    "Conflict",
    "Contact",
    "ContactReference",
    "Customer",
    "CustomerAction",
    "CustomerErasure",
    "CustomerFilter",
    "CustomerGroup",
    "CustomerJournalEntry",
    "CustomerMergePlan",
    "CustomerPanel",
    "CustomerReference",
    "CustomerStatus",
    "CustomerType",
    "CustomerTypeSpec",
    "CustomerTypes",
    "DataSheet",
    "DataSheetStatus",
    "DataSheetTemplate",
    "Department",
    "DuplicateSet",
    "EmailChecker",
    "EmailPolicy",
    "EmailStatus",
    "GroupMatch",
    "GroupMember",
    "Invoice",
    "InvoiceAddress",
    "InvoiceAddressUsage",
    "InvoiceStatus",
    "IssuedPortalToken",
    "Keyring",
    "Landlord",
    "MergeJournalEntry",
    "MergePlan",
    "NewLandlord",
    "NotFound",
    "Occupier",
    "Permission",
    "PermissionDenied",
    "PhoneKind",
    "PhoneNumber",
    "PluginError",
    "PortalAccount",
    "PortalConfig",
    "PortalEvent",
    "PortalEventKind",
    "PortalLoginFailed",
    "PortalModule",
    "PortalPrincipal",
    "PortalSettings",
    "PortalTemplates",
    "Reassignment",
    "RoleBook",
    "SelectableContact",
    "Session",
    "SessionClosed",
    "Store",
    "Ticket",
    "TicketNote",
    "TotpEnrolment",
    "UnsupportedURL",
    "ValidationError",
    "ValuesFilter",
    "ValuesMatch",
    "Visibility",
    "WorkAddress",
    "__version__",
    "open_store",
]


def open_store(
    url: object = None,
    *,
    clock: Clock | None = None,
    plugins: PluginHost | None = None,
    roles: RoleBook | None = None,
    email_checker: EmailChecker | None = None,
    customer_types: CustomerTypes | None = None,
    customer_references: Sequence[CustomerReference] = (),
    portal: PortalConfig | None = None,
    account_figures: Sequence[AccountFiguresSource] = (),
) -> Store:
    """Open a commtrak store.

    Args:
        url: Where the data lives: ``"memory://"``, ``"sqlite:///crm.db"``,
            ``"postgresql+psycopg://user@host/db"``, ``"mysql+pymysql://..."``, or an
            object a plugin accepts (an SQLAlchemy ``Engine``). ``None`` reads
            ``COMMTRAK_URL``, and falls back to :data:`DEFAULT_URL`.
        clock: Returns the current UTC time; defaults to the system clock. Tests pass a
            fixed clock to pin audit timestamps.
        plugins: The plugins to ask; defaults to those installed in the environment.
        roles: The application's roles and the permissions they grant; defaults to
            the built-in ``supervisor``, ``staff`` and ``system`` roles.
        email_checker: How contacts' emails are checked: ``EmailChecker("offline")``
            for no DNS at all, ``EmailChecker("strict", resolver)`` to reject what
            cannot be checked; defaults to lenient checking with commtrak's resolver.
        customer_types: The application's customer types,
            ``CustomerTypes.with_types(CustomerTypeSpec("landlord_agent", ...))``;
            defaults to the built-in ``private`` and ``company``.
        customer_references: Places in the application that refer to customers, which
            a customer merge repoints in its transaction (jobs, estimates...).
        portal: The customer portal's configuration: argon2id parameters (OWASP's by
            default; test suites pass cheap ones), password policy, TOTP settings,
            issuer name and token lifetimes.
        account_figures: What bounded contexts add to the side panel's debt and
            credit, e.g. ``[commtrak.finance.LedgerFigures(currency("GBP"))]`` to show
            the finance ledger's.

    Raises:
        UnsupportedURL: when no installed plugin serves the URL; the error names the
            schemes that are installed and the plugins that failed to load.
        BackendUnavailable: when the backend needs a package that is not installed
            (the message names the extra to install) or its database does not answer.
    """
    if url is None:
        url = os.environ.get("COMMTRAK_URL") or DEFAULT_URL
    host = plugins or default_plugins()
    backend = host.open_backend(url)
    references = host.contact_references()
    return Store(
        backend,
        clock=clock or utc_now,
        references=references,
        roles=roles,
        email_checker=email_checker,
        customer_types=customer_types,
        customer_references=customer_references,
        portal=portal,
        plugins=host,
        account_figures=account_figures,
    )
