"""A batch decision on the SQL backend is set-based: its statements do not grow with it."""

from __future__ import annotations

import datetime
import itertools

import pytest
from test_reassignment import counting

from commtrak import Actor, Address, Store
from commtrak import field_service as fs
from commtrak.field_service import DecisionKind, Period, ReminderDecision

ACTOR = Actor.system()
DUE = datetime.date(2026, 3, 1)

#: Every kind of decision, in turn, with what it needs.
_KINDS = itertools.cycle(
    [
        {"kind": DecisionKind.AUTHORISED, "access_method": "Key safe"},
        {"kind": DecisionKind.CANCEL_ONCE},
        {"kind": DecisionKind.CANCEL_FOREVER},
        {"kind": DecisionKind.POSTPONE, "postpone_until": DUE + datetime.timedelta(days=9)},
        {"kind": DecisionKind.UNKNOWN, "note": "No answer"},
    ]
)


def _statements_to_decide(store: Store, size: int) -> list[str]:
    store.backend.erase_all_data()
    with store.session(actor=ACTOR) as s:
        customer = s.customers.add(name="C", address=Address(line1="1 St", postcode="6000"))
        home = s.work_addresses.add(customer.id, address=Address(line1="2 St", postcode="6000"))
        reminders = [
            fs.of(s).reminders.add(
                customer.id,
                description=f"Service {n}",
                due_on=DUE,
                every=Period.months(12),
                work_address_id=home.id if n % 2 else None,
            )
            for n in range(size)
        ]
    decisions = [
        ReminderDecision(r.id, **options) for r, options in zip(reminders, _KINDS, strict=False)
    ]
    with store.session(actor=ACTOR) as s, counting(store) as statements:
        batch = fs.of(s).reminders.decide_each(decisions)
    with store.session(actor=ACTOR) as s:
        for reminder in batch.reminders:
            assert fs.of(s).reminders.get(reminder.id) == reminder
        assert all(fs.of(s).reminders.decisions(r.id) for r in reminders)
    return statements


@pytest.mark.parametrize("sizes", [(5, 500)])
def test_the_statements_of_a_batch_decision_do_not_grow_with_it(
    sql_store: Store, sizes: tuple[int, int]
) -> None:
    small, large = (_statements_to_decide(sql_store, size) for size in sizes)
    assert len(small) == len(large)
    # one locking read, one UPDATE ... FROM, one INSERT ... SELECT (and the savepoint's)
    writes = [s for s in large if s.lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert len(writes) == 2


def test_a_refused_batch_writes_nothing_and_reads_once(sql_store: Store) -> None:
    with sql_store.session(actor=ACTOR) as s:
        customer = s.customers.add(name="C", address=Address(line1="1 St", postcode="6000"))
        reminder = fs.of(s).reminders.add(
            customer.id, description="Service", due_on=DUE, every=Period.weeks(1)
        )
    with (
        sql_store.session(actor=ACTOR) as s,
        counting(sql_store) as statements,
        pytest.raises(fs.DecisionsRefused),
    ):
        fs.of(s).reminders.decide([reminder.id], "postpone", postpone_until=DUE)
    assert not [s for s in statements if s.lstrip().upper().startswith(("UPDATE", "INSERT"))]
