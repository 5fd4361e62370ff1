"""How a host application tests its own code with commtrak (shown in docs/testing.md).

``pytest examples/host_app_tests`` runs these; ``tests/test_examples.py`` does so in
commtrak's own test run. The application code under test is the little ``welcome_pack``
function below.
"""

from __future__ import annotations

import uuid

from hypothesis import given, settings
from hypothesis import strategies as st

import commtrak
from commtrak import Address, Session, Store
from commtrak.testing import strategies as cs

ACTOR = commtrak.Actor.staff("test-1", "Test Runner", "supervisor")


def welcome_pack(session: Session, customer_id: uuid.UUID) -> list[str]:
    """The application's code: who gets a welcome pack when a customer joins a group."""
    return [
        choice.contact.email
        for choice in session.contacts.selectable(customer_id)
        if choice.contact.email is not None
    ]


# -- with the pytest plugin's fixture -------------------------------------------------


def test_branches_use_head_office_contacts(commtrak_store: Store) -> None:
    # commtrak_store: an empty store on each configured URL (memory:// by default).
    with commtrak_store.session(actor=ACTOR) as s:
        group = s.groups.create("Real Peach Real Estate")
        hq = s.customers.add(name="HQ", address=Address(line1="1 Peach St", postcode="6000"))
        perth = s.customers.add(name="Perth", address=Address(line1="2 Hay St", postcode="6000"))
        s.groups.add_member(group.id, hq.id)
        s.groups.add_member(group.id, perth.id)
        s.contacts.add(hq.id, name="Fran James", email="fran@realpeach.example")
        assert welcome_pack(s, perth.id) == ["fran@realpeach.example"]


# -- with the in-memory backend directly -----------------------------------------------


def test_with_a_fresh_memory_store() -> None:
    # Every memory:// URL opens a new, empty store: no fixture needed.
    store = commtrak.open_store("memory://", email_checker=commtrak.EmailChecker("offline"))
    with store.session(actor=ACTOR) as s:
        lone = s.customers.add(name="Lone", address=Address(line1="1 Main St", postcode="1"))
        assert welcome_pack(s, lone.id) == []


# -- with commtrak's hypothesis strategies ---------------------------------------------


@settings(max_examples=25, deadline=None)
@given(customer=cs.customer_fields(), contacts=st.lists(cs.contact_fields(), max_size=4))
def test_every_contact_with_an_email_gets_a_pack(
    customer: dict[str, object], contacts: list[dict[str, object]]
) -> None:
    store = commtrak.open_store("memory://", email_checker=commtrak.EmailChecker("offline"))
    with store.session(actor=ACTOR) as s:
        added = s.customers.add(**customer)  # type: ignore[arg-type]
        for fields in contacts:
            s.contacts.add(added.id, **fields)  # type: ignore[arg-type]
        pack = welcome_pack(s, added.id)
    assert len(pack) == sum(1 for fields in contacts if fields.get("email"))
