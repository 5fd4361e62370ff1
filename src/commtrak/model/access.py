"""Who is acting: staff members, the system, and portal users."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["Actor"]


def _roles(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@attrs.frozen
class Actor:
    """The one on whose behalf a session acts; recorded in audit fields and journals.

    Attributes:
        id: A stable identifier of the actor in the host application.
        name: The display name recorded as "modified by".
        roles: The actor's role names.
        via_portal: True for a customer contact acting through the customer portal;
            changes it makes are marked as such.
    """

    id: str
    name: str
    roles: frozenset[str] = attrs.field(default=frozenset(), converter=_roles)
    via_portal: bool = False

    @classmethod
    def system(cls) -> Actor:
        """Return the actor for work the application does on its own behalf."""
        return cls(id="system", name="System", roles=frozenset({"system"}))

    @classmethod
    def staff(cls, id: str, name: str, *roles: str) -> Actor:
        """Return a staff member with the given roles."""
        return cls(id=id, name=name, roles=frozenset(roles))
