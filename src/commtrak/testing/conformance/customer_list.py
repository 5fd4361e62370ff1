"""Contract: the filtered customer list (seed 003) and the reports built on it.

Every backend lists the same customers for the same filter, in the same keyset pages:
literal name fragments, group, status, type, and the seed's ``contains`` / ``equals``
on departments, contract types and flags. The property test checks a backend against
the memory backend (the reference) on random stores and filters.
"""

from __future__ import annotations

import datetime
import io
import json
import uuid
from typing import Any

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import (
    Actor,
    Address,
    CustomerFilter,
    CustomerStatus,
    Session,
    Store,
    ValidationError,
    ValuesFilter,
    field_service,
)
from commtrak.field_service import ContractRow, GroupRow, write_csv
from commtrak.serialization import export_data, import_data
from commtrak.testing.conformance._base import (
    STORE_PROPERTY,
    StoreContract,
    add_customer,
    make_group,
    open_test_store,
)

D = datetime.date
FEB_28, MAR_1 = D(2026, 2, 28), D(2027, 3, 1)
DEPARTMENTS = ("Sales", "Ops", "Parts")
TYPES = ("Warranty", "Service", "Gas")
FLAGS = ("VIP", "Key", "Late")


START = D(2026, 1, 1)


def _names(session: Session, where: CustomerFilter | None = None, **options: Any) -> list[str]:
    return [customer.name for customer in session.customers.list(where, **options)]


def _contract(session: Session, customer_id: uuid.UUID, kind: str) -> None:
    field_service.of(session).contracts.add(
        customer_id, name=kind, contract_type=kind, starts_on=D(2026, 1, 1), duration_months=12
    )


