"""Contract: invoice addresses (seed 004), the minimal invoice, and the side panel."""

from __future__ import annotations

import datetime
import decimal

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import (
    Actor,
    Address,
    Conflict,
    InvoiceStatus,
    NewLandlord,
    NotFound,
    Occupier,
    Session,
    Store,
    ValidationError,
)
from commtrak.testing.conformance._base import START, STORE_PROPERTY, StoreContract, add_customer
from commtrak.testing.conformance._record import add_work_address

INSURER = Address(line1="1 Cover Street", town="Perth", postcode="6000")


class InvoiceAddressContract(StoreContract):
    """Shared invoice addresses, enabled sources, and what refuses a deletion."""

    def test_an_invoice_address_is_shared_and_deleted_for_all(self, session: Session) -> None:
        one, two = add_customer(session, "One"), add_customer(session, "Two")
        insurer = session.invoice_addresses.add(one.id, name="Insurer", address=INSURER)
        session.invoice_addresses.assign(insurer.id, two.id)
        session.invoice_addresses.assign(insurer.id, two.id)  # twice changes nothing
        usage = session.invoice_addresses.usage(insurer.id)
        assert usage.shared
        assert set(usage.customer_ids) == {one.id, two.id}
        with pytest.raises(Conflict) as caught:
            session.invoice_addresses.delete(insurer.id)
        assert (caught.value.field, caught.value.rule) == (
            "confirm_shared",
            "shared_invoice_address",
        )
        assert "2 customers" in caught.value.message
        assert session.invoice_addresses.for_customer(two.id) == [insurer]
        session.invoice_addresses.unassign(insurer.id, two.id)
        assert session.invoice_addresses.usage(insurer.id).customer_ids == (one.id,)
        session.invoice_addresses.assign(insurer.id, two.id)
        session.invoice_addresses.delete(insurer.id, confirm_shared=True)
        assert session.invoice_addresses.for_customer(one.id) == []
        assert session.invoice_addresses.for_customer(two.id) == []
        assert session.invoice_addresses.get(insurer.id).deleted
        with pytest.raises(NotFound):
            session.invoice_addresses.delete(insurer.id, confirm_shared=True)

    def test_an_invoice_address_of_an_active_invoice_is_not_deleted(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        insurer = session.invoice_addresses.add(customer.id, name="Insurer", address=INSURER)
        invoice = session.invoices.add(
            customer.id, amount="120.00", due_on=START.date(), invoice_address_id=insurer.id
        )
        with pytest.raises(Conflict) as caught:
            session.invoice_addresses.delete(insurer.id)
        assert (caught.value.field, caught.value.rule) == ("invoice_address_id", "active_invoice")
        assert session.invoice_addresses.usage(insurer.id).active_invoices == 1
        with pytest.raises(Conflict) as unassigning:
            session.invoice_addresses.unassign(insurer.id, customer.id)
        assert unassigning.value.rule == "active_invoice"
        session.invoices.set_status(invoice.id, "cancelled")
        session.invoice_addresses.delete(insurer.id)
        assert session.invoice_addresses.for_customer(customer.id) == []

    def test_landlords_and_work_addresses_are_enabled_not_copied(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        work = add_work_address(
            session, customer, 1, landlord=NewLandlord("Lena Lord", address=INSURER)
        )
        assert work.landlord_id is not None
        landlord = session.invoice_addresses.enable(customer.id, landlord_id=work.landlord_id)
        assert (landlord.name, landlord.address) == ("Lena Lord", INSURER)
        assert session.invoice_addresses.enable(customer.id, landlord_id=work.landlord_id) == (
            landlord
        )
        session.landlords.edit(work.landlord_id, name="Lena Landlord")
        assert session.invoice_addresses.get(landlord.id).name == "Lena Landlord"
        at_work = session.invoice_addresses.enable(customer.id, work_address_id=work.id)
        session.work_addresses.edit(work.id, occupier=Occupier(first_name="Jo", surname="Doe"))
        shown = session.invoice_addresses.get(at_work.id)
        assert (shown.name, shown.address) == ("Jo Doe", work.address)
        with pytest.raises(ValidationError) as caught:
            session.invoice_addresses.edit(at_work.id, name="Other")
        assert caught.value.rule == "edit_source"
        assert len(session.invoice_addresses.for_customer(customer.id)) == 2

    def test_an_invoice_names_one_of_its_customers_invoice_addresses(
        self, session: Session
    ) -> None:
        one, two = add_customer(session, "One"), add_customer(session, "Two")
        insurer = session.invoice_addresses.add(one.id, name="Insurer", address=INSURER)
        for fields, expected in (
            (
                {"invoice_address_id": insurer.id},
                ("invoice_address_id", "customer_invoice_address"),
            ),
            ({"amount": "-1"}, ("amount", "money")),
            ({"amount": "1.005"}, ("amount", "money")),
        ):
            arguments = {"amount": "10", "due_on": START.date()} | fields
            with pytest.raises(ValidationError) as caught:
                session.invoices.add(two.id, **arguments)  # type: ignore[arg-type]
            assert (caught.value.field, caught.value.rule) == expected
        assert session.invoices.for_customer(two.id) == []


class CustomerPanelContract(StoreContract):
    """The side panel's figures, computed by the backend from the invoices."""

    def test_the_side_panel_figures(self, session: Session) -> None:
        customer = add_customer(session, "Debtor")
        other = add_customer(session, "Someone else")
        today = START.date()
        empty = session.customers.panel(customer.id)
        assert empty.outstanding_debt == empty.account_credit == decimal.Decimal(0)
        assert (empty.oldest_unpaid_due_on, empty.debt_age_days) == (None, None)
        old = today - datetime.timedelta(days=40)
        session.invoices.add(customer.id, amount="100.00", due_on=old, amount_paid="30.00")
        session.invoices.add(customer.id, amount="50", due_on=today + datetime.timedelta(days=9))
        session.invoices.add(customer.id, amount="999", due_on=old, status="draft")
        session.invoices.add(customer.id, amount="999", due_on=old, status="cancelled")
        paid = session.invoices.add(customer.id, amount="20", due_on=old)
        session.invoices.pay(paid.id, "25.50")
        session.invoices.add(other.id, amount="7", due_on=old - datetime.timedelta(days=1))
        session.customers.edit(customer.id, status="dormant")
        panel = session.customers.panel(customer.id)
        assert panel.status.value == "dormant"
        assert panel.outstanding_debt == decimal.Decimal("120.00")
        assert panel.oldest_unpaid_due_on == old
        assert panel.debt_age_days == 40
        assert panel.account_credit == decimal.Decimal("5.50")
        assert session.invoices.get(paid.id).status.value == "paid"

    @hypothesis.settings(**STORE_PROPERTY)
    @hypothesis.given(
        invoices=st.lists(
            st.tuples(
                st.decimals(0, 10_000, places=2),
                st.decimals(0, 10_000, places=2),
                st.sampled_from(list(InvoiceStatus)),
                st.integers(-60, 60),
            ),
            max_size=8,
        )
    )
    def test_the_panel_adds_up_the_invoices(
        self,
        store: Store,
        actor: Actor,
        invoices: list[tuple[decimal.Decimal, decimal.Decimal, InvoiceStatus, int]],
    ) -> None:
        """Any invoices: the backend's sums equal the definitions, to the cent."""
        store.backend.erase_all_data()
        today = START.date()
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Customer")
            for amount, paid, status, days in invoices:
                due = today + datetime.timedelta(days=days)
                s.invoices.add(
                    customer.id, amount=amount, amount_paid=paid, status=status, due_on=due
                )
            panel = s.customers.panel(customer.id)
        unpaid = [
            (amount - paid, today + datetime.timedelta(days=days))
            for amount, paid, status, days in invoices
            if status is InvoiceStatus.ISSUED and amount > paid
        ]
        credit = sum(
            (
                paid - amount
                for amount, paid, status, _ in invoices
                if status is not InvoiceStatus.CANCELLED and paid > amount
            ),
            decimal.Decimal(0),
        )
        assert panel.outstanding_debt == sum((owed for owed, _ in unpaid), decimal.Decimal(0))
        assert panel.account_credit == credit
        oldest = min((due for _, due in unpaid), default=None)
        assert panel.oldest_unpaid_due_on == oldest
        assert panel.debt_age_days == (None if oldest is None else max(0, (today - oldest).days))
