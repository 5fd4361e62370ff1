"""Contract: SLAs, the customers associated with them, and measuring requests."""

from __future__ import annotations

import datetime
import uuid

import pytest

from commtrak import Actor, Conflict, NotFound, Store, ValidationError
from commtrak import field_service as fs
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.testing.conformance._base import START, add_customer
from commtrak.testing.conformance._field_service import FieldServiceContract


class SlaContract(FieldServiceContract):
    """SLA names and targets, one SLA per customer, merges, measuring."""

    def test_names_are_unique_and_targets_whole_minutes(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            slas = fs.of(s).slas
            gold = slas.define(" Gold ", response_minutes=60, resolution_minutes=240)
            assert slas.get(gold.id).name == "Gold"
            with pytest.raises(Conflict) as error:
                slas.define("GOLD", response_minutes=1, resolution_minutes=1)
            assert (error.value.field, error.value.rule) == ("name", "unique_sla")
            cases = [
                ({"response_minutes": 0}, "response_minutes", "positive"),
                ({"resolution_minutes": 1.5}, "resolution_minutes", "type"),
                ({"resolution_minutes": 30}, "resolution_minutes", "before_response"),
                ({"name": " "}, "name", "required"),
            ]
            for change, field, rule in cases:
                with pytest.raises(ValidationError) as refused:
                    slas.change(gold.id, **change)  # type: ignore[arg-type]
                assert (refused.value.field, refused.value.rule) == (field, rule)
            assert slas.change(gold.id, resolution_minutes=120).resolution_minutes == 120
            assert [sla.name for sla in slas.all()] == ["Gold"]

    def test_the_database_refuses_an_sla_name_twice(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            repository = field_service_storage(s.transaction).slas
            repository.add(fs.Sla(uuid.uuid4(), "Gold", 1, 2))
            with pytest.raises(Conflict) as error:
                repository.add(fs.Sla(uuid.uuid4(), "gold", 1, 2))
            assert error.value.rule == "unique_sla"

    def test_a_customer_has_one_sla_and_requests_are_measured(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            slas = fs.of(s).slas
            customer = add_customer(s, "Peach")
            gold = slas.define("Gold", response_minutes=60, resolution_minutes=240)
            silver = slas.define("Silver", response_minutes=120, resolution_minutes=480)
            assert slas.measure(customer.id, START, None, None) is None
            slas.associate(customer.id, gold.id)
            slas.associate(customer.id, silver.id)
            assert slas.of_customer(customer.id) == silver
            later = START + datetime.timedelta(minutes=90)
            outcome = slas.measure(customer.id, START, later, later)
            assert outcome == fs.SlaOutcome(response_met=True, resolution_met=True)
            with pytest.raises(NotFound):
                slas.associate(customer.id, uuid.uuid4())
            assert slas.dissociate(customer.id) and not slas.dissociate(customer.id)
            assert slas.of_customer(customer.id) is None

    def test_a_merge_gives_the_sla_to_a_survivor_without_one(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            slas = fs.of(s).slas
            gold = slas.define("Gold", response_minutes=60, resolution_minutes=240)
            silver = slas.define("Silver", response_minutes=120, resolution_minutes=480)
            survivor, merged, third = (add_customer(s, n) for n in ("Peach", "Plum", "Pear"))
            slas.associate(merged.id, gold.id)
            slas.associate(third.id, silver.id)
            s.customers.merge(survivor.id, merged.id)
            assert slas.of_customer(survivor.id) == gold
            s.customers.merge(survivor.id, third.id)
            assert slas.of_customer(survivor.id) == gold
