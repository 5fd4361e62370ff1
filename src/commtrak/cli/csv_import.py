"""``commtrak import FILE.csv``: customers (or work addresses) from a CSV file.

The file and the mapping are checked before the store is opened, so that a bad mapping
or a file that is not CSV creates no database. The import commits a batch at a time
(or, with ``--all-or-nothing``, nothing unless every row is valid), shows a progress bar
with rows per second and the time left on a terminal, and prints the first rejected rows
as a table; ``--rejects`` writes all of them to a CSV report.
"""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import click
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from commtrak import Actor
from commtrak.cli._output import EXIT_REJECTED, show, stderr_console, table
from commtrak.cli._store import opened
from commtrak.errors import Conflict
from commtrak.portability.csv_import import (
    ImportKind,
    ImportProgress,
    ImportResult,
    Mapping,
    import_customers,
    import_work_addresses,
    suggest_mapping,
)
from commtrak.portability.csv_import.reading import CsvFile

__all__ = ["CsvOptions", "import_csv"]

#: How many rejected rows the table shows (the report file has them all).
SHOWN_REJECTIONS = 20


@attrs.frozen
class CsvOptions:
    """The options of ``commtrak import`` that only a CSV file takes."""

    group: str | None = None
    create_group: bool = False
    mapping: str | None = None
    all_or_nothing: bool = False
    rejects: str | None = None
    force: bool = False
    work_addresses: bool = False
    customer: uuid.UUID | None = None
    batch_size: int = 1000


def _mapping(text: str | None, kind: ImportKind, header: list[str]) -> Mapping:
    """The ``--mapping``: a JSON file's name, or ``column=field,...``; else the suggestion."""
    if text is None:
        return suggest_mapping(header, kind)
    if text.endswith(".json") and "=" not in text:
        return Mapping.from_json(kind, Path(text).read_text(encoding="utf-8"))
    return Mapping.parse(kind, text)


@contextlib.contextmanager
def _progress_bar() -> Iterator[Callable[[ImportProgress], None] | None]:
    """A rich progress bar on standard error when it is a terminal; else nothing."""
    console = stderr_console()
    if not console.is_terminal:
        yield None
        return
    bar = Progress(
        TextColumn("Importing"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rows]:,} rows, {task.fields[speed]:,.0f} rows/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task("import", total=None, rows=0, speed=0.0)

    def report(progress: ImportProgress) -> None:
        elapsed = bar.tasks[0].elapsed or 0.0
        speed = progress.read / elapsed if elapsed else 0.0
        bar.update(
            task,
            total=progress.total_bytes,
            completed=progress.bytes_read,
            rows=progress.read,
            speed=speed,
        )

    with bar:
        yield report


def _show_rejections(result: ImportResult) -> None:
    rows = table("Line", "Column", "Value", "Field", "Rule", "Message", title="Rejected rows")
    for rejection in result.rejections[:SHOWN_REJECTIONS]:
        rows.add_row(
            str(rejection.line),
            rejection.column,
            rejection.value,
            rejection.field,
            rejection.rule,
            rejection.message,
        )
    show(rows, empty="")
    if result.rejected > SHOWN_REJECTIONS:
        click.echo(f"... and {result.rejected - SHOWN_REJECTIONS} more rejected rows", err=True)


def import_csv(url: str, path: str, email_check: str, options: CsvOptions) -> None:
    """Run ``commtrak import`` on a CSV file (see the ``import`` command's help).

    Raises:
        ValidationError: a bad mapping or file (nothing written, no database made).
        Conflict: ``path``/``file_exists`` for an existing ``--rejects`` report without
            ``--force``.
        click.exceptions.Exit: status 1 when an all-or-nothing import rejected rows.
    """
    kind = ImportKind.WORK_ADDRESSES if options.work_addresses else ImportKind.CUSTOMERS
    with CsvFile(path) as file:
        mapping = _mapping(options.mapping, kind, file.header)
        needs_customer = kind is ImportKind.WORK_ADDRESSES and options.customer is None
        required = ("customer",) if needs_customer else ()
        mapping.check(file.header, also_required=required)
    if options.rejects and Path(options.rejects).exists() and not options.force:
        raise Conflict(
            "path", "file_exists", f"{options.rejects} exists; pass --force to replace it"
        )
    with opened(url, must_exist=False, email_check=email_check) as store, _progress_bar() as bar:
        importer = (
            functools.partial(
                import_customers, group=options.group, create_group=options.create_group
            )
            if kind is ImportKind.CUSTOMERS
            else functools.partial(import_work_addresses, customer_id=options.customer)
        )
        result = importer(
            store,
            path,
            mapping,
            actor=Actor.system(),
            all_or_nothing=options.all_or_nothing,
            rejects=options.rejects,
            progress=bar,
            batch_size=options.batch_size,
        )
    what = "customers" if kind is ImportKind.CUSTOMERS else "work addresses"
    if result.rejections:
        _show_rejections(result)
    if not result.committed:
        click.echo(
            f"commtrak: {result.rejected} of {result.read} rows rejected; nothing was "
            "imported (--all-or-nothing)",
            err=True,
        )
        raise click.exceptions.Exit(EXIT_REJECTED)
    contacts = f" with {result.contacts} contacts" if result.contacts else ""
    group = f" into group {result.group.name!r}" if result.group else ""
    click.echo(
        f"Imported {result.imported} {what}{contacts}{group} from {path}: "
        f"{result.read} rows read, {result.rejected} rejected, "
        f"{result.skipped} skipped (imported before)"
    )
