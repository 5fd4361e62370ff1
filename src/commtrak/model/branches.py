"""Branches of a company customer (seed 002, "Branches")."""

from __future__ import annotations

import uuid

import attrs

from commtrak.model._text import fold
from commtrak.model.customers import Address

__all__ = ["Branch", "branch_order_key"]


@attrs.frozen
class Branch:
    """An office of a company customer that manages some of its work addresses.

    Attributes:
        id: Made by the library.
        customer_id: The company the branch belongs to; it never changes, except when
            a customer merge moves the branch to the surviving customer.
        name: Never blank.
        address: The branch's address; Address Line 1 is required.
        phone: The branch's telephone number.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    name: str
    address: Address = attrs.field(factory=Address)
    phone: str = ""


def branch_order_key(branch: Branch) -> tuple[str, str]:
    """Order a customer's branches on every backend: folded name, then id."""
    return (fold(branch.name), str(branch.id))
