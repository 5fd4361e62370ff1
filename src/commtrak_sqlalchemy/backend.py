"""The SQLAlchemy backend: one engine, commtrak's tables, and transactions over them."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine, make_url

from commtrak.errors import BackendUnavailable, ValidationError
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy.contacts import SqlContacts
from commtrak_sqlalchemy.custom_fields import SqlCustomFields
from commtrak_sqlalchemy.customers import SqlCustomers
from commtrak_sqlalchemy.data_sheets import SqlDataSheets
from commtrak_sqlalchemy.departments import SqlDepartments
from commtrak_sqlalchemy.dialects import (
    engine_options,
    hiding_parameters,
    install_sqlite_locking,
    is_memory_sqlite,
    prepare_connection,
    with_default_driver,
)
from commtrak_sqlalchemy.erasures import SqlErasures
from commtrak_sqlalchemy.errors import ErrorTranslator
from commtrak_sqlalchemy.field_service.storage import SqlFieldService
from commtrak_sqlalchemy.finance.storage import SqlFinance
from commtrak_sqlalchemy.groups import SqlGroups
from commtrak_sqlalchemy.import_keys import SqlImportKeys
from commtrak_sqlalchemy.journal import SqlJournal
from commtrak_sqlalchemy.portal import (
    SqlPortalAccounts,
    SqlPortalEvents,
    SqlPortalSettings,
    SqlPortalTokens,
)
from commtrak_sqlalchemy.record import (
    SqlBranches,
    SqlCustomerJournal,
    SqlInvoiceAddresses,
    SqlInvoices,
    SqlLandlords,
    SqlWorkAddresses,
)
from commtrak_sqlalchemy.references import SqlColumnReference, foreign_key_references
from commtrak_sqlalchemy.schema import create_missing_tables
from commtrak_sqlalchemy.search import has_sqlite_search_index
from commtrak_sqlalchemy.tables import DEFAULT_PREFIX, SqlTables, define_tables
from commtrak_sqlalchemy.tickets import SqlTickets

__all__ = ["SqlBackend", "SqlTransaction"]


class SqlTransaction:
    """One database transaction, and the repositories that write through it.

    Args:
        db: The transaction's connection, with a transaction begun on it; the
            transaction closes it when it ends.
        release: Called once when the transaction ends.
    """

    def __init__(self, db: Db, release: Callable[[], None]) -> None:
        self.db = db
        self._connection = db.connection
        self._errors = db.errors
        self._release = release
        self._open = True
        self.customers = SqlCustomers(db)
        self.groups = SqlGroups(db)
        self.contacts = SqlContacts(db)
        self.journal = SqlJournal(db)
        self.erasures = SqlErasures(db)
        self.departments = SqlDepartments(db)
        self.custom_fields = SqlCustomFields(db)
        self.import_keys = SqlImportKeys(db)
        self.portal_accounts = SqlPortalAccounts(db)
        self.portal_tokens = SqlPortalTokens(db)
        self.portal_events = SqlPortalEvents(db)
        self.portal_settings = SqlPortalSettings(db)
        self.tickets = SqlTickets(db)
        self.data_sheets = SqlDataSheets(db)
        self.customer_journal = SqlCustomerJournal(db)
        self.branches = SqlBranches(db)
        self.landlords = SqlLandlords(db)
        self.work_addresses = SqlWorkAddresses(db)
        self.invoice_addresses = SqlInvoiceAddresses(db)
        self.invoices = SqlInvoices(db)

    @functools.cached_property
    def finance(self) -> SqlFinance:
        """The finance repositories (:class:`~commtrak.finance.ports.FinanceStorage`)."""
        return SqlFinance(self.db)

    @functools.cached_property
    def field_service(self) -> SqlFieldService:
        """The service context's repositories (see :mod:`commtrak.field_service`)."""
        return SqlFieldService(self.db)

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """Undo the writes made inside the block if it raises (``SAVEPOINT``)."""
        with self._errors.translating():
            nested = self._connection.begin_nested()
        try:
            yield
        except BaseException:
            # A failed rollback to the savepoint (MariaDB drops savepoints when it
            # rolls back a deadlocked transaction) must not hide the error that got here.
            with contextlib.suppress(Exception):
                nested.rollback()
            raise
        with self._errors.translating():
            nested.commit()

    def commit(self) -> None:
        """Commit, and give the connection back.

        Raises:
            Conflict: when a constraint refuses the writes at commit.
            BackendUnavailable: when the database does not answer.
        """
        if not self._open:
            return
        with self._errors.translating():
            self._connection.commit()
        self._finish()

    def rollback(self) -> None:
        """Roll back, and give the connection back; never raises for a lost connection."""
        if not self._open:
            return
        with contextlib.suppress(Exception):
            self._connection.rollback()
        self._finish()

    def _finish(self) -> None:
        self._open = False
        self.db.close_cursor()
        with contextlib.suppress(Exception):
            self._connection.close()
        self._release()


