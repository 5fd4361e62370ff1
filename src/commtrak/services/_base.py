"""What every service shares: its session, and the session's repositories."""

from __future__ import annotations

from typing import TYPE_CHECKING

from commtrak.repositories import ContactRepository, CustomerRepository, GroupRepository

if TYPE_CHECKING:
    from commtrak.store import Session


class Service:
    """Base of the services: use cases that run inside one :class:`~commtrak.Session`."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def _customers(self) -> CustomerRepository:
        return self._session.transaction.customers

    @property
    def _groups(self) -> GroupRepository:
        return self._session.transaction.groups

    @property
    def _contacts(self) -> ContactRepository:
        return self._session.transaction.contacts
