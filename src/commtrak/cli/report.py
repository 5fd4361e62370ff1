"""``commtrak report``: the reports of seed 003, as a table or as CSV.

``report groups CRITERION`` lists the customer groups whose name contains CRITERION
(three characters at least) with their member counts (``--customers``: their members);
``report contracts`` lists customers, filtered as ``customers list`` filters them, with
their contracts' start, duration and expiry. ``--csv FILE`` writes CSV instead of a
table (``-``: standard output); rows stream from the store to the file a page at a
time, and an existing FILE is replaced only with ``--force``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import click

from commtrak import field_service
from commtrak.cli._filters import customer_filter, filter_options
from commtrak.cli._output import ID, show, status, table
from commtrak.cli._store import opened, system_session, url_option
from commtrak.cli.data import STANDARD_STREAM, new_file
from commtrak.field_service import ContractRow, GroupCustomerRow, GroupRow, write_csv

__all__ = ["report"]

_CSV = click.option(
    "--csv",
    "csv_path",
    metavar="FILE",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the report as CSV to FILE ('-': standard output) instead of a table.",
)
_FORCE = click.option("--force", is_flag=True, help="Replace the --csv FILE if it exists.")


def _heading(name: str) -> str:
    return ID if name.endswith("_id") else name.replace("_", " ").capitalize()


def _emit(rows: Iterable[Any], kind: type, csv_path: str | None, force: bool, empty: str) -> None:
    """Write *rows* as CSV to *csv_path*, or print them as a table."""
    if csv_path == STANDARD_STREAM:
        write_csv(rows, sys.stdout, kind=kind)
        return
    if csv_path is not None:
        target = Path(csv_path)
        with status(f"Writing {target}"), new_file(target, replace=force) as file:
            written = write_csv(rows, file, kind=kind)
        click.echo(f"Wrote {written} rows to {target}", err=True)
        return
    names = [field.name for field in attrs.fields(kind)]
    shown = table(*(_heading(name) for name in names))
    for row in rows:
        values = (getattr(row, name) for name in names)
        shown.add_row(*("" if value is None else str(value) for value in values))
    show(shown, empty=empty)


@click.group()
def report() -> None:
    """Reports: customer groups with member counts, customers with their contracts."""


@report.command("groups")
@url_option
@click.argument("criterion", metavar="CRITERION")
@click.option("--customers", "members", is_flag=True, help="List the groups' members too.")
@_CSV
@_FORCE
def groups_report(
    url: str, criterion: str, members: bool, csv_path: str | None, force: bool
) -> None:
    """The groups whose name contains CRITERION (at least 3 characters), with member counts."""
    with opened(url, must_exist=True) as store, system_session(store) as s:
        reports = field_service.of(s).reports
        if members:
            rows: Iterable[Any] = reports.group_customers(criterion)
            kind: type = GroupCustomerRow
        else:
            rows, kind = reports.groups(criterion), GroupRow
        _emit(rows, kind, csv_path, force, empty="No group matches.")


@report.command("contracts")
@url_option
@filter_options
@_CSV
@_FORCE
def contracts_report(url: str, csv_path: str | None, force: bool, **options: Any) -> None:
    """Customers with their contracts' start, duration and expiry.

    The filter options are those of 'commtrak customers list'. With --contract-type,
    only the contracts of those types are shown.
    """
    with opened(url, must_exist=True) as store, system_session(store) as s:
        rows = field_service.of(s).reports.contracts(customer_filter(s, options))
        _emit(rows, ContractRow, csv_path, force, empty="No customers.")
