"""Reading many rows fast: the driver's own values, decoded once, without SQLAlchemy's types.

A due list page or a batch reads hundreds or thousands of reminders at a time, and the
column types' result processing (an id's hex text to a UUID, a date's text to a date)
then costs more than the query. :func:`raw_columns` selects the columns with no type,
so each value arrives as the driver gives it, and the decoders here turn them into
the same values the types would have made: UUIDs built straight from their number,
ISO dates and times read by the C parsers of :mod:`datetime`.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Table, type_coerce
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import NullType

__all__ = ["as_date", "as_datetime", "as_id", "as_optional_id", "raw_columns"]

_SAFE = uuid.SafeUUID.unknown
_new = object.__new__
_set = object.__setattr__


def raw_columns(table: Table, names: Sequence[str] | None = None) -> list[ColumnElement[Any]]:
    """*table*'s columns (all, or *names*), selected with no type: the driver's values."""
    columns: list[Column[Any]] = (
        list(table.columns) if names is None else [table.c[n] for n in names]
    )
    return [type_coerce(column, NullType()).label(column.name) for column in columns]


def as_id(value: Any) -> uuid.UUID:
    """An id as stored: a UUID (PostgreSQL), or its 32 hex digits (elsewhere)."""
    if isinstance(value, uuid.UUID):
        return value
    made: uuid.UUID = _new(uuid.UUID)
    _set(made, "int", int(value, 16))
    _set(made, "is_safe", _SAFE)
    return made


def as_optional_id(value: Any) -> uuid.UUID | None:
    """:func:`as_id`, or ``None`` for ``NULL``."""
    return None if value is None else as_id(value)


def as_date(value: Any) -> datetime.date:
    """A date as stored: a date, or its ISO text (SQLite)."""
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def as_datetime(value: Any) -> datetime.datetime:
    """A UTC time as stored (naive UTC, or its ISO text on SQLite), made timezone-aware."""
    found = (
        value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(value)
    )
    return found.replace(tzinfo=datetime.UTC)
