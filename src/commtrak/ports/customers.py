"""The customer port: customers, and the base of every repository of records a customer owns.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping, Sequence
from typing import Protocol

from commtrak.model.communication import Channel
from commtrak.model.customer_filter import CustomerFilter
from commtrak.model.customers import Customer
from commtrak.model.groups import Direction, MemberLookup

__all__ = ["CustomerChildRepository", "CustomerRepository"]


class CustomerRepository(Protocol):
    """Stores :class:`~commtrak.model.Customer` records and answers membership queries."""

    def add(self, customer: Customer) -> None:
        """Store a new customer.

        Raises:
            Conflict: ``id``/``unique_id`` when a customer with that id exists.
        """

    def add_many(self, customers: Sequence[Customer]) -> None:
        """Store new customers at once, counting each in its group (bulk import).

        One ``INSERT`` (an executemany) on SQL backends, plus one update of the member
        count per group. None of them is a Head Office: the caller designates one
        (:meth:`GroupRepository.update`) for a group that has none.

        Raises:
            Conflict: ``id``/``unique_id`` as in :meth:`add`; nothing is written.
        """

    def get(self, customer_id: uuid.UUID, *, for_update: bool = False) -> Customer:
        """Return the customer with that id.

        With *for_update*, the backend also locks the customer until the transaction
        ends, so that a read-then-write service is not raced by another process.

        Raises:
            NotFound: ``customer`` when there is none.
        """
        ...

    def update(self, customer: Customer) -> None:
        """Replace the stored customer that has ``customer.id`` (every field, group too).

        Raises:
            NotFound: ``customer`` when there is none.
        """

    def get_many(
        self, customer_ids: Collection[uuid.UUID], *, for_update: bool = False
    ) -> dict[uuid.UUID, Customer]:
        """Return the customers among *customer_ids* that exist, by id.

        Ids that name no customer are left out; the caller decides what a missing one
        means. With *for_update*, every customer read is locked, as by :meth:`get`. A
        SQL backend reads with one statement per 30,000 ids, never one per id.
        """
        ...

    def move_to_group(self, customers: Sequence[Customer], group_id: uuid.UUID | None) -> int:
        """Put every one of *customers* in group *group_id* (``None``: in no group).

        The customers are as the caller read them (locked) in this transaction; their
        ``group_id`` says which group each leaves, so a backend that keeps member counts
        moves them without reading the customers again. None of the moved customers is
        any group's Head Office afterwards: the caller designates the groups' Head
        Offices (with :meth:`GroupRepository.update`) once the members have moved.
        Set-based: one statement per 30,000 customers, and one per group left.

        Returns:
            How many customers moved.
        """
        ...

    def members(self, group_id: uuid.UUID) -> list[Customer]:
        """Return the members of a group in navigation order (empty if none)."""
        ...

    def step(self, group_id: uuid.UUID, origin: Customer, direction: Direction) -> Customer | None:
        """Return the member just after (or before) *origin* in navigation order.

        *origin* need not be a member; its position is given by its navigation key.
        A SQL backend answers with one index seek, not by reading the group.

        Returns:
            The neighbouring member, or ``None`` at either end.
        """
        ...

    def neighbour(self, customer_id: uuid.UUID, direction: Direction) -> MemberLookup:
        """Read the customer and the member just after (or before) it in its group.

        What :meth:`step` answers from a customer already read, in one read from the
        customer's id: a SQL backend runs one statement (the origin by primary key, its
        neighbour by one seek in the navigation index), not one per question.

        Returns:
            The origin's name and group, and the neighbour (``None`` at either end,
            or when the origin is in no group).

        Raises:
            NotFound: ``customer`` when there is no customer *customer_id*.
        """
        ...

    def head_office_of(self, customer_id: uuid.UUID) -> MemberLookup:
        """Read the customer, its group's name and its group's Head Office, in one read.

        Returns:
            The origin's name and group, the group's name, and its Head Office
            (``None`` when the origin is in no group, or the group has none).

        Raises:
            NotFound: ``customer`` when there is no customer *customer_id*.
        """
        ...

    def first_member(self, group_id: uuid.UUID) -> Customer | None:
        """Return the first member in navigation order, or ``None`` if there are none."""
        ...

    def member_count(self, group_id: uuid.UUID) -> int:
        """Return how many customers belong to the group."""
        ...

    def merged_into(self, customer_id: uuid.UUID) -> list[Customer]:
        """Return the customers merged into the customer, by id text."""
        ...

    def delete(self, customer_ids: Collection[uuid.UUID]) -> int:
        """Delete the customers for good (an administrator's deletion); return how many.

        Nothing may name them any more: the caller removed their records first.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Customer]:
        """Return up to *limit* customers whose id sorts after *after*, by id text.

        Used to read a whole store in batches (export) without loading it at once.
        """
        ...

    def filtered(
        self, where: CustomerFilter, after: tuple[str, uuid.UUID] | None, limit: int
    ) -> list[Customer]:
        """Return up to *limit* customers passing *where*, after *after*, in list order.

        The order is :func:`~commtrak.model.customer_list_key` (folded name, then id);
        *after* is the ``(folded name, id)`` of the last customer of the page before.
        Merged customers are left out. The service passes the filter's name folded, its
        contract types and flags folded, and its departments in the store's spelling (the
        one contacts hold). A SQL backend answers with one statement over the index of
        ``(name_key, id)``, the multi-valued conditions as ``EXISTS`` subqueries.
        """
        ...

    def eligible(self, channel: Channel | None = None) -> list[Customer]:
        """Return the active customers automatic communications by *channel* may reach.

        Those whose ``communication`` includes *channel*, or, with ``None``, holds at
        least one channel (:func:`commtrak.model.communication.accepts`), in navigation
        order. Dormant customers (merged ones among them) are never listed. One query on
        SQL backends.
        """
        ...

    def count_sales_contacts(self, contact_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Return, for each of *contact_ids* that is someone's sales contact, how many.

        Contacts that are nobody's sales contact are left out. One grouped query on
        SQL backends.
        """
        ...

    def repoint_sales_contacts(self, mapping: Mapping[uuid.UUID, uuid.UUID]) -> int:
        """Replace each sales contact that is a key of *mapping* by its value.

        A SQL backend does this in one statement, however large the mapping.

        Returns:
            How many customers changed.
        """
        ...


class CustomerChildRepository(Protocol):
    """Records that belong to a customer and move with it when customers are merged."""

    def count_for_customer(self, customer_id: uuid.UUID) -> int:
        """Return how many records belong to the customer (one counting query)."""
        ...

    def reassign_customer(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Give every record of customer *from_id* to customer *to_id*.

        One statement on SQL backends, however many records move.

        Returns:
            How many records moved.
        """
        ...

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        """Delete every record of the customer for good (an administrator's deletion).

        Records of the records go with them (a ticket's notes). One statement per table
        on SQL backends.

        Returns:
            How many records were deleted.
        """
        ...
