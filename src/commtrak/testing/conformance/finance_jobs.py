"""Contract: consolidated invoices over the host's jobs, and the invoice's address (seed 004).

Every backend must bill several open jobs of one customer under one number, keep each
job's share reportable, close the jobs when the invoice is final (telling plugins after
the commit), hold a job on one final invoice at most (in its storage too), open the
jobs again when the invoice is voided, and print the customer's invoice address as it
was when the invoice was issued.
"""

from __future__ import annotations

import uuid

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import (
    Actor,
    Address,
    Conflict,
    NotFound,
    Session,
    Store,
    ValidationError,
    finance,
)
from commtrak.finance import Invoice, InvoiceState, Job, JobsInvoiced, JobState, line
from commtrak.finance.ports import finance_storage
from commtrak.hookspecs import hookimpl
from commtrak.plugins import PluginHost
from commtrak.testing.conformance._base import (
    STORE_PROPERTY,
    PinnedClock,
    StoreContract,
    add_customer,
    open_test_store,
)
from commtrak.testing.conformance.finance import GBP, TODAY, _rule, gbp, merging

__all__ = ["ConsolidatedInvoiceContract", "JobDiary", "JobPropertyContract"]


class JobDiary:
    """A host plugin that would cancel the future diary events of invoiced jobs."""

    def __init__(self) -> None:
        self.told: list[JobsInvoiced] = []

    @hookimpl
    def commtrak_jobs_invoiced(self, invoiced: JobsInvoiced) -> None:
        self.told.append(invoiced)


def open_job(session: Session, customer_id: uuid.UUID, reference: str, *prices: str) -> Job:
    """An open job with one labour line per price."""
    return finance.of(session).jobs.open(
        customer_id,
        reference=reference,
        description=f"Job {reference}",
        lines=[
            line(f"{reference} work {n}", quantity=1, unit_price=gbp(p), category="labour")
            for n, p in enumerate(prices)
        ],
    )


def consolidated(session: Session, customer_id: uuid.UUID, *jobs: Job) -> Invoice:
    """A draft consolidated invoice over *jobs*."""
    return finance.of(session).invoices.draft_consolidated(
        customer_id,
        [job.id for job in jobs],
        currency=GBP,
        description="This month's jobs",
        issued_on=TODAY,
        due_on=TODAY,
    )


