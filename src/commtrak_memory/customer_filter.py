"""The memory backend's filtered customer list: the reference of every backend's answer."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from commtrak.model import Contact, Customer, CustomerFilter, fold
from commtrak.model.customer_filter import customer_list_key, values_match
from commtrak_memory.contracts import MemoryContractTables

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["filtered_customers"]


def _passes(
    customer: Customer,
    where: CustomerFilter,
    contacts: Callable[[uuid.UUID], list[Contact]],
    contracts: MemoryContractTables,
) -> bool:
    if customer.merged_into is not None:
        return False
    if where.name and where.name not in fold(customer.name):
        return False
    if where.group_id is not None and customer.group_id != where.group_id:
        return False
    if where.status is not None and customer.status is not where.status:
        return False
    if where.type is not None and customer.type != where.type:
        return False
    if where.departments is not None:
        departments = frozenset(
            name
            for contact in contacts(customer.id)
            if not contact.archived
            for name in contact.departments
        )
        if not values_match(where.departments, departments):
            return False
    if not values_match(where.contract_types, contracts.contract_types(customer.id)):
        return False
    return values_match(where.flags, contracts.flag_keys(customer.id))


def filtered_customers(
    customers: Iterable[Customer],
    contacts: Callable[[uuid.UUID], list[Contact]],
    contracts: MemoryContractTables,
    where: CustomerFilter,
    after: tuple[str, uuid.UUID] | None,
    limit: int,
) -> list[Customer]:
    """The page of *customers* passing *where* after *after*, in list order.

    *contacts* gives a customer's contacts (their departments are the customer's).
    """
    start = None if after is None else (after[0], str(after[1]))
    found = sorted(
        (
            customer
            for customer in customers
            if (start is None or customer_list_key(customer) > start)
            and _passes(customer, where, contacts, contracts)
        ),
        key=customer_list_key,
    )
    return found[:limit]
