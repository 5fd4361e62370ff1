"""The customer list's filter (seed 003): name, group, status, type, and multi-valued values.

A customer has several values of some attributes: the departments of its active
contacts, the types of its active contracts, its flags (the last two kept by the
service context, :mod:`commtrak.field_service`). Seed 003 matches them as one
concatenated string, which it warns "can potentially produce confusing results"; here
each is a set, and a filter on it asks one of the seed's two questions
(:class:`ValuesMatch`):

* ``contains``: the customer has at least these values (and maybe others);
* ``equals``: the customer's set of values is exactly these (``equals()`` of nothing:
  the customer has none).

Values and the name are compared case-insensitively (folded, :func:`~commtrak.model.fold`);
the name matches as a literal substring, so ``%``, ``_``, quotes and backslashes mean
themselves. Merged customers are never listed. Every page is in the order of the
folded name, then the id.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable

import attrs

from commtrak.model._text import fold
from commtrak.model.customers import Customer, CustomerStatus

__all__ = [
    "CustomerFilter",
    "ValuesFilter",
    "ValuesMatch",
    "customer_list_key",
    "values_match",
]


class ValuesMatch(enum.StrEnum):
    """How a multi-valued attribute is matched (seed 003's "contains" and "equals")."""

    CONTAINS = "contains"
    EQUALS = "equals"


def _values(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        value = (value,)
    return frozenset(value)


@attrs.frozen
class ValuesFilter:
    """A question about one multi-valued attribute: its values, and how they match.

    Build one with :meth:`contains` or :meth:`equals`.
    """

    values: frozenset[str] = attrs.field(converter=_values)
    match: ValuesMatch = ValuesMatch.CONTAINS

    @classmethod
    def contains(cls, *values: str) -> ValuesFilter:
        """The customer has at least *values* (and maybe others)."""
        return cls(frozenset(values), ValuesMatch.CONTAINS)

    @classmethod
    def equals(cls, *values: str) -> ValuesFilter:
        """The customer's values are exactly *values* (none: it has no value)."""
        return cls(frozenset(values), ValuesMatch.EQUALS)

    def folded(self) -> ValuesFilter:
        """The same question with every value folded."""
        return ValuesFilter(frozenset(fold(value) for value in self.values), self.match)


@attrs.frozen
class CustomerFilter:
    """Which customers a list shows; every condition given must hold (``None``: any).

    ``name`` is a literal fragment of the name, compared case-insensitively;
    ``group_id`` keeps the members of that group, ``status`` the Active or Dormant
    customers, ``type`` the customers of that type. ``departments`` asks about the
    departments of the customer's active (not archived) contacts, ``contract_types``
    about the types of its active (not ended) contracts, ``flags`` about its flags,
    each with a :class:`ValuesFilter`.
    """

    name: str | None = None
    group_id: uuid.UUID | None = None
    status: CustomerStatus | None = None
    type: str | None = None
    departments: ValuesFilter | None = None
    contract_types: ValuesFilter | None = None
    flags: ValuesFilter | None = None


def values_match(question: ValuesFilter | None, values: frozenset[str]) -> bool:
    """Whether a customer with *values* passes *question* (the values compared as given)."""
    if question is None:
        return True
    if question.match is ValuesMatch.EQUALS:
        return values == question.values
    return question.values <= values


def customer_list_key(customer: Customer) -> tuple[str, str]:
    """The order of every customer list: folded name, then id text."""
    return (fold(customer.name), str(customer.id))
