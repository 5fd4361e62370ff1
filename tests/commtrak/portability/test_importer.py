"""Import lets in exactly what the single-record services let in, on SQLite too.

Each hostile record below was accepted by the import of the JSON document on SQLite
before the importer checked records by the services' rules; each is now refused
naming the member, the record, the field and the rule, with nothing written. The
property tests compare the two ways in on generated values.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import Actor, Address, CommtrakError, EmailChecker, Store, ValidationError
from commtrak.model.emails import email_key
from commtrak.portability import RecordRejected, export_data, import_data, transfer
from commtrak.testing.conformance._base import make_group, open_test_store

ACTOR = Actor.staff("staff-1", "Sam Supervisor", "supervisor")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    """A small store's document: a group of two customers, a contact with an email."""
    with open_test_store("memory://") as store, store.session(actor=ACTOR) as s:
        _, [hq, _] = make_group(s, "Peach", "HQ", "Perth")
        fran = s.contacts.add(hq.id, name="Fran", email="fran@example.com")
        born = s.custom_fields.define("Born", "date")
        s.custom_fields.set_value(fran.id, born.id, "1990-02-28")
        s.landlords.add(name="Lee Landlord", email="lee@example.com")
        ticket = s.tickets.open(hq.id, subject="Leak", contact_id=fran.id)
        s.tickets.add_note(ticket.id, "Plumber booked")
        return export_data(s)


