import uuid

from commtrak import Address, Customer, CustomerStatus
from commtrak.model.customer_merge import plan_customer_merge


def customer(name: str, **fields: object) -> Customer:
    return Customer(id=uuid.uuid4(), name=name, address=Address(line1="1", postcode="1"), **fields)  # type: ignore[arg-type]


def test_the_survivor_keeps_its_values_and_fills_its_blanks() -> None:
    contact = uuid.uuid4()
    survivor = customer("S", price_book="Mine")
    merged = customer(
        "M", price_book="Theirs", advertising_source="Radio", sales_contact_id=contact
    )
    plan = plan_customer_merge(survivor, merged, merged_is_head_office=False)
    assert (plan.survivor.price_book, plan.survivor.advertising_source) == ("Mine", "Radio")
    assert plan.survivor.sales_contact_id == contact
    assert plan.changed_fields == {
        "advertising_source": ("", "Radio"),
        "sales_contact_id": (None, contact),
    }
    assert plan.merged.merged_into == survivor.id
    assert plan.merged.status is CustomerStatus.DORMANT
    assert plan.merged.sales_contact_id is None


def test_a_survivor_outside_any_group_takes_the_merged_customers_place() -> None:
    group = uuid.uuid4()
    plan = plan_customer_merge(
        customer("S"), customer("M", group_id=group), merged_is_head_office=True
    )
    assert plan.survivor.group_id == group
    assert plan.merged.group_id is None
    assert plan.takes_head_office
    own = uuid.uuid4()
    kept = plan_customer_merge(
        customer("S", group_id=own), customer("M"), merged_is_head_office=False
    )
    assert kept.survivor.group_id == own
    assert "group_id" not in kept.changed_fields
