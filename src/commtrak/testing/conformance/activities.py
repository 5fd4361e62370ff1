"""Contract: scheduled activities on a customer and their due list (seed 004)."""

from __future__ import annotations

import json

import pytest

from commtrak import Actor, Conflict, NotFound, Session, Store, ValidationError
from commtrak import field_service as fs
from commtrak.field_service import ActivityState, Period
from commtrak.serialization import export_data, import_data
from commtrak.testing.conformance._base import StoreContract, add_customer, open_test_store
from commtrak.testing.conformance._record import add_work_address
from commtrak.testing.conformance.reminders import day


class ActivityContract(StoreContract):
    """Scheduled activities: whose they are, the due list, completing and cancelling."""

    def test_an_activity_is_a_customers_and_names_only_its_contacts_and_addresses(
        self, session: Session
    ) -> None:
        owner, other = add_customer(session, "Owner"), add_customer(session, "Other")
        fran = session.contacts.add(owner.id, name="Fran")
        home = add_work_address(session, owner, 1)
        activities = fs.of(session).activities
        call = activities.add(
            owner.id,
            kind=" Follow-up call ",
            due_on=day(2),
            notes="About the quote",
            contact_id=fran.id,
            work_address_id=home.id,
        )
        assert (call.kind, call.state, call.period) == ("Follow-up call", ActivityState.OPEN, None)
        assert activities.get(call.id) == call
        assert activities.for_customer(owner.id) == [call]
        for wrong, field in (
            ({"contact_id": fran.id}, "contact_id"),
            ({"work_address_id": home.id}, "work_address_id"),
        ):
            with pytest.raises(Conflict) as caught:
                activities.add(other.id, kind="Call", due_on=day(1), **wrong)  # type: ignore[arg-type]
            assert (caught.value.field, caught.value.rule) == (field, "same_customer")
        with pytest.raises(ValidationError) as blank:
            activities.add(owner.id, kind="", due_on=day(1))
        assert (blank.value.field, blank.value.rule) == ("kind", "required")
        with pytest.raises(NotFound):
            activities.get(call.customer_id)

    def test_the_activity_due_list_is_open_activities_by_date_paged_by_key(
        self, session: Session
    ) -> None:
        customer = add_customer(session, "Customer")
        activities = fs.of(session).activities
        made = [activities.add(customer.id, kind=f"Call {n}", due_on=day(n % 4)) for n in range(6)]
        activities.cancel(made[0].id)
        late = activities.add(customer.id, kind="Visit", due_on=day(30))
        expected = sorted(made[1:], key=lambda a: (a.due_on, str(a.id)))
        first = activities.due(day(10), limit=3)
        assert first + activities.due(day(10), after=first[-1], limit=3) == expected
        assert activities.due(day(30), after=expected[-1]) == [late]
        session.customers.edit(customer.id, status="dormant")  # work for staff, still listed
        assert activities.due(day(10), customer_id=customer.id) == expected

    def test_completing_a_recurring_activity_schedules_the_next(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        activities = fs.of(session).activities
        schedule = activities.add(
            customer.id, kind="Maintenance visit", due_on=day(0), every=Period.months(3)
        )
        done, following = activities.complete(schedule.id, notes="Filters changed")
        assert (done.state, done.notes, done.closed_by) == (
            ActivityState.DONE,
            "Filters changed",
            "Sam Supervisor",
        )
        assert following is not None and following.state is ActivityState.OPEN
        assert (following.due_on, following.period) == (day(0).replace(month=5), Period.months(3))
        with pytest.raises(Conflict) as caught:
            activities.cancel(done.id)
        assert (caught.value.field, caught.value.rule) == ("state", "activity_closed")
        moved = activities.reschedule(following.id, day(100))
        assert activities.get(following.id) == moved and moved.due_on == day(100)
        once = activities.add(customer.id, kind="Call", due_on=day(1))
        assert activities.complete(once.id)[1] is None
        assert [a.state for a in activities.for_customer(customer.id)] == [
            ActivityState.DONE,
            ActivityState.DONE,
            ActivityState.OPEN,
        ]

    def test_activities_export_and_import_back_equal(self, store: Store, actor: Actor) -> None:
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Customer")
            activities = fs.of(s).activities
            weekly = activities.add(customer.id, kind="Call", due_on=day(1), every=Period.weeks(1))
            activities.complete(weekly.id)
            exported = export_data(s)
            before = activities.for_customer(customer.id)
        assert len(exported["scheduled_activities"]) == 2
        with open_test_store("memory://") as memory:
            with memory.session(actor=actor) as s:
                import_data(s, json.loads(json.dumps(exported)))
            with memory.session(actor=actor) as s:
                assert fs.of(s).activities.for_customer(customer.id) == before
                assert export_data(s) == exported
