"""The column mapping: suggested from a header, read from text and JSON, checked."""

from __future__ import annotations

import pytest

from commtrak import ValidationError
from commtrak.portability.csv_import import Mapping, normalize_header, suggest_mapping


def test_header_names_are_compared_normalized() -> None:
    assert normalize_header(" Address_Line-1 ") == "address line 1"
    assert normalize_header("\ufeffPOST.CODE") == "post code"
    assert normalize_header("E-mail #") == "e mail"


def test_a_mapping_is_suggested_from_names_and_aliases() -> None:
    header = ["Reference", "Company Name", "Street", "Suburb", "ZIP", "Contact", "E-mail"]
    mapping = suggest_mapping(header)
    assert mapping.columns == {
        "reference": "Reference",
        "name": "Company Name",
        "address.line1": "Street",
        "address.town": "Suburb",
        "address.postcode": "ZIP",
        "contact.name": "Contact",
        "contact.email": "E-mail",
    }


def test_each_column_is_suggested_for_one_field_only() -> None:
    mapping = suggest_mapping(["Name", "name", "Postcode"])
    assert mapping.columns == {
        "name": "Name",
        "contact.name": "name",
        "address.postcode": "Postcode",
    }


def test_work_address_fields_are_suggested_for_a_work_address_file() -> None:
    mapping = suggest_mapping(["Customer", "Line1", "Surname", "Email"], "work_addresses")
    assert mapping.columns == {
        "customer": "Customer",
        "address.line1": "Line1",
        "occupier.surname": "Surname",
        "occupier.email": "Email",
    }


def test_a_mapping_reads_column_equals_field() -> None:
    mapping = Mapping.parse("customers", "Company=name, Street = address.line1,")
    assert mapping.columns == {"name": "Company", "address.line1": "Street"}
    with pytest.raises(ValidationError) as refused:
        Mapping.parse("customers", "Company")
    assert (refused.value.field, refused.value.rule) == ("mapping", "mapping_syntax")


def test_a_mapping_reads_a_json_object() -> None:
    assert Mapping.from_json("customers", '{"name": "Company"}').columns == {"name": "Company"}
    for text in ("[1]", '{"name": 1}', "{"):
        with pytest.raises(ValidationError) as refused:
            Mapping.from_json("customers", text)
        assert refused.value.rule == "mapping_syntax"


@pytest.mark.parametrize(
    ("columns", "rule", "named"),
    [
        ({"nickname": "A"}, "unknown_field", "nickname"),
        ({"name": "Nope"}, "unknown_column", "Nope"),
        ({"name": "A", "address.line1": "B"}, "required_field", "address.postcode"),
        ({"name": "A", "address.line1": "B", "address.postcode": "C"}, "duplicate_column", "C"),
    ],
)
def test_a_mapping_that_does_not_fit_the_header_is_refused_naming_it(
    columns: dict[str, str], rule: str, named: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        Mapping("customers", columns).check(["A", "B", "C", "C"])
    assert (refused.value.field, refused.value.rule) == ("mapping", rule)
    assert named in refused.value.message


def test_a_kind_that_is_not_an_import_is_refused() -> None:
    with pytest.raises(ValueError, match="branches"):
        Mapping("branches", {})
