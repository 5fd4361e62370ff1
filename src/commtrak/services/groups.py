"""Customer groups (seed 000): membership, the Head Office, navigation and search."""

from __future__ import annotations

import uuid
from collections.abc import Collection

import attrs

from commtrak.errors import Conflict, NotFound, ValidationError
from commtrak.group_departures import announce_departures
from commtrak.model._text import clean_text, fold, required_text
from commtrak.model.customers import Customer
from commtrak.model.groups import (
    MIN_GROUP_SEARCH,
    CustomerGroup,
    Direction,
    GroupMatch,
    GroupMember,
    MemberLookup,
    Reassignment,
)
from commtrak.model.ids import new_id
from commtrak.model.permissions import Permission
from commtrak.ports import Transaction
from commtrak.services._base import Service, atomic, requires
from commtrak.services._record import live_customer

__all__ = ["GroupService", "leave_group"]


class GroupService(Service):
    """Creates groups, manages their members and Head Office, and navigates them.

    Rules (each checked here, before anything is written):

    * a group's name is required and unique, compared case-insensitively;
    * a customer is in at most one group;
    * the first member added becomes Head Office; a group with members always has
      exactly one Head Office, and it is a member;
    * when the Head Office leaves, the role passes to the first remaining member in
      navigation order (folded name, then id); an empty group has no Head Office;
    * a group with members cannot be deleted;
    * changing groups needs the ``groups.manage`` permission.
    """

    @requires(Permission.GROUPS_MANAGE, "manage customer groups")
    @atomic
    def create(self, name: str) -> CustomerGroup:
        """Create an empty group.

        Raises:
            ValidationError: ``name``/``required`` (and the other text rules).
            Conflict: ``name``/``unique_group_name`` when the name is taken.
        """
        name = required_text("name", name)
        self._check_name_free(name, None)
        group = CustomerGroup(id=new_id(), name=name)
        self._groups.add(group)
        return group

    def get(self, group_id: uuid.UUID) -> CustomerGroup:
        """Return the group.

        Raises:
            NotFound: ``group``.
        """
        return self._groups.get(group_id)

    def all(self) -> list[CustomerGroup]:
        """Return every group, ordered by folded name then id."""
        return self._groups.all()

    @requires(Permission.GROUPS_MANAGE, "manage customer groups")
    @atomic
    def rename(self, group_id: uuid.UUID, name: str) -> CustomerGroup:
        """Give the group a new name.

        Raises:
            NotFound: ``group``.
            ValidationError: ``name``/``required`` (and the other text rules).
            Conflict: ``name``/``unique_group_name`` when another group has that name.
        """
        name = required_text("name", name)
        group = self._groups.get(group_id, for_update=True)
        self._check_name_free(name, group.id)
        renamed = attrs.evolve(group, name=name)
        self._groups.update(renamed)
        return renamed

    @requires(Permission.GROUPS_MANAGE, "manage customer groups")
    @atomic
    def delete(self, group_id: uuid.UUID) -> None:
        """Delete an empty group.

        Raises:
            NotFound: ``group``.
            Conflict: ``group_id``/``group_not_empty`` while the group has members.
        """
        group = self._groups.get(group_id, for_update=True)
        count = self._customers.member_count(group.id)
        if count:
            raise Conflict(
                "group_id",
                "group_not_empty",
                f"group {group.name!r} still has {count} member(s); remove them first",
            )
        self._groups.delete(group.id)

    @requires(Permission.GROUPS_MANAGE, "manage customer groups")
    @atomic
    def add_member(self, group_id: uuid.UUID, customer_id: uuid.UUID) -> CustomerGroup:
        """Add a customer to the group; the first member becomes Head Office.

        Returns:
            The group as it is now.

        Raises:
            NotFound: ``group`` or ``customer``.
            Conflict: ``customer_id``/``one_group_per_customer`` when the customer is
                already in a group (this one or another; use :meth:`move_member`);
                ``customer_id``/``merged_customer`` for a customer merged into another.
        """
        group = self._groups.get(group_id, for_update=True)
        customer = live_customer(self._session, customer_id, for_update=True)
        if customer.group_id is not None:
            where = "this group" if customer.group_id == group.id else "another group"
            raise Conflict(
                "customer_id",
                "one_group_per_customer",
                f"customer {customer.name!r} is already a member of {where}",
            )
        return self._join(group, customer)

    @requires(Permission.GROUPS_MANAGE, "manage customer groups")
    @atomic
    def remove_member(self, group_id: uuid.UUID, customer_id: uuid.UUID) -> CustomerGroup:
        """Take a customer out of the group, passing on the Head Office role if it had it.

        Returns:
            The group as it is now.

        Raises:
            NotFound: ``group`` or ``customer``.
            Conflict: ``customer_id``/``group_member`` when it is not a member.
        """
        group = self._groups.get(group_id, for_update=True)
        customer = self._member(group, customer_id, for_update=True)
        return self._leave(group, customer)

    @requires(Permission.GROUPS_MANAGE, "manage customer groups")
    @atomic
    def move_member(self, customer_id: uuid.UUID, group_id: uuid.UUID) -> CustomerGroup:
        """Move a customer into another group, leaving its current one if it has one.

        Moving a customer to the group it is in changes nothing.

        Returns:
            The destination group as it is now.

        Raises:
            NotFound: ``group`` or ``customer``.
            Conflict: ``customer_id``/``merged_customer`` for a customer merged into another.
        """
        customer = live_customer(self._session, customer_id, for_update=True)
        if customer.group_id == group_id:
            return self._groups.get(group_id)
        target = self._groups.get(group_id, for_update=True)
        if customer.group_id is not None:
            source = self._groups.get(customer.group_id, for_update=True)
            self._leave(source, customer)
            customer = attrs.evolve(customer, group_id=None)
        return self._join(target, customer)

    @requires(Permission.GROUPS_MANAGE, "manage customer groups")
    @atomic
    def reassign(
        self, customer_ids: Collection[uuid.UUID], group_id: uuid.UUID | None
    ) -> Reassignment:
        """Move many customers into the group *group_id*, or out of every group (``None``).

        The seed's bulk reassignment: one transaction, all or nothing. Customers
        already there are left as they are. Every group the customers leave keeps
        exactly one Head Office while it has members: when its Head Office leaves, the
        first remaining member in navigation order takes over (as when one member
        leaves). A group that had no Head Office gets its first member in navigation
        order. The groups are locked in id order, then the customers, so two
        reassignments over the same groups wait for each other instead of deadlocking.

        Args:
            customer_ids: The customers to move; an id given twice counts once.
            group_id: The destination group, or ``None`` to take them out of any group.

        Returns:
            How many moved and stayed, and every group changed, as it is now.

        Raises:
            ValidationError: ``customer_ids``/``required`` when no id is given.
            NotFound: ``group``, or ``customer`` naming the first id that is none.
            Conflict: ``customer_ids``/``merged_customer`` for a customer merged into
                another.
        """
        ids = list(dict.fromkeys(customer_ids))
        if not ids:
            raise ValidationError("customer_ids", "required", "name at least one customer")
        if group_id is not None:
            self._groups.get(group_id, for_update=True)
        found = self._customers.get_many(ids, for_update=True)
        for customer_id in ids:
            customer = found.get(customer_id)
            if customer is None:
                raise NotFound("customer", customer_id)
            if customer.merged_into is not None:
                raise Conflict(
                    "customer_ids",
                    "merged_customer",
                    f"customer {customer.name!r} was merged into another; reassign that one",
                )
        moving = [customer for customer in found.values() if customer.group_id != group_id]
        touched = {customer.group_id for customer in moving if customer.group_id is not None}
        if moving and group_id is not None:
            touched.add(group_id)
        groups = [self._groups.get(gid, for_update=True) for gid in sorted(touched, key=str)]
        self._customers.move_to_group(moving, group_id)
        for left in sorted(touched - {group_id}, key=str):
            gone = [customer.id for customer in moving if customer.group_id == left]
            announce_departures(self._session, left, gone)
        now = tuple(sorted((self._designate_first(group) for group in groups), key=_group_order))
        return Reassignment(moved=len(moving), unchanged=len(ids) - len(moving), groups=now)

    @requires(Permission.GROUPS_MANAGE, "manage customer groups")
    @atomic
    def set_head_office(self, group_id: uuid.UUID, customer_id: uuid.UUID) -> CustomerGroup:
        """Designate a member as the group's Head Office.

        Raises:
            NotFound: ``group`` or ``customer``.
            Conflict: ``customer_id``/``group_member`` when it is not a member.
        """
        group = self._groups.get(group_id, for_update=True)
        customer = self._member(group, customer_id, for_update=True)
        if group.head_office_id == customer.id:
            return group
        designated = attrs.evolve(group, head_office_id=customer.id)
        self._groups.update(designated)
        return designated

    def members(self, group_id: uuid.UUID) -> list[GroupMember]:
        """List the members in navigation order, each marked if it is the Head Office.

        This is also the "customers in the selected group" report of the seed.

        Raises:
            NotFound: ``group``.
        """
        group = self._groups.get(group_id)
        return [
            GroupMember(customer=member, is_head_office=member.id == group.head_office_id)
            for member in self._customers.members(group.id)
        ]

    def head_office_of(self, customer_id: uuid.UUID) -> Customer:
        """Return the Head Office of the customer's group (the home icon).

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``group_member`` when it is in no group.
        """
        # One read: the customer, its group's name and the Head Office.
        lookup = self._customers.head_office_of(customer_id)
        _in_a_group(lookup)
        if lookup.found is None:  # cannot happen while the invariants hold
            raise Conflict(
                "head_office_id",
                "head_office_missing",
                f"group {lookup.group_name!r} has members but no Head Office",
            )
        return lookup.found

    def next(self, customer_id: uuid.UUID) -> Customer | None:
        """Return the next member of the customer's group, or ``None`` at the end.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``group_member`` when it is in no group.
        """
        return self._step(customer_id, Direction.NEXT)

    def previous(self, customer_id: uuid.UUID) -> Customer | None:
        """Return the previous member of the customer's group, or ``None`` at the start.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``group_member`` when it is in no group.
        """
        return self._step(customer_id, Direction.PREVIOUS)

    def search(self, query: str) -> list[GroupMatch]:
        """Find groups whose name contains *query*, case-insensitively, with member counts.

        The query matches literally (``%`` and ``_`` are not wildcards).

        Raises:
            ValidationError: ``query``/``min_length`` when the query has fewer than
                three characters (seed: three consecutive matching characters are
                required to return any result).
        """
        text = fold(clean_text("query", query))
        if len(text) < MIN_GROUP_SEARCH:
            raise ValidationError(
                "query",
                "min_length",
                f"a group search needs at least {MIN_GROUP_SEARCH} consecutive characters",
            )
        return self._groups.search(text)

    # -- the rules, once each -------------------------------------------------------

    def _check_name_free(self, name: str, group_id: uuid.UUID | None) -> None:
        existing = self._groups.find_by_name(fold(name))
        if existing is not None and existing.id != group_id:
            raise Conflict("name", "unique_group_name", f"a group named {existing.name!r} exists")

    def _member(
        self, group: CustomerGroup, customer_id: uuid.UUID, *, for_update: bool = False
    ) -> Customer:
        customer = self._customers.get(customer_id, for_update=for_update)
        if customer.group_id != group.id:
            raise Conflict(
                "customer_id",
                "group_member",
                f"customer {customer.name!r} is not a member of group {group.name!r}",
            )
        return customer

    def _step(self, customer_id: uuid.UUID, direction: Direction) -> Customer | None:
        # One read: the customer by id and its neighbour by one index seek together;
        # the customer's group is enough to step, so the group itself is not read.
        lookup = self._customers.neighbour(customer_id, direction)
        _in_a_group(lookup)
        return lookup.found

    def _designate_first(self, group: CustomerGroup) -> CustomerGroup:
        """Keep the group's Head Office if it is still a member, else its first member.

        After a bulk move the members are already in place, so the first member in
        navigation order is the successor the one-member rule (:meth:`_leave`) picks.
        """
        head_office = group.head_office_id
        if head_office is not None and self._customers.get(head_office).group_id == group.id:
            return group
        first = self._customers.first_member(group.id)
        designated = attrs.evolve(group, head_office_id=first.id if first else None)
        self._groups.update(designated)
        return designated

    def _join(self, group: CustomerGroup, customer: Customer) -> CustomerGroup:
        self._customers.update(attrs.evolve(customer, group_id=group.id))
        if group.head_office_id is None:
            group = attrs.evolve(group, head_office_id=customer.id)
            self._groups.update(group)
        return group

    def _leave(self, group: CustomerGroup, customer: Customer) -> CustomerGroup:
        left = leave_group(self._session.transaction, group, customer)
        announce_departures(self._session, group.id, [customer.id])
        return left


def leave_group(tx: Transaction, group: CustomerGroup, customer: Customer) -> CustomerGroup:
    """Take *customer* out of *group* (both locked), passing on the Head Office role.

    Returns:
        The group as it is now.
    """
    # The Head Office passes on *before* the member leaves, so that at no point does
    # the group name a Head Office that is not a member.
    if group.head_office_id == customer.id:
        successor = tx.customers.first_member(group.id)
        if successor is not None and successor.id == customer.id:
            successor = tx.customers.step(group.id, customer, Direction.NEXT)
        group = attrs.evolve(group, head_office_id=successor.id if successor else None)
        tx.groups.update(group)
    tx.customers.update(attrs.evolve(customer, group_id=None))
    return group


def _group_order(group: CustomerGroup) -> tuple[str, str]:
    return (fold(group.name), str(group.id))


def _in_a_group(lookup: MemberLookup) -> None:
    """Refuse a navigation read whose origin is in no group.

    Raises:
        Conflict: ``customer_id``/``group_member``.
    """
    if lookup.group_id is None:
        raise _in_no_group(lookup.origin_name)


def _in_no_group(name: str) -> Conflict:
    return Conflict("customer_id", "group_member", f"customer {name!r} is in no group")
