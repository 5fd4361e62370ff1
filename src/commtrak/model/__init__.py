"""Entities and the pure rules that need no storage."""

from __future__ import annotations

from commtrak.model._text import fold
from commtrak.model.access import Actor
from commtrak.model.branches import Branch, branch_order_key
from commtrak.model.communication import Channel
from commtrak.model.contacts import Contact, SelectableContact, Visibility, contact_order_key
from commtrak.model.custom_fields import (
    CustomFieldDefinition,
    CustomFieldKind,
    CustomFieldOwner,
    CustomValue,
    parse_custom_value,
)
from commtrak.model.customer_filter import (
    CustomerFilter,
    ValuesFilter,
    ValuesMatch,
    customer_list_key,
    values_match,
)
from commtrak.model.customer_journal import CustomerAction, CustomerJournalEntry
from commtrak.model.customer_types import BUILT_IN_TYPES, CustomerTypes, CustomerTypeSpec
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
from commtrak.model.erasures import CustomerErasure
from commtrak.model.groups import (
    MIN_GROUP_SEARCH,
    CustomerGroup,
    Direction,
    GroupMatch,
    GroupMember,
    MemberLookup,
    Reassignment,
    navigation_key,
)
from commtrak.model.ids import new_id
from commtrak.model.invoice_addresses import (
    InvoiceAddress,
    InvoiceAddressUsage,
    invoice_address_order_key,
)
from commtrak.model.invoices import (
    ACTIVE_INVOICE_STATUSES,
    AccountFigures,
    CustomerPanel,
    Invoice,
    InvoiceStatus,
)
from commtrak.model.landlords import Landlord, landlord_order_key
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
from commtrak.model.templates import (
    BUILTIN_TAGS,
    DEFAULT_TEMPLATE,
    TagGroup,
    TagRegistry,
    TagTemplate,
    TemplateError,
    compile_template,
    tag_values,
)
from commtrak.model.tickets import Ticket, TicketNote
from commtrak.model.work_addresses import Occupier, WorkAddress, work_address_order_key

__all__ = [
    "ACTIVE_INVOICE_STATUSES",
    "BUILTIN_TAGS",
    "BUILT_IN_TYPES",
    "DEFAULT_ROLES",
    "DEFAULT_TEMPLATE",
    "MIN_GROUP_SEARCH",
    "AccountFigures",
    "Actor",
    "Address",
    "Branch",
    "Channel",
    "CheckedEmail",
    "Contact",
    "CustomFieldDefinition",
    "CustomFieldKind",
    "CustomFieldOwner",
    "CustomValue",
    "Customer",
    "CustomerAction",
    "CustomerErasure",
    "CustomerFilter",
    "CustomerGroup",
    "CustomerJournalEntry",
    "CustomerPanel",
    "CustomerStatus",
    "CustomerType",
    "CustomerTypeSpec",
    "CustomerTypes",
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
    "Invoice",
    "InvoiceAddress",
    "InvoiceAddressUsage",
    "InvoiceStatus",
    "Landlord",
    "MemberLookup",
    "MergeJournalEntry",
    "MergePlan",
    "NormalizedEmail",
    "Occupier",
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
    "Reassignment",
    "RoleBook",
    "SelectableContact",
    "TagGroup",
    "TagRegistry",
    "TagTemplate",
    "TemplateError",
    "Ticket",
    "TicketNote",
    "ValuesFilter",
    "ValuesMatch",
    "Visibility",
    "WorkAddress",
    "branch_order_key",
    "check_email",
    "check_phone",
    "check_username",
    "compile_template",
    "contact_order_key",
    "customer_list_key",
    "email_key",
    "fold",
    "group_duplicate_sets",
    "invoice_address_order_key",
    "landlord_order_key",
    "navigation_key",
    "new_id",
    "normalize_email",
    "parse_custom_value",
    "plan_merge",
    "portal_customer_ids",
    "tag_values",
    "values_match",
    "work_address_order_key",
]
