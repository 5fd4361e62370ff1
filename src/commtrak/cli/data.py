"""``commtrak export``, ``import``, ``import-archive`` and ``transfer``: the whole store.

The file is the JSON document of :mod:`commtrak.serialization`, or the streamed ZIP
archive of :mod:`commtrak.portability` for a PATH ending in ``.zip``. An export never
replaces a file unless told to (``--force``), and writes a file whole or not at all: it
writes a temporary file beside the target and renames it at the end, so that an
interrupted export leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from commtrak import Actor, EmailPolicy
from commtrak.cli._output import counted, status
from commtrak.cli._store import email_check_option, opened, system_session, url_option
from commtrak.cli.csv_import import CsvOptions, import_csv
from commtrak.errors import Conflict, ValidationError
from commtrak.portability import export_archive, import_archive
from commtrak.serialization import export_data, import_data, transfer

__all__ = ["export", "import_", "import_archive_", "transfer_"]

#: The PATH that means standard output (export) or standard input (import).
STANDARD_STREAM = "-"


def _counts(document: dict[str, Any]) -> dict[str, int]:
    return {name: len(rows) for name, rows in document.items() if isinstance(rows, list)}


def _refuse_existing(path: Path, *, replace: bool) -> None:
    """Raise Conflict ``path``/``file_exists`` when *path* exists and not *replace*."""
    if path.exists() and not replace:
        raise Conflict("path", "file_exists", f"{path} exists; pass --force to replace it")


@contextlib.contextmanager
def new_file(path: Path, *, replace: bool) -> Iterator[IO[str]]:
    """Yield a text file that becomes *path* when the block ends without an error.

    Raises:
        Conflict: ``path``/``file_exists`` when *path* exists and not *replace*.
    """
    with _new(path, replace=replace, binary=False) as file:
        yield file


@contextlib.contextmanager
def new_binary_file(path: Path, *, replace: bool) -> Iterator[IO[bytes]]:
    """Yield a binary file that becomes *path* when the block ends without an error.

    Raises:
        Conflict: ``path``/``file_exists`` when *path* exists and not *replace*.
    """
    with _new(path, replace=replace, binary=True) as file:
        yield file


@contextlib.contextmanager
def _new(path: Path, *, replace: bool, binary: bool) -> Iterator[Any]:
    _refuse_existing(path, replace=replace)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".part"
    )
    try:
        with (
            os.fdopen(descriptor, "wb")
            if binary
            else os.fdopen(descriptor, "w", encoding="utf-8") as file
        ):
            yield file
        _refuse_existing(path, replace=replace)  # it may have appeared meanwhile
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


@click.command()
@url_option
@click.argument("path", metavar="PATH", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@click.option(
    "--zip",
    "as_zip",
    is_flag=True,
    help="Write the ZIP archive (implied by a PATH ending in .zip).",
)
def export(url: str, path: str, force: bool, as_zip: bool) -> None:
    """Write the whole store to PATH as one JSON document, or as a ZIP archive.

    PATH is the file to write; - writes to standard output. A PATH ending in .zip (or
    --zip) writes the ZIP archive: a manifest with each member's count and SHA-256, and
    one JSON Lines member per kind of record, streamed, so memory does not grow with
    the store; read it back with import-archive. An existing file is never replaced
    without --force, and an interrupted export leaves PATH as it was. The portal's
    secrets (password hashes, TOTP secrets, tokens) are never exported. The store must
    exist: a SQLite path naming no file is refused.
    """
    target = None if path == STANDARD_STREAM else Path(path)
    if target is not None:  # before the store is read, which may take long
        _refuse_existing(target, replace=force)
    if as_zip or path.lower().endswith(".zip"):
        _export_archive(url, target, force)
        return
    with (
        opened(url, must_exist=True) as store,
        status(f"Reading {store.url}"),
        system_session(store) as s,
    ):
        document = export_data(s)
    if target is None:
        json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        click.echo(f"Exported {counted(_counts(document))} to standard output", err=True)
        return
    with status(f"Writing {target}"), new_file(target, replace=force) as file:
        json.dump(document, file, ensure_ascii=False, indent=1)
    click.echo(f"Exported {counted(_counts(document))} to {target}")


def _export_archive(url: str, target: Path | None, force: bool) -> None:
    """Stream the store's ZIP archive to *target* (``None``: standard output)."""
    with opened(url, must_exist=True) as store, system_session(store) as s:
        if target is None:
            manifest = export_archive(s, sys.stdout.buffer)
            where = "standard output"
        else:
            with status(f"Writing {target}"), new_binary_file(target, replace=force) as file:
                manifest = export_archive(s, file)
            where = str(target)
    counts = {member.section: member.count for member in manifest.members.values()}
    click.echo(f"Exported {counted(counts)} to {where}", err=target is None)


@click.command("import-archive")
@url_option
@click.argument("path", metavar="PATH", type=click.Path(exists=True, dir_okay=False))
@email_check_option(EmailPolicy.LENIENT)
def import_archive_(url: str, path: str, email_check: str) -> None:
    """Read a ZIP archive written by export into an empty store.

    PATH is the archive. Every member is checked against the manifest (count and
    SHA-256) and every record by the rules of the single-record services before the
    import commits; an error or Ctrl-C leaves the store as it was. A SQLite file that
    does not exist yet is created.
    """
    with (
        opened(url, must_exist=False, email_check=email_check) as store,
        status(f"Importing into {store.url}"),
        system_session(store) as s,
    ):
        counts = import_archive(s, path)
    click.echo(f"Imported {counted(counts)} from {path}")


