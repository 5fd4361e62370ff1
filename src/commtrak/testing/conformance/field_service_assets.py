"""Contract: assets and appliances, their reference data, filters and pages, merges."""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable
from typing import Any

import attrs
import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import Actor, Conflict, NotFound, Store, ValidationError
from commtrak import field_service as fs
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.model._text import fold
from commtrak.testing.conformance._base import STORE_PROPERTY, add_customer, address
from commtrak.testing.conformance._field_service import (
    FieldServiceContract,
    Lists,
    add_asset,
    lists,
)

#: References that differ from each other only by case, spaces and width, and others.
_REFERENCES = st.lists(st.sampled_from(["B-1", "b-1", " B-1 ", "B-2", "\uff22-2", "C", "c", "D"]))


class ReferenceDataContract(FieldServiceContract):
    """The reference lists: unique names per list, models per make, archiving."""

    def test_names_are_unique_per_list_compared_case_insensitively(
        self, service_store: Store
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            data = fs.of(s).reference_data
            gas = data.add("fuel_type", " Gas ")
            assert gas.name == "Gas"
            data.add("location", "gas")  # another list
            with pytest.raises(Conflict) as error:
                data.add("fuel_type", "GAS")
            assert (error.value.field, error.value.rule) == ("name", "unique_reference_item")
            oil = data.add("fuel_type", "Oil")
            with pytest.raises(Conflict):
                data.rename(oil.id, "gas")
            assert [item.name for item in data.items("fuel_type")] == ["Gas", "Oil"]

    def test_a_model_belongs_to_one_make_and_its_name_is_unique_there(
        self, service_store: Store
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            data = fs.of(s).reference_data
            worcester, vaillant = data.add("make", "Worcester"), data.add("make", "Vaillant")
            data.add("model", "Combi", make_id=worcester.id)
            data.add("model", "Combi", make_id=vaillant.id)
            with pytest.raises(Conflict):
                data.add("model", "combi", make_id=worcester.id)
            for kind, make_id, rule in (
                ("model", None, "required"),
                ("make", worcester.id, "models_only"),
            ):
                with pytest.raises(ValidationError) as error:
                    data.add(kind, "X", make_id=make_id)
                assert (error.value.field, error.value.rule) == ("make_id", rule)
            gas = data.add("fuel_type", "Gas")
            with pytest.raises(ValidationError) as error:
                data.add("model", "X", make_id=gas.id)
            assert error.value.rule == "reference_kind"
            assert len(data.items("model", make_id=worcester.id)) == 1

    def test_the_database_refuses_a_name_twice(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            repository = field_service_storage(s.transaction).reference_items
            repository.add(fs.ReferenceItem(id=uuid.uuid4(), kind=fs.ReferenceKind.MAKE, name="A"))
            with pytest.raises(Conflict) as error:
                repository.add(
                    fs.ReferenceItem(id=uuid.uuid4(), kind=fs.ReferenceKind.MAKE, name="a")
                )
            assert error.value.rule == "unique_reference_item"


class AssetContract(FieldServiceContract):
    """Assets: the technical reference, reference data, work addresses, merges."""

    def test_an_asset_keeps_its_fields_and_lists_by_reference(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            refs = lists(s)
            customer = add_customer(s, "Peach")
            b = add_asset(s, customer.id, "B-2", refs, serial=" SN 9 ")
            a = add_asset(s, customer.id, " a-1 ", refs)
        with service_store.session(actor=Actor.system()) as s:
            assets = fs.of(s).assets
            assert assets.get(b.id) == b
            assert (b.serial, a.reference, a.serial) == ("SN 9", "a-1", None)
            assert b.installed_on == datetime.date(2021, 3, 4)
            assert assets.list(customer.id) == [a, b]

    def test_the_reference_is_unique_within_the_customer_and_editable(
        self, service_store: Store
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            refs = lists(s)
            peach, plum = add_customer(s, "Peach"), add_customer(s, "Plum")
            first = add_asset(s, peach.id, "B-1", refs)
            add_asset(s, plum.id, "B-1", refs)  # another customer
            second = add_asset(s, peach.id, "B-2", refs)
            attempts: tuple[Callable[[], object], ...] = (
                lambda: add_asset(s, peach.id, "b-1", refs),
                lambda: fs.of(s).assets.update(second.id, reference="B-1 "),
            )
            for attempt in attempts:
                with pytest.raises(Conflict) as error:
                    attempt()
                assert (error.value.field, error.value.rule) == (
                    "reference",
                    "unique_asset_reference",
                )
            renamed = fs.of(s).assets.update(first.id, reference="A-0", description="new")
            assert (renamed.reference, renamed.description) == ("A-0", "new")
            assert [a.reference for a in fs.of(s).assets.list(peach.id)] == ["A-0", "B-2"]

    def test_the_database_refuses_a_reference_twice(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            refs = lists(s)
            asset = add_asset(s, add_customer(s, "Peach").id, "B-1", refs)
            repository = field_service_storage(s.transaction).assets
            with pytest.raises(Conflict) as error:
                repository.add(attrs.evolve(asset, id=uuid.uuid4(), reference="b-1"))
            assert error.value.rule == "unique_asset_reference"

    def test_required_fields_reference_data_and_work_address_are_checked(
        self, service_store: Store
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            refs = lists(s)
            peach, plum = add_customer(s, "Peach"), add_customer(s, "Plum")
            theirs = s.work_addresses.add(plum.id, address=address("9"))
            other_make = fs.of(s).reference_data.add("make", "Vaillant")
            archived = fs.of(s).reference_data.archive(refs.other_location)
            cases: list[tuple[dict[str, Any], str, str]] = [
                ({"reference": " "}, "reference", "required"),
                ({"description": ""}, "description", "required"),
                ({"group_id": refs.fuel}, "group_id", "reference_kind"),
                ({"fuel_type_id": uuid.uuid4()}, "fuel_type_id", "reference_kind"),
                ({"make_id": other_make.id}, "model_id", "model_of_make"),
                ({"location_id": archived.id}, "location_id", "archived_reference_item"),
                ({"installed_on": "2020-01-01"}, "installed_on", "type"),
                ({"work_address_id": theirs.id}, "work_address_id", "same_customer"),
            ]
            for fields, field, rule in cases:
                with pytest.raises(ValidationError) as error:
                    add_asset(s, peach.id, "X", refs, **fields)
                assert (error.value.field, error.value.rule) == (field, rule), fields
            assert fs.of(s).assets.list(peach.id) == []
            mine = s.work_addresses.add(peach.id, address=address("8"))
            at_home = add_asset(s, peach.id, "X", refs, work_address_id=mine.id)
            assert fs.of(s).assets.list(peach.id, work_address_id=mine.id) == [at_home]

    def test_an_archived_item_stays_on_the_assets_naming_it(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            refs = lists(s)
            asset = add_asset(s, add_customer(s, "Peach").id, "B-1", refs)
            fs.of(s).reference_data.archive(refs.location)
            assert fs.of(s).assets.update(asset.id, description="kept").location_id == refs.location
            assert refs.location not in {i.id for i in fs.of(s).reference_data.items("location")}

    def test_a_page_holds_one_to_a_thousand_assets(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            customer = add_customer(s, "Peach")
            for limit in (0, 1001):
                with pytest.raises(ValidationError) as error:
                    fs.of(s).assets.list(customer.id, limit=limit)
                assert (error.value.field, error.value.rule) == ("limit", "page_size")

    def test_a_merge_moves_the_assets_and_refuses_a_reference_both_use(
        self, service_store: Store
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            refs = lists(s)
            survivor, merged, third = (add_customer(s, n) for n in ("Peach", "Plum", "Pear"))
            add_asset(s, survivor.id, "B-1", refs)
            moved = add_asset(s, merged.id, "B-2", refs)
            add_asset(s, third.id, "b-1", refs)
        with service_store.session(actor=Actor.system()) as s:
            s.customers.merge(survivor.id, merged.id)
            assert fs.of(s).assets.get(moved.id).customer_id == survivor.id
        with service_store.session(actor=Actor.system()) as s:
            with pytest.raises(Conflict) as error:
                s.customers.merge(survivor.id, third.id)
            assert error.value.rule == "unique_asset_reference"
        with service_store.session(actor=Actor.system()) as s:
            assert len(fs.of(s).assets.list(third.id)) == 1
            assert s.customers.get(third.id).merged_into is None


class AssetCustomColumnContract(FieldServiceContract):
    """Custom columns on assets: the core's custom fields, for the owner kind ``asset``."""

    def test_custom_columns_hold_typed_values_on_assets(self, service_store: Store) -> None:
        with service_store.session(actor=Actor.system()) as s:
            refs = lists(s)
            boiler = add_asset(s, add_customer(s, "Peach").id, "B-1", refs)
            fields = s.custom_fields
            warranty = fields.define("Warranty ends", "date", "asset")
            capacity = fields.define("Capacity", "number", "asset")
            for_contacts = fields.define("Warranty ends", "date", "contact")  # another kind
            assert warranty.owner == "asset"
            assert [d.name for d in fields.definitions("asset")] == ["Capacity", "Warranty ends"]
            fields.set_value(boiler.id, warranty.id, "2027-03-04")
            fields.set_value(boiler.id, capacity.id, "24.5")
            refusals: tuple[tuple[Callable[[], object], type[Exception], str, str], ...] = (
                (
                    lambda: fields.define(" capacity ", "text", "asset"),
                    Conflict,
                    "name",
                    "unique_custom_field",
                ),
                (
                    lambda: fields.define("Colour", "text", "vehicle"),
                    ValidationError,
                    "owner",
                    "owner",
                ),
                (
                    lambda: fields.set_value(uuid.uuid4(), warranty.id, "2027-01-01"),
                    NotFound,
                    "asset_id",
                    "not_found",
                ),
                (
                    lambda: fields.set_value(boiler.id, for_contacts.id, "2027-01-01"),
                    NotFound,
                    "contact_id",
                    "not_found",
                ),
                (
                    lambda: fields.set_value(boiler.id, warranty.id, "soon"),
                    ValidationError,
                    "custom.Warranty ends",
                    "custom_date",
                ),
            )
            for attempt, error_class, field, rule in refusals:
                with pytest.raises(error_class) as caught:
                    attempt()
                assert (caught.value.field, caught.value.rule) == (field, rule)  # type: ignore[attr-defined]
        with service_store.session(actor=Actor.system()) as s:
            assert s.custom_fields.values(boiler.id) == {
                "Capacity": decimal.Decimal("24.5"),
                "Warranty ends": datetime.date(2027, 3, 4),
            }

    def test_the_values_move_with_the_asset_and_go_with_its_customer(
        self, service_store: Store
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            refs = lists(s)
            survivor, merged = add_customer(s, "Peach"), add_customer(s, "Plum")
            boiler = add_asset(s, merged.id, "B-1", refs)
            kept = add_asset(s, add_customer(s, "Pear").id, "B-1", refs)
            serial = s.custom_fields.define("Gas safe number", "text", "asset")
            s.custom_fields.set_value(boiler.id, serial.id, "GS-1")
            s.custom_fields.set_value(kept.id, serial.id, "GS-2")
        with service_store.session(actor=Actor.system()) as s:
            s.customers.merge(survivor.id, merged.id)
        with service_store.session(actor=Actor.system()) as s:
            assert fs.of(s).assets.get(boiler.id).customer_id == survivor.id
            assert s.custom_fields.values(boiler.id) == {"Gas safe number": "GS-1"}
            entry = s.customers.delete(survivor.id, confirm="Peach")
            assert entry.removed["custom_value"] == 1
        with service_store.session(actor=Actor.system()) as s:
            with pytest.raises(NotFound):
                fs.of(s).assets.get(boiler.id)
            remaining = s.transaction.custom_fields.scan_values(None, 100)
            assert [(v.owner_id, v.value) for v in remaining] == [(kept.id, "GS-2")]


class AssetPropertyContract(FieldServiceContract):
    """Properties: the reference rule and the filters, against Python oracles."""

    @hypothesis.settings(max_examples=15, **STORE_PROPERTY)
    @hypothesis.given(references=_REFERENCES)
    def test_a_reference_is_taken_once_per_customer_whatever_its_case(
        self, service_store: Store, references: list[str]
    ) -> None:
        service_store.backend.erase_all_data()
        with service_store.session(actor=Actor.system()) as s:
            refs = lists(s)
            customer = add_customer(s, "Peach")
            taken: set[str] = set()
            for reference in references:
                expected = fold(reference.strip()) not in taken
                try:
                    add_asset(s, customer.id, reference, refs)
                except Conflict as error:
                    assert error.rule == "unique_asset_reference"
                    assert not expected
                else:
                    assert expected
                    taken.add(fold(reference.strip()))
            assert len(fs.of(s).assets.list(customer.id, limit=1000)) == len(taken)

    @hypothesis.settings(max_examples=10, **STORE_PROPERTY)
    @hypothesis.given(
        shapes=st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), max_size=12),
        wanted=st.tuples(*(st.none() | st.booleans() for _ in range(3))),
        size=st.integers(1, 4),
    )
    def test_filters_and_pages_give_what_the_oracle_gives(
        self,
        service_store: Store,
        shapes: list[tuple[bool, bool, bool]],
        wanted: tuple[bool | None, bool | None, bool | None],
        size: int,
    ) -> None:
        service_store.backend.erase_all_data()
        with service_store.session(actor=Actor.system()) as s:
            refs = lists(s)
            customer, other = add_customer(s, "Peach"), add_customer(s, "Plum")
            made = []
            for n, (group, fuel, location) in enumerate(shapes):
                fields = _fields(refs, group, fuel, location)
                made.append(add_asset(s, customer.id, f"R-{n:02}", refs, **fields))
                add_asset(s, other.id, f"R-{n:02}", refs, **fields)
            query = _fields(refs, *wanted)
            oracle = [
                a
                for a in sorted(made, key=lambda a: a.reference_key)
                if fs.AssetFilter(**query).matches(a)
            ]
            found: list[fs.Asset] = []
            after = None
            while True:
                page = fs.of(s).assets.list(customer.id, after=after, limit=size, **query)
                found += page
                if len(page) < size:
                    break
                after = page[-1].reference
            assert found == oracle


def _fields(
    refs: Lists, group: bool | None, fuel: bool | None, location: bool | None
) -> dict[str, uuid.UUID]:
    """The filter fields (or asset fields) for the first or second item of each list."""
    chosen = {
        "group_id": None if group is None else (refs.other_group if group else refs.group),
        "fuel_type_id": None if fuel is None else (refs.other_fuel if fuel else refs.fuel),
        "location_id": (
            None if location is None else (refs.other_location if location else refs.location)
        ),
    }
    return {name: value for name, value in chosen.items() if value is not None}