class ConsolidatedInvoiceContract(StoreContract):
    """One invoice, one number, several jobs; each job on one final invoice at most."""

    def test_one_number_over_several_jobs_each_share_reportable(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        books = finance.of(session)
        boiler = open_job(session, customer.id, "J-1", "60.00", "15.50")
        valve = open_job(session, customer.id, "J-2", "24.50")
        bare = books.jobs.open(customer.id, reference="J-3", description="No price yet")
        with pytest.raises(ValidationError) as caught:
            consolidated(session, customer.id, boiler, bare)
        assert _rule(caught) == ("job_lines", "required")
        draft = books.invoices.draft_consolidated(
            customer.id,
            [boiler.id, valve.id, bare.id],
            currency=GBP,
            description="This month's jobs",
            issued_on=TODAY,
            due_on=TODAY,
            job_lines={bare.id: [line("Call-out", quantity=1, unit_price=gbp("10.00"))]},
        )
        assert draft.job_ids == (boiler.id, valve.id, bare.id)
        assert draft.job_totals() == {
            boiler.id: gbp("75.50"),
            valve.id: gbp("24.50"),
            bare.id: gbp("10.00"),
        }
        assert books.invoices.get(draft.id) == draft
        assert books.jobs.invoiced(customer.id) == {}  # a draft is not invoiced
        final = books.invoices.finalise(draft.id)
        assert (final.number, final.total) == (1, gbp("110.00"))
        assert books.jobs.invoiced(customer.id) == draft.job_totals()
        for job in (boiler, valve, bare):
            assert books.jobs.get(job.id).state is JobState.CLOSED
            assert books.jobs.invoice_of(job.id) == final.id
        assert books.jobs.for_customer(customer.id, open_only=True) == []
        assert [j.reference for j in books.jobs.for_customer(customer.id)] == ["J-1", "J-2", "J-3"]
        actions = [entry.action.value for entry in books.ledger.journal(customer.id)]
        assert actions.count("job_opened") == 3
        assert actions.count("job_closed") == 3

    def test_jobs_are_the_customer_s_open_ones(self, session: Session) -> None:
        customer, other = add_customer(session, "Customer"), add_customer(session, "Other")
        books = finance.of(session)
        mine = open_job(session, customer.id, "J-1", "10.00")
        theirs = open_job(session, other.id, "J-2", "10.00")
        with pytest.raises(Conflict) as conflict:
            consolidated(session, customer.id, mine, theirs)
        assert _rule(conflict) == ("job_ids", "same_customer")
        with pytest.raises(ValidationError) as caught:
            consolidated(session, customer.id, mine, mine)
        assert _rule(caught) == ("job_ids", "duplicate")
        with pytest.raises(ValidationError) as caught:
            consolidated(session, customer.id)
        assert _rule(caught) == ("job_ids", "required")
        with pytest.raises(NotFound):
            books.invoices.draft_consolidated(
                customer.id,
                [uuid.uuid4()],
                currency=GBP,
                description="x",
                issued_on=TODAY,
                due_on=TODAY,
            )
        books.jobs.close(mine.id)
        with pytest.raises(Conflict) as conflict:
            consolidated(session, customer.id, mine)
        assert _rule(conflict) == ("job_ids", "job_closed")
        with pytest.raises(Conflict) as conflict:
            books.jobs.close(mine.id)
        assert _rule(conflict) == ("job_id", "job_closed")
        with pytest.raises(Conflict) as conflict:
            books.jobs.open(customer.id, reference="J-1", description="Again")
        assert _rule(conflict) == ("reference", "unique_job_reference")
        assert books.invoices.for_customer(customer.id) == []  # nothing half-written

    def test_a_job_is_on_one_final_invoice_and_a_void_releases_it(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        books = finance.of(session)
        shared = open_job(session, customer.id, "J-1", "40.00")
        other = open_job(session, customer.id, "J-2", "5.00")
        first = consolidated(session, customer.id, shared, other)
        second = consolidated(session, customer.id, shared)  # drafts may overlap
        books.invoices.finalise(first.id)
        with pytest.raises(Conflict) as conflict:
            books.invoices.finalise(second.id)
        assert _rule(conflict) == ("job_ids", "job_closed")
        assert books.invoices.get(second.id).state is InvoiceState.DRAFT
        assert books.invoices.get(second.id).number is None  # the refusal took no number
        books.invoices.void(first.id)
        assert books.jobs.get(shared.id).state is JobState.OPEN
        assert books.jobs.invoice_of(shared.id) is None
        assert books.jobs.invoiced(customer.id) == {}
        again = books.invoices.finalise(second.id)
        assert again.number == 2
        assert books.jobs.invoice_of(shared.id) == again.id
        assert books.jobs.get(other.id).state is JobState.OPEN
        journal = [entry.action.value for entry in books.ledger.journal(customer.id)]
        assert journal.count("job_reopened") == 2

    def test_the_storage_holds_one_claim_per_job(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        books = finance.of(session)
        job = open_job(session, customer.id, "J-1", "40.00")
        one = books.invoices.finalise(consolidated(session, customer.id, job).id)
        two = books.invoices.finalise(
            books.invoices.draft(
                customer.id,
                currency=GBP,
                description="Plain",
                issued_on=TODAY,
                due_on=TODAY,
                lines=[line("Work", quantity=1, unit_price=gbp("1.00"))],
            ).id
        )
        jobs = finance_storage(session.transaction).jobs
        with pytest.raises(Conflict) as conflict, session.transaction.savepoint():
            jobs.claim([job.id], two.id)
        assert _rule(conflict) == ("job_ids", "already_invoiced")
        assert jobs.invoice_of(job.id) == one.id
        assert jobs.release(two.id) == []
        assert jobs.release(one.id) == [job.id]
        assert jobs.invoice_of(job.id) is None

    def test_finalising_tells_plugins_after_the_commit(
        self, commtrak_url: str, clock: PinnedClock, actor: Actor
    ) -> None:
        diary = JobDiary()
        plugins = PluginHost(plugins=[("diary", diary)])
        with open_test_store(commtrak_url, clock=clock, plugins=plugins) as store:
            with store.session(actor=actor) as s:
                customer = add_customer(s, "Customer")
                jobs = [open_job(s, customer.id, f"J-{n}", "10.00") for n in range(3)]
                draft = consolidated(s, customer.id, *jobs[:2])
                plain = consolidated(s, customer.id, jobs[2])
            with pytest.raises(RuntimeError), store.session(actor=actor) as s:
                finance.of(s).invoices.finalise(draft.id)
                raise RuntimeError("the host gives up")
            assert diary.told == []  # rolled back: never announced
            with store.session(actor=actor) as s:
                final = finance.of(s).invoices.finalise(draft.id)
                assert diary.told == []  # not before the commit
            [told] = diary.told
            assert told.invoice == final
            assert told.job_ids == (jobs[0].id, jobs[1].id)
            assert {job.state for job in told.jobs} == {JobState.CLOSED}
            with store.session(actor=actor) as s:
                finance.of(s).invoices.void(plain.id)  # a draft's void announces nothing
            assert len(diary.told) == 1

    def test_a_customer_merge_moves_the_jobs(
        self, commtrak_url: str, clock: PinnedClock, actor: Actor
    ) -> None:
        with merging(commtrak_url, clock, actor) as (s, survivor, merged):
            kept = open_job(s, survivor.id, "J-1", "10.00")
            moved = open_job(s, merged.id, "J-2", "20.00")
            entry = s.customers.merge(survivor.id, merged.id)
            assert entry.counts["finance.job.customer"] == 1
            books = finance.of(s)
            assert books.jobs.get(moved.id).customer_id == survivor.id
            final = books.invoices.finalise(consolidated(s, survivor.id, kept, moved).id)
            assert final.total == gbp("30.00")

    def test_the_invoice_address_is_kept_as_issued(self, session: Session) -> None:
        customer = session.customers.add(
            name="Real Peach", address=Address(line1="1 Peach St", town="Perth", postcode="6000")
        )
        insurer = session.invoice_addresses.add(
            customer.id, name="Insurer Ltd", address=Address(line1="9 Claim Rd", postcode="2000")
        )
        books = finance.of(session)
        own = books.invoices.draft(
            customer.id, currency=GBP, description="Own", issued_on=TODAY, due_on=TODAY
        )
        assert (own.invoice_address_id, own.address) == (
            None,
            ("Real Peach", "1 Peach St", "Perth", "6000"),
        )
        draft = books.invoices.draft(
            customer.id,
            currency=GBP,
            description="Claim",
            issued_on=TODAY,
            due_on=TODAY,
            lines=[line("Work", quantity=1, unit_price=gbp("50.00"))],
            invoice_address_id=insurer.id,
        )
        assert draft.invoice_address_id == insurer.id
        assert draft.address == ("Insurer Ltd", "9 Claim Rd", "2000")
        session.invoice_addresses.edit(insurer.id, name="Insurer plc")
        final = books.invoices.finalise(draft.id)  # rendered again when issued
        assert final.address == ("Insurer plc", "9 Claim Rd", "2000")
        session.invoice_addresses.edit(insurer.id, address=Address(line1="1 New Rd"))
        session.customers.edit(customer.id, name="Peach Renamed")
        assert books.invoices.get(final.id).address == final.address  # kept as issued
        assert books.invoices.get(final.id) == final
        other = add_customer(session, "Other")
        with pytest.raises(ValidationError) as caught:
            books.invoices.draft(
                other.id,
                currency=GBP,
                description="Not theirs",
                issued_on=TODAY,
                due_on=TODAY,
                invoice_address_id=insurer.id,
            )
        assert _rule(caught) == ("invoice_address_id", "customer_invoice_address")


class JobPropertyContract(ConsolidatedInvoiceContract):
    """Any history of consolidated invoices keeps each job on one final invoice at most."""

    @hypothesis.settings(**STORE_PROPERTY, max_examples=15)
    @hypothesis.given(
        steps=st.lists(
            st.tuples(
                st.sampled_from(["draft", "finalise", "void"]),
                st.lists(st.integers(0, 3), min_size=1, max_size=3, unique=True),
                st.integers(0, 20),
            ),
            max_size=10,
        )
    )
    def test_any_history_keeps_a_job_on_one_final_invoice(
        self, store: Store, actor: Actor, steps: list[tuple[str, list[int], int]]
    ) -> None:
        """Draft over random jobs, finalise or void random invoices; check after each step.

        Each step runs in its own session. After each: a job is closed exactly when
        one final invoice names it, and that invoice is the job's claim; the jobs'
        invoiced shares sum to the final consolidated invoices' totals.
        """
        store.backend.erase_all_data()
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Customer")
            jobs = [open_job(s, customer.id, f"J-{n}", f"{n + 1}.00") for n in range(4)]
        invoices: list[uuid.UUID] = []
        for action, picks, which in steps:
            try:
                with store.session(actor=actor) as s:
                    books = finance.of(s)
                    if action == "draft" or not invoices:
                        invoices.append(consolidated(s, customer.id, *(jobs[p] for p in picks)).id)
                    elif action == "finalise":
                        books.invoices.finalise(invoices[which % len(invoices)])
                    else:
                        books.invoices.void(invoices[which % len(invoices)])
            except (Conflict, ValidationError) as refused:
                assert refused.rule in {"job_closed", "draft_only", "already_void"}, refused
            with store.session(actor=actor) as s:
                books = finance.of(s)
                final = [
                    i
                    for i in books.invoices.for_customer(customer.id)
                    if i.state is InvoiceState.FINAL
                ]
                for job in jobs:
                    on = [i.id for i in final if job.id in i.job_ids]
                    assert len(on) <= 1
                    assert books.jobs.invoice_of(job.id) == (on[0] if on else None)
                    state = books.jobs.get(job.id).state
                    assert state is (JobState.CLOSED if on else JobState.OPEN)
                shares = books.jobs.invoiced(customer.id).values()
                assert finance.Money.total(shares, GBP) == finance.Money.total(
                    (i.total for i in final), GBP
                )
