"""The SLA measure is a pure function: properties against an oracle, and its refusals."""

from __future__ import annotations

import datetime
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commtrak import ValidationError
from commtrak.field_service import Sla, met, sla_outcome

START = datetime.datetime(2026, 2, 1, 9, 0, tzinfo=datetime.UTC)
MINUTE = datetime.timedelta(minutes=1)


@given(
    response=st.integers(1, 600),
    extra=st.integers(0, 600),
    responded=st.none() | st.integers(0, 2000),
    resolved_after=st.none() | st.integers(0, 2000),
)
def test_met_is_both_targets_met_at_or_before_their_due_time(
    response: int, extra: int, responded: int | None, resolved_after: int | None
) -> None:
    sla = Sla(uuid.uuid4(), "Gold", response, response + extra)
    responded_at = None if responded is None else START + responded * MINUTE
    resolved = None if responded is None or resolved_after is None else responded + resolved_after
    resolved_at = None if resolved is None else START + resolved * MINUTE
    outcome = sla_outcome(sla, START, responded_at, resolved_at)
    assert outcome.response_met == (responded is not None and responded <= response)
    assert outcome.resolution_met == (resolved is not None and resolved <= response + extra)
    assert met(sla, START, responded_at, resolved_at) == (
        outcome.response_met and outcome.resolution_met
    )


@pytest.mark.parametrize(
    ("responded", "resolved", "field", "rule"),
    [
        (START - MINUTE, None, "responded_at", "before_request"),
        (None, START - MINUTE, "resolved_at", "before_request"),
        (START + 2 * MINUTE, START + MINUTE, "resolved_at", "before_response"),
        (START.replace(tzinfo=None), None, "responded_at", "aware_datetime"),
    ],
)
def test_impossible_times_are_refused(
    responded: datetime.datetime | None, resolved: datetime.datetime | None, field: str, rule: str
) -> None:
    with pytest.raises(ValidationError) as error:
        sla_outcome(Sla(uuid.uuid4(), "Gold", 1, 2), START, responded, resolved)
    assert (error.value.field, error.value.rule) == (field, rule)
