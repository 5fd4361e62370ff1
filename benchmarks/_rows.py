"""Rows the benchmarks bulk-load straight into commtrak's tables, bypassing the services."""

from __future__ import annotations

import uuid
from typing import Any

from commtrak.model import fold


def member_row(n: int, name: str, group_id: uuid.UUID) -> dict[str, Any]:
    """The row of the *n*-th member of a group (the first one is its Head Office)."""
    return {
        "id": uuid.uuid4(),
        "name": name,
        "name_key": fold(name),
        "type": "company",
        "status": "active",
        "address_line1": f"{n} Peach Street",
        "address_line2": "",
        "address_line3": "",
        "address_town": "Perth",
        "address_county": "",
        "address_postcode": "6000",
        "address_country": "",
        "group_id": group_id,
        "is_head_office": n == 0,
        "sales_contact_id": None,
    }


def driver_ids(dialect: str, *ids: uuid.UUID) -> tuple[Any, ...]:
    """The ids as the driver takes them: hex text on SQLite (as the backend stores them)."""
    return tuple(value.hex for value in ids) if dialect == "sqlite" else ids
