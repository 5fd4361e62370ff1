"""The role book: built-in roles, application roles, unknown permissions."""

from __future__ import annotations

import pytest

from commtrak import Permission, RoleBook, ValidationError


def test_supervisor_and_system_hold_every_permission() -> None:
    book = RoleBook()
    assert book.permissions(["supervisor"]) == frozenset(Permission)
    assert book.permissions(["system"]) == frozenset(Permission)
    assert book.permissions(["staff"]) == {Permission.GROUPS_MANAGE, Permission.FINANCE_POST}
    assert book.permissions(["unknown-role"]) == frozenset()
    assert book.permissions([]) == frozenset()


def test_roles_combine() -> None:
    book = RoleBook.with_roles({"portal-admin": ["portal.manage"]})
    assert book.permissions(["staff", "portal-admin"]) == {
        Permission.GROUPS_MANAGE,
        Permission.FINANCE_POST,
        Permission.PORTAL_MANAGE,
    }


def test_supervisor_cannot_be_narrowed() -> None:
    book = RoleBook.with_roles({"supervisor": []})
    assert book.permissions(["supervisor"]) == frozenset(Permission)


def test_unknown_permissions_are_rejected_by_name() -> None:
    with pytest.raises(ValidationError) as caught:
        RoleBook.with_roles({"office": ["contacts.teleport"]})
    assert (caught.value.field, caught.value.rule) == ("roles", "permission")
    assert "contacts.teleport" in caught.value.message