#: The JSON name of each kind of value json.load returns (but objects).
_JSON_KINDS = {
    list: "array",
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


def _read_document(path: str) -> dict[str, Any]:
    """Read the JSON document at *path* (``-``: standard input).

    Raises:
        ValidationError: ``document``/``json`` when the file is not JSON (or nests too
            deeply to read); ``document``/``format`` when it is not a JSON object.
    """
    where = "standard input" if path == STANDARD_STREAM else path
    try:
        if path == STANDARD_STREAM:
            document = json.load(sys.stdin)
        else:
            with open(path, encoding="utf-8") as file:
                document = json.load(file)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValidationError("document", "json", f"{where} is not JSON: {error}") from None
    except RecursionError:
        raise ValidationError("document", "json", f"{where} nests too deeply to read") from None
    if not isinstance(document, dict):
        kind = _JSON_KINDS.get(type(document), "value")
        raise ValidationError("document", "format", f"{where} holds a JSON {kind}, not an object")
    return document


@click.command("import")
@url_option
@click.argument(
    "path", metavar="PATH", type=click.Path(exists=True, dir_okay=False, allow_dash=True)
)
@email_check_option(EmailPolicy.LENIENT)
@click.option(
    "--mapping",
    metavar="MAPPING",
    help="CSV: which column fills which field, as COLUMN=FIELD,COLUMN=FIELD or a JSON "
    'file {"field": "column"}; by default suggested from the header.',
)
@click.option("--group", metavar="NAME", help="CSV: put every imported customer in this group.")
@click.option("--create-group", is_flag=True, help="CSV: create the --group if it is missing.")
@click.option("--all-or-nothing", is_flag=True, help="CSV: import nothing if any row is rejected.")
@click.option(
    "--rejects",
    metavar="REPORT.csv",
    type=click.Path(dir_okay=False),
    help="CSV: write every rejected row (line, column, value, field, rule) to this file.",
)
@click.option("--force", is_flag=True, help="CSV: replace an existing --rejects report.")
@click.option(
    "--work-addresses", is_flag=True, help="CSV: the rows are work addresses, not customers."
)
@click.option(
    "--customer",
    metavar="CUSTOMER_ID",
    type=click.UUID,
    help="CSV, with --work-addresses: every work address is this customer's (else each "
    "row's customer column names its customer's id or import reference).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100_000),
    default=1000,
    show_default=True,
    help="CSV: rows per committed batch.",
)
def import_(url: str, path: str, email_check: str, **csv_options: Any) -> None:
    """Read a JSON document written by export into an empty store, or a CSV file.

    PATH is the file to read; - reads standard input. A JSON document goes into an
    empty store only, and nothing is written unless the whole document is: an error or
    Ctrl-C leaves the store as it was.

    A PATH ending in .csv imports customers (one a row, each with at most one contact)
    or, with --work-addresses, work addresses, into a store that may hold data. Each
    row is checked by the rules of the single-record services; valid rows are committed
    a batch at a time, rejected ones listed (and written to --rejects). Importing the
    same file again skips the rows it imported, so a run that was interrupted is
    finished by running it again. Exit status 1 when the mapping is bad or, with
    --all-or-nothing, when a row was rejected.

    A SQLite file that does not exist yet is created.
    """
    options = CsvOptions(**csv_options)
    if path.lower().endswith(".csv"):
        import_csv(url, path, email_check, options)
        return
    if options != CsvOptions():
        raise click.UsageError("the CSV options need a PATH ending in .csv")
    document = _read_document(path)
    with (
        opened(url, must_exist=False, email_check=email_check) as store,
        status(f"Importing into {store.url}"),
        system_session(store) as s,
    ):
        counts = import_data(s, document)
    click.echo(f"Imported {counted(counts)} from {path}")


@click.command("transfer", short_help="Copy a whole store into an empty one.")
@click.argument("source_url", metavar="SOURCE_URL")
@click.argument("target_url", metavar="TARGET_URL")
@click.option(
    "--include-secrets",
    is_flag=True,
    help="Also copy the portal's password hashes, TOTP secrets and token records, so "
    "that contacts keep their logins (for moving a store to another backend).",
)
@email_check_option(EmailPolicy.LENIENT)
def transfer_(source_url: str, target_url: str, include_secrets: bool, email_check: str) -> None:
    """Copy everything from the store at SOURCE_URL into the empty store at TARGET_URL.

    SOURCE_URL is the store to read (it must exist); TARGET_URL the store to write,
    which must be empty (a SQLite file that does not exist yet is created). Any pair of
    backends works. Nothing is written to the target unless everything is.
    """
    with (
        opened(source_url, must_exist=True) as source,
        opened(target_url, must_exist=False, email_check=email_check) as target,
        status(f"Copying {source.url} to {target.url}"),
    ):
        counts = transfer(source, target, actor=Actor.system(), include_secrets=include_secrets)
    click.echo(f"Copied {counted(counts)} from {source.url} to {target.url}")
