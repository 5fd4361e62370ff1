"""Permissions and the roles that grant them (seed 001 "Visible To", seed 003 portal).

A role is a name mapped to a set of permissions. The application defines its own roles
in a :class:`RoleBook` handed to :func:`commtrak.open_store`; the built-in roles are
``supervisor`` (every permission, as the seed's Supervisor), ``staff`` (changing groups
and posting to the finance ledger, none of the other restricted permissions) and
``system`` (every permission, for work the application does on its own behalf).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from commtrak.errors import ValidationError

__all__ = ["DEFAULT_ROLES", "Permission", "RoleBook"]


class Permission(enum.StrEnum):
    """What a service may refuse an actor."""

    CONTACTS_VIEW_RESTRICTED = "contacts.view_restricted"
    """See contacts whose visibility is Role Permitted Staff."""
    CONTACTS_MERGE = "contacts.merge"
    """Merge duplicate contacts (irreversible)."""
    CONTACTS_DELETE = "contacts.delete"
    """Delete an unreferenced contact for good (irreversible)."""
    GROUPS_MANAGE = "groups.manage"
    """Create, rename and delete groups; change members and the Head Office."""
    PORTAL_MANAGE = "portal.manage"
    """Grant and revoke customer portal access."""
    CUSTOMERS_MERGE = "customers.merge"
    """Merge two customers into one (irreversible)."""
    CUSTOMERS_DELETE = "customers.delete"
    """Delete a customer and all its records for good (administrators; irreversible)."""
    FINANCE_POST = "finance.post"
    """Finalise and void invoices, issue credit notes, record and allocate payments and
    account credit, and reverse entries (every write to the finance ledger)."""
    FINANCE_CARDS = "finance.cards"
    """Store and remove customers' payment cards (by token)."""


_EVERY_PERMISSION = frozenset(Permission)

#: The roles every store knows unless the application replaces them.
DEFAULT_ROLES: Mapping[str, frozenset[Permission]] = {
    "supervisor": _EVERY_PERMISSION,
    "system": _EVERY_PERMISSION,
    "staff": frozenset({Permission.GROUPS_MANAGE, Permission.FINANCE_POST}),
}


def _permissions(value: Iterable[str]) -> frozenset[Permission]:
    found = set()
    for name in value:
        try:
            found.add(Permission(name))
        except ValueError:
            known = ", ".join(sorted(Permission))
            raise ValidationError(
                "roles", "permission", f"{name!r} is not a permission; known: {known}"
            ) from None
    return frozenset(found)


@attrs.frozen
class RoleBook:
    """The roles of a store and the permissions each grants.

    Args:
        roles: Role name to permission names. The ``supervisor`` and ``system`` roles
            always grant every permission, whatever this says.
    """

    roles: Mapping[str, frozenset[Permission]] = attrs.field(factory=lambda: dict(DEFAULT_ROLES))

    @classmethod
    def with_roles(cls, roles: Mapping[str, Iterable[str]]) -> RoleBook:
        """Return the default roles plus (or overridden by) *roles*.

        Raises:
            ValidationError: ``roles``/``permission`` for an unknown permission name.
        """
        merged = dict(DEFAULT_ROLES)
        merged.update({name: _permissions(granted) for name, granted in roles.items()})
        return cls(roles=merged)

    def permissions(self, role_names: Iterable[str]) -> frozenset[Permission]:
        """Return every permission the given roles grant together."""
        granted: set[Permission] = set()
        for name in role_names:
            if name in ("supervisor", "system"):
                return _EVERY_PERMISSION
            granted.update(self.roles.get(name, ()))
        return frozenset(granted)
