"""Recurrence periods: calendar months keep the day or take the month's last."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commtrak import ValidationError
from commtrak.field_service import Period, PeriodUnit
from commtrak.field_service.model.periods import check_date, check_period


@pytest.mark.parametrize(
    ("period", "start", "after"),
    [
        (Period.months(1), datetime.date(2026, 1, 31), datetime.date(2026, 2, 28)),
        (Period.months(1), datetime.date(2028, 1, 31), datetime.date(2028, 2, 29)),
        (Period.months(12), datetime.date(2026, 3, 31), datetime.date(2027, 3, 31)),
        (Period.months(13), datetime.date(2026, 12, 15), datetime.date(2028, 1, 15)),
        (Period.weeks(2), datetime.date(2026, 12, 25), datetime.date(2027, 1, 8)),
        (Period.days(10), datetime.date(2026, 2, 25), datetime.date(2026, 3, 7)),
    ],
)
def test_a_period_moves_a_date_forward(
    period: Period, start: datetime.date, after: datetime.date
) -> None:
    assert period.after(start) == after


@given(st.dates(max_value=datetime.date(9000, 1, 1)), st.integers(1, 120))
def test_a_month_period_keeps_the_day_or_takes_the_last(start: datetime.date, count: int) -> None:
    moved = Period.months(count).after(start)
    months = (moved.year - start.year) * 12 + moved.month - start.month
    assert months == count
    assert moved.day == start.day or (moved + datetime.timedelta(days=1)).day == 1


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        (Period(0, PeriodUnit.DAYS), "range"),
        (Period(121, PeriodUnit.MONTHS), "range"),
        (Period(1.5, PeriodUnit.DAYS), "type"),  # type: ignore[arg-type]
        (Period(1, "years"), "type"),  # type: ignore[arg-type]
        ("monthly", "type"),
    ],
)
def test_check_period_names_the_rule(value: object, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_period(value)
    assert (caught.value.field, caught.value.rule) == ("period", rule)


def test_a_datetime_is_no_date() -> None:
    with pytest.raises(ValidationError) as caught:
        check_date("due_on", datetime.datetime(2026, 1, 1))
    assert (caught.value.field, caught.value.rule) == ("due_on", "type")
    assert check_period(Period(2, "weeks")) == Period.weeks(2)  # type: ignore[arg-type]
