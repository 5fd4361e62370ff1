"""Helpers of the portal contracts: contacts with access, activated and logged in."""

from __future__ import annotations

import uuid

import attrs

from commtrak import Contact, PortalPrincipal, Session
from commtrak.security import Secret, totp_code
from commtrak.services.portal import IssuedPortalToken
from commtrak.testing.conformance._base import PinnedClock

#: A password the default policy accepts for every username the contracts use.
PASSWORD = "plum orchard sunrise 42"


@attrs.frozen
class PortalUser:
    """A contact with portal access, activated and enrolled, as the tests drive it."""

    contact: Contact
    username: str
    secret: Secret


def grant(
    session: Session, customer_id: uuid.UUID, email: str, *, name: str = "Fran James"
) -> tuple[Contact, IssuedPortalToken]:
    """Add a contact with *email* to a customer and grant it portal access."""
    contact = session.contacts.add(customer_id, name=name, email=email)
    return contact, session.portal.grant(contact.id)


def enrol(session: Session, clock: PinnedClock, issued: IssuedPortalToken) -> Secret:
    """Activate the account with its token, enrol TOTP and confirm it; return the secret."""
    username = issued.account.username
    session.portal.activate(issued.token, PASSWORD)
    enrolment = session.portal.enrol_totp(username, PASSWORD)
    clock.advance(seconds=30)
    session.portal.confirm_totp(username, PASSWORD, totp_code(enrolment.secret, clock.now))
    return enrolment.secret


def portal_user(
    session: Session, clock: PinnedClock, customer_id: uuid.UUID, email: str
) -> PortalUser:
    """A contact of *customer_id* with portal access, activated and enrolled."""
    contact, issued = grant(session, customer_id, email)
    return PortalUser(contact, issued.account.username, enrol(session, clock, issued))


def login(session: Session, clock: PinnedClock, user: PortalUser) -> PortalPrincipal:
    """Log *user* in with a fresh code (the clock moves one step on)."""
    clock.advance(seconds=30)
    return session.portal.login(user.username, PASSWORD, totp_code(user.secret, clock.now))
