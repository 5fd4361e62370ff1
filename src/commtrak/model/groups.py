"""Customer groups, their Head Office, and the navigation order of their members."""

from __future__ import annotations

import enum
import uuid

import attrs

from commtrak.model._text import fold
from commtrak.model.customers import Customer

__all__ = [
    "MIN_GROUP_SEARCH",
    "CustomerGroup",
    "Direction",
    "GroupMatch",
    "GroupMember",
    "MemberLookup",
    "Reassignment",
    "navigation_key",
]

#: A group search needs at least this many consecutive characters (the seed says "a
#: minimum of three consecutive, matching characters is required to return any results").
MIN_GROUP_SEARCH = 3


@attrs.frozen
class CustomerGroup:
    """A collection of related customers, e.g. one organisation's premises.

    Attributes:
        id: Made by the library.
        name: Unique within the store, compared case-insensitively.
        head_office_id: The member designated as Head Office; ``None`` exactly when the
            group has no members.
    """

    id: uuid.UUID
    name: str
    head_office_id: uuid.UUID | None = None


class Direction(enum.Enum):
    """A step through a group's members in navigation order."""

    PREVIOUS = "previous"
    NEXT = "next"


def navigation_key(customer: Customer) -> tuple[str, str]:
    """Return the key that orders a group's members, the same on every backend.

    Members are ordered by their folded name (see :func:`commtrak.model.fold`), then by
    the text of their id, which makes the order total (two customers may share a name)
    and stable (it changes only when a name changes).
    """
    return (fold(customer.name), str(customer.id))


@attrs.frozen
class GroupMember:
    """One row of the group members list and of the "customers in group" report."""

    customer: Customer
    is_head_office: bool


@attrs.frozen
class GroupMatch:
    """One result of a group search: the group and how many members it has."""

    group: CustomerGroup
    member_count: int


@attrs.frozen
class Reassignment:
    """What a bulk reassignment did.

    Attributes:
        moved: How many customers changed group.
        unchanged: How many were already where they were sent.
        groups: Every group that gained or lost members, as it is now (its Head Office
            designated), in group order: folded name, then id.
    """

    moved: int
    unchanged: int
    groups: tuple[CustomerGroup, ...]


@attrs.frozen
class MemberLookup:
    """What one navigation read finds: who asked (the origin) and the member it found.

    A backend answers :meth:`~commtrak.ports.CustomerRepository.neighbour` and
    :meth:`~commtrak.ports.CustomerRepository.head_office_of` with one of these in one
    read, so that the service can tell "no such customer", "in no group" and "at the
    end" apart without reading again.

    Attributes:
        origin_name: The origin customer's name, for the error that names it.
        group_id: The origin's group, or ``None`` when it is in no group.
        group_name: The group's name (``""`` when the read does not need it).
        found: The member found: the neighbour, or the Head Office; ``None`` at either
            end of the group, or when the group has no Head Office.
    """

    origin_name: str
    group_id: uuid.UUID | None
    found: Customer | None
    group_name: str = ""
