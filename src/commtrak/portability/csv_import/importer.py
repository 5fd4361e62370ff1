"""The import itself: the file read as a stream, checked row by row, written in batches.

Each batch (1,000 rows unless told) is checked row by row by the services' rules and
written with one set-based ``INSERT`` per table, together with the rows' import keys
(:mod:`commtrak.model.import_keys`). A row whose key is stored already is skipped, so
that an import run again, after a crash or a success, adds only what is missing.

In the default mode every batch commits in its own session: valid rows go in, rejected
ones are reported, and an interrupted import keeps the batches it committed (running it
again finishes the rest). All or nothing runs every batch in one session and rolls it
back if any row is rejected, or if the import is interrupted.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any

import attrs

from commtrak.model._text import fold
from commtrak.model.access import Actor
from commtrak.model.import_keys import ImportKey
from commtrak.portability.csv_import.fields import FIELDS, ImportKind
from commtrak.portability.csv_import.handlers import (
    CustomerHandler,
    Handler,
    WorkAddressHandler,
)
from commtrak.portability.csv_import.keys import row_key
from commtrak.portability.csv_import.mapping import Mapping, suggest_mapping
from commtrak.portability.csv_import.reading import CsvFile, Record
from commtrak.portability.csv_import.rejects import Rejection, RejectsWriter, cut
from commtrak.portability.csv_import.results import ImportProgress, ImportResult
from commtrak.portability.csv_import.rows import FieldError
from commtrak.session import Session
from commtrak.store import Store

__all__ = ["DEFAULT_BATCH_SIZE", "import_customers", "import_work_addresses"]

#: Rows per batch: per committed transaction, and per ``INSERT``.
DEFAULT_BATCH_SIZE = 1000

#: How many rejections the result keeps (the report file has them all).
KEPT_REJECTIONS = 100

Progress = Callable[[ImportProgress], None]


class _Abandoned(Exception):
    """Raised inside an all-or-nothing session to roll it back: a row was rejected."""


@attrs.frozen
class _Row:
    line: int
    values: dict[str, str]
    key: str


@attrs.frozen
class _Settings:
    """What the caller asked of an import."""

    actor: Actor
    all_or_nothing: bool
    rejects: str | os.PathLike[str] | None
    progress: Progress | None
    batch_size: int
    source: str | None


@attrs.define
class _Options:
    actor: Actor
    all_or_nothing: bool
    batch_size: int
    source: str
    progress: Progress | None
    rejects: RejectsWriter | None


class _Run:
    """One import: its file, mapping, handler, and counts."""

    def __init__(
        self, file: CsvFile, mapping: Mapping, handler: Handler, options: _Options
    ) -> None:
        self._file = file
        self._mapping = mapping
        self._handler = handler
        self._options = options
        self._positions = mapping.positions(file.header)
        self._order = [field for field in FIELDS[mapping.kind] if field in self._positions]
        self.read = self.imported = self.skipped = self.contacts = 0
        self.rejections: list[Rejection] = []
        self.rejected = 0

    def run(self, store: Store) -> bool:
        """Import every batch; return whether the writes were kept."""
        options = self._options
        with store.session(actor=options.actor) as session:
            self._handler.prepare(session)
        batches = self._batches()
        if not options.all_or_nothing:
            for batch in batches:
                with store.session(actor=options.actor) as session:
                    self._batch(session, batch)
            return True
        try:
            with store.session(actor=options.actor) as session:
                for batch in batches:
                    self._batch(session, batch)
                if self.rejected:
                    raise _Abandoned
        except _Abandoned:
            self.imported = self.contacts = 0
            return False
        return True

    def _batches(self) -> Iterator[list[Record]]:
        records = self._file.records()
        while batch := list(itertools.islice(records, self._options.batch_size)):
            yield batch

    def _batch(self, session: Session, records: Sequence[Record]) -> None:
        rows = [row for row in map(self._row, records) if row is not None]
        seen = set(session.transaction.import_keys.find([row.key for row in rows]))
        fresh = []
        for row in rows:
            if row.key in seen:
                self.skipped += 1
            else:
                seen.add(row.key)
                fresh.append(row)
        handler = self._handler
        handler.begin(session, [row.values for row in fresh])
        checked: list[tuple[str, Any]] = []
        for row in fresh:
            try:
                checked.append((row.key, handler.check(session, row.values)))
            except FieldError as error:
                column = self._mapping.columns.get(error.field, "")
                value = row.values.get(error.field, "")
                self._reject(Rejection(row.line, column, cut(value), *_rule(error)))
        if checked and not (self._options.all_or_nothing and self.rejected):
            self.contacts += handler.write(session, [records for _, records in checked])
            session.transaction.import_keys.add_many(
                [ImportKey(key, handler.kind, handler.record_id(c)) for key, c in checked]
            )
            self.imported += len(checked)
        self._report()

    def _row(self, record: Record) -> _Row | None:
        self.read += 1
        width = len(self._file.header)
        if record.cells is None:
            self._reject(Rejection(record.line, "", "", "row", "csv", str(record.error)))
            return None
        if len(record.cells) != width:
            message = f"has {len(record.cells)} cells; the header has {width} columns"
            self._reject(Rejection(record.line, "", "", "row", "column_count", message))
            return None
        values = {field: record.cells[index] for field, index in self._positions.items()}
        reference = values.get("reference", "").strip()
        key = row_key(
            self._handler.kind,
            self._options.source,
            reference,
            [values[field] for field in self._order],
        )
        return _Row(record.line, values, key)

    def _reject(self, rejection: Rejection) -> None:
        self.rejected += 1
        if len(self.rejections) < KEPT_REJECTIONS:
            self.rejections.append(rejection)
        if self._options.rejects is not None:
            self._options.rejects.write([rejection])

    def _report(self) -> None:
        if self._options.progress is not None:
            self._options.progress(
                ImportProgress(
                    read=self.read,
                    imported=self.imported,
                    rejected=self.rejected,
                    skipped=self.skipped,
                    bytes_read=self._file.bytes_read,
                    total_bytes=self._file.total_bytes,
                )
            )


def _rule(error: FieldError) -> tuple[str, str, str]:
    return error.field, error.rule, error.message


@contextlib.contextmanager
def _rejects_file(path: str | os.PathLike[str] | None) -> Iterator[RejectsWriter | None]:
    if path is None:
        yield None
        return
    file: IO[str]
    with open(path, "w", encoding="utf-8", newline="") as file:
        yield RejectsWriter(file)


def _import(
    store: Store,
    path: str | os.PathLike[str],
    mapping: Mapping | None,
    kind: ImportKind,
    handler: Handler,
    settings: _Settings,
) -> ImportResult:
    with CsvFile(path) as file:
        used = suggest_mapping(file.header, kind) if mapping is None else mapping
        if used.kind is not kind:
            used = Mapping(kind, used.columns)
        used.check(file.header, also_required=handler.required)
        with _rejects_file(settings.rejects) as writer:
            options = _Options(
                actor=settings.actor,
                all_or_nothing=settings.all_or_nothing,
                batch_size=max(1, settings.batch_size),
                source=os.path.basename(file.path) if settings.source is None else settings.source,
                progress=settings.progress,
                rejects=writer,
            )
            run = _Run(file, used, handler, options)
            committed = run.run(store)
    return ImportResult(
        read=run.read,
        imported=run.imported,
        rejected=run.rejected,
        skipped=run.skipped,
        contacts=run.contacts,
        committed=committed,
        mapping=used,
        rejections=tuple(run.rejections),
    )


def import_customers(
    store: Store,
    path: str | os.PathLike[str],
    mapping: Mapping | None = None,
    *,
    actor: Actor,
    group: str | None = None,
    create_group: bool = False,
    all_or_nothing: bool = False,
    rejects: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    source: str | None = None,
) -> ImportResult:
    """Import the customers of a CSV file, each with at most one contact.

    Every row is checked by the rules of ``customers.add`` and ``contacts.add`` (and
    made the primary contact of a private customer). With *group*, every imported
    customer is put in that group; when the group had no Head Office, the first
    imported customer becomes it.

    Args:
        store: The store to import into; the import opens its own sessions.
        path: The CSV file (UTF-8, a header row first).
        mapping: Which column fills which field; by default the one
            :func:`~commtrak.portability.csv_import.suggest_mapping` proposes.
        actor: Who imports (``groups.manage`` is needed with *group*).
        group: The name of the group to put every customer in.
        create_group: Create the group when none has that name.
        all_or_nothing: Write nothing if any row is rejected.
        rejects: Where to write the rejected-rows report (CSV), if anywhere.
        progress: Called after each batch with the counts so far.
        batch_size: Rows per batch (per transaction, and per ``INSERT``).
        source: The name the rows' import keys are derived with (default: the file's
            name); rows with a ``reference`` are keyed by it alone.

    Returns:
        The counts, the mapping used, the group, the first rejections.

    Raises:
        ValidationError: ``mapping``/``unknown_field``, ``mapping``/``unknown_column``,
            ``mapping``/``required_field``, ``group``/``unknown_group``,
            ``file``/``empty``, ``file``/``encoding``; nothing was written.
        PermissionDenied: ``groups.manage`` with *group*.
        OSError: the file cannot be read.
    """
    handler = CustomerHandler(group, create_group)
    result = _import(
        store,
        path,
        mapping,
        ImportKind.CUSTOMERS,
        handler,
        _Settings(actor, all_or_nothing, rejects, progress, batch_size, source),
    )
    if group is None:
        return result
    with store.session(actor=actor) as session:
        found = session.transaction.groups.find_by_name(fold(group))
    return attrs.evolve(result, group=found)


def import_work_addresses(
    store: Store,
    path: str | os.PathLike[str],
    mapping: Mapping | None = None,
    *,
    actor: Actor,
    customer_id: uuid.UUID | None = None,
    all_or_nothing: bool = False,
    rejects: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    source: str | None = None,
) -> ImportResult:
    """Import the work addresses of a CSV file (seed 004's bulk upload).

    Every row is checked by the rules of ``work_addresses.add``. The work addresses are
    all *customer_id*'s, or each the customer its ``customer`` column names: a
    customer's id, or the ``reference`` it was imported with.

    Args:
        store: The store to import into.
        path: The CSV file.
        mapping: As in :func:`import_customers`.
        actor: Who imports.
        customer_id: The customer every work address is for.
        all_or_nothing: Write nothing if any row is rejected.
        rejects: Where to write the rejected-rows report.
        progress: Called after each batch.
        batch_size: Rows per batch.
        source: As in :func:`import_customers`.

    Returns:
        The counts, the mapping used, the first rejections.

    Raises:
        ValidationError: as :func:`import_customers`; ``mapping``/``required_field``
            for a file without a ``customer`` column and no *customer_id*.
        NotFound: ``customer`` for *customer_id*.
        Conflict: ``customer_id``/``merged_customer``.
    """
    handler = WorkAddressHandler(customer_id)
    return _import(
        store,
        path,
        mapping,
        ImportKind.WORK_ADDRESSES,
        handler,
        _Settings(actor, all_or_nothing, rejects, progress, batch_size, source),
    )
