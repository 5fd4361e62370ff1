"""The memory backend's contracts and flags (the service context): the reference implementation."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Collection

import attrs

from commtrak.errors import Conflict, NotFound
from commtrak.field_service.model.contracts import Contract
from commtrak.field_service.model.flags import Flag
from commtrak.model import fold
from commtrak_memory._table import CustomerRows, Table

__all__ = ["MemoryContractTables", "contract_repositories"]

Undo = list[Callable[[], None]]


class MemoryContractTables:
    """The contracts and flags of one memory store."""

    def __init__(self) -> None:
        self.contracts: Table[Contract] = Table({"customer": lambda row: row.customer_id})
        # Keyed by (customer id, folded label).
        self.flags: Table[Flag] = Table({"customer": lambda row: row.customer_id})

    def contract_types(self, customer_id: uuid.UUID) -> frozenset[str]:
        """The folded types of the customer's active contracts (the customer filter's)."""
        return frozenset(
            fold(contract.contract_type)
            for contract in self.contracts.lookup("customer", customer_id)
            if contract.active
        )

    def flag_keys(self, customer_id: uuid.UUID) -> frozenset[str]:
        """The folded flags of the customer (the customer filter's)."""
        return frozenset(flag.key for flag in self.flags.lookup("customer", customer_id))


def _by_id(contract: Contract) -> tuple[datetime.date, str]:
    return (contract.starts_on, str(contract.id))


class _Contracts(CustomerRows[Contract]):
    """Implements :class:`~commtrak.field_service.ports.contracts.ContractRepository`."""

    def __init__(self, tables: MemoryContractTables, undo: Undo) -> None:
        self._table = tables.contracts
        self._undo = undo

    def add(self, contract: Contract) -> None:
        if contract.id in self._table:
            raise Conflict("id", "unique_id", f"the id {contract.id} is taken")
        self._table.put(contract.id, contract, self._undo)

    def get(self, contract_id: uuid.UUID, *, for_update: bool = False) -> Contract:
        contract = self._table.get(contract_id)
        if contract is None:
            raise NotFound("contract", contract_id)
        return contract

    def update(self, contract: Contract) -> None:
        self.get(contract.id)
        self._table.put(contract.id, contract, self._undo)

    def for_customer(self, customer_id: uuid.UUID) -> list[Contract]:
        return sorted(self._table.lookup("customer", customer_id), key=_by_id)

    def for_customers(self, customer_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, list[Contract]]:
        found = {customer_id: self.for_customer(customer_id) for customer_id in set(customer_ids)}
        return {customer_id: rows for customer_id, rows in found.items() if rows}

    def expiring(self, first: datetime.date, last: datetime.date) -> list[Contract]:
        found = (c for c in self._table if c.active and first <= c.expires_on <= last)
        return sorted(found, key=lambda c: (c.expires_on, str(c.id)))

    def due_jobs(self, as_of: datetime.date) -> list[Contract]:
        found = [
            c
            for c in self._table
            if c.active
            and c.job is not None
            and c.job.next_due_on <= as_of
            and c.job.next_due_on < c.expires_on
        ]
        return sorted(found, key=lambda c: (c.job.next_due_on if c.job else as_of, str(c.id)))

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Contract]:
        found = sorted(
            (c for c in self._table if after is None or str(c.id) > str(after)),
            key=lambda c: str(c.id),
        )
        return found[:limit]


class _Flags:
    """Implements :class:`~commtrak.field_service.ports.contracts.FlagRepository`."""

    def __init__(self, tables: MemoryContractTables, undo: Undo) -> None:
        self._table = tables.flags
        self._undo = undo

    def replace(self, customer_id: uuid.UUID, labels: tuple[str, ...]) -> None:
        for flag in self._table.lookup("customer", customer_id):
            self._table.remove((customer_id, flag.key), self._undo)
        for label in labels:
            self.add(Flag(customer_id, label))

    def of(self, customer_id: uuid.UUID) -> tuple[str, ...]:
        flags = sorted(self._table.lookup("customer", customer_id), key=lambda f: f.key)
        return tuple(flag.label for flag in flags)

    def add(self, flag: Flag) -> None:
        if (flag.customer_id, flag.key) in self._table:
            raise Conflict("flags", "unique_flag", f"the customer has the flag {flag.label!r}")
        self._table.put((flag.customer_id, flag.key), flag, self._undo)

    def scan(self, after: tuple[uuid.UUID, str] | None, limit: int) -> list[Flag]:
        def key(flag: Flag) -> tuple[str, str]:
            return (str(flag.customer_id), flag.key)

        start = None if after is None else (str(after[0]), after[1])
        found = sorted((f for f in self._table if start is None or key(f) > start), key=key)
        return found[:limit]

    def count_for_customer(self, customer_id: uuid.UUID) -> int:
        return self._table.count("customer", customer_id)

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        erased = self._table.lookup("customer", customer_id)
        for flag in erased:
            self._table.remove((customer_id, flag.key), self._undo)
        return len(erased)

    def reassign_customer(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        moved = self._table.lookup("customer", from_id)
        for flag in moved:
            self._table.remove((from_id, flag.key), self._undo)
            if (to_id, flag.key) not in self._table:
                self._table.put(
                    (to_id, flag.key), attrs.evolve(flag, customer_id=to_id), self._undo
                )
        return len(moved)


def contract_repositories(tables: MemoryContractTables, undo: Undo) -> tuple[_Contracts, _Flags]:
    """The contract and flag repositories over *tables*, writing to *undo*."""
    return _Contracts(tables, undo), _Flags(tables, undo)
