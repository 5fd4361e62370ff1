"""Recurrence periods: every so many days, weeks or months (seed 004, service reminders).

A period moves a date forward by itself with :meth:`Period.after`. A month is a calendar
month: the day of the month is kept, or becomes the month's last day where the month
is shorter (31 January plus one month is 28 or 29 February).
"""

from __future__ import annotations

import calendar
import datetime
import enum
from typing import Final

import attrs

from commtrak.errors import ValidationError

__all__ = ["MAX_PERIOD", "Period", "PeriodUnit", "check_date", "check_period"]

#: The most units a period may count (ten years of months).
MAX_PERIOD: Final = 120


class PeriodUnit(enum.StrEnum):
    """What a period counts."""

    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


@attrs.frozen
class Period:
    """Every *count* *unit*: ``Period(12, PeriodUnit.MONTHS)`` is yearly.

    Attributes:
        count: How many units, from 1 to :data:`MAX_PERIOD`.
        unit: Days, weeks or months.
    """

    count: int
    unit: PeriodUnit

    @classmethod
    def months(cls, count: int) -> Period:
        """Every *count* calendar months."""
        return check_period(cls(count, PeriodUnit.MONTHS))

    @classmethod
    def weeks(cls, count: int) -> Period:
        """Every *count* weeks."""
        return check_period(cls(count, PeriodUnit.WEEKS))

    @classmethod
    def days(cls, count: int) -> Period:
        """Every *count* days."""
        return check_period(cls(count, PeriodUnit.DAYS))

    def after(self, date: datetime.date) -> datetime.date:
        """Return *date* moved forward by this period."""
        if self.unit is PeriodUnit.DAYS:
            return date + datetime.timedelta(days=self.count)
        if self.unit is PeriodUnit.WEEKS:
            return date + datetime.timedelta(weeks=self.count)
        months = date.year * 12 + date.month - 1 + self.count
        year, month = divmod(months, 12)
        last = calendar.monthrange(year, month + 1)[1]
        return datetime.date(year, month + 1, min(date.day, last))


def check_period(value: object, field: str = "period") -> Period:
    """Return *value* as a valid period.

    Raises:
        ValidationError: ``{field}``/``type`` for anything but a :class:`Period` of
            a whole count and a known unit, ``{field}``/``range`` for a count outside
            1 to :data:`MAX_PERIOD`.
    """
    if not isinstance(value, Period) or type(value.count) is not int:
        raise ValidationError(field, "type", "must be a Period of a whole number of units")
    try:
        unit = PeriodUnit(value.unit)
    except ValueError:
        known = ", ".join(PeriodUnit)
        raise ValidationError(field, "type", f"the unit must be one of {known}") from None
    if not 1 <= value.count <= MAX_PERIOD:
        raise ValidationError(field, "range", f"must count 1 to {MAX_PERIOD} {unit}")
    return Period(value.count, unit)


def check_date(field: str, value: object) -> datetime.date:
    """Return *value*, a date (and not a datetime).

    Raises:
        ValidationError: ``{field}``/``type``.
    """
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise ValidationError(field, "type", "must be a date")
    return value
