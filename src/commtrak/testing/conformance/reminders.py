"""Contract: service reminders, their due list and batch decisions (seed 004).

Every backend must leave Dormant customers and work addresses out of the due list,
page it by key, apply a batch decision to every chosen reminder or to none (naming
each it could not apply), record every decision, and hand the authorised jobs to the
host only once the batch has committed.
"""

from __future__ import annotations

import datetime
import json
import uuid

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import Actor, Conflict, NotFound, Session, Store, ValidationError
from commtrak import field_service as fs
from commtrak.field_service import (
    DecisionKind,
    DecisionsRefused,
    Period,
    ReminderDecision,
    ReminderState,
    ServiceJobRequest,
    ServiceReminder,
    scheduling_references,
)
from commtrak.hookspecs import hookimpl
from commtrak.plugins import PluginHost
from commtrak.serialization import export_data, import_data
from commtrak.testing.conformance._base import (
    START,
    STORE_PROPERTY,
    PinnedClock,
    StoreContract,
    add_customer,
    open_test_store,
)
from commtrak.testing.conformance._record import add_work_address

TODAY = START.date()


def day(n: int) -> datetime.date:
    """The date *n* days after the contract's today."""
    return TODAY + datetime.timedelta(days=n)


def remind(
    session: Session,
    customer_id: uuid.UUID,
    due_in: int,
    *,
    every: Period | None = None,
    work_address_id: uuid.UUID | None = None,
    description: str = "Annual boiler service",
) -> ServiceReminder:
    """Add a reminder due *due_in* days from today, yearly unless *every* says."""
    return fs.of(session).reminders.add(
        customer_id,
        description=description,
        due_on=day(due_in),
        every=every or Period.months(12),
        work_address_id=work_address_id,
    )


class JobDesk:
    """A host plugin that would add the jobs it is asked for."""

    def __init__(self) -> None:
        self.batches: list[list[ServiceJobRequest]] = []

    @hookimpl
    def commtrak_service_jobs_requested(self, requests: list[ServiceJobRequest]) -> None:
        self.batches.append(list(requests))


def _rule(
    caught: pytest.ExceptionInfo[ValidationError] | pytest.ExceptionInfo[Conflict],
) -> tuple[str, str]:
    return (caught.value.field, caught.value.rule)