class SqlBackend:
    """A commtrak store in a SQL database, through SQLAlchemy Core.

    Opening it creates commtrak's tables if they are missing (see
    :func:`~commtrak_sqlalchemy.schema.create_missing_tables`); tables that exist are used
    as they are.

    Args:
        source: A database URL (``sqlite:///crm.db``, ``sqlite://``,
            ``postgresql+psycopg://...``, ``mysql+pymysql://...``) or an ``Engine`` the
            host application made. A URL without a driver gets psycopg or PyMySQL.
            commtrak's statements never log their parameters, on the host's engine too
            (see :func:`~commtrak_sqlalchemy.dialects.hiding_parameters`).
        tables: The tables to use (see :func:`~commtrak_sqlalchemy.tables.define_tables`
            for a schema or table-name prefix); by default ``commtrak_``-prefixed
            tables in the default schema.
        row_locks: Lock the rows services read before they write
            (``SELECT ... FOR UPDATE``). Turning it off leaves the invariants to the
            database constraints alone; the concurrency tests use it to show that
            those constraints suffice. Finance locks its payment and invoice rows
            either way: no constraint keeps allocations within a payment.
        create_tables: Create missing tables when opening.

    Raises:
        BackendUnavailable: when the database does not answer, or the driver is
            not installed.
    """

    def __init__(
        self,
        source: str | Engine,
        *,
        tables: SqlTables | None = None,
        row_locks: bool = True,
        create_tables: bool = True,
    ) -> None:
        if isinstance(source, str):
            url = with_default_driver(source)
            source = create_engine(url, **engine_options(url))
            self._owns_engine = True
        else:
            self._owns_engine = False
        install_sqlite_locking(source)
        self._source = source
        self._engine = hiding_parameters(source)
        self.tables = tables if tables is not None else define_tables()
        self._errors = ErrorTranslator(self.tables)
        self._row_locks = row_locks
        memory = is_memory_sqlite(self._engine.url.render_as_string(hide_password=False))
        # In-memory SQLite has one connection: transactions take turns on it.
        self._serial = threading.Lock() if memory else None
        self._owner: int | None = None
        self.capabilities = frozenset(
            {"threads"} if memory else {"threads", "concurrent_processes"}
        )
        if create_tables:
            try:
                create_missing_tables(self._engine, self.tables)
            except BaseException:
                self.close()
                raise
        self._search_index = self._has_search_index()

    @classmethod
    def from_url(cls, url: str) -> SqlBackend:
        """Open the store at *url*, reading commtrak's own options from its query string.

        The options, removed before the URL reaches SQLAlchemy:
        ``commtrak_prefix`` (table-name prefix, default ``commtrak_``),
        ``commtrak_schema`` (database schema), ``commtrak_row_locks`` (``0`` turns row
        locks off), e.g. ``postgresql://host/db?commtrak_prefix=crm_&commtrak_schema=crm``.

        Raises:
            ValidationError: ``url``/``url_option`` for an unknown ``commtrak_`` option.
        """
        parsed = make_url(with_default_driver(url))
        options = {k: v for k, v in parsed.query.items() if k.startswith("commtrak_")}
        unknown = set(options) - {"commtrak_prefix", "commtrak_schema", "commtrak_row_locks"}
        if unknown:
            raise ValidationError(
                "url", "url_option", f"unknown option(s) {', '.join(sorted(unknown))}"
            )
        tables = define_tables(
            prefix=str(options.get("commtrak_prefix", DEFAULT_PREFIX)),
            schema=str(options["commtrak_schema"]) if "commtrak_schema" in options else None,
        )
        row_locks = str(options.get("commtrak_row_locks", "1")) not in ("0", "false", "no")
        clean = parsed.difference_update_query(options)
        return cls(clean.render_as_string(hide_password=False), tables=tables, row_locks=row_locks)

    @property
    def url(self) -> str:
        """The database URL, with the password masked."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine given or made, for host applications and tests.

        commtrak's own statements run through
        :func:`~commtrak_sqlalchemy.dialects.hiding_parameters` of it.
        """
        return self._source

    def begin(self) -> SqlTransaction:
        """Start a transaction (on SQLite, waiting for the write lock).

        Raises:
            BackendUnavailable: when the database does not answer.
        """
        self._take_turn()
        try:
            with self._errors.translating():
                connection = prepare_connection(self._engine.connect())
                connection.begin()
        except BaseException:
            self._end_turn()
            raise
        db = Db(
            connection,
            self.tables,
            self._errors,
            row_locks=self._row_locks,
            search_index=self._search_index,
        )
        return SqlTransaction(db, release=self._end_turn)

    def migrate(self) -> tuple[str | None, str | None]:
        """Run commtrak's Alembic migrations up to the newest revision.

        Returns:
            The revision before and after.
        """
        from commtrak_sqlalchemy.migrations import current_revision, upgrade

        with self._errors.translating():
            with self._engine.connect() as connection:
                before = current_revision(connection, self.tables)
            upgrade(self._engine, tables=self.tables)
            with self._engine.connect() as connection:
                return before, current_revision(connection, self.tables)

    def contact_references(self) -> list[SqlColumnReference]:
        """The host's columns with a foreign key to the contacts table, for merges."""
        return foreign_key_references(self.tables)

    def erase_all_data(self) -> None:
        """Delete every row of commtrak's tables. For test suites only."""
        self._take_turn()
        try:
            with self._errors.translating(), self._engine.begin() as connection:
                # MariaDB checks self-references row by row as it deletes.
                connection.execute(self.tables.contacts.update().values(merged_into=None))
                connection.execute(self.tables.customers.update().values(merged_into=None))
                for table in reversed(self.tables.all):
                    connection.execute(table.delete())
        finally:
            self._end_turn()

    def close(self) -> None:
        """Close the engine's connections, unless the host application made the engine."""
        if self._owns_engine:
            self._engine.dispose()

    def _has_search_index(self) -> bool:
        if self._engine.dialect.name != "sqlite":
            return False
        with self._errors.translating(), self._engine.connect() as connection:
            return has_sqlite_search_index(connection, self.tables)

    def _take_turn(self) -> None:
        if self._serial is None:
            return
        if self._owner == threading.get_ident():
            raise BackendUnavailable(
                "this thread already has an open session on this in-memory SQLite store; "
                "finish it before opening another",
                rule="nested_session",
            )
        self._serial.acquire()
        self._owner = threading.get_ident()

    def _end_turn(self) -> None:
        if self._serial is not None:
            self._owner = None
            self._serial.release()
