"""Contract: the CSV import (seeds 000 and 004), on every store.

Customers with their contacts and work addresses come in batches through the
repositories' ``add_many``, each row checked by the services' rules, each row once
however often the file is imported.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest

from commtrak import (
    Actor,
    Address,
    Conflict,
    Customer,
    PermissionDenied,
    Store,
    ValidationError,
)
from commtrak.model.ids import new_id
from commtrak.portability.csv_import import (
    Mapping,
    import_customers,
    import_work_addresses,
)
from commtrak.testing.conformance._base import StoreContract
from commtrak.testing.conformance.reassignment import assert_group_invariants

HEADER = ("Ref", "Company", "Type", "Address Line 1", "Town", "Postcode", "Contact", "Email")


def write_csv(path: Path, rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> Path:
    """Write a CSV file with *header* and *rows*; return its path."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def customer_rows(count: int, *, start: int = 0) -> list[list[str]]:
    """*count* valid rows, each a customer with a contact."""
    return [
        [
            f"R{n}",
            f"Customer {n:04}",
            "company",
            f"{n} Peach Street",
            "Perth",
            "6000",
            f"Contact {n}",
            f"c{n}@realpeach.example",
        ]
        for n in range(start, start + count)
    ]


class CsvImportContract(StoreContract):
    """``import_customers`` and ``import_work_addresses``: batches, keys, groups, rules."""

    def test_customers_and_contacts_come_in_through_the_services_rules(
        self, store: Store, actor: Actor, tmp_path: Path
    ) -> None:
        rows = customer_rows(5)
        rows[2][1] = ""  # no name
        rows[3][7] = "not an email"
        path = write_csv(tmp_path / "customers.csv", rows)
        result = import_customers(
            store, path, actor=actor, batch_size=2, rejects=tmp_path / "r.csv"
        )
        assert (result.read, result.imported, result.rejected, result.contacts) == (5, 3, 2, 3)
        assert [(r.line, r.column, r.field, r.rule) for r in result.rejections] == [
            (4, "Company", "name", "required"),
            (5, "Email", "contact.email", "email_form"),
        ]
        with (tmp_path / "r.csv").open(newline="") as file:
            report = list(csv.reader(file))
        assert report[0] == ["line", "column", "value", "field", "rule", "message"]
        assert [row[:5] for row in report[1:]] == [
            ["4", "Company", "", "name", "required"],
            ["5", "Email", "not an email", "contact.email", "email_form"],
        ]
        with store.session(actor=actor) as s:
            customers = s.transaction.customers.scan(None, 10)
            assert sorted(c.name for c in customers) == [
                "Customer 0000",
                "Customer 0001",
                "Customer 0004",
            ]
            [contact] = s.contacts.for_customer(
                next(c.id for c in customers if c.name == "Customer 0004")
            )
            assert contact.email_key == "c4@realpeach.example"

    def test_importing_again_adds_nothing_twice(
        self, store: Store, actor: Actor, tmp_path: Path
    ) -> None:
        first = write_csv(tmp_path / "first.csv", customer_rows(3))
        assert import_customers(store, first, actor=actor).imported == 3
        again = import_customers(store, first, actor=actor)
        assert (again.imported, again.skipped) == (0, 3)
        # Rows with a reference are known by it in any file; the rest finishes.
        more = write_csv(tmp_path / "more.csv", customer_rows(5))
        result = import_customers(store, more, actor=actor, batch_size=2)
        assert (result.imported, result.skipped) == (2, 3)
        with store.session(actor=actor) as s:
            assert len(s.transaction.customers.scan(None, 100)) == 5

    def test_rows_without_a_reference_are_known_by_their_values(
        self, store: Store, actor: Actor, tmp_path: Path
    ) -> None:
        rows = [row[1:] for row in customer_rows(2)]
        path = write_csv(tmp_path / "plain.csv", [*rows, rows[0]], HEADER[1:])
        result = import_customers(store, path, actor=actor)
        assert (result.imported, result.skipped) == (2, 1)
        assert import_customers(store, path, actor=actor).imported == 0

    def test_all_or_nothing_writes_nothing_when_a_row_is_rejected(
        self, store: Store, actor: Actor, tmp_path: Path
    ) -> None:
        rows = customer_rows(5)
        rows[4][5] = ""  # no postcode, in the last batch
        path = write_csv(tmp_path / "customers.csv", rows)
        result = import_customers(store, path, actor=actor, all_or_nothing=True, batch_size=2)
        assert (result.committed, result.imported, result.rejected) == (False, 0, 1)
        assert result.rejections[0].field == "address.postcode"
        with store.session(actor=actor) as s:
            assert s.transaction.customers.scan(None, 10) == []
            assert s.transaction.import_keys.find(["x"]) == {}
        rows[4][5] = "6000"
        path = write_csv(tmp_path / "customers.csv", rows)
        result = import_customers(store, path, actor=actor, all_or_nothing=True, batch_size=2)
        assert (result.committed, result.imported) == (True, 5)

    def test_a_new_group_gets_its_first_imported_customer_as_head_office(
        self, store: Store, actor: Actor, tmp_path: Path
    ) -> None:
        path = write_csv(tmp_path / "customers.csv", customer_rows(5))
        with pytest.raises(ValidationError) as refused:
            import_customers(store, path, actor=actor, group="Real Peach")
        assert (refused.value.field, refused.value.rule) == ("group", "unknown_group")
        result = import_customers(
            store, path, actor=actor, group="Real Peach", create_group=True, batch_size=2
        )
        assert result.group is not None
        with store.session(actor=actor) as s:
            members = s.groups.members(result.group.id)
            assert len(members) == 5
            head_office = s.customers.get(result.group.head_office_id)  # type: ignore[arg-type]
            assert head_office.name == "Customer 0000"
            assert_group_invariants(s)
        more = write_csv(tmp_path / "more.csv", customer_rows(2, start=5))
        again = import_customers(store, more, actor=actor, group="real peach")
        assert again.group == result.group  # the Head Office stays
        with store.session(actor=actor) as s:
            assert len(s.groups.members(result.group.id)) == 7
            assert_group_invariants(s)

    def test_a_group_needs_the_groups_permission(self, store: Store, tmp_path: Path) -> None:
        path = write_csv(tmp_path / "customers.csv", customer_rows(1))
        clerk = Actor.staff("c", "Clerk")
        with pytest.raises(PermissionDenied):
            import_customers(store, path, actor=clerk, group="G", create_group=True)
        assert import_customers(store, path, actor=clerk).imported == 1

    def test_a_private_customers_contact_is_its_primary_contact(
        self, store: Store, actor: Actor, tmp_path: Path
    ) -> None:
        rows = customer_rows(1)
        rows[0][2] = "private"
        result = import_customers(store, write_csv(tmp_path / "p.csv", rows), actor=actor)
        assert result.imported == 1
        with store.session(actor=actor) as s:
            [customer] = s.transaction.customers.scan(None, 1)
            primary = s.contacts.primary(customer.id)
            assert primary is not None and primary.name == "Contact 0"

    def test_work_addresses_find_their_customer_by_reference_or_id(
        self, store: Store, actor: Actor, tmp_path: Path
    ) -> None:
        import_customers(store, write_csv(tmp_path / "c.csv", customer_rows(2)), actor=actor)
        with store.session(actor=actor) as s:
            ids = {c.name: c.id for c in s.transaction.customers.scan(None, 10)}
        header = ("Customer", "Address Line 1", "Postcode", "Surname", "Status")
        rows = [
            ["R0", "1 Flat Street", "6000", "Smith", ""],
            [str(ids["Customer 0001"]), "2 Flat Street", "6001", "", "dormant"],
            ["R9", "3 Flat Street", "6002", "", ""],
            ["R0", "", "6003", "", ""],
        ]
        path = write_csv(tmp_path / "w.csv", rows, header)
        result = import_work_addresses(store, path, actor=actor)
        assert (result.imported, result.rejected) == (2, 2)
        assert [(r.line, r.field, r.rule) for r in result.rejections] == [
            (4, "customer", "reference"),
            (5, "address.line1", "required"),
        ]
        with store.session(actor=actor) as s:
            [first] = s.work_addresses.for_customer(ids["Customer 0000"])
            assert first.occupier.surname == "Smith"
            [second] = s.work_addresses.for_customer(ids["Customer 0001"])
            assert (second.occupier.surname, second.status.value) == ("Occupier", "dormant")
        assert import_work_addresses(store, path, actor=actor).skipped == 2
        one = import_work_addresses(
            store,
            path,
            Mapping("work_addresses", {"address.line1": "Address Line 1"}),
            actor=actor,
            customer_id=ids["Customer 0001"],
            source="for one customer",
        )
        assert (one.imported, one.rejected) == (3, 1)

    def test_add_many_refuses_a_taken_id_and_writes_none_of_the_rows(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            taken = s.customers.add(name="Taken", address=Address(line1="1 St", postcode="1"))
        fresh = [Customer(id=new_id(), name=f"New {n}", address=taken.address) for n in range(3)]
        with store.session(actor=actor) as s:
            with pytest.raises(Conflict) as refused:
                s.transaction.customers.add_many([*fresh[:2], taken, fresh[2]])
            assert (refused.value.field, refused.value.rule) == ("id", "unique_id")
            assert s.transaction.customers.get_many([c.id for c in fresh]) == {}
            s.transaction.customers.add_many(fresh)
        with store.session(actor=actor) as s:
            assert len(s.transaction.customers.get_many([c.id for c in fresh])) == 3

    def test_a_bad_mapping_is_refused_before_any_row(
        self, store: Store, actor: Actor, tmp_path: Path
    ) -> None:
        path = write_csv(tmp_path / "c.csv", customer_rows(1))
        cases = {
            "unknown_field": {"nickname": "Company"},
            "unknown_column": {"name": "Nope"},
            "required_field": {"name": "Company"},
        }
        for rule, columns in cases.items():
            with pytest.raises(ValidationError) as refused:
                import_customers(store, path, Mapping("customers", columns), actor=actor)
            assert (refused.value.field, refused.value.rule) == ("mapping", rule)
        with pytest.raises(ValidationError) as refused:
            import_work_addresses(store, path, actor=actor)
        assert refused.value.rule == "required_field"
        with store.session(actor=actor) as s:
            assert s.transaction.customers.scan(None, 1) == []