class ReminderContract(StoreContract):
    """Service reminders: adding, the due list, each decision, the all-or-nothing batch."""

    def test_a_reminder_is_for_a_customer_or_one_of_its_work_addresses(
        self, session: Session
    ) -> None:
        owner, other = add_customer(session, "Owner"), add_customer(session, "Other")
        home = add_work_address(session, owner, 1)
        reminders = fs.of(session).reminders
        mine = remind(session, owner.id, 30, work_address_id=home.id, description="  Gas safety ")
        assert (mine.description, mine.state, mine.created_by) == (
            "Gas safety",
            ReminderState.ACTIVE,
            "Sam Supervisor",
        )
        assert reminders.get(mine.id) == mine
        own = remind(session, owner.id, 10)
        assert reminders.for_customer(owner.id) == [own, mine]
        with pytest.raises(Conflict) as caught:
            remind(session, other.id, 1, work_address_id=home.id)
        assert _rule(caught) == ("work_address_id", "same_customer")
        with pytest.raises(NotFound):
            remind(session, uuid.uuid4(), 1)
        with pytest.raises(ValidationError) as blank:
            remind(session, owner.id, 1, description=" ")
        assert _rule(blank) == ("description", "required")
        with pytest.raises(ValidationError) as long:
            remind(session, owner.id, 1, every=Period(0, fs.PeriodUnit.DAYS))
        assert _rule(long) == ("period", "range")
        with pytest.raises(ValidationError) as when:
            reminders.add(owner.id, description="x", due_on=START, every=Period.days(1))
        assert _rule(when) == ("due_on", "type")
        with pytest.raises(NotFound):
            reminders.get(uuid.uuid4())
        assert reminders.for_customer(other.id) == []

    def test_the_due_list_leaves_out_dormant_customers_and_work_addresses(
        self, session: Session
    ) -> None:
        awake, asleep = add_customer(session, "Awake"), add_customer(session, "Asleep")
        home, shed = add_work_address(session, awake, 1), add_work_address(session, awake, 2)
        theirs = add_work_address(session, asleep, 3)
        own = remind(session, awake.id, 5)
        at_home = remind(session, awake.id, 3, work_address_id=home.id)
        in_shed = remind(session, awake.id, 4, work_address_id=shed.id)
        remind(session, asleep.id, 1)
        remind(session, asleep.id, 2, work_address_id=theirs.id)
        later = remind(session, awake.id, 40)
        reminders = fs.of(session).reminders
        session.customers.edit(asleep.id, status="dormant")
        session.work_addresses.edit(shed.id, status="dormant")
        assert reminders.due(day(30)) == [at_home, own]
        assert reminders.due(day(40)) == [at_home, own, later]
        assert reminders.due(day(30), customer_id=asleep.id) == []
        session.work_addresses.edit(shed.id, status="active")
        assert reminders.due(day(30)) == [at_home, in_shed, own]

    def test_the_due_list_pages_by_key(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        made = [remind(session, customer.id, n % 3) for n in range(7)]
        expected = sorted(made, key=lambda r: (r.due_on, str(r.id)))
        reminders = fs.of(session).reminders
        pages, after = [], None
        while page := reminders.due(day(10), after=after, limit=3):
            pages.append(page)
            after = page[-1]
        assert [len(page) for page in pages] == [3, 3, 1]
        assert [r for page in pages for r in page] == expected
        assert reminders.due(day(10), after=(expected[2].due_on, expected[2].id)) == expected[3:]
        for limit in (0, 1001):
            with pytest.raises(ValidationError) as caught:
                reminders.due(day(1), limit=limit)
            assert _rule(caught) == ("limit", "range")

    def test_each_decision_moves_its_reminder_as_the_seed_says(
        self, session: Session, clock: PinnedClock
    ) -> None:
        customer = add_customer(session, "Customer")
        home = add_work_address(session, customer, 1)
        monthly = remind(session, customer.id, 0, every=Period.months(1), work_address_id=home.id)
        weekly = remind(session, customer.id, 1, every=Period.weeks(2))
        ending = remind(session, customer.id, 2)
        postponed = remind(session, customer.id, 3)
        unknown = remind(session, customer.id, 4)
        reminders = fs.of(session).reminders
        batch = reminders.decide_each(
            [
                ReminderDecision(monthly.id, DecisionKind.AUTHORISED, access_method=" Key safe "),
                ReminderDecision(weekly.id, DecisionKind.CANCEL_ONCE, note="Away"),
                ReminderDecision(ending.id, DecisionKind.CANCEL_FOREVER),
                ReminderDecision(postponed.id, DecisionKind.POSTPONE, postpone_until=day(60)),
                ReminderDecision(unknown.id, DecisionKind.UNKNOWN),
            ]
        )
        after = {r.id: r for r in batch.reminders}
        assert after[monthly.id].due_on == datetime.date(2026, 3, 1)
        assert after[weekly.id].due_on == day(15)
        assert after[ending.id].state is ReminderState.ENDED
        assert after[postponed.id].due_on == day(60)
        assert after[unknown.id] == unknown
        for reminder in batch.reminders:
            assert reminders.get(reminder.id) == reminder
        assert [r.kind for r in batch.records] == list(DecisionKind)
        assert {r.batch_id for r in batch.records} == {batch.id}
        assert {(r.at, r.by) for r in batch.records} == {(clock.now, "Sam Supervisor")}
        [job] = batch.jobs
        assert (job.reminder_id, job.work_address_id, job.access_method, job.due_on) == (
            monthly.id,
            home.id,
            "Key safe",
            TODAY,
        )
        [record] = reminders.decisions(ending.id)
        assert (record.kind, record.state_after, record.due_before) == (
            DecisionKind.CANCEL_FOREVER,
            ReminderState.ENDED,
            ending.due_on,
        )
        assert reminders.decisions(weekly.id)[0].note == "Away"
        assert reminders.decisions(unknown.id)[0].due_after == unknown.due_on
        assert ending.id not in {r.id for r in reminders.due(day(400))}
        assert reminders.get(ending.id).state is ReminderState.ENDED  # kept, not deleted

    def test_a_batch_applies_to_every_reminder_or_reports_each_and_applies_none(
        self, session: Session
    ) -> None:
        customer = add_customer(session, "Customer")
        good, late, twice, ended = (remind(session, customer.id, n) for n in range(4))
        reminders = fs.of(session).reminders
        reminders.decide([ended.id], DecisionKind.CANCEL_FOREVER)
        missing = uuid.uuid4()
        with pytest.raises(DecisionsRefused) as caught:
            reminders.decide_each(
                [
                    ReminderDecision(good.id, DecisionKind.CANCEL_ONCE),
                    ReminderDecision(late.id, DecisionKind.POSTPONE, postpone_until=day(0)),
                    ReminderDecision(twice.id, DecisionKind.UNKNOWN),
                    ReminderDecision(twice.id, DecisionKind.UNKNOWN),
                    ReminderDecision(ended.id, DecisionKind.CANCEL_ONCE),
                    ReminderDecision(missing, DecisionKind.CANCEL_ONCE),
                    ReminderDecision(good.id, DecisionKind.AUTHORISED),
                ]
            )
        assert _rule(caught) == ("decisions", "not_applicable")
        assert [(f.reminder_id, f.field, f.rule) for f in caught.value.failures] == [
            (late.id, "postpone_until", "after_due_date"),
            (twice.id, "reminder_id", "once_per_batch"),
            (ended.id, "reminder_id", "reminder_ended"),
            (missing, "reminder_id", "not_found"),
            (good.id, "reminder_id", "once_per_batch"),
        ]
        assert reminders.get(good.id) == good
        assert reminders.decisions(good.id) == reminders.decisions(twice.id) == []
        for kind, options, field, rule in (
            (DecisionKind.AUTHORISED, {}, "access_method", "required"),
            (DecisionKind.POSTPONE, {}, "postpone_until", "required"),
            (DecisionKind.UNKNOWN, {"postpone_until": day(9)}, "postpone_until", "postpone_only"),
            (DecisionKind.UNKNOWN, {"access_method": "Key"}, "access_method", "authorised_only"),
            ("maybe", {}, "kind", "choice"),
        ):
            with pytest.raises(DecisionsRefused) as refused:
                reminders.decide([good.id], kind, **options)
            [failure] = refused.value.failures
            assert (failure.field, failure.rule) == (field, rule)
        with pytest.raises(ValidationError) as empty:
            reminders.decide([], DecisionKind.UNKNOWN)
        assert _rule(empty) == ("decisions", "required")
        assert reminders.get(good.id) == good

    def test_authorised_jobs_reach_the_host_only_once_committed(
        self, commtrak_url: str, actor: Actor, clock: PinnedClock
    ) -> None:
        desk = JobDesk()
        plugins = PluginHost(plugins=[("desk", desk)])
        with open_test_store(commtrak_url, clock=clock, plugins=plugins) as store:
            with store.session(actor=actor) as s:
                customer = add_customer(s, "Customer")
                first, second = remind(s, customer.id, 1), remind(s, customer.id, 2)
            with pytest.raises(RuntimeError), store.session(actor=actor) as s:
                fs.of(s).reminders.decide([first.id], "authorised", access_method="Key safe")
                raise RuntimeError("the request failed after the decision")
            assert desk.batches == []
            with store.session(actor=actor) as s:
                assert fs.of(s).reminders.get(first.id) == first
                assert fs.of(s).reminders.decisions(first.id) == []
                batch = fs.of(s).reminders.decide(
                    [first.id, second.id], "authorised", access_method="Tenant lets in"
                )
                fs.of(s).reminders.decide([first.id], "unknown")
                assert desk.batches == []
            assert desk.batches == [list(batch.jobs)]
            assert [job.access_method for job in desk.batches[0]] == ["Tenant lets in"] * 2

    def test_a_customer_merge_moves_reminders_decisions_and_activities(
        self, commtrak_url: str, actor: Actor, clock: PinnedClock
    ) -> None:
        references = scheduling_references.SCHEDULING_REFERENCES
        with open_test_store(commtrak_url, clock=clock, customer_references=references) as store:
            with store.session(actor=actor) as s:
                survivor, merged = add_customer(s, "Survivor"), add_customer(s, "Merged")
                home = add_work_address(s, merged, 1)
                moving = remind(s, merged.id, 3, work_address_id=home.id)
                fs.of(s).reminders.decide([moving.id], "unknown")
                call = fs.of(s).activities.add(merged.id, kind="Call", due_on=day(1))
            with store.session(actor=actor) as s:
                s.customers.merge(survivor.id, merged.id)
                reminders = fs.of(s).reminders
                assert [r.id for r in reminders.for_customer(survivor.id)] == [moving.id]
                assert reminders.due(day(10)) == reminders.for_customer(survivor.id)
                assert reminders.decisions(moving.id)[0].customer_id == survivor.id
                assert fs.of(s).activities.get(call.id).customer_id == survivor.id
                assert reminders.for_customer(merged.id) == []

    def test_deleting_a_customer_erases_its_reminders_decisions_and_activities(
        self, session: Session
    ) -> None:
        gone, kept = add_customer(session, "Gone"), add_customer(session, "Kept")
        home = add_work_address(session, gone, 1)
        erased = remind(session, gone.id, 1, work_address_id=home.id)
        fs.of(session).reminders.decide([erased.id], "cancel_once")
        fs.of(session).activities.add(gone.id, kind="Call", due_on=day(1))
        other = remind(session, kept.id, 1)
        session.customers.delete(gone.id, confirm="Gone")
        reminders = fs.of(session).reminders
        assert reminders.for_customer(gone.id) == []
        assert fs.of(session).activities.for_customer(gone.id) == []
        assert reminders.decisions(erased.id) == []
        assert reminders.due(day(30)) == [other]

    def test_reminders_and_decisions_export_and_import_back_equal(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Customer")
            home = add_work_address(s, customer, 1)
            kept = remind(s, customer.id, 3, work_address_id=home.id)
            ended = remind(s, customer.id, 4, every=Period.weeks(6))
            fs.of(s).reminders.decide([ended.id], "cancel_forever", note="Sold the house")
            fs.of(s).reminders.decide([kept.id], "postpone", postpone_until=day(20))
            exported = export_data(s)
            before = (
                fs.of(s).reminders.for_customer(customer.id),
                fs.of(s).reminders.decisions(kept.id) + fs.of(s).reminders.decisions(ended.id),
            )
        assert len(exported["service_reminders"]) == 2
        assert len(exported["reminder_decisions"]) == 2
        document = json.loads(json.dumps(exported))
        with open_test_store("memory://") as memory:
            with memory.session(actor=actor) as s:
                counts = import_data(s, document)
            assert (counts["service_reminders"], counts["reminder_decisions"]) == (2, 2)
            with memory.session(actor=actor) as s:
                assert export_data(s) == exported
                reminders = fs.of(s).reminders
                assert (
                    reminders.for_customer(customer.id),
                    reminders.decisions(kept.id) + reminders.decisions(ended.id),
                ) == before

    def test_an_import_checks_reminders_by_the_services_rules(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            owner, other = add_customer(s, "Owner"), add_customer(s, "Other")
            home = add_work_address(s, owner, 1)
            remind(s, owner.id, 1, work_address_id=home.id)
            exported = export_data(s)
        exported["service_reminders"][0]["customer_id"] = str(other.id)
        with (
            open_test_store("memory://") as memory,
            pytest.raises(ValidationError) as caught,
            memory.session(actor=actor) as s,
        ):
            import_data(s, json.loads(json.dumps(exported)))
        assert _rule(caught) == ("work_address_id", "same_customer")


#: A reminder of a random set: its customer (index), its work address (index or
#: ``None``), its due date (days from today), whether it was cancelled forever.
_REMINDER = st.tuples(
    st.integers(0, 2), st.none() | st.integers(0, 2), st.integers(-30, 60), st.booleans()
)

#: A decision of a random batch: which reminder (an index past the end is unknown),
#: the kind, the postponement (days after the reminder's due date, may be before it),
#: and whether an authorised one names its access method.
_DECISION = st.tuples(
    st.integers(0, 6),
    st.sampled_from(DecisionKind),
    st.integers(-3, 40),
    st.booleans(),
)


def _expected_failure(
    reminder: ServiceReminder | None,
    kind: DecisionKind,
    until: datetime.date,
    with_access: bool,
    repeated: bool,
) -> tuple[str, str] | None:
    """The oracle: which rule a decision breaks, if any (field, rule)."""
    if repeated:
        return ("reminder_id", "once_per_batch")
    if reminder is None:
        return ("reminder_id", "not_found")
    if reminder.state is ReminderState.ENDED:
        return ("reminder_id", "reminder_ended")
    if kind is DecisionKind.AUTHORISED and not with_access:
        return ("access_method", "required")
    if kind is DecisionKind.POSTPONE and until <= reminder.due_on:
        return ("postpone_until", "after_due_date")
    return None


def _expected_after(
    reminder: ServiceReminder, kind: DecisionKind, until: datetime.date
) -> tuple[datetime.date, ReminderState]:
    """The oracle: the due date and state a decision leaves."""
    if kind in (DecisionKind.AUTHORISED, DecisionKind.CANCEL_ONCE):
        return reminder.period.after(reminder.due_on), reminder.state
    if kind is DecisionKind.CANCEL_FOREVER:
        return reminder.due_on, ReminderState.ENDED
    if kind is DecisionKind.POSTPONE:
        return until, reminder.state
    return reminder.due_on, reminder.state


class ReminderPropertyContract(ReminderContract):
    """Random reminder sets: the due list is the oracle's, and batches all-or-nothing."""

    @hypothesis.settings(**STORE_PROPERTY)
    @hypothesis.given(
        dormant_customers=st.lists(st.booleans(), min_size=3, max_size=3),
        dormant_addresses=st.lists(st.booleans(), min_size=9, max_size=9),
        reminders=st.lists(_REMINDER, max_size=12),
        until=st.integers(-10, 70),
        page=st.integers(1, 5),
    )
    def test_the_due_list_is_the_active_reminders_due_of_active_customers_and_addresses(
        self,
        store: Store,
        actor: Actor,
        dormant_customers: list[bool],
        dormant_addresses: list[bool],
        reminders: list[tuple[int, int | None, int, bool]],
        until: int,
        page: int,
    ) -> None:
        store.backend.erase_all_data()
        with store.session(actor=actor) as s:
            customers = [add_customer(s, f"Customer {n}") for n in range(3)]
            addresses = [
                [add_work_address(s, c, f"{n}-{k}") for k in range(3)]
                for n, c in enumerate(customers)
            ]
            made = []
            for owner, where, due_in, ended in reminders:
                at = None if where is None else addresses[owner][where].id
                made.append(remind(s, customers[owner].id, due_in, work_address_id=at))
                if ended:
                    fs.of(s).reminders.decide([made[-1].id], "cancel_forever")
            for n, customer in enumerate(customers):
                for k, address in enumerate(addresses[n]):
                    if dormant_addresses[n * 3 + k]:
                        s.work_addresses.edit(address.id, status="dormant")
                if dormant_customers[n]:
                    s.customers.edit(customer.id, status="dormant")
            awake_customers = {c.id for c in customers if s.customers.get(c.id).status == "active"}
            awake_addresses = {
                w.id
                for c in customers
                for w in s.work_addresses.for_customer(c.id)
                if w.status == "active"
            }
            stored = [fs.of(s).reminders.get(r.id) for r in made]
            expected = sorted(
                (
                    r
                    for r in stored
                    if r.state is ReminderState.ACTIVE
                    and r.due_on <= day(until)
                    and r.customer_id in awake_customers
                    and (r.work_address_id is None or r.work_address_id in awake_addresses)
                ),
                key=lambda r: (r.due_on, str(r.id)),
            )
            listed: list[ServiceReminder] = []
            after = None
            while found := fs.of(s).reminders.due(day(until), after=after, limit=page):
                assert len(found) <= page
                listed += found
                after = found[-1]
            assert listed == expected

    @hypothesis.settings(**STORE_PROPERTY)
    @hypothesis.given(
        reminders=st.lists(
            st.tuples(
                st.integers(-10, 30),
                st.sampled_from([Period.days(10), Period.weeks(1), Period.months(1)]),
                st.booleans(),
            ),
            min_size=1,
            max_size=6,
        ),
        decisions=st.lists(_DECISION, min_size=1, max_size=8),
    )
    def test_a_random_batch_applies_every_decision_or_none(
        self,
        store: Store,
        actor: Actor,
        reminders: list[tuple[int, Period, bool]],
        decisions: list[tuple[int, DecisionKind, int, bool]],
    ) -> None:
        store.backend.erase_all_data()
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Customer")
            made = []
            for due_in, every, ended in reminders:
                made.append(remind(s, customer.id, due_in, every=every))
                if ended:
                    fs.of(s).reminders.decide([made[-1].id], "cancel_forever")
            before = [fs.of(s).reminders.get(r.id) for r in made]
        unknown = uuid.uuid4()
        batch, failures, seen = [], [], set()
        for pick, kind, postpone_in, with_access in decisions:
            reminder = before[pick] if pick < len(before) else None
            reminder_id = reminder.id if reminder else unknown
            until = (reminder.due_on if reminder else TODAY) + datetime.timedelta(postpone_in)
            batch.append(
                ReminderDecision(
                    reminder_id,
                    kind,
                    postpone_until=until if kind is DecisionKind.POSTPONE else None,
                    access_method="Key safe"
                    if kind is DecisionKind.AUTHORISED and with_access
                    else "",
                )
            )
            failure = _expected_failure(reminder, kind, until, with_access, reminder_id in seen)
            seen.add(reminder_id)
            if failure is not None:
                failures.append((reminder_id, *failure))
        with store.session(actor=actor) as s:
            service = fs.of(s).reminders
            if failures:
                with pytest.raises(DecisionsRefused) as caught:
                    service.decide_each(batch)
                assert [(f.reminder_id, f.field, f.rule) for f in caught.value.failures] == failures
                assert [service.get(r.id) for r in made] == before
                cancelled = {r.id for r, (_, _, e) in zip(made, reminders, strict=True) if e}
                assert all(len(service.decisions(r.id)) == (r.id in cancelled) for r in made)
                return
            decided = service.decide_each(batch)
            assert len(decided.records) == len(batch)
            for decision, record in zip(batch, decided.records, strict=True):
                original = next(r for r in before if r.id == decision.reminder_id)
                due_on, state = _expected_after(
                    original, decision.kind, decision.postpone_until or TODAY
                )
                assert (record.kind, record.due_before, record.due_after, record.state_after) == (
                    decision.kind,
                    original.due_on,
                    due_on,
                    state,
                )
                assert (service.get(original.id).due_on, service.get(original.id).state) == (
                    due_on,
                    state,
                )
                assert record in service.decisions(original.id)
            assert len(decided.jobs) == sum(d.kind is DecisionKind.AUTHORISED for d in batch)
