"""Aged-debt buckets: by days past due as of a date, the boundaries in the younger bucket."""

from __future__ import annotations

import datetime

import pytest

from commtrak.finance.model.statements import AGE_BUCKETS, age_bounds, age_bucket

AS_OF = datetime.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("days_past_due", "bucket"),
    [
        (-5, "current"),
        (0, "current"),
        (1, "days_1_30"),
        (30, "days_1_30"),
        (31, "days_31_60"),
        (60, "days_31_60"),
        (61, "days_61_90"),
        (90, "days_61_90"),
        (91, "over_90"),
        (900, "over_90"),
    ],
)
def test_an_invoice_falls_in_the_bucket_of_its_days_past_due(
    days_past_due: int, bucket: str
) -> None:
    due = AS_OF - datetime.timedelta(days=days_past_due)
    assert age_bucket(due, AS_OF) == bucket


def test_the_bounds_are_the_buckets_earliest_due_dates() -> None:
    assert len(age_bounds(AS_OF)) == len(AGE_BUCKETS) - 1
    assert [age_bucket(bound, AS_OF) for bound in age_bounds(AS_OF)] == list(AGE_BUCKETS[:-1])
