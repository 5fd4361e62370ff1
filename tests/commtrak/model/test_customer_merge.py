import uuid

from hypothesis import given
from hypothesis import strategies as st

from commtrak import Address, Customer, CustomerStatus, PortalTemplates
from commtrak.model import CustomValue
from commtrak.model.customer_merge import (
    custom_values_taken,
    plan_customer_merge,
    unite_portal_templates,
)


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


#: A few custom fields, so that random owners often share one.
FIELDS = [uuid.UUID(int=n) for n in range(1, 6)]


def _values(owner_id: uuid.UUID) -> st.SearchStrategy[list[CustomValue]]:
    one = st.builds(
        CustomValue,
        field_id=st.sampled_from(FIELDS),
        owner_id=st.just(owner_id),
        value=st.text(min_size=1, max_size=3),
        archived=st.booleans(),
    )
    return st.lists(one, unique_by=lambda v: v.field_id, max_size=len(FIELDS))


SURVIVOR, MERGED = uuid.UUID(int=100), uuid.UUID(int=200)


@given(survivor=_values(SURVIVOR), merged=_values(MERGED))
def test_the_survivors_custom_values_win_and_the_merged_ones_fill_blanks(
    survivor: list[CustomValue], merged: list[CustomValue]
) -> None:
    taken = custom_values_taken(SURVIVOR, survivor, merged)
    own = {v.field_id for v in survivor}
    # every field either customer had a value of has one on the survivor, its own first
    assert own | {v.field_id for v in taken} == own | {v.field_id for v in merged}
    assert not own & {v.field_id for v in taken}
    by_field = {v.field_id: v for v in merged}
    for value in taken:  # moved unchanged but for the owner, archived flag included
        assert value.owner_id == SURVIVOR
        assert (value.value, value.archived) == (
            by_field[value.field_id].value,
            by_field[value.field_id].archived,
        )
