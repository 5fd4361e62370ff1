"""Fixtures for the SQL backend's own tests: one run per configured SQL store URL."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Index, Table, create_engine
from sqlalchemy.engine import Engine

from commtrak import Store, open_store
from commtrak.testing.conformance._base import open_test_store
from commtrak.testing.plugin import configured_urls, url_id
from commtrak_sqlalchemy.backend import SqlBackend, SqlTransaction
from commtrak_sqlalchemy.dialects import engine_options, is_memory_sqlite, with_default_driver

SQL_SCHEMES = ("sqlite", "postgresql", "mysql", "mariadb")


def sql_urls(config: pytest.Config) -> list[str]:
    """The configured store URLs that the SQL backend serves (``sqlite://`` if none)."""
    urls = [
        url for url in configured_urls(config) if url.split("+")[0].split(":")[0] in SQL_SCHEMES
    ]
    return urls or ["sqlite://"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "sql_url" in metafunc.fixturenames:
        urls = sql_urls(metafunc.config)
        metafunc.parametrize("sql_url", urls, ids=[url_id(url) for url in urls])


@pytest.fixture(params=[True, False], ids=["locked", "unlocked"])
def row_locks(request: pytest.FixtureRequest) -> bool:
    """Whether the store under test locks rows (``SqlBackend(row_locks=...)``): both, in turn."""
    value: bool = request.param
    return value


@pytest.fixture
def shared_url(sql_url: str, tmp_path: Path) -> str:
    """*sql_url*, with in-memory SQLite replaced by a file that several connections share."""
    if is_memory_sqlite(sql_url):
        return f"sqlite:///{tmp_path / 'shared.db'}"
    return sql_url


@pytest.fixture
def shared_store(shared_url: str) -> Iterator[Store]:
    """An empty store several connections share (a SQLite file, or the server database)."""
    with open_test_store(shared_url) as store:
        yield store


@pytest.fixture
def sql_store(sql_url: str) -> Iterator[Store]:
    """An empty store on *sql_url*."""
    store = open_store(sql_url)
    try:
        store.backend.erase_all_data()
        yield store
    finally:
        store.close()


@pytest.fixture
def tx(sql_store: Store) -> Iterator[SqlTransaction]:
    """A transaction on an empty store on *sql_url*, rolled back after the test."""
    backend = sql_store.backend
    assert isinstance(backend, SqlBackend)
    transaction = backend.begin()
    try:
        yield transaction
    finally:
        transaction.rollback()


@contextlib.contextmanager
def _index_dropped(backend: SqlBackend, table: Table, name: str, *, when: bool) -> Iterator[None]:
    """Drop *table*'s index *name* for the block, *when* asked; then erase and put it back.

    The concurrency tests use it to demonstrate on demand what the index prevents: with
    it gone, they fail.
    """
    if not when:
        yield
        return
    index = next(index for index in table.indexes if index.name == name)
    index.drop(backend.engine)
    try:
        yield
    finally:
        backend.erase_all_data()
        Index.create(index, backend.engine)


@pytest.fixture
def index_dropped() -> Callable[..., contextlib.AbstractContextManager[None]]:
    """``index_dropped(backend, table, name, when=...)``: see :func:`_index_dropped`."""
    return _index_dropped


@pytest.fixture
def host_engine(sql_url: str) -> Iterator[Callable[..., Engine]]:
    """``host_engine(**options)``: an engine on *sql_url* as a host application makes one.

    commtrak's options for the URL, without ``hide_parameters``, plus *options* (such as
    ``echo=True``); disposed after the test.
    """
    engines: list[Engine] = []

    def make(**options: object) -> Engine:
        url = with_default_driver(sql_url)
        settings = engine_options(url)
        del settings["hide_parameters"]
        engine = create_engine(url, **settings, **options)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()
