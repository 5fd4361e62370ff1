"""The SQL contracts and flags (the service context)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import Row, delete, insert, select

from commtrak.errors import Conflict, NotFound
from commtrak.field_service.model.contracts import Contract, RecurringJob
from commtrak.field_service.model.flags import Flag
from commtrak.model import fold
from commtrak_sqlalchemy._db import Db
from commtrak_sqlalchemy._owned import CustomerRows, count_owned
from commtrak_sqlalchemy._references import after_pair, id_chunks, scan

__all__ = ["SqlContracts", "SqlFlags"]


def _unknown_customer() -> Conflict:
    return Conflict("customer_id", "reference", "the customer does not exist")


def _values(contract: Contract) -> dict[str, Any]:
    job = contract.job
    return {
        "id": contract.id,
        "customer_id": contract.customer_id,
        "name": contract.name,
        "contract_type": contract.contract_type,
        "type_key": fold(contract.contract_type),
        "starts_on": contract.starts_on,
        "duration_months": contract.duration_months,
        "expires_on": contract.expires_on,
        "renewal_reminder_days": contract.renewal_reminder_days,
        "job_description": None if job is None else job.description,
        "job_every_months": None if job is None else job.every_months,
        "job_next_due_on": None if job is None else job.next_due_on,
        "ended_on": contract.ended_on,
        "created_at": contract.created_at,
        "created_by": contract.created_by,
    }


def _contract(row: Row[Any]) -> Contract:
    job = None
    if row.job_next_due_on is not None:
        job = RecurringJob(
            description=row.job_description,
            every_months=row.job_every_months,
            next_due_on=row.job_next_due_on,
        )
    return Contract(
        id=row.id,
        customer_id=row.customer_id,
        name=row.name,
        contract_type=row.contract_type,
        starts_on=row.starts_on,
        duration_months=row.duration_months,
        renewal_reminder_days=row.renewal_reminder_days,
        job=job,
        ended_on=row.ended_on,
        created_at=row.created_at,
        created_by=row.created_by,
    )


class SqlContracts(CustomerRows):
    """Contracts in a SQL database (see the ``ContractRepository`` port)."""

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.field_service.contracts.contracts

    def add(self, contract: Contract) -> None:
        """Insert the contract."""
        if self._db.by_id(self._table, contract.id) is not None:
            raise Conflict("id", "unique_id", f"the id {contract.id} is taken")
        self._db.run(insert(self._table).values(_values(contract)), foreign_key=_unknown_customer())

    def get(self, contract_id: uuid.UUID, *, for_update: bool = False) -> Contract:
        """Read the contract, locking its row with *for_update*."""
        row = self._db.by_id(self._table, contract_id, for_update=for_update)
        if row is None:
            raise NotFound("contract", contract_id)
        return _contract(row)

    def update(self, contract: Contract) -> None:
        """Rewrite the contract's row."""
        table = self._table
        changed = self._db.run(
            table.update().where(table.c.id == contract.id).values(_values(contract))
        )
        if not changed:
            raise NotFound("contract", contract.id)

    def for_customer(self, customer_id: uuid.UUID) -> list[Contract]:
        """Read the customer's contracts through the customer index."""
        column = self._table.c
        statement = (
            select(self._table)
            .where(column.customer_id == customer_id)
            .order_by(column.starts_on, column.id)
        )
        return [_contract(row) for row in self._db.rows(statement)]

    def for_customers(self, customer_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, list[Contract]]:
        """Read the customers' contracts, one statement per 30,000 ids."""
        column = self._table.c
        found: dict[uuid.UUID, list[Contract]] = {}
        for chunk in id_chunks(customer_ids):
            statement = (
                select(self._table)
                .where(column.customer_id.in_(chunk))
                .order_by(column.customer_id, column.starts_on, column.id)
            )
            for row in self._db.rows(statement):
                found.setdefault(row.customer_id, []).append(_contract(row))
        return found

    def expiring(self, first: datetime.date, last: datetime.date) -> list[Contract]:
        """One range scan of the expiry index."""
        column = self._table.c
        statement = (
            select(self._table)
            .where(column.expires_on >= first, column.expires_on <= last, column.ended_on.is_(None))
            .order_by(column.expires_on, column.id)
        )
        return [_contract(row) for row in self._db.rows(statement)]

    def due_jobs(self, as_of: datetime.date) -> list[Contract]:
        """One range scan of the due-date index."""
        column = self._table.c
        statement = (
            select(self._table)
            .where(
                column.job_next_due_on <= as_of,
                column.job_next_due_on < column.expires_on,
                column.ended_on.is_(None),
            )
            .order_by(column.job_next_due_on, column.id)
        )
        return [_contract(row) for row in self._db.rows(statement)]

    def scan(self, after: uuid.UUID | None, limit: int) -> list[Contract]:
        """Read the next batch of contracts by id."""
        return [_contract(row) for row in self._db.rows(scan(self._table, after, limit))]


