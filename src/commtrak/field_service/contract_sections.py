"""The export sections of contracts and flags (see :mod:`commtrak.field_service.portability`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

from commtrak.errors import ValidationError
from commtrak.field_service.model.contracts import Contract, check_contract
from commtrak.field_service.model.flags import Flag, check_flags
from commtrak.field_service.ports.storage import FieldServiceStorage, field_service_storage
from commtrak.model._text import clean_text
from commtrak.portability.sections import Section, pages
from commtrak.ports import Transaction
from commtrak.unit_of_work import UnitOfWork

__all__ = ["CONTRACT_SECTIONS"]


def _storage(tx: Transaction) -> FieldServiceStorage:
    return field_service_storage(tx)


def _customer_reference(session: UnitOfWork, customer_id: uuid.UUID) -> None:
    if not session.transaction.customers.get_many([customer_id]):
        raise ValidationError("customer_id", "reference", f"no customer {customer_id}")


def _contracts(tx: Transaction) -> Iterator[Contract]:
    return pages(_storage(tx).contracts.scan, lambda contract: contract.id)


def _checked(rules: Callable[[Any], Any]) -> Callable[[UnitOfWork], Callable[[Any], Any]]:
    """A section's check: the record's customer must exist, then *rules* apply."""

    def for_session(session: UnitOfWork) -> Callable[[Any], Any]:
        def check(record: Any) -> Any:
            _customer_reference(session, record.customer_id)
            return rules(record)

        return check

    return for_session


def _contract_rules(contract: Contract) -> Contract:
    clean_text("created_by", contract.created_by)
    return check_contract(contract)


def _flags(tx: Transaction) -> Iterator[Flag]:
    return pages(_storage(tx).flags.scan, lambda flag: (flag.customer_id, flag.key))


def _flag_rules(flag: Flag) -> Flag:
    (label,) = check_flags([flag.label])
    return Flag(flag.customer_id, label)


#: The contracts' and flags' sections, in the order an import writes them.
CONTRACT_SECTIONS: tuple[Section, ...] = (
    Section(
        "field_service_contracts",
        Contract,
        _contracts,
        lambda tx: _storage(tx).contracts.add,
        check=_checked(_contract_rules),
    ),
    Section(
        "field_service_flags",
        Flag,
        _flags,
        lambda tx: _storage(tx).flags.add,
        check=_checked(_flag_rules),
    ),
)
