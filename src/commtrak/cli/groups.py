"""``commtrak groups``: find customer groups and show their members."""

from __future__ import annotations

import uuid

import click

from commtrak.cli._output import ID, show, table
from commtrak.cli._store import opened, system_session, url_option

__all__ = ["groups"]


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