class SqlFlags:
    """The customers' flags in a SQL database (see the ``FlagRepository`` port)."""

    def __init__(self, db: Db) -> None:
        self._db = db
        self._table = db.tables.field_service.contracts.flags

    def replace(self, customer_id: uuid.UUID, labels: tuple[str, ...]) -> None:
        """Delete the customer's flags, then insert *labels* in one statement."""
        self._db.run(delete(self._table).where(self._table.c.customer_id == customer_id))
        if labels:
            rows = [
                {"customer_id": customer_id, "label_key": fold(label), "label": label}
                for label in labels
            ]
            self._db.run(insert(self._table), rows, foreign_key=_unknown_customer())

    def of(self, customer_id: uuid.UUID) -> tuple[str, ...]:
        """Read the customer's flags through the primary key."""
        column = self._table.c
        statement = (
            select(column.label).where(column.customer_id == customer_id).order_by(column.label_key)
        )
        return tuple(row.label for row in self._db.rows(statement))

    def add(self, flag: Flag) -> None:
        """Insert one flag."""
        column = self._table.c
        found = self._db.first(
            select(column.label).where(
                column.customer_id == flag.customer_id, column.label_key == flag.key
            )
        )
        if found is not None:
            raise Conflict("flags", "unique_flag", f"the customer has the flag {flag.label!r}")
        self._db.run(
            insert(self._table).values(
                customer_id=flag.customer_id, label_key=flag.key, label=flag.label
            ),
            foreign_key=_unknown_customer(),
        )

    def scan(self, after: tuple[uuid.UUID, str] | None, limit: int) -> list[Flag]:
        """Read the next batch by (customer id, folded key)."""
        column = self._table.c
        statement = select(self._table).order_by(column.customer_id, column.label_key).limit(limit)
        if after is not None:
            statement = statement.where(after_pair(column.customer_id, column.label_key, after))
        return [Flag(row.customer_id, row.label) for row in self._db.rows(statement)]

    def count_for_customer(self, customer_id: uuid.UUID) -> int:
        """Count the customer's flags: one counting query."""
        return count_owned(self._db, self._table.c.customer_id, customer_id)

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        """Delete the customer's flags: one ``DELETE``."""
        return self._db.run(delete(self._table).where(self._table.c.customer_id == customer_id))

    def reassign_customer(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Move *from_id*'s flags to *to_id*, dropping those *to_id* has already.

        Three statements whatever the number of flags: read the survivor's keys, delete
        the merged customer's flags among them, move the rest.
        """
        column = self._table.c
        kept = {
            row.label_key
            for row in self._db.rows(select(column.label_key).where(column.customer_id == to_id))
        }
        moved = self.count_for_customer(from_id)
        if kept:
            self._db.run(
                delete(self._table).where(
                    column.customer_id == from_id, column.label_key.in_(sorted(kept))
                )
            )
        self._db.run(
            self._table.update().where(column.customer_id == from_id).values(customer_id=to_id)
        )
        return moved
