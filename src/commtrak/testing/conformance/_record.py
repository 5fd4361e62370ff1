"""Helpers of the customer record contracts."""

from __future__ import annotations

from typing import Any

from commtrak import Address, Customer, Session, WorkAddress


def place(n: int | str) -> Address:
    """A work address's address, different for each *n* (Address Line 1 only)."""
    return Address(line1=f"{n} Orchard Road")


def add_work_address(
    session: Session, customer: Customer, n: int | str = 1, **fields: Any
) -> WorkAddress:
    """Add a work address to *customer* at :func:`place` *n*."""
    return session.work_addresses.add(customer.id, address=place(n), **fields)


def statuses(session: Session, customer: Customer) -> dict[str, tuple[str, bool]]:
    """Each work address of *customer*, by Address Line 1: its status and cascade mark."""
    return {
        w.address.line1: (w.status.value, w.dormant_by_cascade)
        for w in session.work_addresses.for_customer(customer.id)
    }
