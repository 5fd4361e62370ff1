"""``commtrak customers``: list the store's customers, filtered, a page at a time."""

from __future__ import annotations

import uuid
from typing import Any

import click

from commtrak import Customer
from commtrak.cli._filters import customer_filter, filter_options, repeated
from commtrak.cli._output import ID, show, table
from commtrak.cli._store import opened, system_session, url_option
from commtrak.services.customer_list import MAX_PAGE as STORE_PAGE

__all__ = ["customers"]

#: The most customers one page of the command shows (read in pages of the service's).
MAX_PAGE = 10_000


@click.group()
def customers() -> None:
    """List the store's customers."""


@customers.command("list")
@url_option
@filter_options
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
def list_customers(url: str, limit: int, after: uuid.UUID | None, **options: Any) -> None:
    """List customers by name (then id), filtered, a page at a time.

    Every filter given must hold. --name matches a part of the name literally (% and _
    are plain characters), in any case. --department, --contract-type and --flag take
    values (repeat the option for several): with the default match, "contains", a
    customer has at least them; with "equals", exactly them. When more customers
    follow, the command for the next page is printed on standard error, so that
    standard output holds the table alone.
    """
    with opened(url, must_exist=True) as store, system_session(store) as s:
        where = customer_filter(s, options)
        start = None if after is None else s.customers.get(after)
        # One indexed query per page of the service's, on every backend.
        page: list[Customer] = []
        while len(page) <= limit:
            more = s.customers.list(where, after=start, limit=STORE_PAGE)
            page += more
            if len(more) < STORE_PAGE:
                break
            start = more[-1]
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
        again = " ".join(filter(None, ["commtrak customers list", repeated(options)]))
        click.echo(f"More customers follow: {again} --after {page[limit - 1].id}", err=True)
