"""``Db.insert_many`` stores exactly what a row-by-row insert does, on every SQL store.

On PostgreSQL the rows travel as one array per column (:mod:`commtrak_sqlalchemy._unnest`),
elsewhere as one executemany; both must store the same values and refuse alike.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, create_engine, insert, select
from sqlalchemy.engine import Engine

from commtrak.errors import CommtrakError
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._types import Id, JsonList, UtcDateTime
from commtrak_sqlalchemy.dialects import engine_options, with_default_driver
from commtrak_sqlalchemy.errors import ErrorTranslator
from commtrak_sqlalchemy.tables import define_tables

METADATA = MetaData()
WRITTEN = Table(
    "unnest_rows",
    METADATA,
    Column("id", Id, primary_key=True),
    Column("n", Integer, nullable=False),
    Column("name", String(40), nullable=True),
    Column("at", UtcDateTime, nullable=True),
    Column("items", JsonList, nullable=False),
    Column("document", JSON, nullable=True),
    Column("strict_document", JSON(none_as_null=True), nullable=True),
)

START = datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC)

#: JSON values that trip an array-per-column insert if it is done carelessly: lists of
#: lists (read as a two-dimensional array), empty lists, objects, text with quotes,
#: braces and non-ASCII, and None (JSON ``null`` or SQL ``NULL`` as the column says).
DOCUMENTS: list[Any] = [
    [["a", "b"], ["c", "d"]],
    [],
    {"k": [1, 2], "quote": 'he said "hi"', "braces": "{x,y}"},
    "Fran\u00e7ois \u2603",
    None,
    [None, 1.5, True],
]


@pytest.fixture
def engine(sql_url: str) -> Iterator[Engine]:
    url = with_default_driver(sql_url)
    engine = create_engine(url, **engine_options(url))
    METADATA.drop_all(engine)
    METADATA.create_all(engine)
    try:
        yield engine
    finally:
        METADATA.drop_all(engine)
        engine.dispose()


def rows(first: int) -> list[dict[str, Any]]:
    return [
        {
            "id": uuid.uuid4(),
            "n": first + n,
            "name": None if n % 3 == 0 else f"row {n}",
            "at": None if n % 4 == 0 else START + datetime.timedelta(seconds=n),
            "items": [[n, "x"], []] if n % 2 else [],
            "document": document,
            "strict_document": document,
        }
        for n, document in enumerate(DOCUMENTS)
    ]


def stored(engine: Engine, first: int) -> list[tuple[Any, ...]]:
    """The stored rows numbered from *first*, with whether each JSON value is SQL NULL."""
    table = WRITTEN.c
    null_document = table.document.is_(None)
    null_strict = table.strict_document.is_(None)
    columns = [table.name, table.at, table["items"], table.document, table.strict_document]
    statement = select(*columns, null_document, null_strict).where(table.n >= first)
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(statement.order_by(table.n))]


def test_insert_many_stores_what_row_by_row_inserts_store(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(insert(WRITTEN), rows(0))
    with engine.begin() as connection:
        db = Db(connection, define_tables(), ErrorTranslator(define_tables()), row_locks=False)
        db.insert_many(WRITTEN, rows(100))
    by_row, by_array = stored(engine, 0)[: len(DOCUMENTS)], stored(engine, 100)
    assert by_array == by_row
    assert len(by_array) == len(DOCUMENTS)
    assert [row[3] for row in by_array] == DOCUMENTS
    # None: JSON null where the column keeps None as JSON, SQL NULL where it asks for it.
    assert [row[5:] for row in by_array if row[3] is None] == [(False, True)]


def test_a_refused_row_leaves_none_written_and_the_transaction_going(engine: Engine) -> None:
    first = rows(0)
    with engine.begin() as connection:
        db = Db(connection, define_tables(), ErrorTranslator(define_tables()), row_locks=False)
        db.insert_many(WRITTEN, first[:1])
        batch = rows(100)
        batch[-1] = {**batch[-1], "id": first[0]["id"]}  # a taken id, last of the batch
        with pytest.raises(CommtrakError):
            db.insert_many(WRITTEN, batch)
        db.insert_many(WRITTEN, rows(200)[:2])  # the transaction is still usable
    with engine.connect() as connection:
        numbers = connection.execute(select(WRITTEN.c.n).order_by(WRITTEN.c.n)).scalars().all()
    assert numbers == [0, 200, 201]
