"""Contract: projects at a Head Office allocate components of its group's members only."""

from __future__ import annotations

import uuid

import pytest

from commtrak import Actor, Conflict, NotFound, Session, Store
from commtrak import field_service as fs
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.testing.conformance._base import add_customer, address, make_group
from commtrak.testing.conformance._field_service import FieldServiceContract, add_asset, lists


def _journal(s: Session, customer_id: uuid.UUID) -> list[fs.ServiceJournalEntry]:
    return field_service_storage(s.transaction).service_journal.for_customer(customer_id)


class ProjectContract(FieldServiceContract):
    """Projects, allocations, and what a member leaving its group releases."""

    @pytest.fixture
    def group(self, service_store: Store) -> dict[str, uuid.UUID]:
        """A group (Head Office, two members), each member with an asset and a work address."""
        with service_store.session(actor=Actor.system()) as s:
            refs = lists(s)
            group, (head, first, second) = make_group(s, "Peach Group", "Head", "One", "Two")
            found = {"group": group.id, "head": head.id, "one": first.id, "two": second.id}
            for name in ("one", "two"):
                found[f"{name}_asset"] = add_asset(s, found[name], f"B-{name}", refs).id
                found[f"{name}_place"] = s.work_addresses.add(found[name], address=address(name)).id
            found["project"] = fs.of(s).projects.create(head.id, " Refit ").id
        return found

    def test_a_project_is_created_at_a_head_office_only(
        self, service_store: Store, group: dict[str, uuid.UUID]
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            projects = fs.of(s).projects
            assert projects.get(group["project"]).name == "Refit"
            assert projects.get(group["project"]).group_id == group["group"]
            loner = add_customer(s, "Loner")
            for customer_id in (group["one"], loner.id):
                with pytest.raises(Conflict) as error:
                    projects.create(customer_id, "P")
                assert (error.value.field, error.value.rule) == ("customer_id", "head_office")
            assert [p.id for p in projects.for_customer(group["head"])] == [group["project"]]

    def test_members_components_are_allocated_once(
        self, service_store: Store, group: dict[str, uuid.UUID]
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            projects = fs.of(s).projects
            asset = projects.allocate(group["project"], "asset", group["one_asset"])
            place = projects.allocate(group["project"], "work_address", group["two_place"])
            assert (asset.member_id, place.member_id) == (group["one"], group["two"])
            assert projects.allocations(group["project"]) == [asset, place]
            with pytest.raises(Conflict) as error:
                projects.allocate(group["project"], "asset", group["one_asset"])
            assert (error.value.field, error.value.rule) == ("component_id", "already_allocated")
            with pytest.raises(NotFound):
                projects.allocate(group["project"], "asset", uuid.uuid4())

    def test_a_component_outside_the_group_is_refused(
        self, service_store: Store, group: dict[str, uuid.UUID]
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            refs = lists(s)
            _, (other,) = make_group(s, "Plum Group", "Plum")
            loner = add_customer(s, "Loner")
            for customer in (other, loner):
                asset = add_asset(s, customer.id, "B-9", refs)
                with pytest.raises(Conflict) as error:
                    fs.of(s).projects.allocate(group["project"], "asset", asset.id)
                assert (error.value.field, error.value.rule) == ("component_id", "same_group")
            assert fs.of(s).projects.allocations(group["project"]) == []

    @pytest.mark.parametrize("how", ["remove", "move", "reassign"])
    def test_a_member_leaving_releases_its_components_journaled(
        self, service_store: Store, group: dict[str, uuid.UUID], how: str
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            projects = fs.of(s).projects
            projects.allocate(group["project"], "asset", group["one_asset"])
            projects.allocate(group["project"], "work_address", group["one_place"])
            kept = projects.allocate(group["project"], "asset", group["two_asset"])
        with service_store.session(actor=Actor.system()) as s:
            if how == "remove":
                s.groups.remove_member(group["group"], group["one"])
            elif how == "move":
                s.groups.move_member(group["one"], s.groups.create("Elsewhere").id)
            else:
                s.groups.reassign([group["one"]], None)
        with service_store.session(actor=Actor.system()) as s:
            assert fs.of(s).projects.allocations(group["project"]) == [kept]
            entries = _journal(s, group["head"])
            assert {e.subject_id for e in entries} == {group["one_asset"], group["one_place"]}
            assert {e.action for e in entries} == {fs.ServiceAction.ALLOCATION_RELEASED_ON_LEAVING}

    def test_the_head_office_leaving_releases_every_allocation(
        self, service_store: Store, group: dict[str, uuid.UUID]
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            projects = fs.of(s).projects
            projects.allocate(group["project"], "asset", group["one_asset"])
            projects.allocate(group["project"], "asset", group["two_asset"])
            s.groups.remove_member(group["group"], group["head"])
            assert projects.allocations(group["project"]) == []
            assert len(_journal(s, group["head"])) == 2
            with pytest.raises(Conflict) as error:
                projects.allocate(group["project"], "asset", group["one_asset"])
            assert (error.value.field, error.value.rule) == ("project_id", "group_member")

    def test_a_release_is_journaled_and_a_refused_move_releases_nothing(
        self, service_store: Store, group: dict[str, uuid.UUID]
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            projects = fs.of(s).projects
            projects.allocate(group["project"], "asset", group["one_asset"])
            kept = projects.allocate(group["project"], "asset", group["two_asset"])
            released = projects.release(group["project"], group["one_asset"])
            assert released.component_id == group["one_asset"]
            (entry,) = _journal(s, group["head"])
            assert entry.action is fs.ServiceAction.ALLOCATION_RELEASED
            with pytest.raises(NotFound):
                projects.release(group["project"], group["one_asset"])
            with pytest.raises(NotFound):
                s.groups.reassign([group["two"], uuid.uuid4()], None)
            assert projects.allocations(group["project"]) == [kept]

    def test_a_merge_within_the_group_names_the_survivor_as_member(
        self, service_store: Store, group: dict[str, uuid.UUID]
    ) -> None:
        with service_store.session(actor=Actor.system()) as s:
            fs.of(s).projects.allocate(group["project"], "work_address", group["one_place"])
            s.customers.merge(group["two"], group["one"])
            (allocation,) = fs.of(s).projects.allocations(group["project"])
            assert allocation.member_id == group["two"]
