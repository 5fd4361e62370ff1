"""Contract: a customer's invoice address format, checked when saved, rendered from data."""

from __future__ import annotations

import pytest

from commtrak import Address, Customer, NewLandlord, Occupier, Session, ValidationError
from commtrak.testing.conformance._base import StoreContract


class InvoiceFormatContract(StoreContract):
    """The seed's ``[landlord_name] c/o [customer_name]`` format, per customer."""

    @staticmethod
    def customer(session: Session, name: str = "Real Peach HQ") -> Customer:
        return session.customers.add(
            name=name,
            address=Address(line1="1 Peach St", line2="", town="Perth", postcode="6000"),
        )

    def test_the_default_format_with_and_without_a_landlord(self, session: Session) -> None:
        customer = self.customer(session)
        assert session.customers.invoice_address(customer.id) == [
            "Real Peach HQ",
            "1 Peach St",
            "Perth",
            "6000",
        ]
        work = session.work_addresses.add(
            customer.id,
            address=Address(line1="9 Rental Rd", postcode="6100"),
            occupier=Occupier(surname="Tenant"),
            landlord=NewLandlord(name="Lana Landlord"),
        )
        lines = session.customers.invoice_address(
            customer.id,
            work_address_id=work.id,
        )
        assert lines[0] == "Lana Landlord c/o Real Peach HQ"
        assert lines[1:] == ["1 Peach St", "Perth", "6000"]

    def test_a_format_is_checked_when_saved_and_kept(self, session: Session) -> None:
        customer = self.customer(session)
        with pytest.raises(ValidationError) as caught:
            session.customers.set_invoice_format(customer.id, "[customer_nmae]")
        assert (caught.value.field, caught.value.rule) == ("template", "unknown_tag")
        assert "customer_name" in caught.value.message
        with pytest.raises(ValidationError) as caught:
            session.customers.set_invoice_format(customer.id, "[customer_name")
        assert caught.value.rule == "unclosed_bracket"
        saved = session.customers.set_invoice_format(
            customer.id,
            "Attn: [customer_name]\n[customer_postcode], [customer_county]",
        )
        assert session.customers.get(saved.id).invoice_format == saved.invoice_format
        assert session.customers.invoice_address(saved.id) == ["Attn: Real Peach HQ", "6000"]
        session.customers.set_invoice_format(saved.id, None)
        assert session.customers.invoice_address(saved.id)[0] == "Real Peach HQ"

    def test_data_is_never_read_as_a_template(self, session: Session) -> None:
        customer = self.customer(session, name="[landlord_name] & [[co]]")
        assert session.customers.invoice_address(customer.id)[0] == ("[landlord_name] & [[co]]")
