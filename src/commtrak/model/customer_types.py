"""Customer types: the built-in private and company types and those an application adds.

A type is configuration, not data: the application lists its types in a
:class:`CustomerTypes` registry handed to :func:`commtrak.open_store`, exactly as it
hands over its roles in a :class:`~commtrak.RoleBook`. A store-level registry (rather
than a plugin hook) keeps two stores in one process independent, needs no packaging,
and is checked once when the store opens; a plugin may still build the registry.

Each type names the fields it *requires* beyond those every customer has (a name, and
Address Line 1 and the postcode). A customer's type is stored as its text name, so that
adding a type needs no schema change.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs

from commtrak.errors import ValidationError
from commtrak.model.customers import Customer, CustomerType

__all__ = [
    "BUILT_IN_TYPES",
    "REQUIRABLE_FIELDS",
    "CustomerTypeSpec",
    "CustomerTypes",
    "field_value",
]

#: The customer fields a type may require, which are the optional text fields of a customer.
REQUIRABLE_FIELDS = (
    "advertising_source",
    "price_book",
    "address.line2",
    "address.line3",
    "address.town",
    "address.county",
    "address.country",
)

_TYPE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def field_value(customer: Customer, field: str) -> str:
    """Return the text of one requirable *field* of *customer* (``""`` when blank)."""
    if field.startswith("address."):
        return str(getattr(customer.address, field.removeprefix("address.")))
    return str(getattr(customer, field))


def _required_fields(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = (value,)
    fields = tuple(sorted(set(value)))
    for field in fields:
        if field not in REQUIRABLE_FIELDS:
            known = ", ".join(REQUIRABLE_FIELDS)
            raise ValidationError(
                "required_fields",
                "requirable_field",
                f"{field!r} cannot be required; use one of {known}",
            )
    return fields


def _type_name(_: object, __: object, value: str) -> None:
    if not _TYPE_NAME.match(value):
        raise ValidationError(
            "name",
            "customer_type_name",
            f"a customer type is named in lower case letters, digits and _, not {value!r}",
        )


@attrs.frozen
class CustomerTypeSpec:
    """One customer type.

    Attributes:
        name: The stored name, e.g. ``"private"``, ``"landlord_agent"``.
        label: What a user interface shows.
        required_fields: The fields a customer of this type must fill, sorted; see
            :data:`~commtrak.model.customer_types.REQUIRABLE_FIELDS`.
        has_branches: Whether customers of this type may have branches (companies).
    """

    name: str = attrs.field(validator=_type_name)
    label: str = ""
    required_fields: tuple[str, ...] = attrs.field(default=(), converter=_required_fields)
    has_branches: bool = False

    @property
    def has_primary_contact(self) -> bool:
        """Whether customers of this type may have a primary contact (private ones only).

        Seed 004 addresses a private customer's documents to its primary contact; an
        organisation has none.
        """
        return self.name == CustomerType.PRIVATE.value

    def missing_fields(self, customer: Customer) -> tuple[str, ...]:
        """Return the required fields *customer* leaves blank, sorted."""
        return tuple(f for f in self.required_fields if not field_value(customer, f).strip())


#: The types every store knows.
BUILT_IN_TYPES = (
    CustomerTypeSpec(CustomerType.PRIVATE.value, "Private"),
    CustomerTypeSpec(CustomerType.COMPANY.value, "Company", has_branches=True),
)


@attrs.frozen
class CustomerTypes:
    """The customer types of a store: the built-in ones plus the application's.

    Args:
        types: Type name to its specification.
    """

    types: Mapping[str, CustomerTypeSpec] = attrs.field(
        factory=lambda: {spec.name: spec for spec in BUILT_IN_TYPES}
    )

    @classmethod
    def with_types(cls, *specs: CustomerTypeSpec) -> CustomerTypes:
        """Return the built-in types plus *specs*; a spec named like a built-in replaces it.

        Raises:
            ValidationError: ``types``/``unique_type_name`` when two specs share a name.
        """
        names = [spec.name for spec in specs]
        for name in names:
            if names.count(name) > 1:
                raise ValidationError(
                    "types", "unique_type_name", f"the customer type {name!r} is given twice"
                )
        merged = {spec.name: spec for spec in BUILT_IN_TYPES}
        merged.update({spec.name: spec for spec in specs})
        return cls(types=merged)

    @property
    def names(self) -> tuple[str, ...]:
        """Every type name, sorted."""
        return tuple(sorted(self.types))

    def get(self, name: object, *, field: str = "type") -> CustomerTypeSpec:
        """Return the type called *name*.

        Raises:
            ValidationError: ``{field}``/``customer_type`` naming the known types.
        """
        spec = self.types.get(name) if isinstance(name, str) else None
        if spec is None:
            raise ValidationError(
                field, "customer_type", f"must be one of {', '.join(self.names)}, not {name!r}"
            )
        return spec
