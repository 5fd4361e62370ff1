"""Entities and the pure rules that need no storage."""

from __future__ import annotations

from commtrak.model._text import fold
from commtrak.model.access import Actor
from commtrak.model.contacts import Contact, SelectableContact, Visibility, contact_order_key
from commtrak.model.customers import Address, Customer, CustomerStatus, CustomerType
from commtrak.model.emails import NormalizedEmail, email_key, normalize_email
from commtrak.model.groups import (
    MIN_GROUP_SEARCH,
    CustomerGroup,
    Direction,
    GroupMatch,
    GroupMember,
    navigation_key,
)
from commtrak.model.ids import new_id
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
    "DEFAULT_TEMPLATE",
    "MIN_GROUP_SEARCH",
    "Actor",
    "Address",
    "Contact",
    "Customer",
    "CustomerGroup",
    "CustomerStatus",
    "CustomerType",
    "Direction",
    "GroupMatch",
    "GroupMember",
    "NormalizedEmail",
    "SelectableContact",
    "TagGroup",
    "TagRegistry",
    "TagTemplate",
    "TemplateError",
    "Visibility",
    "compile_template",
    "contact_order_key",
    "email_key",
    "fold",
    "navigation_key",
    "new_id",
    "normalize_email",
    "tag_values",
]
