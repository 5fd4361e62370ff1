"""``commtrak customers``: list the store's customers, a page at a time."""

from __future__ import annotations

import uuid

import click

from commtrak.cli._output import ID, show, table
from commtrak.cli._store import opened, system_session, url_option

__all__ = ["customers"]

#: The most customers one page shows.
MAX_PAGE = 10_000


@click.group()
def customers() -> None:
    """List the store's customers."""


@customers.command("list")
@url_option
@click.option(
    "--limit",
    type=click.IntRange(1, MAX_PAGE),
    default=50,
    show_default=True,
    help=f"How many customers to show (at most {MAX_PAGE:,}).",
)
@click.option(
    "--after",
    metavar="CUSTOMER_ID",
    type=click.UUID,
    help="Start after this customer: the id the previous page's last line shows.",
)
def list_customers(url: str, limit: int, after: uuid.UUID | None) -> None:
    """List customers in the order of their ids, a page at a time.

    When more customers follow, the command for the next page is printed on standard
    error, so that standard output holds the table alone.
    """
    with opened(url, must_exist=True) as store, system_session(store) as s:
        # The ports' keyset scan: one indexed query per page, on every backend.
        page = s.transaction.customers.scan(after, limit + 1)
    rows = table("Name", "Type", "Status", "Town", "Postcode", ID)
    for customer in page[:limit]:
        rows.add_row(
            customer.name,
            customer.type,
            customer.status.value,
            customer.address.town,
            customer.address.postcode,
            str(customer.id),
        )
    show(rows, empty="No customers." if after is None else "No more customers.")
    if len(page) > limit:
        click.echo(
            f"More customers follow: commtrak customers list --after {page[limit - 1].id}",
            err=True,
        )
