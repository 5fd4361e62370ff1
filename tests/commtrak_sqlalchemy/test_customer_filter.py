"""The filtered customer list on SQL: one statement per page, read through the listing index."""

from __future__ import annotations

import datetime
import uuid

from sqlalchemy import text
from test_reassignment import counting

from commtrak import (
    Actor,
    Address,
    CustomerFilter,
    CustomerStatus,
    Store,
    ValuesFilter,
    field_service,
    open_store,
)
from commtrak_sqlalchemy.backend import SqlBackend
from commtrak_sqlalchemy.customer_filter import filtered_statement

ACTOR = Actor.system()

EVERY_CONDITION = CustomerFilter(
    name="a%",
    status=CustomerStatus.ACTIVE,
    type="company",
    contract_types=ValuesFilter.equals("Warranty", "Gas"),
    flags=ValuesFilter.contains("VIP"),
)


def _fill(store: Store, size: int) -> None:
    store.backend.erase_all_data()
    with store.session(actor=ACTOR) as s:
        contracts = field_service.of(s).contracts
        for n in range(size):
            customer = s.customers.add(name=f"A% {n:03}", address=Address(line1="1", postcode="2"))
            for kind in ("Warranty", "Gas"):
                contracts.add(
                    customer.id,
                    name=kind,
                    contract_type=kind,
                    starts_on=datetime.date(2026, 1, 1),
                    duration_months=12,
                )
            field_service.of(s).flags.set(customer.id, ["VIP"])


def test_each_page_is_one_statement_whatever_the_filter(sql_store: Store) -> None:
    _fill(sql_store, 12)
    with sql_store.session(actor=ACTOR) as s, counting(sql_store) as statements:
        pages = []
        after = None
        while True:
            page = s.customers.list(EVERY_CONDITION, after=after, limit=5)
            pages.append(len(page))
            if len(page) < 5:
                break
            after = page[-1]
    assert pages == [5, 5, 2]
    assert len(statements) == len(pages)


def test_sqlite_reads_the_page_through_the_listing_index() -> None:
    store = open_store("sqlite://")
    try:
        _fill(store, 3)
        backend = store.backend
        assert isinstance(backend, SqlBackend)
        statement = filtered_statement(
            backend.tables,
            "sqlite",
            CustomerFilter(name="a"),
            ("a", uuid.UUID(int=0)),
            5,
        )
        compiled = statement.compile(backend.engine, compile_kwargs={"literal_binds": True})
        with backend.engine.connect() as connection:
            plan = connection.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
        details = " ".join(str(row[-1]) for row in plan)
        assert "customers_listing" in details, details
        assert "TEMP B-TREE" not in details, details  # no sort: the index gives the order
    finally:
        store.close()
