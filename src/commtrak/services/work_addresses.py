"""Work addresses (seed 004): the properties where work is done for a customer."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.model._text import clean_text
from commtrak.model.communication import Channel
from commtrak.model.customers import Address, Customer, CustomerStatus
from commtrak.model.ids import new_id
from commtrak.model.landlords import NewLandlord
from commtrak.model.work_addresses import DEFAULT_OCCUPIER_SURNAME, Occupier, WorkAddress
from commtrak.services._base import Service, atomic
from commtrak.services._record import (
    check_channel,
    check_channels,
    check_email,
    live_customer,
    save_changes,
)
from commtrak.services._unset import UNSET, Unset
from commtrak.services.customers import check_address, check_status
from commtrak.services.landlords import LandlordService

__all__ = ["WORK_ADDRESS_FIELDS", "WorkAddressService", "check_occupier"]

#: A work address needs Address Line 1 (seed: "Address Line 1 is required").
WORK_ADDRESS_FIELDS = ("line1",)


def check_occupier(occupier: object, email: Callable[[str, object], str | None]) -> Occupier:
    """Return *occupier* with its text trimmed and its email checked by *email*.

    A blank surname is the default occupier's (``DEFAULT_OCCUPIER_SURNAME``).

    Raises:
        ValidationError: ``occupier``/``type``, an ``occupier.*`` text rule, or the
            email rule *email* raises.
    """
    if not isinstance(occupier, Occupier):
        raise ValidationError(
            "occupier", "type", f"must be a commtrak.Occupier, not {type(occupier).__name__}"
        )
    return Occupier(
        title=clean_text("occupier.title", occupier.title),
        first_name=clean_text("occupier.first_name", occupier.first_name),
        surname=clean_text("occupier.surname", occupier.surname) or DEFAULT_OCCUPIER_SURNAME,
        phone=clean_text("occupier.phone", occupier.phone),
        email=email("occupier.email", occupier.email),
    )


class WorkAddressService(Service):
    """Adds and edits work addresses, and lists those automatic communications may reach.

    Rules:

    * a work address belongs to one live customer, which owns every invoice for it;
    * Address Line 1 is required; the occupier's surname defaults to "Occupier";
    * its branch, if any, is a branch of the same customer (``branch_id``/
      ``customer_branch``); its landlord is an existing one or one added with it;
    * a dormant customer's work addresses are all dormant: a new one is added dormant
      (as if by the cascade, so that it wakes with its customer), and setting one
      active is refused (``status``/``customer_dormant``). Setting a work address
      dormant explicitly makes it dormant on its own: reactivating the customer leaves
      it dormant.
    """

    @atomic
    def add(
        self,
        customer_id: uuid.UUID,
        *,
        address: Address,
        occupier: Occupier | None = None,
        branch_id: uuid.UUID | None = None,
        landlord: uuid.UUID | NewLandlord | None = None,
        status: CustomerStatus | str | None = None,
        communication: Iterable[str] = (),
    ) -> WorkAddress:
        """Add a work address to a customer.

        Args:
            customer_id: The owner.
            address: Address Line 1 is required.
            occupier: Who is at the property; the surname defaults to "Occupier".
            branch_id: A branch of the owner that manages the property.
            landlord: An existing landlord's id, or a :class:`~commtrak.NewLandlord` to
                add with the work address.
            status: Active or dormant; by default the customer's.
            communication: The channels automatic communications may use.

        Raises:
            NotFound: ``customer``, ``branch`` or ``landlord``.
            Conflict: ``customer_id``/``merged_customer``, ``status``/``customer_dormant``.
            ValidationError: ``address.line1``/``required``, ``branch_id``/
                ``customer_branch``, ``occupier.email``/``email_form``, a landlord rule,
                or a text rule.
        """
        customer = live_customer(self._session, customer_id)
        work_address = self.prepare(
            customer,
            address=address,
            occupier=occupier,
            status=status,
            communication=communication,
            branch_id=self._check_branch(customer, branch_id),
        )
        work_address = attrs.evolve(work_address, landlord_id=self._landlord_id(landlord))
        self._session.transaction.work_addresses.add(work_address)
        return work_address

    def prepare(
        self,
        customer: Customer,
        *,
        address: Address,
        occupier: Occupier | None = None,
        status: CustomerStatus | str | None = None,
        communication: Iterable[str] = (),
        branch_id: uuid.UUID | None = None,
    ) -> WorkAddress:
        """Return the work address :meth:`add` would store at *customer*, storing nothing.

        The one place a new work address's own fields are checked: :meth:`add` stores
        what this returns (with its branch checked and its landlord), and a bulk
        import (:mod:`commtrak.portability.csv_import`) stores many at once. A
        *branch_id* is taken as the caller checked it.

        Raises:
            Conflict: ``status``/``customer_dormant``.
            ValidationError: ``address.line1``/``required``, ``occupier.email``/
                ``email_form``, ``communication``/``communication_channel``, or a text
                rule.
        """
        return WorkAddress(
            id=new_id(),
            customer_id=customer.id,
            address=check_address("address", address, required=WORK_ADDRESS_FIELDS),
            occupier=self._check_occupier(occupier or Occupier()),
            branch_id=branch_id,
            communication=check_channels(communication),
            **self._status(customer, status),
        )

    def get(self, work_address_id: uuid.UUID) -> WorkAddress:
        """Return the work address.

        Raises:
            NotFound: ``work_address``.
        """
        return self._session.transaction.work_addresses.get(work_address_id)

    def for_customer(self, customer_id: uuid.UUID) -> list[WorkAddress]:
        """List a customer's work addresses by Address Line 1, postcode and id.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._session.transaction.work_addresses.for_customer(customer.id)

    @atomic
    def edit(
        self,
        work_address_id: uuid.UUID,
        *,
        address: Address | Unset = UNSET,
        occupier: Occupier | Unset = UNSET,
        branch_id: uuid.UUID | Unset | None = UNSET,
        landlord: uuid.UUID | NewLandlord | Unset | None = UNSET,
        status: CustomerStatus | str | Unset = UNSET,
        communication: Iterable[str] | Unset = UNSET,
    ) -> WorkAddress:
        """Change some of a work address's fields; every view shows the change.

        Raises:
            NotFound: ``work_address``, ``branch`` or ``landlord``.
            Conflict: ``status``/``customer_dormant``.
            ValidationError: as in :meth:`add`.
        """
        repository = self._session.transaction.work_addresses
        work_address = repository.get(work_address_id, for_update=True)
        customer = live_customer(self._session, work_address.customer_id)
        changes: dict[str, Any] = {}
        if not isinstance(address, Unset):
            changes["address"] = check_address("address", address, required=WORK_ADDRESS_FIELDS)
        if not isinstance(occupier, Unset):
            changes["occupier"] = self._check_occupier(occupier)
        if not isinstance(branch_id, Unset):
            changes["branch_id"] = self._check_branch(customer, branch_id)
        if not isinstance(landlord, Unset):
            changes["landlord_id"] = self._landlord_id(landlord)
        if not isinstance(status, Unset):
            changes.update(self._status(customer, status))
        if not isinstance(communication, Unset):
            changes["communication"] = check_channels(communication)
        return save_changes(repository, work_address, changes)

    def eligible(
        self,
        *,
        customer_id: uuid.UUID | None = None,
        channel: Channel | str | None = None,
    ) -> list[WorkAddress]:
        """List the work addresses automatic communications (service reminders) may reach.

        These are the active work addresses (so never those of a dormant customer)
        whose own communication preferences include *channel*, or, without one, tick at
        least one channel: a work address that ticked none takes no automatic
        communication. The work address's preferences are its occupier's and decide
        alone; its customer's decide for the customer (:meth:`CustomerService.eligible
        <commtrak.services.CustomerService.eligible>`). Optionally only one customer's;
        ordered by Address Line 1, postcode and id. The rule is stated in
        :mod:`commtrak.model.communication`.

        Raises:
            ValidationError: ``channel``/``communication_channel`` for an unknown channel.
        """
        wanted = check_channel(channel)
        return self._session.transaction.work_addresses.eligible(
            customer_id=customer_id, channel=wanted
        )

    # -- the rules --------------------------------------------------------------------

    def _check_occupier(self, occupier: object) -> Occupier:
        return check_occupier(
            occupier, lambda field, value: check_email(self._session, field, value)
        )

    def _check_branch(self, customer: Customer, branch_id: uuid.UUID | None) -> uuid.UUID | None:
        if branch_id is None:
            return None
        branch = self._session.transaction.branches.get(branch_id)
        if branch.customer_id != customer.id:
            raise ValidationError(
                "branch_id",
                "customer_branch",
                f"branch {branch.name!r} is not a branch of customer {customer.name!r}",
            )
        return branch.id

    def _landlord_id(self, landlord: uuid.UUID | NewLandlord | None) -> uuid.UUID | None:
        if landlord is None:
            return None
        landlords = self._session.service(LandlordService)
        if isinstance(landlord, NewLandlord):
            return landlords.add(
                name=landlord.name,
                address=landlord.address,
                phone=landlord.phone,
                email=landlord.email,
            ).id
        return landlords.get(landlord).id

    @staticmethod
    def _status(customer: Customer, value: CustomerStatus | str | None) -> dict[str, Any]:
        dormant_customer = customer.status is CustomerStatus.DORMANT
        if value is None:
            return {"status": customer.status, "dormant_by_cascade": dormant_customer}
        status = check_status(value)
        if status is CustomerStatus.ACTIVE and dormant_customer:
            raise Conflict(
                "status",
                "customer_dormant",
                f"customer {customer.name!r} is dormant; reactivate the customer first",
            )
        return {"status": status, "dormant_by_cascade": False}
