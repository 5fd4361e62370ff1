"""Contract: work addresses (seed 004): owner, branch, landlord, occupier, status."""

from __future__ import annotations

import pytest

from commtrak import (
    Address,
    Conflict,
    NewLandlord,
    NotFound,
    Occupier,
    Session,
    ValidationError,
)
from commtrak.testing.conformance._base import StoreContract, add_customer, address
from commtrak.testing.conformance._record import add_work_address, place


class WorkAddressContract(StoreContract):
    """Work addresses: their defaults, their landlords, and the rules on their fields."""

    def test_a_work_address_with_defaults(self, session: Session) -> None:
        customer = add_customer(session, "Owner")
        work = session.work_addresses.add(customer.id, address=Address(line1=" 1 Orchard Road "))
        assert work.address.line1 == "1 Orchard Road"
        assert work.occupier == Occupier(surname="Occupier")
        assert (work.customer_id, work.branch_id, work.landlord_id) == (customer.id, None, None)
        assert work.status.value == "active"
        assert session.work_addresses.get(work.id) == work
        named = add_work_address(session, customer, 2, occupier=Occupier(first_name="Jo"))
        assert (named.occupier.first_name, named.occupier.surname) == ("Jo", "Occupier")

    def test_new_and_existing_landlords(self, session: Session) -> None:
        customer = add_customer(session, "Owner")
        first = add_work_address(session, customer, 1, landlord=NewLandlord("Lena Lord"))
        assert first.landlord_id is not None
        [found] = session.landlords.search("LENA")
        assert found.id == first.landlord_id
        second = add_work_address(session, customer, 2, landlord=found.id)
        assert second.landlord_id == found.id
        session.invoice_addresses.enable(customer.id, landlord_id=found.id)
        session.landlords.edit(found.id, name="Lena Landlord")
        assert [ll.name for ll in session.landlords.search("lena")] == ["Lena Landlord"]

    def test_a_landlord_is_edited_only_while_enabled_as_an_invoice_address(
        self, session: Session
    ) -> None:
        # Seed 004: "Landlord details can only be edited if they are enabled as an
        # invoice address."
        customer = add_customer(session, "Owner")
        work = add_work_address(session, customer, 1, landlord=NewLandlord("Lena Lord"))
        assert work.landlord_id is not None
        with pytest.raises(Conflict) as caught:
            session.landlords.edit(work.landlord_id, name="Changed", phone="0400 000 000")
        assert (caught.value.field, caught.value.rule) == (
            "landlord_id",
            "landlord_not_invoice_address",
        )
        assert session.landlords.get(work.landlord_id).name == "Lena Lord"
        enabled = session.invoice_addresses.enable(customer.id, landlord_id=work.landlord_id)
        assert session.landlords.edit(work.landlord_id, phone="0400 000 000").phone == (
            "0400 000 000"
        )
        session.invoice_addresses.delete(enabled.id)
        with pytest.raises(Conflict) as again:
            session.landlords.edit(work.landlord_id, name="Changed")
        assert again.value.rule == "landlord_not_invoice_address"
        assert session.landlords.get(work.landlord_id).name == "Lena Lord"

    def test_work_address_rules_name_field_and_rule(self, session: Session) -> None:
        owner, other = add_customer(session, "Owner"), add_customer(session, "Other")
        branch = session.branches.add(other.id, name="Other's", address=address())
        cases: list[tuple[dict[str, object], tuple[str, str]]] = [
            ({"address": Address(line2="no line 1")}, ("address.line1", "required")),
            ({"branch_id": branch.id}, ("branch_id", "customer_branch")),
            ({"landlord": NewLandlord(" ")}, ("name", "required")),
            ({"occupier": Occupier(email="not an email")}, ("occupier.email", "email_form")),
            ({"communication": ["fax"]}, ("communication", "communication_channel")),
        ]
        for fields, expected in cases:
            arguments = {"address": place(1), **fields}
            with pytest.raises(ValidationError) as caught:
                session.work_addresses.add(owner.id, **arguments)  # type: ignore[arg-type]
            assert (caught.value.field, caught.value.rule) == expected
        assert session.work_addresses.for_customer(owner.id) == []
        assert session.landlords.search("a") == []

    def test_work_addresses_are_edited_in_place(self, session: Session) -> None:
        customer = add_customer(session, "Owner")
        work = add_work_address(session, customer, 1)
        edited = session.work_addresses.edit(
            work.id, occupier=Occupier(surname="Smith"), address=place(9)
        )
        assert session.work_addresses.get(work.id) == edited
        assert session.work_addresses.for_customer(customer.id) == [edited]
        with pytest.raises(NotFound):
            session.work_addresses.edit(work.id, landlord=customer.id)
