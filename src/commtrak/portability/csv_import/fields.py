"""The fields a CSV column can be mapped to, for each kind of import, with their aliases.

A customers file has one row per customer, with optionally one contact on the same row
(the ``contact.*`` fields); a work addresses file one row per work address, whose
customer is given by the caller or by a ``customer`` column. Each field has the names a
header commonly spells it with, so that :func:`~commtrak.portability.csv_import.
suggest_mapping` can propose a mapping from the header alone.
"""

from __future__ import annotations

import enum

__all__ = ["ADDRESS_ALIASES", "FIELDS", "REQUIRED", "ImportKind"]


class ImportKind(enum.StrEnum):
    """What the rows of a CSV file are."""

    CUSTOMERS = "customers"
    WORK_ADDRESSES = "work_addresses"


#: The address lines, by field, and the header names they are known by.
ADDRESS_ALIASES: dict[str, tuple[str, ...]] = {
    "address.line1": ("address line 1", "address1", "address", "line 1", "street"),
    "address.line2": ("address line 2", "address2", "line 2"),
    "address.line3": ("address line 3", "address3", "line 3"),
    "address.town": ("town", "city", "suburb", "locality"),
    "address.county": ("county", "state", "region", "province"),
    "address.postcode": ("postcode", "post code", "postal code", "zip", "zip code"),
    "address.country": ("country",),
}

_REFERENCE = ("reference", "ref", "external reference", "external id", "id", "account number")
_COMMUNICATION = ("communication", "communication preferences", "channels")

#: Every field of each kind of import, with the header names each is known by (its own
#: name, spelled with spaces for dots and underscores, is always one).
FIELDS: dict[ImportKind, dict[str, tuple[str, ...]]] = {
    ImportKind.CUSTOMERS: {
        "reference": _REFERENCE,
        "name": ("customer name", "company", "company name", "customer"),
        "type": ("customer type",),
        "status": ("customer status",),
        **ADDRESS_ALIASES,
        "advertising_source": ("how did you hear from us", "source", "advertising"),
        "price_book": ("price book", "pricebook"),
        "communication": _COMMUNICATION,
        "contact.name": ("contact", "contact name", "contact full name", "full name"),
        "contact.title": ("contact title", "title", "job title"),
        "contact.position": ("contact position", "position"),
        "contact.email": ("contact email", "email", "email address", "e-mail"),
        "contact.phone": ("contact phone", "phone", "telephone", "office phone"),
        "contact.mobile": ("contact mobile", "mobile", "mobile phone", "cell"),
        "contact.note": ("contact note", "note", "notes"),
    },
    ImportKind.WORK_ADDRESSES: {
        "reference": _REFERENCE,
        "customer": ("customer", "customer id", "customer reference", "owner"),
        **ADDRESS_ALIASES,
        "occupier.title": ("occupier title", "title"),
        "occupier.first_name": ("occupier first name", "first name", "forename"),
        "occupier.surname": ("occupier surname", "surname", "last name", "occupier"),
        "occupier.phone": ("occupier phone", "phone", "telephone"),
        "occupier.email": ("occupier email", "email", "email address"),
        "status": ("work address status",),
        "communication": _COMMUNICATION,
    },
}

#: The fields a mapping must map, for each kind of import: without them every row would
#: be rejected.
REQUIRED: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.CUSTOMERS: ("name", "address.line1", "address.postcode"),
    ImportKind.WORK_ADDRESSES: ("address.line1",),
}
