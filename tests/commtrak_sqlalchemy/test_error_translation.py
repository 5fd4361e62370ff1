"""Every driver or SQLAlchemy exception reaches a caller as a commtrak error with a rule.

The services refuse these values first (the hostile-input contract shows it); here the
statements go straight to the database, to show the backstop: a value the database
cannot take is a ValidationError, not BackendUnavailable, nor a raw driver error.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from commtrak import Store, ValidationError
from commtrak.errors import CommtrakError
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy.backend import SqlBackend


def _refusal(store: Store, statement: Callable[[Db], Any]) -> CommtrakError:
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    transaction = backend.begin()
    try:
        with pytest.raises(CommtrakError) as caught:
            statement(transaction.db)
    finally:
        transaction.rollback()
    return caught.value


def _group(db: Db, name: str) -> int:
    groups = db.tables.groups
    return db.run(groups.insert().values(id=uuid.uuid4(), name=name, name_key=name, member_count=0))


@pytest.mark.parametrize(
    ("case", "statement", "rule"),
    [
        ("a lone surrogate", lambda db: _group(db, "Fran\udc80"), "encoding"),
        (
            "text for an id",
            lambda db: db.rows(select(db.tables.groups).where(db.tables.groups.c.id == "x")),
            "type",
        ),
        (
            "an int for an id",
            lambda db: db.rows(select(db.tables.groups).where(db.tables.groups.c.id == 7)),
            "type",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_value_the_database_cannot_take_is_a_validation_error(
    sql_store: Store, case: str, statement: Callable[[Db], Any], rule: str
) -> None:
    error = _refusal(sql_store, statement)
    assert isinstance(error, ValidationError), error
    assert (error.field, error.rule) == ("record", rule)


def test_text_longer_than_its_column_is_a_validation_error_where_the_database_says_so(
    sql_store: Store,
) -> None:
    backend = sql_store.backend
    assert isinstance(backend, SqlBackend)
    if backend.engine.dialect.name == "sqlite":
        pytest.skip("SQLite does not enforce a VARCHAR's length (the model does)")
    error = _refusal(sql_store, lambda db: _group(db, "x" * 256))
    assert isinstance(error, ValidationError)
    assert (error.field, error.rule) == ("record", "storage_limit")
