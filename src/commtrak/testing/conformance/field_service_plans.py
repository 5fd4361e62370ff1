"""Contract: service plans, their costs in money, assignments to customers' properties."""

from __future__ import annotations

import datetime
import uuid

import pytest

from commtrak import Actor, Conflict, Store, ValidationError
from commtrak import field_service as fs
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.finance import Money, currency
from commtrak.testing.conformance._base import add_customer, address
from commtrak.testing.conformance._field_service import FieldServiceContract

GBP = currency("GBP")
EXPIRY = datetime.date(2027, 3, 31)


class ServicePlanContract(FieldServiceContract):
    """Plans: unique names, money costs, typed deletion; assignments and merges."""

    def test_a_plan_keeps_its_tasks_materials_cost_and_terms(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            plans = fs.of(s).service_plans
            plan = plans.define(
                " Annual boiler care ",
                cost=Money.of("149.99", GBP),
                tasks=["Service boiler", " Check flue "],
                materials=["Gasket"],
                warranty="12 months parts and labour",
            )
        with service_store.session(actor=Actor.system()) as s:
            found = fs.of(s).service_plans.get(plan.id)
            assert found == plan
            assert (found.name, found.tasks) == (
                "Annual boiler care",
                ("Service boiler", "Check flue"),
            )
            assert found.cost == Money.of("149.99", GBP)

    def test_names_are_unique_and_costs_are_money(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            plans = fs.of(s).service_plans
            plans.define("Care", cost=Money.of("10", GBP))
            with pytest.raises(Conflict) as error:
                plans.define("CARE", cost=Money.of("10", GBP))
            assert (error.value.field, error.value.rule) == ("name", "unique_service_plan")
            for cost, rule in ((10.5, "type"), (Money.of("-1", GBP), "minimum")):
                with pytest.raises(ValidationError) as refused:
                    plans.define("Other", cost=cost)  # type: ignore[arg-type]
                assert (refused.value.field, refused.value.rule) == ("cost", rule)
            with pytest.raises(ValidationError) as blank:
                plans.define("Other", cost=Money.of("1", GBP), tasks=[" "])
            assert (blank.value.field, blank.value.rule) == ("tasks", "required")

    def test_the_database_refuses_a_plan_name_twice(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            repository = field_service_storage(s.transaction).service_plans
            repository.add(fs.ServicePlan(uuid.uuid4(), "Care", (), (), Money.of("1", GBP), ""))
            with pytest.raises(Conflict) as error:
                repository.add(fs.ServicePlan(uuid.uuid4(), "care", (), (), Money.of("1", GBP), ""))
            assert error.value.rule == "unique_service_plan"

    def test_an_assignment_covers_the_customers_ticked_work_addresses(
        self, service_store: Store
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            plans = fs.of(s).service_plans
            plan = plans.define("Care", cost=Money.of("10", GBP))
            peach, plum = add_customer(s, "Peach"), add_customer(s, "Plum")
            home, flat = (s.work_addresses.add(peach.id, address=address(n)) for n in "12")
            theirs = s.work_addresses.add(plum.id, address=address("3"))
            given = plans.assign(
                peach.id, plan.id, expires_on=EXPIRY, work_address_ids=[flat.id, home.id, flat.id]
            )
            assert given.work_address_ids == (flat.id, home.id)
            assert plans.assignments(peach.id) == [given]
            with pytest.raises(ValidationError) as error:
                plans.assign(peach.id, plan.id, expires_on=EXPIRY, work_address_ids=[theirs.id])
            assert (error.value.field, error.value.rule) == ("work_address_ids", "same_customer")
            with pytest.raises(ValidationError) as date:
                plans.assign(peach.id, plan.id, expires_on="2027-01-01")  # type: ignore[arg-type]
            assert (date.value.field, date.value.rule) == ("expires_on", "type")

    def test_a_plan_is_deleted_by_typing_delete_when_unassigned(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            plans = fs.of(s).service_plans
            plan = plans.define("Care", cost=Money.of("10", GBP))
            customer = add_customer(s, "Peach")
            plans.assign(customer.id, plan.id, expires_on=EXPIRY)
            with pytest.raises(ValidationError) as error:
                plans.delete(plan.id, confirm="yes")
            assert (error.value.field, error.value.rule) == ("confirm", "confirmation")
            with pytest.raises(Conflict) as in_use:
                plans.delete(plan.id, confirm="delete")
            assert (in_use.value.field, in_use.value.rule) == ("plan_id", "plan_in_use")
            spare = plans.define("Spare", cost=Money.of("0", GBP))
            plans.delete(spare.id, confirm="delete")
            assert [p.name for p in plans.all()] == ["Care"]

    def test_a_merge_moves_the_assignments(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            plans = fs.of(s).service_plans
            plan = plans.define("Care", cost=Money.of("10", GBP))
            survivor, merged = add_customer(s, "Peach"), add_customer(s, "Plum")
            place = s.work_addresses.add(merged.id, address=address("4"))
            given = plans.assign(merged.id, plan.id, expires_on=EXPIRY, work_address_ids=[place.id])
            s.customers.merge(survivor.id, merged.id)
            (moved,) = plans.assignments(survivor.id)
            assert moved.id == given.id and moved.work_address_ids == (place.id,)
