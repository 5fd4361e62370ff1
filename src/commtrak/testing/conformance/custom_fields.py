"""Contract: custom fields, primary contacts and permanent deletion (seeds 001, 004)."""

from __future__ import annotations

import datetime
import decimal
import uuid

import pytest

from commtrak import (
    Actor,
    Address,
    Conflict,
    NotFound,
    PermissionDenied,
    Session,
    Store,
    ValidationError,
)
from commtrak.testing.conformance._base import StoreContract, add_customer, make_group


class CustomFieldContract(StoreContract):
    """Typed custom values, archived or erased for one owner or all of them."""

    def test_typed_values_round_trip(self, session: Session) -> None:
        hq = add_customer(session, "HQ")
        fran = session.contacts.add(hq.id, name="Fran")
        born = session.custom_fields.define("Birth date", "date")
        size = session.custom_fields.define("Shoe size", "number")
        tier = session.custom_fields.define("Tier", "choice", choices=["Gold", "Silver"])
        note = session.custom_fields.define("Account code", "text", "customer")
        session.custom_fields.set_value(fran.id, born.id, "1990-02-28")
        session.custom_fields.set_value(fran.id, size.id, "42.50")
        session.custom_fields.set_value(fran.id, tier.id, "Gold")
        session.custom_fields.set_value(hq.id, note.id, " ACC-1 ")
        assert session.custom_fields.values(fran.id) == {
            "Birth date": datetime.date(1990, 2, 28),
            "Shoe size": decimal.Decimal("42.50"),
            "Tier": "Gold",
        }
        assert session.custom_fields.values(hq.id) == {"Account code": "ACC-1"}
        session.custom_fields.set_value(fran.id, tier.id, "Silver")
        assert session.custom_fields.values(fran.id)["Tier"] == "Silver"
        assert [d.name for d in session.custom_fields.definitions("contact")] == [
            "Birth date",
            "Shoe size",
            "Tier",
        ]

    @pytest.mark.parametrize(
        ("kind", "value", "rule"),
        [
            ("date", "28/02/1990", "custom_date"),
            ("date", datetime.datetime(1990, 2, 28, 12, 0), "custom_date"),
            ("number", "lots", "custom_number"),
            ("number", 1.5, "custom_number"),
            ("number", "NaN", "custom_number"),
            ("text", "  ", "custom_text"),
        ],
    )
    def test_bad_custom_values_name_the_field(
        self, session: Session, kind: str, value: object, rule: str
    ) -> None:
        hq = add_customer(session, "HQ")
        fran = session.contacts.add(hq.id, name="Fran")
        field = session.custom_fields.define("Extra", kind)
        with pytest.raises(ValidationError) as caught:
            session.custom_fields.set_value(fran.id, field.id, value)
        assert (caught.value.field, caught.value.rule) == ("custom.Extra", rule)
        assert session.custom_fields.values(fran.id) == {}

    def test_definitions_are_checked(self, session: Session) -> None:
        session.custom_fields.define("Tier", "choice", choices=["Gold"])
        with pytest.raises(Conflict):
            session.custom_fields.define("TIER", "text")
        session.custom_fields.define("Tier", "text", "customer")  # another owner kind
        with pytest.raises(ValidationError) as caught:
            session.custom_fields.define("Level", "choice")
        assert caught.value.rule == "required"
        with pytest.raises(ValidationError) as caught:
            session.custom_fields.define("Level", "colour")
        assert caught.value.field == "kind"
        hq = add_customer(session, "HQ")
        fran = session.contacts.add(hq.id, name="Fran")
        tier = session.custom_fields.definitions("contact")[0]
        with pytest.raises(ValidationError) as caught:
            session.custom_fields.set_value(fran.id, tier.id, "Bronze")
        assert caught.value.rule == "custom_choice"
        with pytest.raises(NotFound):
            session.custom_fields.set_value(hq.id, tier.id, "Gold")  # a customer, not a contact
        session.custom_fields.archive_definition(tier.id)
        with pytest.raises(ValidationError) as caught:
            session.custom_fields.set_value(fran.id, tier.id, "Gold")
        assert caught.value.rule == "archived_custom_field"

    def test_archive_and_erase_for_one_or_for_all(self, session: Session) -> None:
        hq = add_customer(session, "HQ")
        fran = session.contacts.add(hq.id, name="Fran")
        pat = session.contacts.add(hq.id, name="Pat")
        born = session.custom_fields.define("Birth date", "date")
        tier = session.custom_fields.define("Tier", "text")
        for contact in (fran, pat):
            session.custom_fields.set_value(contact.id, born.id, datetime.date(1990, 1, 1))
            session.custom_fields.set_value(contact.id, tier.id, "Gold")
        assert session.custom_fields.archive_values(tier.id, fran.id) == 1
        assert session.custom_fields.values(fran.id) == {"Birth date": datetime.date(1990, 1, 1)}
        assert session.custom_fields.values(fran.id, include_archived=True)["Tier"] == "Gold"
        assert session.custom_fields.erase_values(born.id, pat.id) == 1
        assert "Birth date" not in session.custom_fields.values(pat.id, include_archived=True)
        assert session.custom_fields.erase_values(born.id) == 1
        assert session.custom_fields.archive_values(tier.id) == 1
        assert session.custom_fields.values(fran.id) == {}
        assert session.custom_fields.values(fran.id, include_archived=True) == {"Tier": "Gold"}
        assert session.custom_fields.values(pat.id, include_archived=True) == {"Tier": "Gold"}