class CustomerListContract(StoreContract):
    """``customers.list`` / ``customers.each`` and ``field_service.of(s).reports``."""

    def test_names_match_literally_ignoring_case(self, session: Session) -> None:
        for name in ("100% Gas", "100 Gas", "A_B Ltd", "AxB Ltd", "O'Brien", 'Say "Hi"', "C:\\Dir"):
            add_customer(session, name)
        assert _names(session, CustomerFilter(name="%")) == ["100% Gas"]
        assert _names(session, CustomerFilter(name="a_b")) == ["A_B Ltd"]
        assert _names(session, CustomerFilter(name="'")) == ["O'Brien"]
        assert _names(session, CustomerFilter(name='"hi"')) == ['Say "Hi"']
        assert _names(session, CustomerFilter(name="\\")) == ["C:\\Dir"]
        assert _names(session, CustomerFilter(name="GAS")) == ["100 Gas", "100% Gas"]
        assert len(_names(session, CustomerFilter(name=""))) == 7

    def test_group_status_and_type_narrow_the_list(self, session: Session) -> None:
        group, _members = make_group(session, "Real Peach", "Peach HQ", "Peach Perth")
        loose = add_customer(session, "Loose")
        home = session.customers.add(
            name="Home", address=Address(line1="1 Lane", postcode="6000"), type="private"
        )
        session.customers.edit(loose.id, status="dormant")
        assert _names(session, CustomerFilter(group_id=group.id)) == ["Peach HQ", "Peach Perth"]
        assert _names(session, CustomerFilter(status=CustomerStatus.DORMANT)) == ["Loose"]
        assert _names(session, CustomerFilter(type="private")) == [home.name]
        assert _names(session, CustomerFilter(type="private", status=CustomerStatus.DORMANT)) == []

    def test_contains_and_equals_on_departments_contract_types_and_flags(
        self, session: Session
    ) -> None:
        for department in DEPARTMENTS:
            session.departments.add(department)
        only, both, none = (add_customer(session, n) for n in ("Only", "Both", "None"))
        _contract(session, only.id, "Warranty")
        _contract(session, both.id, "Warranty")
        _contract(session, both.id, "Service")
        session.contacts.add(only.id, name="Ann", departments=["Sales"])
        session.contacts.add(both.id, name="Bob", departments=["Sales"])
        session.contacts.add(both.id, name="Cy", departments=["Ops", "Sales"])
        archived = session.contacts.add(none.id, name="Dee", departments=["Sales"])
        session.contacts.archive(archived.id)
        flags = field_service.of(session).flags
        flags.set(only.id, ["VIP"])
        flags.set(both.id, ["vip", "Key"])
        for attribute, value in (
            ("contract_types", "warranty"),
            ("departments", "sales"),
            ("flags", "VIP"),
        ):

            def listed(question: ValuesFilter, attribute: str = attribute) -> list[str]:
                fields: dict[str, Any] = {attribute: question}
                return _names(session, CustomerFilter(**fields))

            assert listed(ValuesFilter.contains(value)) == ["Both", "Only"], attribute
            assert listed(ValuesFilter.equals(value)) == ["Only"], attribute
            assert listed(ValuesFilter.equals()) == ["None"], attribute
            assert len(listed(ValuesFilter.contains())) == 3
        two = ValuesFilter.equals("Service", "WARRANTY")
        assert _names(session, CustomerFilter(contract_types=two)) == ["Both"]
        # An ended contract's type is no longer the customer's.
        [service] = [
            c for c in field_service.of(session).contracts.list(both.id) if c.name == "Service"
        ]
        field_service.of(session).contracts.end(service.id, on=D(2026, 2, 1))
        assert _names(session, CustomerFilter(contract_types=two)) == []
        assert _names(session, CustomerFilter(contract_types=ValuesFilter.equals("warranty"))) == [
            "Both",
            "Only",
        ]

    def test_keyset_pages_are_stable_and_each_reads_them_all(self, session: Session) -> None:
        names = [f"Customer {n % 5}" for n in range(12)]  # ties on the name: ids order them
        made = [add_customer(session, name) for name in names]
        expected = sorted(made, key=lambda c: (c.name.casefold(), str(c.id)))
        pages, after = [], None
        while True:
            page = session.customers.list(after=after, limit=5)
            pages.append(page)
            if len(page) < 5:
                break
            after = page[-1]
        assert [len(page) for page in pages] == [5, 5, 2]
        assert [c for page in pages for c in page] == expected
        assert list(session.customers.each()) == expected
        session.customers.merge(expected[0].id, expected[1].id)
        assert expected[1].id not in {c.id for c in session.customers.each()}  # merged: gone

    def test_the_list_refuses_a_bad_page_or_filter(self, session: Session) -> None:
        for options, rule in (
            ({"limit": 0}, "limit/range"),
            ({"limit": 1001}, "limit/range"),
            ({"after": "x"}, "after/type"),
            ({"where": "name"}, "where/type"),
            ({"where": CustomerFilter(status="asleep")}, "status/customer_status"),  # type: ignore[arg-type]
            ({"where": CustomerFilter(name="a\x00")}, "name/control_character"),
            ({"where": CustomerFilter(flags="VIP")}, "flags/type"),  # type: ignore[arg-type]
            ({"where": CustomerFilter(group_id="g")}, "group_id/uuid"),  # type: ignore[arg-type]
        ):
            with pytest.raises(ValidationError) as caught:
                session.customers.list(**options)
            assert f"{caught.value.field}/{caught.value.rule}" == rule, options

    def test_the_group_report_needs_three_characters_and_counts_members(
        self, session: Session
    ) -> None:
        peach, _ = make_group(session, "Real Peach", "HQ", "Perth", "Sydney")
        make_group(session, "Peach 100%", "Solo")
        make_group(session, "Harbour", "Other")
        reports = field_service.of(session).reports
        rows = list(reports.groups("PEACH"))
        assert [(row.group, row.member_count) for row in rows] == [
            ("Peach 100%", 1),
            ("Real Peach", 3),
        ]
        assert [row.group for row in reports.groups("00%")] == ["Peach 100%"]
        assert [(row.group, row.customer) for row in reports.group_customers("real")] == [
            ("Real Peach", "HQ"),
            ("Real Peach", "Perth"),
            ("Real Peach", "Sydney"),
        ]
        for short in ("pe", " p ", ""):
            with pytest.raises(ValidationError) as caught:
                reports.groups(short)
            assert (caught.value.field, caught.value.rule) == ("query", "min_length")
        out = io.StringIO()
        assert write_csv(reports.groups("peach"), out, kind=GroupRow) == 2
        lines = out.getvalue().splitlines()
        assert lines[0] == "group_id,group,member_count"
        assert lines[2] == f"{peach.id},Real Peach,3"

    def test_the_contract_report_shows_start_duration_and_expiry(self, session: Session) -> None:
        group, [hq] = make_group(session, "Real Peach", "HQ")
        bare = add_customer(session, "Bare")
        contracts = field_service.of(session).contracts
        contracts.add(
            hq.id,
            name="Gold",
            contract_type="Warranty",
            starts_on=D(2026, 1, 31),
            duration_months=1,
        )
        contracts.add(
            hq.id, name="Gas", contract_type="Service", starts_on=D(2026, 3, 1), duration_months=12
        )
        reports = field_service.of(session).reports
        rows = list(reports.contracts())
        assert rows == [
            ContractRow(bare.id, "Bare", "", "", "", None, None, None),
            ContractRow(
                hq.id, "HQ", group.name, "Gold", "Warranty", D(2026, 1, 31), 1, D(2026, 2, 28)
            ),
            ContractRow(
                hq.id, "HQ", group.name, "Gas", "Service", D(2026, 3, 1), 12, D(2027, 3, 1)
            ),
        ]
        warranty = CustomerFilter(contract_types=ValuesFilter.contains("warranty"))
        assert [row.contract for row in reports.contracts(warranty)] == ["Gold"]  # the matching one
        out = io.StringIO()
        assert write_csv(reports.contracts(warranty), out) == 1
        assert out.getvalue().splitlines() == [
            "customer_id,customer,group,contract,contract_type,contract_start,"
            "contract_duration_months,contract_expiry",
            f"{hq.id},HQ,Real Peach,Gold,Warranty,2026-01-31,1,2026-02-28",
        ]
        with pytest.raises(ValidationError):
            reports.contracts("x")  # type: ignore[arg-type]