@pytest.fixture(params=["memory://", "sqlite://"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    with open_test_store(request.param) as store:
        yield store


def changed(document: dict[str, Any], change: Callable[[dict[str, Any]], object]) -> Any:
    edited = copy.deepcopy(document)
    change(edited)
    return edited


def _set(section: str, field: str, value: object) -> Callable[[dict[str, Any]], object]:
    return lambda d: d[section][0].__setitem__(field, value)


HOSTILE = [
    pytest.param(_set("customers", "name", "x" * 10_000), "name", "max_length", id="long"),
    pytest.param(_set("customers", "name", "Nul\x00"), "name", "control_character", id="nul"),
    pytest.param(_set("customers", "name", "  "), "name", "required", id="blank"),
    pytest.param(_set("customers", "name", 5), "name", "type", id="integer-name"),
    pytest.param(_set("contacts", "email", "not an email"), "email", "email_form", id="email"),
    pytest.param(_set("customers", "colour", "red"), "record", "unknown_field", id="unknown"),
    pytest.param(_set("customers", "address", [[[[]]]]), "address", "type", id="nested"),
    pytest.param(
        _set("groups", "head_office_id", None),
        "head_office_id",
        "head_office_required",
        id="no-head-office",
    ),
    pytest.param(
        lambda d: d["custom_values"][0].__setitem__("value", {"text": "soon"}),
        "custom.Born",
        "custom_date",
        id="custom-value-kind",
    ),
    pytest.param(_set("landlords", "email", "lee@"), "email", "email_form", id="landlord-email"),
    pytest.param(_set("tickets", "subject", "\x07"), "subject", "control_character", id="subject"),
    pytest.param(_set("ticket_notes", "text", ""), "text", "required", id="note"),
    pytest.param(
        _set("contacts", "customer_id", "01a24d7d-d167-7d56-b013-d3fc95332342"),
        "customer_id",
        "reference",
        id="dangling",
    ),
]


@pytest.mark.parametrize(("change", "field", "rule"), HOSTILE)
def test_a_hostile_record_is_refused_by_name_and_nothing_is_written(
    store: Store, document: dict[str, Any], change: Any, field: str, rule: str
) -> None:
    with pytest.raises(RecordRejected) as caught, store.session(actor=ACTOR) as s:
        import_data(s, changed(document, change))
    error = caught.value
    assert (error.field, error.rule) == (field, rule)
    assert error.member == "document"
    assert str(error).startswith(f"document: {error.kind}")
    with store.session(actor=ACTOR) as s:
        assert export_data(s)["customers"] == []


@pytest.mark.parametrize("top", [None, [], "text", 3, {"format": "commtrak-export"}])
def test_a_document_that_is_no_export_is_refused(store: Store, top: object) -> None:
    with pytest.raises(ValidationError) as caught, store.session(actor=ACTOR) as s:
        import_data(s, top)
    assert (caught.value.field, caught.value.rule) == ("document", "format")


def test_an_unknown_section_is_refused_by_name(store: Store, document: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught, store.session(actor=ACTOR) as s:
        import_data(s, document | {"colours": []})
    assert (caught.value.field, caught.value.rule) == ("document", "unknown_field")
    assert "colours" in str(caught.value)


def test_a_stored_email_key_is_computed_again_not_trusted(
    store: Store, document: dict[str, Any]
) -> None:
    forged = changed(document, _set("contacts", "email_key", "someone-else@example.com"))
    with store.session(actor=ACTOR) as s:
        import_data(s, forged)
    with store.session(actor=ACTOR) as s:
        [fran] = s.transaction.contacts.scan(None, 10)
        assert fran.email_key == email_key("fran@example.com")


# -- the property: the importer refuses exactly what the services refuse --------------

#: Values a file may hold where text is expected: any text (control characters, blank,
#: long), and values of other JSON types.
_VALUES = (
    st.text(max_size=300)
    | st.text(st.sampled_from(" \t\n\x00\x1fab\u00e9@."), max_size=20)
    | st.integers()
    | st.none()
    | st.booleans()
    | st.lists(st.text(max_size=3), max_size=2)
)


def _outcome(action: Callable[[], Any]) -> tuple[str, str] | Any:
    try:
        return action()
    except CommtrakError as error:
        return (getattr(error, "field", "?"), error.rule)  # type: ignore[attr-defined]


def _service_customer(value: object) -> Any:
    with open_test_store("memory://") as store, store.session(actor=ACTOR) as s:
        address = Address(line1="1 St", postcode="6000")
        return _outcome(lambda: s.customers.add(name=value, address=address).name)  # type: ignore[arg-type]


def _import(document: dict[str, Any], read: Callable[[Any], Any]) -> Any:
    with open_test_store("memory://") as store:

        def run() -> Any:
            with store.session(actor=ACTOR) as s:
                import_data(s, document)
                return read(s)

        return _outcome(run)


@hypothesis.given(value=_VALUES)
def test_a_customer_name_gets_in_by_import_exactly_when_the_service_takes_it(
    document: dict[str, Any], value: object
) -> None:
    imported = _import(
        changed(document, _set("customers", "name", value)),
        lambda s: s.customers.get(uuid.UUID(document["customers"][0]["id"])).name,
    )
    assert imported == _service_customer(value)


@hypothesis.given(value=_VALUES | st.emails())
def test_an_email_gets_in_by_import_exactly_when_the_service_takes_it(
    document: dict[str, Any], value: object
) -> None:
    # An import checks an address's form, not its domain: the DNS answers about today,
    # and the record keeps what it answered then (email_status).
    offline = EmailChecker("offline")
    with (
        open_test_store("memory://", email_checker=offline) as store,
        store.session(actor=ACTOR) as s,
    ):
        customer = s.customers.add(name="C", address=Address(line1="1 St", postcode="6000"))
        by_service = _outcome(
            lambda: (lambda c: (c.email, c.email_key))(
                s.contacts.add(customer.id, name="Fran", email=value)  # type: ignore[arg-type]
            )
        )
    contact_id = uuid.UUID(document["contacts"][0]["id"])
    by_import = _import(
        changed(document, lambda d: d["contacts"][0].update(email=value, communication=[])),
        lambda s: (lambda c: (c.email, c.email_key))(s.contacts.get(contact_id)),
    )
    assert by_import == by_service


def test_transfer_takes_urls_and_streams_between_them(tmp_path: Any) -> None:
    source, target = f"sqlite:///{tmp_path}/source.db", f"sqlite:///{tmp_path}/target.db"
    with open_test_store(source) as store, store.session(actor=ACTOR) as s:
        make_group(s, "Peach", "HQ", "Perth")
        exported = export_data(s)
    with open_test_store(target):
        pass  # an empty store at the target URL
    counts = transfer(source, target, actor=ACTOR)
    assert counts["customers"] == 2
    with open_test_store(target, erase=False) as store, store.session(actor=ACTOR) as s:
        assert export_data(s) == exported
