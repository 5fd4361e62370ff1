"""The clock the library reads; injectable so that tests can pin time."""

from __future__ import annotations

import datetime
from collections.abc import Callable

__all__ = ["Clock", "utc_now"]

#: A function returning the current time as an aware UTC datetime.
Clock = Callable[[], datetime.datetime]


def utc_now() -> datetime.datetime:
    """Return the current time in UTC, to the microsecond (what every backend keeps)."""
    return datetime.datetime.now(datetime.UTC)
