"""Contract: merging customers moves everything, in one transaction, with a journal entry."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable, Iterator

import attrs
import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import (
    Actor,
    Conflict,
    Customer,
    CustomerAction,
    PermissionDenied,
    PortalTemplates,
    Session,
    Store,
    ValidationError,
)
from commtrak.customer_references import contributed_references
from commtrak.ports import Transaction
from commtrak.testing.conformance._base import (
    START,
    STORE_PROPERTY,
    PinnedClock,
    StoreContract,
    add_customer,
    address,
    make_group,
    open_test_store,
)
from commtrak.testing.conformance._portal import login, portal_user
from commtrak.testing.conformance._record import add_work_address

#: The kinds the contexts (finance, the service context) contribute.
CONTRIBUTED_KINDS = tuple(reference.kind for reference in contributed_references())
#: The kinds of records a customer merge moves: commtrak's own, the contexts', then the
#: host's jobs.
KINDS = (
    "contact.customer",
    "branch.customer",
    "work_address.customer",
    "invoice_address.customer",
    "invoice.customer",
    "ticket.customer",
    "data_sheet.customer",
    "portal_templates.customer",
    *CONTRIBUTED_KINDS,
    "host.job_customer",
    "custom_value.customer",
)
#: The kinds that :func:`_children` gives no record of (they need a portal contact).
PORTAL_KINDS = ("data_sheet.customer", "portal_templates.customer")
#: The kinds :func:`_children` makes nothing of: the portal's, the contexts', and custom
#: values (the contexts' own contracts move theirs).
CHILDLESS_KINDS = (*PORTAL_KINDS, *CONTRIBUTED_KINDS, "custom_value.customer")


class HostJobs:
    """A host application's jobs, each naming a customer, as a customer reference.

    It keeps its rows in a dictionary, so it works beside any backend; setting ``fail``
    makes its repoint raise, which interrupts a merge after commtrak's own records moved.
    """

    kind = "host.job_customer"

    def __init__(self) -> None:
        self.rows: dict[str, uuid.UUID] = {}
        self.fail = False

    def count(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        return sum(1 for owner in self.rows.values() if owner == customer_id)

    def repoint(self, transaction: Transaction, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        if self.fail:
            raise RuntimeError("the host's jobs table is locked")
        moved = [job for job, owner in self.rows.items() if owner == from_id]
        self.rows.update(dict.fromkeys(moved, to_id))
        return len(moved)


def _children(session: Session, customer: Customer, n: int) -> None:
    """Give *customer* one of each child record, numbered *n*."""
    contact = session.contacts.add(customer.id, name=f"Contact {n}")
    if not customer.sales_contact_id:
        session.customers.edit(customer.id, sales_contact_id=contact.id)
    branch = session.branches.add(customer.id, name=f"Branch {n}", address=address(n))
    add_work_address(session, customer, n, branch_id=branch.id)
    insurer = session.invoice_addresses.add(customer.id, name=f"Insurer {n}", address=address(n))
    session.invoices.add(
        customer.id, amount="10", due_on=START.date(), invoice_address_id=insurer.id
    )
    session.tickets.open(customer.id, subject=f"Ticket {n}", contact_id=contact.id)


def _snapshot(session: Session, *customers: Customer) -> dict[uuid.UUID, object]:
    """Everything a merge of *customers* could change, by customer."""
    return {
        c.id: (
            session.customers.get(c.id),
            session.contacts.for_customer(c.id, include_archived=True),
            session.branches.for_customer(c.id),
            session.work_addresses.for_customer(c.id),
            session.invoice_addresses.for_customer(c.id),
            session.invoices.for_customer(c.id),
            session.transaction.tickets.count_for_customer(c.id),
            session.customers.journal(c.id),
            session.custom_fields.values(c.id, include_archived=True),
        )
        for c in customers
    }


@attrs.frozen
class MergedKit:
    """A customer merged into another, and records a writer may name beside it.

    Attributes:
        merged: The merged customer.
        survivor: The customer it was merged into.
        field_id: A custom field of customers.
        template_id: A data-sheet template.
        invoice_address_id: An invoice address of the survivor.
        group_id: A group with one member.
    """

    merged: Customer
    survivor: Customer
    field_id: uuid.UUID
    template_id: uuid.UUID
    invoice_address_id: uuid.UUID
    group_id: uuid.UUID


def merged_kit(session: Session) -> MergedKit:
    """Merge a new customer into another; return it with records to name beside it."""
    survivor = add_customer(session, "Survivor")
    merged = add_customer(session, "Merged")
    insurer = session.invoice_addresses.add(survivor.id, name="Insurer", address=address(3))
    group, _ = make_group(session, "Real Peach", "HQ")
    session.customers.merge(survivor.id, merged.id)
    return MergedKit(
        merged=session.customers.get(merged.id),
        survivor=survivor,
        field_id=session.custom_fields.define("Grade", "text", "customer").id,
        template_id=session.data_sheets.create_template("Meter reading", ["Meter"]).id,
        invoice_address_id=insurer.id,
        group_id=group.id,
    )


#: Every service method that changes a customer or adds a record to it, called for a
#: merged customer: each must refuse with ``customer_id``/``merged_customer``. A new
#: writer that takes a customer id belongs here.
MERGED_CUSTOMER_WRITERS: dict[str, Callable[[Session, MergedKit], object]] = {
    "customers.edit": lambda s, k: s.customers.edit(k.merged.id, name="Back"),
    "customers.change_type": lambda s, k: s.customers.change_type(k.merged.id, "private"),
    "customers.set_invoice_format": lambda s, k: s.customers.set_invoice_format(
        k.merged.id, "[customer_name]"
    ),
    "contacts.add": lambda s, k: s.contacts.add(k.merged.id, name="Late Contact"),
    "contacts.clear_primary": lambda s, k: s.contacts.clear_primary(k.merged.id),
    "custom_fields.set_value": lambda s, k: s.custom_fields.set_value(
        k.merged.id, k.field_id, "Gold"
    ),
    "tickets.open": lambda s, k: s.tickets.open(k.merged.id, subject="Leak"),
    "data_sheets.assign": lambda s, k: s.data_sheets.assign(
        k.merged.id, [k.template_id], tickets_from_email="tickets@example.com"
    ),
    "branches.add": lambda s, k: s.branches.add(k.merged.id, name="North", address=address()),
    "work_addresses.add": lambda s, k: s.work_addresses.add(k.merged.id, address=address()),
    "invoice_addresses.add": lambda s, k: s.invoice_addresses.add(
        k.merged.id, name="Insurer", address=address()
    ),
    "invoice_addresses.assign": lambda s, k: s.invoice_addresses.assign(
        k.invoice_address_id, k.merged.id
    ),
    "invoice_addresses.unassign": lambda s, k: s.invoice_addresses.unassign(
        k.invoice_address_id, k.merged.id
    ),
    "invoices.add": lambda s, k: s.invoices.add(k.merged.id, amount="10", due_on=START.date()),
    "groups.add_member": lambda s, k: s.groups.add_member(k.group_id, k.merged.id),
    "groups.move_member": lambda s, k: s.groups.move_member(k.merged.id, k.group_id),
    "duplicates.merge": lambda s, k: s.duplicates.merge(k.merged.id),
}


class CustomerMergeContract(StoreContract):
    """Customer merges: what moves, what is kept, group rules, atomicity."""

    @pytest.fixture
    def jobs(self) -> HostJobs:
        """The host application's jobs, registered as a customer reference."""
        return HostJobs()

    @pytest.fixture
    def merge_store(self, commtrak_url: str, clock: PinnedClock, jobs: HostJobs) -> Iterator[Store]:
        """A store whose customer merges also repoint :class:`HostJobs`."""
        with open_test_store(commtrak_url, clock=clock, customer_references=[jobs]) as store:
            yield store

    def test_a_customer_merge_moves_every_child_record(
        self, merge_store: Store, actor: Actor, jobs: HostJobs
    ) -> None:
        with merge_store.session(actor=actor) as s:
            survivor = add_customer(s, "Survivor")
            merged = s.customers.add(
                name="Merged", address=address(2), advertising_source="Radio", price_book="PB"
            )
            _children(s, merged, 1)
            merged = s.customers.get(merged.id)
            jobs.rows.update({"J-1": merged.id, "J-2": merged.id, "J-3": survivor.id})
            plan = s.customers.preview_merge(survivor.id, merged.id)
            moving = dict.fromkeys(KINDS, 1) | dict.fromkeys(CHILDLESS_KINDS, 0)
            assert dict(plan.references) == moving | {"host.job_customer": 2}
            assert s.customers.get(survivor.id).advertising_source == ""  # preview wrote nothing
            entry = s.customers.merge(survivor.id, merged.id)
        with merge_store.session(actor=actor) as s:
            after = s.customers.get(survivor.id)
            assert (after.advertising_source, after.price_book) == ("Radio", "PB")
            assert after.sales_contact_id == merged.sales_contact_id
            assert entry.action is CustomerAction.CUSTOMERS_MERGED
            assert (entry.customer_id, entry.other_id, entry.by) == (
                survivor.id,
                merged.id,
                actor.name,
            )
            assert dict(entry.counts) == dict(plan.references)
            assert entry.changes["advertising_source"] == ("", "Radio")
            assert s.customers.journal(survivor.id) == [entry]
            assert s.customers.journal(merged.id) == [entry]
            ended = s.customers.get(merged.id)  # kept, marked, emptied
            assert ended.merged_into == survivor.id
            assert ended.status.value == "dormant"
            for listing in (
                s.contacts.for_customer,
                s.branches.for_customer,
                s.work_addresses.for_customer,
                s.invoice_addresses.for_customer,
                s.invoices.for_customer,
            ):
                assert listing(merged.id) == []
                assert len(listing(survivor.id)) == 1
            [work] = s.work_addresses.for_customer(survivor.id)
            assert work.branch_id == s.branches.for_customer(survivor.id)[0].id
            tickets = s.transaction.tickets
            assert (
                tickets.count_for_customer(merged.id),
                tickets.count_for_customer(survivor.id),
            ) == (0, 1)
            assert set(jobs.rows.values()) == {survivor.id}
            with pytest.raises(Conflict) as caught:
                s.customers.edit(merged.id, name="Back")
            assert (caught.value.field, caught.value.rule) == ("customer_id", "merged_customer")
            with pytest.raises(Conflict):
                s.work_addresses.add(merged.id, address=address())

    def test_an_interrupted_customer_merge_leaves_the_store_unchanged(
        self, merge_store: Store, actor: Actor, jobs: HostJobs
    ) -> None:
        with merge_store.session(actor=actor) as s:
            group, [hq, member] = make_group(s, "Real Peach", "HQ", "Member")
            lone = add_customer(s, "Lone")
            _children(s, hq, 1)
            _children(s, lone, 2)
            grade = s.custom_fields.define("Grade", "text", "customer")
            s.custom_fields.set_value(hq.id, grade.id, "Gold")
            jobs.rows["J-1"] = hq.id
            before = _snapshot(s, hq, member, lone)
            group_before = s.groups.members(group.id)
        jobs.fail = True
        with pytest.raises(RuntimeError), merge_store.session(actor=actor) as s:
            s.customers.merge(lone.id, hq.id)
        with merge_store.session(actor=actor) as s:
            assert _snapshot(s, hq, member, lone) == before
            assert s.groups.members(group.id) == group_before
            assert jobs.rows == {"J-1": hq.id}
        with merge_store.session(actor=actor) as s:  # the error is caught: the session goes on
            with pytest.raises(RuntimeError):
                s.customers.merge(lone.id, hq.id)
            assert _snapshot(s, hq, member, lone) == before

    def test_custom_values_merge_the_survivors_winning_the_merged_filling_blanks(
        self, session: Session
    ) -> None:
        define = session.custom_fields.define
        grade, renewal = define("Grade", "text", "customer"), define("Renewal", "date", "customer")
        limit, tier = (
            define("Limit", "number", "customer"),
            define("Tier", "choice", "customer", choices=["A", "B"]),
        )
        survivor, merged = add_customer(session, "Survivor"), add_customer(session, "Merged")
        given = {
            survivor.id: {grade.id: "Gold", limit.id: "5"},
            merged.id: {grade.id: "Silver", renewal.id: "2026-05-01", limit.id: "9", tier.id: "B"},
        }
        for owner_id, chosen in given.items():
            for field_id, value in chosen.items():
                session.custom_fields.set_value(owner_id, field_id, value)
        session.custom_fields.archive_values(limit.id, survivor.id)  # archived is not blank
        session.custom_fields.archive_values(tier.id, merged.id)
        plan = session.customers.preview_merge(survivor.id, merged.id)
        assert plan.references["custom_value.customer"] == 2
        assert {(v.field_id, v.owner_id, v.archived) for v in plan.custom_values} == {
            (renewal.id, survivor.id, False),
            (tier.id, survivor.id, True),
        }
        assert session.custom_fields.values(survivor.id) == {"Grade": "Gold"}  # wrote nothing
        entry = session.customers.merge(survivor.id, merged.id)
        assert entry.counts["custom_value.customer"] == 2
        assert not [name for name in entry.changes if "custom" in name]  # no value journaled
        values = session.custom_fields.values
        assert values(survivor.id) == {"Grade": "Gold", "Renewal": datetime.date(2026, 5, 1)}
        assert values(survivor.id, include_archived=True) == {
            "Grade": "Gold",
            "Limit": decimal.Decimal("5"),
            "Renewal": datetime.date(2026, 5, 1),
            "Tier": "B",
        }
        # what the survivor did not take stays with the merged customer, kept and erasable
        assert values(merged.id, include_archived=True) == {
            "Grade": "Silver",
            "Limit": decimal.Decimal("9"),
        }
        assert session.custom_fields.erase_values(grade.id, merged.id) == 1

    def test_a_customer_merge_respects_the_group_rules(self, session: Session) -> None:
        group, [hq, member] = make_group(session, "Real Peach", "HQ", "Member")
        outsider = add_customer(session, "Outsider")
        session.customers.merge(outsider.id, hq.id)  # the outsider takes the HQ's place
        assert session.groups.get(group.id).head_office_id == outsider.id
        assert session.customers.get(outsider.id).group_id == group.id
        assert session.customers.get(hq.id).group_id is None
        session.customers.merge(member.id, outsider.id)  # one group: the role passes on
        assert session.groups.get(group.id).head_office_id == member.id
        assert [m.customer.id for m in session.groups.members(group.id)] == [member.id]
        other_group, [stranger] = make_group(session, "Other", "Stranger")
        with pytest.raises(Conflict) as caught:
            session.customers.merge(member.id, stranger.id)
        assert (caught.value.field, caught.value.rule) == ("merged_id", "different_groups")
        assert session.groups.get(other_group.id).head_office_id == stranger.id
        for join in (session.groups.add_member, lambda g, c: session.groups.move_member(c, g)):
            with pytest.raises(Conflict) as rejoin:
                join(group.id, hq.id)  # a merged customer joins no group
            assert rejoin.value.rule == "merged_customer"

    def test_a_merge_keeps_one_primary_contact(self, session: Session) -> None:
        homes = [
            session.customers.add(
                name=f"Jo Private {n}", type="private", address=address(f"Home {n}")
            )
            for n in (1, 2)
        ]
        primaries = [
            session.contacts.set_primary(session.contacts.add(home.id, name=f"Jo {n}").id)
            for n, home in enumerate(homes)
        ]
        survivor, merged = homes
        session.customers.merge(survivor.id, merged.id)
        assert session.contacts.primary(survivor.id) == session.contacts.get(primaries[0].id)
        moved = session.contacts.get(primaries[1].id)
        assert (moved.customer_id, moved.primary) == (survivor.id, False)
        # A survivor without a primary contact takes the merged customer's.
        third = session.customers.add(name="Jo Private 3", type="private", address=address(3))
        session.customers.merge(third.id, survivor.id)
        assert session.contacts.primary(third.id) == session.contacts.get(primaries[0].id)
        # A company has no primary contact: the merged customer's moves as an ordinary one.
        company = add_customer(session, "Jo Holdings")
        session.customers.merge(company.id, third.id)
        assert session.contacts.primary(company.id) is None
        assert not session.contacts.get(primaries[0].id).primary
        assert session.contacts.get(primaries[0].id).customer_id == company.id

    def test_tickets_data_sheets_and_portal_templates_move_to_the_survivor(
        self, merge_store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        portal = ("ticket.customer", "data_sheet.customer", "portal_templates.customer")
        with merge_store.session(actor=actor) as s:
            survivor = add_customer(s, "Survivor")
            merged = add_customer(s, "Merged")
            meter = s.data_sheets.create_template("Meter reading", ["Meter"])
            survey = s.data_sheets.create_template("Survey", ["Rooms"])
            s.data_sheets.assign(survivor.id, [survey.id], tickets_from_email="kept@example.com")
            s.data_sheets.assign(merged.id, [meter.id], tickets_from_email="gone@example.com")
            user = portal_user(s, clock, merged.id, "pat@example.com")
            principal = login(s, clock, user)
            draft = s.data_sheets.save(
                principal, customer_id=merged.id, template_id=meter.id, values={"Meter": "M-1"}
            )
            ticket = s.tickets.open(merged.id, subject="Leak", contact_id=user.contact.id)
            plan = s.customers.preview_merge(survivor.id, merged.id)
            assert {kind: plan.references[kind] for kind in portal} == dict.fromkeys(portal, 1)
            entry = s.customers.merge(survivor.id, merged.id)
            assert {kind: entry.counts[kind] for kind in portal} == dict.fromkeys(portal, 1)
        with merge_store.session(actor=actor) as s:
            assert s.tickets.get(ticket.id).customer_id == survivor.id
            for repository in (s.transaction.tickets, s.transaction.data_sheets):
                assert repository.count_for_customer(merged.id) == 0
                assert repository.count_for_customer(survivor.id) == 1
            # The survivor's choice now holds the merged customer's templates too, so
            # the draft that moved can still be finished; its own address stays.
            assert s.data_sheets.portal_templates(survivor.id) == PortalTemplates(
                customer_id=survivor.id,
                template_ids=(meter.id, survey.id),
                tickets_from_email="kept@example.com",
            )
            principal = login(s, clock, user)
            assert [sheet.customer_id for sheet in s.data_sheets.for_portal(principal)] == [
                survivor.id
            ]
            submitted, raised = s.data_sheets.submit(principal, draft.id, values={"Meter": "M-2"})
            assert (submitted.customer_id, submitted.values["Meter"]) == (survivor.id, "M-2")
            assert (raised.customer_id, raised.from_email) == (survivor.id, "kept@example.com")
            # A survivor without a choice takes the merged customer's, address and all.
            third = add_customer(s, "Third")
            s.customers.merge(third.id, survivor.id)
            assert s.data_sheets.portal_templates(third.id) == PortalTemplates(
                customer_id=third.id,
                template_ids=(meter.id, survey.id),
                tickets_from_email="kept@example.com",
            )

    @pytest.mark.parametrize("writer", sorted(MERGED_CUSTOMER_WRITERS))
    def test_a_merged_customer_refuses_every_change(self, session: Session, writer: str) -> None:
        kit = merged_kit(session)
        before = session.customers.get(kit.merged.id)
        with pytest.raises(Conflict) as caught:
            MERGED_CUSTOMER_WRITERS[writer](session, kit)
        assert (caught.value.field, caught.value.rule) == ("customer_id", "merged_customer")
        assert str(kit.survivor.id) in caught.value.message  # it names where to go instead
        assert session.customers.get(kit.merged.id) == before

    def test_a_customer_with_branches_merges_only_into_a_type_with_branches(
        self, session: Session
    ) -> None:
        company = add_customer(session, "Peach Pty")
        home = session.customers.add(name="Jo Peach", type="private", address=address(2))
        branch = session.branches.add(company.id, name="North", address=address(3))
        for attempt in (session.customers.preview_merge, session.customers.merge):
            with pytest.raises(Conflict) as caught:
                attempt(home.id, company.id)
            assert (caught.value.field, caught.value.rule) == ("merged_id", "branches_exist")
        assert session.customers.get(company.id).merged_into is None
        assert session.branches.for_customer(company.id) == [branch]
        assert session.customers.journal(home.id) == []
        session.customers.merge(company.id, home.id)  # the other way round: no branch moves
        other = add_customer(session, "Other Pty")
        session.customers.merge(other.id, company.id)  # into a company, branches and all
        assert session.branches.get(branch.id).customer_id == other.id

    def test_what_cannot_be_merged(self, merge_store: Store, actor: Actor) -> None:
        with merge_store.session(actor=actor) as s:
            one, two, three = (add_customer(s, name) for name in ("One", "Two", "Three"))
            four = add_customer(s, "Four")
            with pytest.raises(ValidationError) as caught:
                s.customers.merge(one.id, one.id)
            assert (caught.value.field, caught.value.rule) == ("merged_id", "distinct_customers")
            s.customers.merge(one.id, two.id)
            for survivor, merged, field in ((three, two, "merged_id"), (two, three, "survivor_id")):
                with pytest.raises(Conflict) as refused:
                    s.customers.merge(survivor.id, merged.id)
                assert (refused.value.field, refused.value.rule) == (field, "merged_customer")
            s.customers.merge(four.id, one.id)
        with merge_store.session(actor=Actor.staff("staff-9", "Pat Staff", "staff")) as s:
            with pytest.raises(PermissionDenied) as denied:
                s.customers.merge(one.id, three.id)
            assert denied.value.permission == "customers.merge"
            assert s.customers.current(two.id).id == four.id  # two -> one -> four
            assert s.customers.current(three.id) == s.customers.get(three.id)


class CustomerMergePropertyContract(CustomerMergeContract):
    """Whatever two customers hold, a merge loses nothing and leaves the merged one empty."""

    @hypothesis.settings(**STORE_PROPERTY)
    @hypothesis.given(
        survivor_children=st.integers(0, 2),
        merged_children=st.integers(0, 3),
        dormant=st.tuples(st.booleans(), st.booleans()),
        jobs_of=st.lists(st.booleans(), max_size=4),
    )
    def test_customer_merges_lose_nothing(
        self,
        merge_store: Store,
        actor: Actor,
        jobs: HostJobs,
        survivor_children: int,
        merged_children: int,
        dormant: tuple[bool, bool],
        jobs_of: list[bool],
    ) -> None:
        merge_store.backend.erase_all_data()
        jobs.rows.clear()
        with merge_store.session(actor=actor) as s:
            pair = [add_customer(s, "Survivor"), add_customer(s, "Merged")]
            for customer, children in zip(pair, (survivor_children, merged_children), strict=True):
                for n in range(children):
                    _children(s, customer, n)
            for customer, asleep in zip(pair, dormant, strict=True):
                if asleep:
                    s.customers.edit(customer.id, status="dormant")
            jobs.rows.update({f"J-{n}": pair[owner].id for n, owner in enumerate(jobs_of)})
            survivor, merged = (s.customers.get(c.id) for c in pair)
            expected = {
                kind: s.customers.preview_merge(survivor.id, merged.id).references[kind]
                for kind in KINDS
            }
            totals = {
                kind: expected[kind]
                + s.customers.preview_merge(merged.id, survivor.id).references[kind]
                for kind in KINDS
            }
        with merge_store.session(actor=actor) as s:
            entry = s.customers.merge(survivor.id, merged.id)
            assert dict(entry.counts) == expected
        with merge_store.session(actor=actor) as s:
            assert s.customers.get(merged.id).merged_into == survivor.id
            works = s.work_addresses.for_customer(survivor.id)
            assert len(works) == totals["work_address.customer"]
            assert len(s.invoices.for_customer(survivor.id)) == totals["invoice.customer"]
            assert s.work_addresses.for_customer(merged.id) == []
            tickets = s.transaction.tickets
            assert tickets.count_for_customer(survivor.id) == totals["ticket.customer"]
            assert tickets.count_for_customer(merged.id) == 0
            assert list(jobs.rows.values()).count(survivor.id) == totals["host.job_customer"]
            # moved work addresses follow the survivor's status
            assert {w.status for w in works} <= {survivor.status}
