"""The host's foreign keys to contacts are found and repointed by merges, set-based."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Column, ForeignKey, MetaData, String, Table, create_engine, insert, select

from commtrak import Actor, Address, EmailChecker, Store
from commtrak.hookspecs import hookimpl
from commtrak.plugins import PluginHost
from commtrak.references import ReferenceRegistry
from commtrak_sqlalchemy._types import Id
from commtrak_sqlalchemy.backend import SqlBackend
from commtrak_sqlalchemy.dialects import engine_options, with_default_driver
from commtrak_sqlalchemy.references import SqlColumnReference
from commtrak_sqlalchemy.tables import define_tables

ACTOR = Actor.system()


@pytest.fixture
def host(shared_url: str) -> Iterator[tuple[Store, Table, Table]]:
    """A store whose tables live on the host's MetaData beside two host tables.

    ``host_tickets.contact_id`` has a foreign key to the contacts table (found by the
    backend); ``host_notes.author`` has none (registered through the hook).
    """
    url = with_default_driver(shared_url)
    engine = create_engine(url, **engine_options(url))
    metadata = MetaData()
    tables = define_tables(metadata, prefix="fk_")
    tickets = Table(
        "host_tickets",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("contact_id", Id, ForeignKey(tables.contacts.c.id), nullable=False),
    )
    notes = Table(
        "host_notes",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("author", Id, nullable=True),
    )
    backend = SqlBackend(engine, tables=tables)
    metadata.create_all(engine, tables=[tickets, notes])

    class HostPlugin:
        @hookimpl
        def commtrak_contact_references(self, registry: ReferenceRegistry) -> None:
            registry.add(SqlColumnReference(notes.c.author, kind="host.note_author"))

    plugins = PluginHost(plugins=[("host", HostPlugin())])
    store = Store(
        backend,
        references=plugins.contact_references(),
        email_checker=EmailChecker("offline"),
    )
    try:
        yield store, tickets, notes
    finally:
        with engine.begin() as connection:
            connection.execute(tickets.delete())
            connection.execute(notes.delete())
        backend.erase_all_data()
        metadata.drop_all(engine, tables=[tickets, notes])
        engine.dispose()


def _rows(store: Store, table: Table, column: str) -> list[Any]:
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    with backend.engine.connect() as connection:
        return [row[0] for row in connection.execute(select(table.c[column]))]


def test_host_references_move_to_the_survivor(host: tuple[Store, Table, Table]) -> None:
    store, tickets, notes = host
    kinds = [r.kind for r in store.references]
    assert {"customer.sales_contact", "host_tickets.contact_id", "host.note_author"} <= set(kinds)
    assert not any(kind.startswith("fk_") for kind in kinds)  # commtrak's own tables are not hosts'
    with store.session(actor=ACTOR) as s:
        group = s.groups.create("Real Peach")
        ids = []
        for n in range(3):
            customer = s.customers.add(name=f"M{n}", address=Address(line1="1", postcode="2"))
            s.groups.add_member(group.id, customer.id)
            ids.append(s.contacts.add(customer.id, name="Fran", email="fran@x.example").id)
        head_office = s.groups.get(group.id).head_office_id
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    with backend.engine.begin() as connection:
        connection.execute(
            insert(tickets),
            [{"id": str(uuid.uuid4()), "contact_id": contact_id} for contact_id in ids * 2],
        )
        connection.execute(
            insert(notes), [{"id": "n1", "author": ids[2]}, {"id": "n2", "author": None}]
        )
    assert head_office is not None
    with store.session(actor=ACTOR) as s:
        [plan] = s.duplicates.preview(head_office)
        assert plan.references["host_tickets.contact_id"] == 4
        assert plan.references["host.note_author"] == 1
        [entry] = s.duplicates.merge(head_office)
        assert entry.survivor_id == ids[0]
    assert set(_rows(store, tickets, "contact_id")) == {ids[0]}
    assert _rows(store, notes, "author").count(ids[0]) == 1
    with store.session(actor=ACTOR) as s:
        assert set(s.duplicates.dangling_references().values()) == {0}
