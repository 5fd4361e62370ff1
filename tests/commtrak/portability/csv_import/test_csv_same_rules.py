"""A property: the CSV import accepts exactly the rows the single-record services accept.

Each example is one row, imported into a fresh memory store, and given to
``customers.add`` and ``contacts.add`` (and ``contacts.set_primary`` for a private
customer) on another: the import accepts the row exactly when the services do, stores
the same values, and rejects it naming the same field and rule.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from commtrak import Actor, Address, Conflict, EmailChecker, Session, ValidationError, open_store
from commtrak.portability.csv_import import FIELDS, Mapping, import_customers

ACTOR = Actor.system()
COLUMNS = list(FIELDS["customers"])  # type: ignore[index]
_LINES = [field.name for field in attrs.fields(Address)]

#: Text as people type it, with the values that break a rule now and then.
texts = st.one_of(
    st.sampled_from(["", " ", "Perth", "  Real Peach  ", "x" * 256, "A\tB", "A\x00B", "é"]),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=12),
)


def usually(valid: str) -> st.SearchStrategy[str]:
    """Mostly *valid*, sometimes any text (which may break a rule)."""
    return st.one_of(*[st.just(valid)] * 7, texts)


def mostly(valid: str, *others: str) -> st.SearchStrategy[str]:
    """Mostly *valid*, sometimes one of *others* (some of which break a rule)."""
    return st.one_of(st.just(valid), st.just(valid), st.sampled_from(others))


rows = st.fixed_dictionaries(
    {
        **dict.fromkeys(COLUMNS, usually("")),
        "name": usually("Real Peach HQ"),
        "address.line1": usually("1 Peach Street"),
        "address.postcode": usually("6000"),
        "type": mostly("", "company", "private", "Company", "bogus", " private"),
        "status": mostly("", "active", "dormant", "asleep"),
        "communication": mostly("", "email", "sms; letter", "fax", "email|phone"),
        "contact.email": mostly(
            "", "fran@realpeach.example", "not an email", " Fran@RealPeach.example "
        ),
        "contact.phone": mostly("", "08 9000 0000", "call me", " "),
        "contact.mobile": mostly("", "0412 345 678", "x"),
    }
)


class Refused(Exception):
    """The services refused the row: the field (as the mapping names it) and the rule."""

    def __init__(self, field: str, rule: str) -> None:
        super().__init__(f"{field} [{rule}]")
        self.field = field
        self.rule = rule


def _channels(text: str) -> list[str]:
    return [c.strip() for c in text.replace(";", ",").replace("|", ",").split(",") if c.strip()]


def _by_services(session: Session, row: dict[str, str]) -> tuple[Any, Any]:
    """Add the row as an application would, one service call per record.

    Raises:
        Refused: naming the field and rule of the service's error.
    """
    defaults = {field: row[field] for field in ("type", "status") if row[field].strip()}
    try:
        customer = session.customers.add(
            name=row["name"],
            address=Address(**{line: row[f"address.{line}"] for line in _LINES}),
            advertising_source=row["advertising_source"],
            price_book=row["price_book"],
            communication=_channels(row["communication"]),
            **defaults,
        )
    except (ValidationError, Conflict) as error:
        raise Refused(error.field, error.rule) from None
    contact_fields = {
        name.removeprefix("contact."): value
        for name, value in row.items()
        if name.startswith("contact.")
    }
    if not any(value.strip() for value in contact_fields.values()):
        return customer, None
    try:
        contact = session.contacts.add(customer.id, **contact_fields)
    except (ValidationError, Conflict) as error:
        raise Refused("contact." + error.field, error.rule) from None
    if customer.type == "private":
        contact = session.contacts.set_primary(contact.id)
    return customer, contact


def _comparable(record: Any) -> dict[str, Any]:
    values = attrs.asdict(record, recurse=False)
    for field in ("id", "customer_id", "created_at", "modified_at"):
        values.pop(field, None)
    return values


#: Rows the services accept: plain words, known types, statuses and channels.
words = st.text(st.characters(categories=("L", "N", "Zs")), max_size=20)
valid_rows = st.fixed_dictionaries(
    {
        **dict.fromkeys(COLUMNS, words),
        "name": words.filter(str.strip),
        "address.line1": words.filter(str.strip),
        "address.postcode": words.filter(str.strip),
        "contact.name": words.filter(str.strip),
        "type": st.sampled_from(["", "company", "private"]),
        "status": st.sampled_from(["", "active", "dormant"]),
        "communication": st.sampled_from(["", "email", "letter; phone"]),
        "contact.email": st.sampled_from(["", "fran@realpeach.example"]),
        "contact.phone": st.sampled_from(["", "08 9000 0000"]),
        "contact.mobile": st.sampled_from(["", "0412 345 678"]),
    }
)


@given(valid_rows)
def test_rows_the_services_accept_are_stored_as_the_services_store_them(
    row: dict[str, str],
) -> None:
    assert not isinstance(_compare(row), Refused)


@given(rows)
def test_the_import_accepts_what_the_services_accept(row: dict[str, str]) -> None:
    _compare(row)


def _compare(row: dict[str, str]) -> tuple[Any, Any] | Refused:
    """Import *row* and add it through the services; assert both end the same way."""
    checker = EmailChecker("offline")
    with open_store("memory://", email_checker=checker) as store, store.session(actor=ACTOR) as s:
        try:
            expected: tuple[Any, Any] | Refused = _by_services(s, row)
        except Refused as refused:
            expected = refused
    with (
        tempfile.TemporaryDirectory() as folder,
        open_store("memory://", email_checker=checker) as store,
    ):
        path = Path(folder) / "row.csv"
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(COLUMNS)
            writer.writerow([row[field] for field in COLUMNS])
        identity = Mapping("customers", {field: field for field in COLUMNS})
        result = import_customers(store, path, identity, actor=ACTOR)
        with store.session(actor=ACTOR) as s:
            stored = s.transaction.customers.scan(None, 2)
            contacts = s.contacts.for_customer(stored[0].id) if stored else []
    if isinstance(expected, Refused):
        assert result.imported == 0
        assert stored == []
        [rejection] = result.rejections
        assert (rejection.field, rejection.rule) == (expected.field, expected.rule)
        return expected
    assert result.rejections == ()
    customer, contact = expected
    assert [_comparable(c) for c in stored] == [_comparable(customer)]
    assert [_comparable(c) for c in contacts] == ([] if contact is None else [_comparable(contact)])
    return expected
