"""``commtrak duplicates``: find, preview and merge duplicate contacts.

The sets are those seen from a customer's Contacts tab: every set of its group from the
Head Office, that member's sets from another member. A merge asks for confirmation
after showing its preview; scripts pass ``--yes``, and without a terminal to ask on
the merge is refused rather than assumed.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Sequence
from typing import TypeVar

import click

from commtrak import MergePlan
from commtrak.cli._output import show, table
from commtrak.cli._store import opened, system_session, url_option

__all__ = ["duplicates"]

F = TypeVar("F", bound=Callable[..., object])


@click.group(short_help="Find, preview and merge duplicate contacts.")
def duplicates() -> None:
    """Find, preview and merge duplicate contacts (contacts sharing an email)."""


def _customer_argument(function: F) -> F:
    return click.argument("customer_id", metavar="CUSTOMER_ID", type=click.UUID)(function)


def _keys_option(function: F) -> F:
    return click.option(
        "--key",
        "keys",
        multiple=True,
        metavar="EMAIL_KEY",
        help="Only the set with this email key, as duplicates list shows it; repeat "
        "for several. Default: every set.",
    )(function)


@duplicates.command("list")
@url_option
@_customer_argument
def list_sets(url: str, customer_id: uuid.UUID) -> None:
    """List the duplicate sets seen from the customer CUSTOMER_ID.

    CUSTOMER_ID is the id of a member of a customer group. Each set is the active
    contacts of the group sharing one email key; the first is the one a merge keeps.
    """
    with opened(url, must_exist=True) as store, system_session(store) as s:
        sets = s.duplicates.find(customer_id)
    rows = table("Email key", "Contacts", "Kept", "Others")
    for found in sets:
        others = ", ".join(c.name for c in found.contacts[1:])
        rows.add_row(found.email_key, str(len(found.contacts)), found.survivor.name, others)
    show(rows, empty="No duplicate contacts.")


def _show_plans(plans: Sequence[MergePlan]) -> None:
    rows = table("Email key", "Keeps", "Archives", "Changes", "References moved")
    for plan in plans:
        references = ", ".join(f"{kind}: {n}" for kind, n in sorted(plan.references.items()) if n)
        rows.add_row(
            plan.duplicate_set.email_key,
            plan.survivor.name,
            str(len(plan.archived_ids)),
            ", ".join(sorted(plan.changed_fields)) or "-",
            references or "-",
        )
    show(rows, empty="No duplicate contacts to merge.")


@duplicates.command()
@url_option
@_customer_argument
@_keys_option
def preview(url: str, customer_id: uuid.UUID, keys: tuple[str, ...]) -> None:
    """Show what merging the duplicates seen from CUSTOMER_ID would do; write nothing.

    CUSTOMER_ID is the id of a member of a customer group. For each set: the contact
    kept, how many are archived, the kept contact's fields that change and the
    references that move to it.
    """
    with opened(url, must_exist=True) as store, system_session(store) as s:
        plans = s.duplicates.preview(customer_id, keys or None)
    _show_plans(plans)


@duplicates.command()
@url_option
@_customer_argument
@_keys_option
@click.option("--yes", is_flag=True, help="Merge without asking (for scripts).")
def merge(url: str, customer_id: uuid.UUID, keys: tuple[str, ...], yes: bool) -> None:
    """Merge the duplicate contacts seen from CUSTOMER_ID, after asking.

    CUSTOMER_ID is the id of a member of a customer group. The preview is shown
    first, then the merge asks for confirmation; --yes merges without asking, and
    without a terminal to ask on (standard input redirected) the merge is refused
    unless --yes is given. The merge is one transaction and is journaled.
    """
    if not yes:
        _refuse_without_terminal()
    with opened(url, must_exist=True) as store:
        with system_session(store) as s:
            plans = s.duplicates.preview(customer_id, keys or None)
        if not plans:
            click.echo("No duplicate contacts to merge.")
            return
        if not yes:
            _show_plans(plans)
            _confirm(f"Merge {len(plans)} duplicate set(s)?")
        with system_session(store) as s:
            entries = s.duplicates.merge(customer_id, keys or None)
    click.echo(f"Merged {len(entries)} duplicate set(s).")


def _refuse_without_terminal() -> None:
    """Raise a usage error when standard input is not a terminal: nobody could answer."""
    if not sys.stdin.isatty():
        raise click.UsageError(
            "standard input is not a terminal to confirm on; pass --yes",
            ctx=click.get_current_context(silent=True),
        )


def _confirm(question: str) -> None:
    """Ask *question* on the terminal; end the command unless the answer is yes.

    Raises:
        click.exceptions.Exit: the answer was no (status 1, nothing written).
    """
    if not click.confirm(question, default=False, err=True):
        click.echo("Nothing merged.", err=True)
        raise click.exceptions.Exit(1)
