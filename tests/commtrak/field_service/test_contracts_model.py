"""The pure rules of contracts, flags, the filter's matching and the CSV writer."""

from __future__ import annotations

import datetime
import io
import uuid

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import ValidationError, ValuesFilter
from commtrak.field_service import GroupRow, add_months, write_csv
from commtrak.field_service.model.flags import check_flags
from commtrak.model import values_match

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "expiry"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2026, 1, 15), 12, D(2027, 1, 15)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 12, 1), 1, D(2027, 1, 1)),
    ],
)
def test_the_expiry_rule(start: D, months: int, expiry: D) -> None:
    assert add_months(start, months) == expiry


@hypothesis.given(st.dates(max_value=D(9000, 1, 1)), st.integers(0, 1200))
def test_months_on_keep_the_day_or_end_the_month(start: D, months: int) -> None:
    moved = add_months(start, months)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    assert moved.day == start.day or (moved + datetime.timedelta(days=1)).day == 1


def test_flags_fold_and_keep_the_first_spelling() -> None:
    assert check_flags(["b", " VIP", "vip", "A"]) == ("A", "b", "VIP")
    with pytest.raises(ValidationError) as caught:
        check_flags("VIP")
    assert caught.value.rule == "type"


@hypothesis.given(st.frozensets(st.sampled_from("abc")), st.frozensets(st.sampled_from("abc")))
def test_contains_is_a_subset_and_equals_is_equality(
    asked: frozenset[str], has: frozenset[str]
) -> None:
    assert values_match(ValuesFilter.contains(*asked), has) == (asked <= has)
    assert values_match(ValuesFilter.equals(*asked), has) == (asked == has)
    assert values_match(None, has)


def test_csv_has_a_header_even_when_empty_and_blank_cells_for_none() -> None:
    out = io.StringIO()
    assert write_csv([], out, kind=GroupRow) == 0
    assert out.getvalue() == "group_id,group,member_count\n"
    out = io.StringIO()
    row = GroupRow(uuid.UUID(int=1), 'Say "hi", 100%', 2)
    assert write_csv(iter([row]), out) == 1
    assert out.getvalue().splitlines()[1] == f'{row.group_id},"Say ""hi"", 100%",2'
    assert write_csv([], io.StringIO()) == 0
