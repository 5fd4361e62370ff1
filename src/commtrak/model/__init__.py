"""Entities and the pure rules that need no storage."""

from __future__ import annotations

from commtrak.model._text import fold
from commtrak.model.access import Actor
from commtrak.model.communication import Channel
from commtrak.model.contacts import Contact, SelectableContact, Visibility, contact_order_key
from commtrak.model.customers import Address, Customer, CustomerStatus, CustomerType
from commtrak.model.data_sheets import (
    DataSheet,
    DataSheetStatus,
    DataSheetTemplate,
    PortalTemplates,
)
from commtrak.model.departments import Department
from commtrak.model.duplicates import (
    DuplicateSet,
    MergeJournalEntry,
    MergePlan,
    group_duplicate_sets,
    plan_merge,
)
from commtrak.model.emails import (
    CheckedEmail,
    DomainResolver,
    EmailChecker,
    EmailPolicy,
    EmailStatus,
    NormalizedEmail,
    check_email,
    email_key,
    normalize_email,
)
from commtrak.model.groups import (
    MIN_GROUP_SEARCH,
    CustomerGroup,
    Direction,
    GroupMatch,
    GroupMember,
    navigation_key,
)
from commtrak.model.ids import new_id
from commtrak.model.permissions import DEFAULT_ROLES, Permission, RoleBook
from commtrak.model.phones import PhoneKind, PhoneNumber, check_phone
from commtrak.model.portal_accounts import (
    PortalAccount,
    PortalEvent,
    PortalEventKind,
    PortalToken,
    check_username,
)
from commtrak.model.portal_scope import PortalPrincipal, portal_customer_ids
from commtrak.model.portal_settings import PortalModule, PortalSettings
from commtrak.model.tickets import Ticket, TicketNote

__all__ = [
    "DEFAULT_ROLES",
    "MIN_GROUP_SEARCH",
    "Actor",
    "Address",
    "Channel",
    "CheckedEmail",
    "Contact",
    "Customer",
    "CustomerGroup",
    "CustomerStatus",
    "CustomerType",
    "DataSheet",
    "DataSheetStatus",
    "DataSheetTemplate",
    "Department",
    "Direction",
    "DomainResolver",
    "DuplicateSet",
    "EmailChecker",
    "EmailPolicy",
    "EmailStatus",
    "GroupMatch",
    "GroupMember",
    "MergeJournalEntry",
    "MergePlan",
    "NormalizedEmail",
    "Permission",
    "PhoneKind",
    "PhoneNumber",
    "PortalAccount",
    "PortalEvent",
    "PortalEventKind",
    "PortalModule",
    "PortalPrincipal",
    "PortalSettings",
    "PortalTemplates",
    "PortalToken",
    "RoleBook",
    "SelectableContact",
    "Ticket",
    "TicketNote",
    "Visibility",
    "check_email",
    "check_phone",
    "check_username",
    "contact_order_key",
    "email_key",
    "fold",
    "group_duplicate_sets",
    "navigation_key",
    "new_id",
    "normalize_email",
    "plan_merge",
    "portal_customer_ids",
]