class PrimaryContactContract(StoreContract):
    """A private customer's primary contact; deleting only what nothing refers to."""

    def test_only_a_private_customer_has_a_primary_contact(self, session: Session) -> None:
        home = session.customers.add(
            name="Jo Private", type="private", address=Address(line1="1 Home St", postcode="1")
        )
        company = add_customer(session, "Company Pty")
        jo = session.contacts.add(home.id, name="Jo")
        partner = session.contacts.add(home.id, name="Sam")
        staff = session.contacts.add(company.id, name="Staff")
        assert session.contacts.primary(home.id) is None
        assert session.contacts.set_primary(jo.id).primary
        assert session.contacts.primary(home.id) == session.contacts.get(jo.id)
        session.contacts.set_primary(partner.id)
        assert session.contacts.primary(home.id) == session.contacts.get(partner.id)
        assert not session.contacts.get(jo.id).primary
        with pytest.raises(ValidationError) as caught:
            session.contacts.set_primary(staff.id)
        assert (caught.value.field, caught.value.rule) == ("primary", "private_customer_only")
        session.contacts.archive(partner.id)
        assert session.contacts.primary(home.id) is None
        with pytest.raises(ValidationError) as caught:
            session.contacts.set_primary(partner.id)
        assert caught.value.rule == "active_contact"
        session.contacts.set_primary(jo.id)
        session.contacts.clear_primary(home.id)
        assert session.contacts.primary(home.id) is None

    def test_an_unreferenced_contact_may_be_deleted_for_good(self, session: Session) -> None:
        hq = add_customer(session, "HQ")
        typo = session.contacts.add(hq.id, name="Typo")
        born = session.custom_fields.define("Birth date", "date")
        session.custom_fields.set_value(typo.id, born.id, "2000-01-01")
        session.contacts.delete_permanently(typo.id)
        with pytest.raises(NotFound):
            session.contacts.get(typo.id)
        assert session.custom_fields.values(typo.id, include_archived=True) == {}

    def test_a_referenced_contact_is_never_deleted(self, session: Session) -> None:
        _, [hq, perth] = make_group(session, "Real Peach", "HQ", "Perth")
        sales = session.contacts.add(hq.id, name="Sales")
        session.customers.edit(perth.id, sales_contact_id=sales.id)
        session.contacts.add(hq.id, name="HQ", email="dup@mx.example")
        merged = session.contacts.add(perth.id, name="Perth", email="dup@mx.example")
        session.duplicates.merge(hq.id)
        for contact_id, holder in ((sales.id, "customer.sales_contact"), (merged.id, "journal")):
            with pytest.raises(Conflict) as caught:
                session.contacts.delete_permanently(contact_id)
            assert caught.value.rule == "contact_referenced"
            assert holder in caught.value.message
            assert session.contacts.get(contact_id).id == contact_id
        with pytest.raises(NotFound):
            session.contacts.delete_permanently(uuid.uuid4())

    def test_deleting_needs_contacts_delete(self, store: Store, actor: Actor) -> None:
        with store.session(actor=actor) as s:
            hq = add_customer(s, "HQ")
            typo = s.contacts.add(hq.id, name="Typo")
        with store.session(actor=Actor.staff("staff-9", "Pat Staff", "staff")) as s:
            with pytest.raises(PermissionDenied) as caught:
                s.contacts.delete_permanently(typo.id)
            assert caught.value.permission == "contacts.delete"
            assert s.contacts.get(typo.id).name == "Typo"