_TEXT = st.sampled_from(["a", "A", "%", "_", "'", '"', "\\", "b", " "])


@st.composite
def _stores(draw: st.DrawFn) -> list[dict[str, Any]]:
    return draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "name": st.lists(_TEXT, min_size=1, max_size=4).map("".join).filter(str.strip),
                    "group": st.none() | st.integers(0, 1),
                    "dormant": st.booleans(),
                    "private": st.booleans(),
                    "contacts": st.lists(
                        st.tuples(st.sets(st.sampled_from(DEPARTMENTS)), st.booleans()), max_size=2
                    ),
                    "contracts": st.lists(
                        st.tuples(st.sampled_from((*TYPES, "warranty")), st.booleans()), max_size=2
                    ),
                    "flags": st.sets(st.sampled_from((*FLAGS, "vip"))),
                }
            ),
            max_size=7,
        )
    )


def _values() -> st.SearchStrategy[ValuesFilter | None]:
    pool = DEPARTMENTS + TYPES + FLAGS + ("SALES", "warranty", "vip", "Other")
    return st.none() | st.builds(
        lambda values, equals: (ValuesFilter.equals if equals else ValuesFilter.contains)(*values),
        st.sets(st.sampled_from(pool), max_size=2),
        st.booleans(),
    )


@st.composite
def _filters(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "name": draw(st.none() | st.lists(_TEXT, max_size=2).map("".join)),
        "group": draw(st.none() | st.integers(0, 1)),
        "status": draw(st.none() | st.sampled_from(list(CustomerStatus))),
        "type": draw(st.none() | st.sampled_from(["private", "company"])),
        "departments": draw(_values()),
        "contract_types": draw(_values()),
        "flags": draw(_values()),
    }


def _fill(session: Session, customers: list[dict[str, Any]]) -> None:
    for department in DEPARTMENTS:
        session.departments.add(department)
    groups = [session.groups.create(f"Group {n}") for n in range(2)]
    service = field_service.of(session)
    for n, spec in enumerate(customers):
        customer = session.customers.add(
            name=spec["name"],
            address=Address(line1=f"{n} Street", postcode="6000"),
            type="private" if spec["private"] else "company",
            status="dormant" if spec["dormant"] else "active",
        )
        if spec["group"] is not None:
            session.groups.add_member(groups[spec["group"]].id, customer.id)
        for m, (departments, archived) in enumerate(spec["contacts"]):
            contact = session.contacts.add(customer.id, name=f"C{m}", departments=departments)
            if archived:
                session.contacts.archive(contact.id)
        for kind, ended in spec["contracts"]:
            contract = service.contracts.add(
                customer.id,
                name=kind,
                contract_type=kind,
                starts_on=D(2026, 1, 1),
                duration_months=6,
            )
            if ended:
                service.contracts.end(contract.id, on=D(2026, 2, 1))
        service.flags.set(customer.id, spec["flags"])


def _pages(session: Session, where: CustomerFilter, limit: int) -> list[uuid.UUID]:
    found: list[uuid.UUID] = []
    after = None
    while True:
        page = session.customers.list(where, after=after, limit=limit)
        found += [customer.id for customer in page]
        if len(page) < limit:
            return found
        after = page[-1]


class CustomerListPropertyContract(CustomerListContract):
    """The backend's list equals the memory backend's for random stores and filters."""

    @hypothesis.settings(max_examples=25, **STORE_PROPERTY)
    @hypothesis.given(customers=_stores(), filters=st.lists(_filters(), min_size=1, max_size=4))
    def test_any_filter_lists_what_the_memory_backend_lists(
        self,
        store: Store,
        actor: Actor,
        customers: list[dict[str, Any]],
        filters: list[dict[str, Any]],
    ) -> None:
        store.backend.erase_all_data()
        with store.session(actor=actor) as s:
            _fill(s, customers)
            document = json.loads(json.dumps(export_data(s)))
            groups = [group.id for group in s.groups.all()]
        with open_test_store("memory://") as oracle:
            with oracle.session(actor=actor) as s:
                import_data(s, document)
            for spec in filters:
                group = None if spec["group"] is None else groups[spec["group"]]
                fields = {name: value for name, value in spec.items() if name != "group"}
                where = CustomerFilter(**fields, group_id=group)
                with oracle.session(actor=actor) as s:
                    expected = [customer.id for customer in s.customers.each(where)]
                with store.session(actor=actor) as s:
                    assert _pages(s, where, 2) == expected, where
                    assert [customer.id for customer in s.customers.each(where)] == expected
