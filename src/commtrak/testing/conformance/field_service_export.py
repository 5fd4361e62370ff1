"""Contract: the service context's records go through the ZIP export and back, checked."""

from __future__ import annotations

import copy
import datetime
import io
import uuid
from typing import Any

import pytest

from commtrak import Actor, Session, Store
from commtrak import field_service as fs
from commtrak.field_service.ports.storage import field_service_storage
from commtrak.finance import Money, currency
from commtrak.portability import (
    RecordRejected,
    export_archive,
    export_data,
    import_archive,
    import_data,
)
from commtrak.testing.conformance._base import address, make_group, open_test_store
from commtrak.testing.conformance._field_service import FieldServiceContract, add_asset, lists
from commtrak.testing.conformance.archive import other_url


def service_records(s: Session) -> dict[str, list[Any]]:
    """Every record of the service context, as entities, in scan order."""
    storage = field_service_storage(s.transaction)
    return {
        "reference_items": storage.reference_items.scan(None, 10_000),
        "assets": storage.assets.scan(None, 10_000),
        "attachments": storage.attachments.scan(None, 10_000),
        "projects": storage.projects.scan(None, 10_000),
        "allocations": storage.projects.scan_allocations(None, 10_000),
        "journal": storage.service_journal.scan(None, 10_000),
        "slas": storage.slas.scan(None, 10_000),
        "customer_slas": storage.slas.scan_assignments(None, 10_000),
        "plans": storage.service_plans.scan(None, 10_000),
        "plan_assignments": storage.service_plans.scan_assignments(None, 10_000),
    }


def fill_service(service_store: Store) -> dict[str, uuid.UUID]:
    """A group whose Head Office runs a project; assets with a custom column; files."""
    blobs = fs.MemoryBlobStore()
    with service_store.session(actor=Actor.system()) as s:
        refs = lists(s)
        _, (head, member) = make_group(s, "Peach Group", "Head", "Member")
        place = s.work_addresses.add(member.id, address=address("5"))
        asset = add_asset(s, member.id, "B-1", refs, work_address_id=place.id, serial="S1")
        column = s.custom_fields.define("Gas safe number", "text", "asset")
        s.custom_fields.set_value(asset.id, column.id, "GS-1")
        contact = s.contacts.add(member.id, name="Pat")
        files = fs.of(s).attachments
        files.attach(blobs, "asset", asset.id, "cert.pdf", b"%PDF-1.7 cert")
        gone = files.attach(blobs, "contact", contact.id, "note.txt", b"note")
        files.delete(blobs, gone.id)
        projects = fs.of(s).projects
        project = projects.create(head.id, "Refit")
        projects.allocate(project.id, "asset", asset.id)
        projects.allocate(project.id, "work_address", place.id)
        projects.release(project.id, place.id)
        gold = fs.of(s).slas.define("Gold", response_minutes=60, resolution_minutes=240)
        fs.of(s).slas.associate(member.id, gold.id)
        care = fs.of(s).service_plans.define(
            "Care", cost=Money.of("149.99", currency("GBP")), tasks=["Service"]
        )
        fs.of(s).service_plans.assign(
            member.id, care.id, expires_on=datetime.date(2027, 1, 1), work_address_ids=[place.id]
        )
    return {"asset": asset.id, "place": place.id, "member": member.id}


class FieldServiceExportContract(FieldServiceContract):
    """Assets, reference data, attachment records, projects and the journal round-trip."""

    def test_the_archive_gives_back_equal_records(
        self, service_store: Store, commtrak_url: str
    ) -> None:
        made = fill_service(service_store)
        archive = io.BytesIO()
        with service_store.session(actor=Actor.system()) as s:
            export_archive(s, archive)
            exported, original = export_data(s), service_records(s)
        assert all(original.values())
        with open_test_store(other_url(commtrak_url)) as other:
            with other.session(actor=Actor.system()) as s:
                counts = import_archive(s, io.BytesIO(archive.getvalue()))
            assert (counts["fs_assets"], counts["fs_attachments"], counts["fs_journal"]) == (
                1,
                1,
                2,
            )
            with other.session(actor=Actor.system()) as s:
                assert service_records(s) == original
                assert s.custom_fields.values(made["asset"]) == {"Gas safe number": "GS-1"}
                assert export_data(s) == exported

    @pytest.mark.parametrize(
        ("section", "change", "field", "rule"),
        [
            ("fs_assets", {"reference": " "}, "reference", "required"),
            ("fs_assets", {"work_address_id": "place"}, "work_address_id", "same_customer"),
            ("fs_assets", {"model_id": "asset"}, "model_id", "reference_kind"),
            ("fs_attachments", {"name": "x" * 76}, "name", "max_length"),
            ("fs_attachments", {"customer_id": "asset"}, "customer_id", "owner_customer"),
            ("fs_attachments", {"sha256": "00"}, "sha256", "sha256"),
            ("fs_allocations", {"member_id": "place"}, "member_id", "owner_customer"),
            ("fs_projects", {"name": ""}, "name", "required"),
            ("fs_slas", {"response_minutes": 0}, "response_minutes", "positive"),
            ("fs_customer_slas", {"sla_id": "asset"}, "sla_id", "reference"),
            ("fs_service_plans", {"name": " "}, "name", "required"),
            ("fs_plan_assignments", {"plan_id": "asset"}, "plan_id", "reference"),
            ("custom_fields", {"owner": "vehicle"}, "owner", "owner"),
            ("custom_values", {"owner_id": "place"}, "owner_id", "reference"),
        ],
    )
    def test_an_import_refuses_what_the_services_refuse(
        self, service_store: Store, section: str, change: dict[str, str], field: str, rule: str
    ) -> None:
        made = fill_service(service_store)
        with service_store.session(actor=Actor.system()) as s:
            document = copy.deepcopy(export_data(s))
            place = s.work_addresses.add(
                s.customers.add(name="Other", address=address("7")).id, address=address("8")
            )
        names = {"place": str(place.id), "asset": str(made["asset"])}
        document[section][0].update({k: names.get(v, v) for k, v in change.items()})
        with open_test_store("memory://") as other, other.session(actor=Actor.system()) as s:
            with pytest.raises(RecordRejected) as error:
                import_data(s, document)
            assert (error.value.kind, error.value.field, error.value.rule) == (section, field, rule)
