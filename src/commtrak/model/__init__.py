"""Entities and the pure rules that need no storage."""

from __future__ import annotations

from commtrak.model._text import fold
from commtrak.model.access import Actor
from commtrak.model.communication import Channel
from commtrak.model.contacts import Contact, SelectableContact, Visibility, contact_order_key
from commtrak.model.custom_fields import (
    CustomFieldDefinition,
    CustomFieldKind,
    CustomFieldOwner,
    CustomValue,
    parse_custom_value,
)
from commtrak.model.customers import Address, Customer, CustomerStatus, CustomerType
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

__all__ = [
    "BUILTIN_TAGS",
    "DEFAULT_ROLES",
    "DEFAULT_TEMPLATE",
    "MIN_GROUP_SEARCH",
    "Actor",
    "Address",
    "Channel",
    "CheckedEmail",
    "Contact",
    "CustomFieldDefinition",
    "CustomFieldKind",
    "CustomFieldOwner",
    "CustomValue",
    "Customer",
    "CustomerGroup",
    "CustomerStatus",
    "CustomerType",
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
    "RoleBook",
    "SelectableContact",
    "TagGroup",
    "TagRegistry",
    "TagTemplate",
    "TemplateError",
    "Visibility",
    "check_email",
    "check_phone",
    "compile_template",
    "contact_order_key",
    "email_key",
    "fold",
    "group_duplicate_sets",
    "navigation_key",
    "new_id",
    "normalize_email",
    "parse_custom_value",
    "plan_merge",
    "tag_values",
]
