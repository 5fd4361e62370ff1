"""Contract: customer records."""

from __future__ import annotations

import uuid

import pytest

from commtrak import (
    Address,
    Customer,
    CustomerStatus,
    NotFound,
    Session,
    ValidationError,
)
from commtrak.testing.conformance._base import StoreContract, address


class CustomerContract(StoreContract):
    """Customers: adding, reading, editing, and the rules on their fields."""

    def test_add_then_get_gives_back_the_same_customer(self, session: Session) -> None:
        added = session.customers.add(
            name="  Real Peach HQ ",
            type="company",
            address=Address(line1="1 Peach St", line2="Level 2", town="Perth", postcode="6000"),
        )
        assert added.name == "Real Peach HQ"
        assert isinstance(added.id, uuid.UUID)
        assert session.customers.get(added.id) == added
        assert added.status is CustomerStatus.ACTIVE
        assert added.group_id is None

    @pytest.mark.parametrize(
        ("fields", "field", "rule"),
        [
            ({"name": " "}, "name", "required"),
            ({"address": Address(postcode="6000")}, "address.line1", "required"),
            ({"address": Address(line1="1 Peach St")}, "address.postcode", "required"),
            ({"type": "alien"}, "type", "customer_type"),
            ({"status": "asleep"}, "status", "customer_status"),
            ({"name": "x" * 256}, "name", "max_length"),
            ({"name": "Bell\x07"}, "name", "control_character"),
        ],
    )
    def test_bad_customer_fields_are_rejected_by_name_and_rule(
        self, session: Session, fields: dict[str, object], field: str, rule: str
    ) -> None:
        arguments: dict[str, object] = {"name": "Real Peach", "address": address()} | fields
        with pytest.raises(ValidationError) as caught:
            session.customers.add(**arguments)  # type: ignore[arg-type]
        assert (caught.value.field, caught.value.rule) == (field, rule)

    def test_edit_changes_only_what_is_given(self, session: Session) -> None:
        customer = session.customers.add(name="Real Peach", address=address())
        edited = session.customers.edit(customer.id, name="Real Peach Pty", status="dormant")
        assert edited == Customer(
            id=customer.id,
            name="Real Peach Pty",
            type=customer.type,
            status=CustomerStatus.DORMANT,
            address=customer.address,
        )
        assert session.customers.get(customer.id) == edited

    def test_unknown_ids_raise_not_found(self, session: Session) -> None:
        with pytest.raises(NotFound) as caught:
            session.customers.get(uuid.uuid4())
        assert caught.value.entity == "customer"
        with pytest.raises(NotFound):
            session.customers.edit(uuid.uuid4(), name="x")
