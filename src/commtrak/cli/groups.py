"""``commtrak groups`` (find groups, show their members) and ``commtrak reassign``."""

from __future__ import annotations

import uuid
from typing import IO

import click

from commtrak.cli._output import ID, show, table
from commtrak.cli._store import opened, system_session, url_option
from commtrak.errors import ValidationError

__all__ = ["groups", "reassign"]


@click.group()
def groups() -> None:
    """Find customer groups and show their members."""


@groups.command()
@url_option
@click.argument("query", metavar="QUERY")
def search(url: str, query: str) -> None:
    """List the groups whose name contains QUERY, with their member counts.

    QUERY is matched literally and case-insensitively; it needs three characters or
    more.
    """
    with opened(url, must_exist=True) as store, system_session(store) as s:
        matches = s.groups.search(query)
    rows = table("Group", "Members", ID, title=f"Groups matching {query!r}")
    for match in matches:
        rows.add_row(match.group.name, str(match.member_count), str(match.group.id))
    show(rows, empty=f"No group matches {query!r}.")


@groups.command("show")
@url_option
@click.argument("group_id", metavar="GROUP_ID", type=click.UUID)
def show_group(url: str, group_id: uuid.UUID) -> None:
    """Show the group GROUP_ID: its members in navigation order and its Head Office.

    GROUP_ID is the group's id, as groups search prints it.
    """
    with opened(url, must_exist=True) as store, system_session(store) as s:
        group = s.groups.get(group_id)
        members = s.groups.members(group_id)
    rows = table("Member", "Town", "Postcode", "Head Office", ID, title=group.name)
    for member in members:
        customer = member.customer
        rows.add_row(
            customer.name,
            customer.address.town,
            customer.address.postcode,
            "yes" if member.is_head_office else "",
            str(customer.id),
        )
    show(rows, empty=f"{group.name} has no members.")


def _read_ids(source: IO[str], where: str) -> list[uuid.UUID]:
    """Read one customer id a line from *source*; blank lines are skipped.

    Raises:
        ValidationError: ``customer_ids``/``uuid`` naming the line that is not an id.
    """
    ids = []
    for number, line in enumerate(source, start=1):
        text = line.strip()
        if not text:
            continue
        try:
            ids.append(uuid.UUID(text))
        except ValueError:
            raise ValidationError(
                "customer_ids", "uuid", f"{where} line {number}: {text[:60]!r} is not a customer id"
            ) from None
    return ids


@click.command(short_help="Move many customers into a group or out of every group.")
@url_option
@click.argument("customer_ids", metavar="[CUSTOMER_ID]...", nargs=-1, type=click.UUID)
@click.option(
    "--to",
    "group_id",
    metavar="GROUP_ID",
    type=click.UUID,
    help="The group to move the customers into (its id, as groups search prints it).",
)
@click.option("--out", "leave", is_flag=True, help="Take the customers out of every group.")
@click.option(
    "--ids-file",
    metavar="PATH",
    type=click.File("r", encoding="utf-8"),
    help="Also read customer ids from this file, one a line (- reads standard input).",
)
def reassign(
    url: str,
    customer_ids: tuple[uuid.UUID, ...],
    group_id: uuid.UUID | None,
    leave: bool,
    ids_file: IO[str] | None,
) -> None:
    """Move many customers into a group (--to GROUP_ID) or out of every group (--out).

    CUSTOMER_ID are the customers to move; --ids-file reads more, one a line. It is
    one transaction, all or nothing: an unknown or merged customer leaves every group
    as it was. Every group the customers leave keeps one Head Office while it has
    members.
    """
    if (group_id is None) == (not leave):
        raise click.UsageError(
            "give either --to GROUP_ID or --out", ctx=click.get_current_context(silent=True)
        )
    ids = list(customer_ids)
    if ids_file is not None:
        ids += _read_ids(
            ids_file, "standard input" if ids_file.name == "<stdin>" else ids_file.name
        )
    with opened(url, must_exist=True) as store, system_session(store) as s:
        done = s.groups.reassign(ids, group_id)
        where = (
            "out of their groups" if group_id is None else f"into {s.groups.get(group_id).name!r}"
        )
        heads = {
            g.id: s.customers.get(g.head_office_id).name for g in done.groups if g.head_office_id
        }
    click.echo(f"Moved {done.moved} customer(s) {where}; {done.unchanged} already there.")
    rows = table("Group changed", "Head Office", ID)
    for group in done.groups:
        rows.add_row(group.name, heads.get(group.id, "(no members)"), str(group.id))
    show(rows, empty="No group changed.")
