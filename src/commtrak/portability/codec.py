"""The cattrs converters that turn entities into plain data and back.

Every value is written in a form that reads back to the same Python value: UUIDs and
dates as ISO text, numbers as exact decimal text, a custom value tagged with its type.
Reading refuses a field the entity does not have (``forbid_extra_keys``), so an unknown
field in a file is named instead of being dropped.

Two converters: :data:`converter` leaves the portal accounts' credentials out;
:data:`with_secrets` (full backups only) keeps them, the TOTP secret as its sealed
envelope.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import uuid
from typing import Any

import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from commtrak.model.custom_fields import CustomValue
from commtrak.model.portal_accounts import PortalAccount
from commtrak.model.portal_settings import PortalSettings
from commtrak.security.encryption import SealedSecret

__all__ = ["CREDENTIALS", "converter", "with_secrets"]

#: The cattrs converter that turns entities into plain data and back.
converter = cattrs.Converter(forbid_extra_keys=True)


def _exactly(kind: type[Any]) -> Any:
    """A structure hook taking a value of *kind* as it is, refusing any other type.

    cattrs would otherwise convert (``str(5)``, ``bool("no")``), and a file's integer
    name would become text no service was given. A subclass of *kind* (a ``StrEnum``)
    is made from the value, which refuses what is not one of its members; a ``StrEnum``
    member given where text belongs (a custom field's owner kind) is its text.
    """

    def structure(value: object, target: type[Any]) -> Any:
        if target is not kind:
            return target(value)
        if kind is str and isinstance(value, enum.StrEnum):
            return str(value)
        if type(value) is not kind:
            raise TypeError(f"must be {kind.__name__}, not {type(value).__name__}")
        return value

    return structure


for _kind in (str, bool, int):
    converter.register_structure_hook(_kind, _exactly(_kind))
converter.register_unstructure_hook(uuid.UUID, str)
converter.register_structure_hook(uuid.UUID, lambda value, _: uuid.UUID(value))
converter.register_unstructure_hook(datetime.datetime, lambda value: value.isoformat())
converter.register_structure_hook(
    datetime.datetime, lambda value, _: datetime.datetime.fromisoformat(value)
)
converter.register_unstructure_hook(datetime.date, lambda value: value.isoformat())
converter.register_structure_hook(
    datetime.date, lambda value, _: datetime.date.fromisoformat(value)
)
converter.register_unstructure_hook(decimal.Decimal, str)
converter.register_structure_hook(decimal.Decimal, lambda value, _: decimal.Decimal(value))


def _custom_value_value(value: object) -> dict[str, str]:
    """Tag a custom value with its type, so it reads back as the same type."""
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return {"number": str(value)}
    return {"text": str(value)}


def _typed_value(data: dict[str, str]) -> object:
    ((kind, text),) = data.items()
    if kind == "date":
        return datetime.date.fromisoformat(text)
    if kind == "number":
        return decimal.Decimal(text)
    return text


converter.register_unstructure_hook(
    CustomValue,
    lambda value: {
        "field_id": str(value.field_id),
        "owner_id": str(value.owner_id),
        "value": _custom_value_value(value.value),
        "archived": value.archived,
    },
)
converter.register_structure_hook(
    CustomValue,
    lambda data, _: CustomValue(
        field_id=uuid.UUID(data["field_id"]),
        owner_id=uuid.UUID(data["owner_id"]),
        value=_typed_value(data["value"]),  # type: ignore[arg-type]
        archived=data["archived"],
    ),
)


#: The fields of a portal account that only a document with secrets holds.
CREDENTIALS = ("password_hash", "totp_secret", "totp_confirmed_at", "totp_last_step")
_OMIT_CREDENTIALS: dict[str, Any] = {name: override(omit=True) for name in CREDENTIALS}

#: An exported portal account leaves out its credentials (see the module's docstring).
converter.register_unstructure_hook(
    PortalAccount,
    make_dict_unstructure_fn(PortalAccount, converter, **_OMIT_CREDENTIALS),
)
converter.register_unstructure_hook(
    PortalSettings,
    lambda settings: {
        "modules": sorted(module.value for module in settings.modules),
        "lockout_threshold": settings.lockout_threshold,
    },
)

#: The converter of documents that hold secrets (``include_secrets``): the public one,
#: except that a portal account keeps its credentials, its TOTP secret written as the
#: stored envelope (still encrypted). Never used for a document that may leave the store.
with_secrets = converter.copy()
with_secrets.register_unstructure_hook(SealedSecret, lambda sealed: sealed.stored)
with_secrets.register_structure_hook(SealedSecret, lambda value, _: _sealed(value))
# After the SealedSecret hooks: the generated function looks its fields' hooks up once, here.
with_secrets.register_unstructure_hook(
    PortalAccount, make_dict_unstructure_fn(PortalAccount, with_secrets)
)


def _sealed(value: object) -> SealedSecret:
    """Read an exported TOTP secret: its envelope, as the store held it."""
    if not isinstance(value, str):
        raise TypeError(f"a TOTP secret is text, not {type(value).__name__}")
    return SealedSecret(value)
