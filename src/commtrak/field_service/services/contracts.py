"""Contracts: adding, editing and ending a customer's contracts, expiries and due jobs."""

from __future__ import annotations

import builtins
import datetime
import uuid
from typing import Any

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.field_service.model.contracts import (
    Contract,
    DueJob,
    RecurringJob,
    add_months,
    check_contract,
    check_date,
)
from commtrak.field_service.ports.contracts import ContractRepository
from commtrak.field_service.services._base import FieldServiceBase
from commtrak.model.customer_journal import CustomerAction
from commtrak.model.ids import new_id
from commtrak.services._base import atomic
from commtrak.services._record import field_changes, live_customer, record
from commtrak.services._unset import UNSET, Unset

__all__ = ["ContractService"]


class ContractService(FieldServiceBase):
    """A customer's contracts (seed 004, "Contracts").

    Rules:

    * a contract has a name, a contract type, a start date and a duration of 1 to 1,200
      months; its expiry is derived (:mod:`commtrak.field_service.model.contracts`);
    * its renewal reminder is due 0 to 3,650 days before the expiry;
    * its recurring job, if any, repeats every 1 to 120 months and is next due from the
      start and before the expiry;
    * only a live customer (not merged into another) gets or changes contracts;
    * an ended contract is kept, read only (``contract_ended``);
    * adding, changing and ending a contract each write one entry in the customer
      journal, naming the contract as the entry's ``other_id``.
    """

    @property
    def _contracts(self) -> ContractRepository:
        return self._storage.contracts

    @atomic
    def add(
        self,
        customer_id: uuid.UUID,
        *,
        name: str,
        contract_type: str,
        starts_on: datetime.date,
        duration_months: int,
        renewal_reminder_days: int = 0,
        job: RecurringJob | None = None,
    ) -> Contract:
        """Add a contract to a customer.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: a rule of
                :func:`~commtrak.field_service.model.contracts.check_contract`.
        """
        customer = live_customer(self._session, customer_id, for_update=True)
        contract = check_contract(
            Contract(
                id=new_id(),
                customer_id=customer.id,
                name=name,
                contract_type=contract_type,
                starts_on=starts_on,
                duration_months=duration_months,
                renewal_reminder_days=renewal_reminder_days,
                job=job,
                created_at=self._session.now(),
                created_by=self._session.actor.name,
            )
        )
        self._contracts.add(contract)
        added = {"name": ["", contract.name], "expires_on": ["", str(contract.expires_on)]}
        self._journal(CustomerAction.CONTRACT_ADDED, contract, added)
        return contract

    def get(self, contract_id: uuid.UUID) -> Contract:
        """Return the contract.

        Raises:
            NotFound: ``contract``.
        """
        return self._contracts.get(contract_id)

    def list(self, customer_id: uuid.UUID) -> list[Contract]:
        """Return the customer's contracts, ended ones too, by start date then id.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._contracts.for_customer(customer.id)

    @atomic
    def edit(
        self,
        contract_id: uuid.UUID,
        *,
        name: str | Unset = UNSET,
        contract_type: str | Unset = UNSET,
        starts_on: datetime.date | Unset = UNSET,
        duration_months: int | Unset = UNSET,
        renewal_reminder_days: int | Unset = UNSET,
        job: RecurringJob | Unset | None = UNSET,
    ) -> Contract:
        """Change some of a contract's fields; the others stay as they are.

        Raises:
            NotFound: ``contract``.
            Conflict: ``contract_id``/``contract_ended``; ``customer_id``/
                ``merged_customer``.
            ValidationError: as in :meth:`add`.
        """
        contract = self._live(contract_id)
        changes: dict[str, Any] = {
            field: value
            for field, value in (
                ("name", name),
                ("contract_type", contract_type),
                ("starts_on", starts_on),
                ("duration_months", duration_months),
                ("renewal_reminder_days", renewal_reminder_days),
                ("job", job),
            )
            if not isinstance(value, Unset)
        }
        edited = check_contract(attrs.evolve(contract, **changes))
        if edited == contract:
            return contract
        self._contracts.update(edited)
        self._journal(CustomerAction.CONTRACT_CHANGED, contract, field_changes(contract, edited))
        return edited

    @atomic
    def end(self, contract_id: uuid.UUID, *, on: datetime.date | None = None) -> Contract:
        """End a contract early, on *on* (today when not given); it is kept, read only.

        Raises:
            NotFound: ``contract``.
            Conflict: ``contract_id``/``contract_ended``; ``customer_id``/
                ``merged_customer``.
            ValidationError: ``ended_on``/``type``; ``ended_on``/``before_start``.
        """
        contract = self._live(contract_id)
        day = self._session.now().date() if on is None else check_date("ended_on", on)
        ended = check_contract(attrs.evolve(contract, ended_on=day))
        self._contracts.update(ended)
        self._journal(CustomerAction.CONTRACT_ENDED, contract, {"ended_on": ["", str(day)]})
        return ended

    def expiring(self, first: datetime.date, last: datetime.date) -> builtins.list[Contract]:
        """Return the active contracts expiring from *first* to *last*, both included.

        By expiry, then id; one indexed query on SQL backends.

        Raises:
            ValidationError: ``first``/``type``, ``last``/``type``; ``last``/
                ``date_range`` when it is before *first*.
        """
        first, last = check_date("first", first), check_date("last", last)
        if last < first:
            raise ValidationError("last", "date_range", f"must not be before {first}")
        return self._contracts.expiring(first, last)

    def due_jobs(self, as_of: datetime.date) -> builtins.list[DueJob]:
        """Return the recurring jobs due on or before *as_of*, for the host to create.

        A job is due while its contract is active and its due date is before the
        contract's expiry. By due date, then contract id; one indexed query on SQL
        backends. The host creates its jobs, then calls :meth:`advance_job` for each.

        Raises:
            ValidationError: ``as_of``/``type``.
        """
        due = self._contracts.due_jobs(check_date("as_of", as_of))
        return [
            DueJob(contract=contract, description=job.description, due_on=job.next_due_on)
            for contract in due
            if (job := contract.job) is not None
        ]

    @atomic
    def advance_job(self, contract_id: uuid.UUID) -> Contract:
        """Move the contract's next job on by its period, once the host created the job.

        Raises:
            NotFound: ``contract``.
            Conflict: ``contract_id``/``contract_ended``; ``job``/``no_job`` when the
                contract schedules no job.
        """
        contract = self._live(contract_id)
        job = contract.job
        if job is None:
            raise Conflict("job", "no_job", f"contract {contract.name!r} schedules no job")
        # After the contract's last job, the next one is "due" on the expiry: never.
        due = min(add_months(job.next_due_on, job.every_months), contract.expires_on)
        advanced = attrs.evolve(contract, job=attrs.evolve(job, next_due_on=due))
        self._contracts.update(advanced)
        return advanced

    def _journal(
        self, action: CustomerAction, contract: Contract, changes: dict[str, builtins.list[str]]
    ) -> None:
        """Write the customer journal's entry of *action* on *contract*."""
        record(self._session, contract.customer_id, action, other_id=contract.id, changes=changes)

    def _live(self, contract_id: uuid.UUID) -> Contract:
        contract = self._contracts.get(contract_id, for_update=True)
        live_customer(self._session, contract.customer_id, for_update=True)
        if not contract.active:
            raise Conflict(
                "contract_id",
                "contract_ended",
                f"contract {contract.name!r} ended on {contract.ended_on}; it is read only",
            )
        return contract
