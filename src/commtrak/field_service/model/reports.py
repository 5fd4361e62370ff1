"""The rows of the reports (seed 003), and writing any of them as CSV.

Every row is a flat attrs value whose fields are the report's columns, in order; a
report is an iterator of rows, read a page at a time, so a report of any size streams
into :func:`write_csv` without being held whole.
"""

from __future__ import annotations

import csv
import datetime
import enum
import uuid
from collections.abc import Iterable
from typing import IO, Any

import attrs

__all__ = ["ContractRow", "GroupCustomerRow", "GroupRow", "write_csv"]


@attrs.frozen
class GroupRow:
    """A customer group matching a report's group criterion, with its member count."""

    group_id: uuid.UUID
    group: str
    member_count: int


@attrs.frozen
class GroupCustomerRow:
    """A member of a group matching the criterion (the customers-by-group report)."""

    group: str
    member_count: int
    customer_id: uuid.UUID
    customer: str
    status: str
    type: str


@attrs.frozen
class ContractRow:
    """A customer with one of its contracts: the contract columns of seed 003.

    A customer without a contract (in a report without contract criteria) has one row
    whose contract columns are blank.
    """

    customer_id: uuid.UUID
    customer: str
    group: str
    contract: str
    contract_type: str
    contract_start: datetime.date | None
    contract_duration_months: int | None
    contract_expiry: datetime.date | None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def write_csv(rows: Iterable[Any], file: IO[str], *, kind: type | None = None) -> int:
    """Write *rows* (report rows, one attrs class) to *file* as CSV with a header line.

    The header is the row class's field names (*kind*'s, so that an empty report still
    has its header; else the first row's). Dates are ISO dates, empty values empty.
    Rows are written as they come: memory does not grow with the report.

    Returns:
        How many rows were written (the header not counted).
    """
    writer = csv.writer(file, lineterminator="\n")
    written = 0
    names: list[str] | None = None
    if kind is not None:
        names = [field.name for field in attrs.fields(kind)]
        writer.writerow(names)
    for row in rows:
        if names is None:
            names = [field.name for field in attrs.fields(type(row))]
            writer.writerow(names)
        writer.writerow([_cell(getattr(row, name)) for name in names])
        written += 1
    return written
