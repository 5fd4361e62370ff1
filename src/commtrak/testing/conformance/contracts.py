"""Contract: contracts and customer flags (seed 004 "Contracts", seed 003 flags).

Every backend derives the same expiry, lists the same expiring contracts and due jobs,
journals each change, moves contracts and flags with a customer merge, and exports and
imports them back equal.
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

import attrs
import pytest

from commtrak import (
    Actor,
    Conflict,
    CustomerAction,
    NotFound,
    Session,
    Store,
    ValidationError,
    field_service,
)
from commtrak.field_service import Contract, RecurringJob
from commtrak.serialization import export_data, import_data
from commtrak.testing.conformance._base import (
    PinnedClock,
    StoreContract,
    add_customer,
    open_test_store,
)

D = datetime.date
WITHIN = "job.next_due_on/within_contract"


def _rule(caught: pytest.ExceptionInfo[ValidationError] | pytest.ExceptionInfo[Conflict]) -> str:
    return f"{caught.value.field}/{caught.value.rule}"


def _gold(session: Session, customer_name: str = "Customer", **changes: Any) -> Contract:
    customer = add_customer(session, customer_name)
    options: dict[str, Any] = {
        "name": "Gold cover",
        "contract_type": "Warranty",
        "starts_on": D(2026, 1, 31),
        "duration_months": 12,
    }
    options.update(changes)
    return field_service.of(session).contracts.add(customer.id, **options)


class ContractContract(StoreContract):
    """``field_service.of(s).contracts`` and ``.flags``."""

    def test_the_expiry_is_derived_from_start_and_duration(self, session: Session) -> None:
        contracts = field_service.of(session).contracts
        customer = add_customer(session, "Customer")
        short = contracts.add(
            customer.id,
            name="Short",
            contract_type="Warranty",
            starts_on=D(2026, 1, 31),
            duration_months=1,
            renewal_reminder_days=10,
        )
        assert short.expires_on == D(2026, 2, 28)  # clamped to the shorter month
        assert short.renewal_due_on == D(2026, 2, 18)
        leap = contracts.add(
            customer.id,
            name="Leap",
            contract_type="Warranty",
            starts_on=D(2024, 2, 29),
            duration_months=12,
        )
        assert leap.expires_on == D(2025, 2, 28)
        assert contracts.get(short.id) == short
        assert contracts.list(customer.id) == [leap, short]  # by start date

    def test_a_contract_refuses_what_the_rules_refuse(self, session: Session) -> None:
        contracts = field_service.of(session).contracts
        customer = add_customer(session, "Customer")
        good: dict[str, Any] = {
            "name": "Gold",
            "contract_type": "Warranty",
            "starts_on": D(2026, 1, 1),
            "duration_months": 12,
        }
        cases: list[tuple[dict[str, Any], str]] = [
            ({"name": " "}, "name/required"),
            ({"contract_type": ""}, "contract_type/required"),
            ({"name": "x" * 256}, "name/max_length"),
            ({"starts_on": datetime.datetime(2026, 1, 1)}, "starts_on/type"),
            ({"duration_months": 0}, "duration_months/range"),
            ({"duration_months": 1201}, "duration_months/range"),
            ({"duration_months": True}, "duration_months/type"),
            ({"renewal_reminder_days": -1}, "renewal_reminder_days/range"),
            ({"renewal_reminder_days": 3651}, "renewal_reminder_days/range"),
            ({"job": "yearly"}, "job/type"),
            ({"job": RecurringJob("Service", 0, D(2026, 2, 1))}, "job.every_months/range"),
            ({"job": RecurringJob("", 12, D(2026, 2, 1))}, "job.description/required"),
            (
                {"job": RecurringJob("Service", 12, D(2025, 12, 31))},
                "job.next_due_on/within_contract",
            ),
            (
                {"job": RecurringJob("Service", 12, D(2027, 1, 2))},
                "job.next_due_on/within_contract",
            ),
        ]
        for change, rule in cases:
            with pytest.raises(ValidationError) as caught:
                contracts.add(customer.id, **(good | change))
            assert _rule(caught) == rule, change
        assert contracts.list(customer.id) == []
        with pytest.raises(NotFound):
            contracts.add(uuid.UUID(int=1), **good)

    def test_edit_and_end_are_journaled_and_an_ended_contract_is_read_only(
        self, session: Session
    ) -> None:
        contracts = field_service.of(session).contracts
        contract = _gold(session)
        edited = contracts.edit(contract.id, duration_months=24, name=" Platinum ")
        assert (edited.name, edited.expires_on) == ("Platinum", D(2028, 1, 31))
        assert contracts.edit(edited.id, name="Platinum") == edited  # nothing changes
        with pytest.raises(ValidationError) as caught:
            contracts.end(edited.id, on=D(2025, 1, 1))
        assert _rule(caught) == "ended_on/before_start"
        ended = contracts.end(edited.id, on=D(2026, 6, 1))
        assert ended.ended_on == D(2026, 6, 1) and not ended.active
        with pytest.raises(Conflict) as conflict:
            contracts.edit(ended.id, name="Again")
        assert _rule(conflict) == "contract_id/contract_ended"
        with pytest.raises(Conflict) as conflict:
            contracts.end(ended.id)
        assert _rule(conflict) == "contract_id/contract_ended"
        journal = session.customers.journal(edited.customer_id)
        assert [entry.action for entry in journal] == [
            CustomerAction.CONTRACT_ADDED,
            CustomerAction.CONTRACT_CHANGED,
            CustomerAction.CONTRACT_ENDED,
        ]
        assert {entry.other_id for entry in journal} == {contract.id}
        assert journal[1].changes["duration_months"] == ("12", "24")

    def test_expiring_is_a_date_range_of_active_contracts(self, session: Session) -> None:
        contracts = field_service.of(session).contracts
        customer = add_customer(session, "Customer")
        made = [
            contracts.add(
                customer.id,
                name=f"C{months}",
                contract_type="Service",
                starts_on=D(2026, 1, 15),
                duration_months=months,
            )
            for months in (1, 2, 3, 6)
        ]
        contracts.end(made[1].id, on=D(2026, 1, 20))
        found = contracts.expiring(D(2026, 2, 15), D(2026, 4, 15))
        assert [c.name for c in found] == ["C1", "C3"]  # C2 ended; both ends included
        assert contracts.expiring(D(2026, 2, 16), D(2026, 4, 14)) == []
        with pytest.raises(ValidationError) as caught:
            contracts.expiring(D(2026, 2, 1), D(2026, 1, 1))
        assert _rule(caught) == "last/date_range"

    def test_due_jobs_advance_by_their_period_until_the_expiry(self, session: Session) -> None:
        contracts = field_service.of(session).contracts
        job = RecurringJob("Annual service", 6, D(2026, 3, 1))
        contract = _gold(session, job=job)
        plain = _gold(session, "Other")
        assert contracts.due_jobs(D(2026, 2, 28)) == []
        [due] = contracts.due_jobs(D(2026, 3, 1))
        assert (due.contract.id, due.description, due.due_on) == (
            contract.id,
            "Annual service",
            D(2026, 3, 1),
        )
        moved = contracts.advance_job(contract.id)
        assert moved.job is not None and moved.job.next_due_on == D(2026, 9, 1)
        last = contracts.advance_job(contract.id)
        assert last.job is not None and last.job.next_due_on == last.expires_on  # never due
        assert contracts.due_jobs(D(2030, 1, 1)) == []
        with pytest.raises(Conflict) as caught:
            contracts.advance_job(plain.id)
        assert _rule(caught) == "job/no_job"

    def test_flags_are_a_set_compared_ignoring_case(self, session: Session) -> None:
        flags = field_service.of(session).flags
        customer = add_customer(session, "Customer")
        assert flags.set(customer.id, [" VIP ", "key account", "vip"]) == ("key account", "VIP")
        assert flags.of(customer.id) == ("key account", "VIP")
        for bad, rule in (
            ("VIP", "flags/type"),
            ([""], "flags/required"),
            (["x" * 65], "flags/max_length"),
        ):
            with pytest.raises(ValidationError) as caught:
                flags.set(customer.id, bad)
            assert _rule(caught) == rule
        with pytest.raises(ValidationError) as caught:
            flags.set(customer.id, [f"f{n}" for n in range(101)])
        assert _rule(caught) == "flags/max_count"
        assert flags.of(customer.id) == ("key account", "VIP")
        assert flags.set(customer.id, []) == ()
        assert flags.of(customer.id) == ()

    def test_a_customer_merge_moves_contracts_and_flags(
        self, commtrak_url: str, clock: PinnedClock, actor: Actor
    ) -> None:
        references = field_service.CUSTOMER_REFERENCES
        with (
            open_test_store(commtrak_url, clock=clock, customer_references=references) as store,
            store.session(actor=actor) as s,
        ):
            service = field_service.of(s)
            survivor, merged = add_customer(s, "Survivor"), add_customer(s, "Merged")
            contract = service.contracts.add(
                merged.id,
                name="Gold",
                contract_type="Warranty",
                starts_on=D(2026, 1, 1),
                duration_months=12,
            )
            service.flags.set(survivor.id, ["VIP"])
            service.flags.set(merged.id, ["vip", "Late payer"])
            entry = s.customers.merge(survivor.id, merged.id)
            assert entry.counts["field_service.contract.customer"] == 1
            assert entry.counts["field_service.flag.customer"] == 2
            moved = attrs.evolve(contract, customer_id=survivor.id)
            assert service.contracts.list(survivor.id) == [moved]
            assert service.flags.of(survivor.id) == ("Late payer", "VIP")
            assert service.flags.of(merged.id) == ()
            with pytest.raises(Conflict) as caught:
                service.contracts.add(
                    merged.id,
                    name="Late",
                    contract_type="Warranty",
                    starts_on=D(2026, 1, 1),
                    duration_months=1,
                )
            assert _rule(caught) == "customer_id/merged_customer"

    def test_contracts_and_flags_export_and_import_back_equal(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            _gold(s, job=RecurringJob("Visit", 3, D(2026, 2, 1)))
            ended = _gold(s, "Second")
            field_service.of(s).contracts.end(ended.id, on=D(2026, 3, 1))
            field_service.of(s).flags.set(ended.customer_id, ["VIP", "Key"])
            document = json.loads(json.dumps(export_data(s)))
        assert len(document["field_service_contracts"]) == 2
        assert len(document["field_service_flags"]) == 2
        with open_test_store("memory://") as memory:
            with memory.session(actor=actor) as s:
                counts = import_data(s, document)
                assert (counts["field_service_contracts"], counts["field_service_flags"]) == (2, 2)
            with memory.session(actor=actor) as s:
                assert json.loads(json.dumps(export_data(s))) == document
        document["field_service_contracts"][0]["duration_months"] = 0
        with open_test_store("memory://") as memory, memory.session(actor=actor) as s:
            with pytest.raises(ValidationError) as caught:
                import_data(s, document)
            assert _rule(caught) == "duration_months/range"
