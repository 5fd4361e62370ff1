"""The customer filter's options, shared by ``customers list`` and ``report contracts``.

Each multi-valued attribute takes its values (the option repeated) and how they match:
``--flag VIP --flag Key`` lists customers with both flags and maybe others;
``--flags-match equals`` those with exactly these; ``--flags-match equals`` alone
those with no flag at all.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import Any, TypeVar

import click

from commtrak import CustomerFilter, CustomerStatus, Session, ValuesFilter, ValuesMatch
from commtrak.errors import NotFound
from commtrak.model import fold

__all__ = ["customer_filter", "filter_options", "repeated"]

F = TypeVar("F", bound=Callable[..., Any])

#: The multi-valued attributes: (option, its values' parameter, its match parameter).
_MULTI = (
    ("--department", "department", "departments"),
    ("--contract-type", "contract_type", "contract_types"),
    ("--flag", "flag", "flags"),
)

_MATCHES = click.Choice([match.value for match in ValuesMatch])


def filter_options(function: F) -> F:
    """Add the filter's options to a command."""
    for option, values, attribute in reversed(_MULTI):
        function = click.option(
            f"--{attribute.replace('_', '-')}-match",
            f"{attribute}_match",
            type=_MATCHES,
            help=f"How the {option} values match: the customer has at least them "
            "(contains, the default) or exactly them (equals; alone: none at all).",
        )(function)
        function = click.option(
            option,
            values,
            multiple=True,
            metavar="VALUE",
            help=f"Customers with this {values.replace('_', ' ')} (repeat for several).",
        )(function)
    function = click.option("--type", "type_", metavar="TYPE", help="Customers of this type.")(
        function
    )
    function = click.option(
        "--status", type=click.Choice([s.value for s in CustomerStatus]), help="Active or dormant."
    )(function)
    function = click.option(
        "--group", metavar="NAME", help="Members of the group with this name (any case)."
    )(function)
    return click.option(
        "--name", metavar="TEXT", help="Names containing TEXT, literally, in any case."
    )(function)


def customer_filter(session: Session, options: dict[str, Any]) -> CustomerFilter:
    """Build the filter the options ask for.

    Raises:
        NotFound: ``group`` when no group has the ``--group`` name.
    """
    group_id = None
    if options.get("group"):
        group = session.transaction.groups.find_by_name(fold(options["group"]))
        if group is None:
            raise NotFound("group", options["group"])
        group_id = group.id
    status = options.get("status")
    return CustomerFilter(
        name=options.get("name"),
        group_id=group_id,
        status=CustomerStatus(status) if status else None,
        type=options.get("type_"),
        departments=_values(options, "department", "departments"),
        contract_types=_values(options, "contract_type", "contract_types"),
        flags=_values(options, "flag", "flags"),
    )


def _values(options: dict[str, Any], values: str, attribute: str) -> ValuesFilter | None:
    given = tuple(options.get(values) or ())
    match = options.get(f"{attribute}_match")
    if not given and not match:
        return None
    return ValuesFilter(frozenset(given), ValuesMatch(match or ValuesMatch.CONTAINS))


def repeated(options: dict[str, Any]) -> str:
    """The filter options as a command line would give them again (for the next page)."""
    words: list[str] = []
    for name, flag in (("name", "--name"), ("group", "--group"), ("status", "--status")):
        if options.get(name):
            words += [flag, options[name]]
    if options.get("type_"):
        words += ["--type", options["type_"]]
    for option, values, attribute in _MULTI:
        for value in options.get(values) or ():
            words += [option, value]
        if options.get(f"{attribute}_match"):
            words += [f"--{attribute.replace('_', '-')}-match", options[f"{attribute}_match"]]
    return shlex.join(words)
