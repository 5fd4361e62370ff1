"""Contract: branches of company customers (seed 002): add, edit, delete, merge."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from commtrak import Address, CustomerAction, NotFound, Session, ValidationError
from commtrak.testing.conformance._base import StoreContract, add_customer, address
from commtrak.testing.conformance._record import add_work_address


class BranchContract(StoreContract):
    """Branches: only companies have them; merging stays within one customer."""

    def test_branches_are_added_edited_and_listed_by_name(self, session: Session) -> None:
        company = add_customer(session, "Estate Co")
        south = session.branches.add(company.id, name="South", address=Address(line1="2 S St"))
        north = session.branches.add(company.id, name="north", address=Address(line1="1 N St"))
        assert [b.name for b in session.branches.for_customer(company.id)] == ["north", "South"]
        edited = session.branches.edit(south.id, name="Alpha", phone="08 9999")
        assert session.branches.get(south.id) == edited
        assert session.branches.for_customer(company.id) == [edited, north]

    def test_branch_rules_name_field_and_rule(self, session: Session) -> None:
        private = session.customers.add(name="Pat", type="private", address=address())
        company = add_customer(session, "Estate Co")
        cases: list[tuple[Callable[[], object], tuple[str, str]]] = [
            (
                lambda: session.branches.add(private.id, name="B", address=address()),
                ("customer_id", "branches_allowed"),
            ),
            (
                lambda: session.branches.add(company.id, name=" ", address=address()),
                ("name", "required"),
            ),
            (
                lambda: session.branches.add(company.id, name="B", address=Address(town="x")),
                ("address.line1", "required"),
            ),
        ]
        for attempt, expected in cases:
            with pytest.raises(ValidationError) as caught:
                attempt()
            assert (caught.value.field, caught.value.rule) == expected
        assert session.branches.for_customer(company.id) == []

    def test_merging_branches_moves_their_work_addresses(self, session: Session) -> None:
        company = add_customer(session, "Estate Co")
        keep = session.branches.add(company.id, name="Keep", address=address(1))
        gone = session.branches.add(company.id, name="Gone", address=address(2))
        moved = [add_work_address(session, company, n, branch_id=gone.id) for n in (1, 2)]
        stays = add_work_address(session, company, 3, branch_id=keep.id)
        entry = session.branches.merge(keep.id, gone.id)
        assert entry.action is CustomerAction.BRANCHES_MERGED
        assert (entry.customer_id, entry.other_id) == (company.id, gone.id)
        assert entry.counts == {"work_addresses": 2}
        for work in (*moved, stays):
            assert session.work_addresses.get(work.id).branch_id == keep.id
        with pytest.raises(NotFound):
            session.branches.get(gone.id)
        assert session.customers.journal(company.id) == [entry]

    def test_branches_of_different_customers_cannot_be_merged(self, session: Session) -> None:
        one, two = add_customer(session, "One"), add_customer(session, "Two")
        a = session.branches.add(one.id, name="A", address=address(1))
        b = session.branches.add(two.id, name="B", address=address(2))
        work = add_work_address(session, two, 1, branch_id=b.id)
        for survivor, other, rule in ((a, b, "same_customer"), (a, a, "distinct_branches")):
            with pytest.raises(ValidationError) as caught:
                session.branches.merge(survivor.id, other.id)
            assert (caught.value.field, caught.value.rule) == ("other_id", rule)
        assert session.branches.get(b.id) == b
        assert session.work_addresses.get(work.id).branch_id == b.id

    def test_deleting_a_branch_keeps_its_work_addresses(self, session: Session) -> None:
        company = add_customer(session, "Estate Co")
        branch = session.branches.add(company.id, name="B", address=address())
        work = add_work_address(session, company, 1, branch_id=branch.id)
        assert session.branches.delete(branch.id) == 1
        assert session.work_addresses.get(work.id).branch_id is None
        assert session.work_addresses.get(work.id).customer_id == company.id
        with pytest.raises(NotFound):
            session.branches.delete(uuid.uuid4())
