"""Hypothesis strategies for valid commtrak data, for commtrak's tests and yours.

Each strategy generates values the services accept, so a host application can write
property tests against its own use of commtrak without re-deriving commtrak's rules::

    from hypothesis import given
    from commtrak.testing import strategies as cs

    @given(cs.addresses())
    def test_my_label_printer(address): ...
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from commtrak.model import Address, CustomerType, Visibility
from commtrak.model._text import BIDI_CONTROLS, INVISIBLE_CHARACTERS, MAX_TEXT

__all__ = [
    "addresses",
    "contact_fields",
    "customer_fields",
    "emails",
    "group_names",
    "names",
    "phone_numbers",
]

#: Characters a name may hold: no controls, surrogates or line breaks, and none of the
#: bidi controls and zero-width characters the services refuse.
_printable = st.characters(
    blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
    blacklist_characters="\x85" + "".join(sorted(BIDI_CONTROLS | INVISIBLE_CHARACTERS)),
)


def names(*, min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-blank names without surrounding white space, in any script."""
    return (
        st.text(_printable, min_size=min_size, max_size=max_size)
        .map(str.strip)
        .filter(lambda name: len(name) >= min_size and len(name) <= MAX_TEXT)
    )


def group_names() -> st.SearchStrategy[str]:
    """Names for customer groups, rich in the ``%``, ``_`` and backslash searches must survive."""
    alphabet = st.sampled_from(string.ascii_letters + "  %_\\-'éßİ")
    return (
        st.one_of(names(), st.text(alphabet, min_size=1, max_size=20)).map(str.strip).filter(bool)
    )


def addresses() -> st.SearchStrategy[Address]:
    """Addresses with the required Address Line 1 and Postcode filled."""
    optional = names(min_size=0, max_size=30)
    return st.builds(
        Address,
        line1=names(max_size=40),
        line2=optional,
        line3=optional,
        town=optional,
        county=optional,
        postcode=st.text(string.ascii_uppercase + string.digits + " ", min_size=1, max_size=10)
        .map(str.strip)
        .filter(bool),
        country=optional,
    )


def emails() -> st.SearchStrategy[str]:
    """Well-formed addresses, in assorted letter cases, on a few example domains."""
    local = st.text(string.ascii_letters + string.digits + "._+-", min_size=1, max_size=12).filter(
        lambda part: not part.startswith(".") and not part.endswith(".") and ".." not in part
    )
    domain = st.sampled_from(["example.com", "EXAMPLE.org", "realpeach.example", "bücher.example"])
    return st.builds(lambda user, host: f"{user}@{host}", local, domain)


def customer_fields() -> st.SearchStrategy[dict[str, object]]:
    """Keyword arguments for ``session.customers.add``."""
    return st.fixed_dictionaries(
        {
            "name": names(),
            "address": addresses(),
            "type": st.sampled_from([member.value for member in CustomerType]),
        }
    )


def phone_numbers() -> st.SearchStrategy[str]:
    """Valid phone numbers as entered: 3 to 15 digits in groups, maybe with a +code."""
    groups = st.lists(st.text(string.digits, min_size=1, max_size=4), min_size=1, max_size=4)
    number = groups.map(" ".join).filter(lambda text: len(text.replace(" ", "")) >= 3)
    return st.one_of(
        number, st.builds(lambda code, rest: f"+{code} {rest}", st.integers(1, 999), number)
    )


def contact_fields(departments: Sequence[str] = ()) -> st.SearchStrategy[dict[str, object]]:
    """Keyword arguments for ``session.contacts.add`` (after the customer id).

    Args:
        departments: The store's department names to draw from (contacts may only be
            given departments from the store's list); none by default.
    """
    optional: dict[str, st.SearchStrategy[Any]] = {
        "title": names(min_size=0, max_size=20),
        "position": names(min_size=0, max_size=20),
        "phone": phone_numbers(),
        "mobile": phone_numbers(),
        "email": st.one_of(st.none(), emails()),
        "note": st.text(_printable, max_size=60),
        "visibility": st.sampled_from(list(Visibility)),
    }
    if departments:
        optional["departments"] = st.lists(st.sampled_from(list(departments)), max_size=3)
    return st.fixed_dictionaries({"name": names()}, optional=optional)
