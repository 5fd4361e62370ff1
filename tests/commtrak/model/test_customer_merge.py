import uuid

from commtrak import Address, Customer, CustomerStatus, PortalTemplates
from commtrak.model.customer_merge import plan_customer_merge, unite_portal_templates


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


def test_portal_templates_are_united_into_the_survivors() -> None:
    kept, gone = uuid.uuid4(), uuid.uuid4()
    shared, mine, theirs = (uuid.uuid4() for _ in range(3))
    merged = PortalTemplates(gone, (shared, theirs), tickets_from_email="gone@example.com")
    own = PortalTemplates(kept, (mine, shared), tickets_from_email="kept@example.com")
    assert unite_portal_templates(kept, own, merged) == PortalTemplates(
        kept, (shared, mine, theirs), tickets_from_email="kept@example.com"
    )
    assert unite_portal_templates(kept, None, merged) == PortalTemplates(
        kept, (shared, theirs), tickets_from_email="gone@example.com"
    )
