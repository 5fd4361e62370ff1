"""The contract and flag ports: what a backend stores for the service context's contracts.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection
from typing import Protocol

from commtrak.field_service.model.contracts import Contract
from commtrak.field_service.model.flags import Flag
from commtrak.ports import CustomerChildRepository

__all__ = ["ContractRepository", "FlagRepository"]


class ContractRepository(CustomerChildRepository, Protocol):
    """Stores :class:`~commtrak.field_service.model.contracts.Contract` records."""

    def add(self, contract: Contract) -> None:
        """Store a new contract.

        Raises:
            Conflict: ``id``/``unique_id`` when a contract with that id exists.
        """

    def get(self, contract_id: uuid.UUID, *, for_update: bool = False) -> Contract:
        """Return the contract, locking it until the transaction ends with *for_update*.

        Raises:
            NotFound: ``contract``.
        """
        ...

    def update(self, contract: Contract) -> None:
        """Replace the stored contract with ``contract.id``.

        Raises:
            NotFound: ``contract``.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[Contract]:
        """Return the customer's contracts, ended ones too, by start date then id."""
        ...

    def for_customers(self, customer_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, list[Contract]]:
        """Return the contracts of each of *customer_ids* that has any, as :meth:`for_customer`.

        One statement per 30,000 ids on SQL backends (a report's page of customers).
        """
        ...

    def expiring(self, first: datetime.date, last: datetime.date) -> list[Contract]:
        """Return the active contracts expiring from *first* to *last* (both included).

        By expiry, then id. One query over an index of the expiry on SQL backends.
        """
        ...

    def due_jobs(self, as_of: datetime.date) -> list[Contract]:
        """Return the active contracts whose job is due on or before *as_of*.

        Only jobs due before the contract's expiry; by due date, then id. One query over
        an index of the due date on SQL backends.
        """
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Contract]:
        """Return up to *limit* contracts whose id sorts after *after*, by id text."""
        ...


class FlagRepository(CustomerChildRepository, Protocol):
    """Stores the customers' :class:`~commtrak.field_service.model.flags.Flag` sets.

    A customer merge moves the merged customer's flags to the survivor; a flag the
    survivor already has (by folded key) is kept once, in the survivor's spelling.
    """

    def replace(self, customer_id: uuid.UUID, labels: tuple[str, ...]) -> None:
        """Make *labels* (distinct folded keys, checked) the customer's flags."""

    def of(self, customer_id: uuid.UUID) -> tuple[str, ...]:
        """Return the customer's flags, by folded key."""
        ...

    def add(self, flag: Flag) -> None:
        """Store one flag (an import).

        Raises:
            Conflict: ``flags``/``unique_flag`` when the customer has it already.
        """

    def scan(self, after: tuple[uuid.UUID, str] | None, limit: int) -> list[Flag]:
        """Return up to *limit* flags after *after* (customer id text, folded key)."""
        ...
