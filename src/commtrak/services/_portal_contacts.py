"""Keeping a contact's portal account in step with the contact.

Also the one way every service adds to an account's history (:func:`record_portal_event`).

The contact service calls :func:`follow_contact` before it stores a changed contact:

* a new email address of a contact with portal access becomes the account's email key,
  after the store-wide rule is checked (at most one account with access per email key;
  the repository's unique index holds it against concurrent sessions too); clearing the
  email of such a contact is refused, since the portal sends its tokens there;
* archiving a contact with portal access revokes the access, as
  :meth:`~commtrak.services.portal.PortalService.revoke` does: the account and its
  history stay, its unused tokens stop working, and the history records who archived it.

Neither needs the ``portal.manage`` permission: they follow from an edit the actor may
make, and they can only take access away or keep the portal's rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.model.contacts import Contact
from commtrak.model.ids import new_id
from commtrak.model.portal_accounts import PortalAccount, PortalEvent, PortalEventKind

if TYPE_CHECKING:
    from commtrak.unit_of_work import UnitOfWork

__all__ = ["follow_contact", "record_portal_event"]


def record_portal_event(
    session: UnitOfWork, account: PortalAccount, kind: PortalEventKind, *, by: str | None = None
) -> None:
    """Add *kind* to the account's history, now, by *by* (the session's actor by default)."""
    session.transaction.portal_events.add(
        PortalEvent(
            id=new_id(),
            account_id=account.id,
            contact_id=account.contact_id,
            kind=kind,
            at=session.now(),
            by=by if by is not None else session.actor.name,
        )
    )


def follow_contact(session: UnitOfWork, before: Contact, after: Contact) -> None:
    """Bring the portal account of *before* in step with its change to *after*.

    Raises:
        Conflict: ``email``/``unique_portal_email`` when another contact with portal
            access has the new email address.
        ValidationError: ``email``/``portal_email_required`` when the email of a contact
            with portal access is cleared.
    """
    archiving = after.archived and not before.archived
    if not archiving and after.email_key == before.email_key:
        return
    tx = session.transaction
    account = tx.portal_accounts.for_contact(after.id, for_update=True)
    if account is None or not account.has_access:
        return
    now = session.now()
    if archiving:
        revoked = attrs.evolve(account, revoked_at=now, revoked_by=session.actor.name)
        tx.portal_accounts.update(revoked)
        tx.portal_tokens.withdraw(account.id, at=now)
        record_portal_event(session, revoked, PortalEventKind.REVOKED)
        return
    if after.email_key is None:
        raise ValidationError(
            "email",
            "portal_email_required",
            "a contact with portal access needs an email address; revoke the access first",
        )
    holder = tx.portal_accounts.find_email(after.email_key)
    if holder is not None and holder.id != account.id:
        raise Conflict(
            "email",
            "unique_portal_email",
            f"contact {holder.contact_id} has portal access with this email address",
        )
    tx.portal_accounts.update(attrs.evolve(account, email_key=after.email_key))
