import pytest

from commtrak import Address, Customer, CustomerTypes, CustomerTypeSpec, ValidationError
from commtrak.model.ids import new_id


def test_an_unknown_requirable_field_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        CustomerTypeSpec("agent", required_fields=("shoe_size",))
    assert (caught.value.field, caught.value.rule) == ("required_fields", "requirable_field")


def test_a_type_name_is_a_lower_case_identifier() -> None:
    with pytest.raises(ValidationError) as caught:
        CustomerTypeSpec("Estate Agent")
    assert (caught.value.field, caught.value.rule) == ("name", "customer_type_name")


def test_application_types_join_and_may_replace_the_built_in_ones() -> None:
    stricter = CustomerTypeSpec("private", "Private", required_fields=("advertising_source",))
    types = CustomerTypes.with_types(CustomerTypeSpec("agent", has_branches=True), stricter)
    assert types.names == ("agent", "company", "private")
    assert types.get("private") == stricter
    assert types.get("company").has_branches
    with pytest.raises(ValidationError) as caught:
        types.get("alien")
    assert "agent, company, private" in caught.value.message


def test_the_same_type_twice_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        CustomerTypes.with_types(CustomerTypeSpec("agent"), CustomerTypeSpec("agent"))
    assert caught.value.rule == "unique_type_name"


def test_missing_fields_are_the_blank_required_ones() -> None:
    spec = CustomerTypeSpec(
        "agent", required_fields=("price_book", "address.town", "address.county")
    )
    customer = Customer(
        id=new_id(), name="A", address=Address(line1="1", town=" ", county="WA"), price_book="P"
    )
    assert spec.missing_fields(customer) == ("address.town",)
