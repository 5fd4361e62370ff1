"""The gate every portal call passes: who the principal is now, and what it may see.

A :class:`~commtrak.model.PortalPrincipal` is what a login returned; it is not trusted
as it stands. Every call re-reads the account (revoked or locked since? the principal
is refused) and recomputes the customers the contact may see from the group as it is
now, so a change of Head Office takes effect at once.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Final

import attrs

from commtrak.errors import NotFound, PermissionDenied
from commtrak.model.contacts import Contact
from commtrak.model.portal_accounts import PortalAccount
from commtrak.model.portal_scope import PortalPrincipal, portal_customer_ids, sees_whole_group
from commtrak.model.portal_settings import PortalModule

if TYPE_CHECKING:
    from commtrak.unit_of_work import UnitOfWork

__all__ = ["PortalScope", "account_scope", "portal_scope", "require_module"]

#: The rule of every refusal of a principal that is no longer valid.
NOT_SIGNED_IN: Final = "portal.not_signed_in"
#: The rule of every refusal of a customer outside the principal's scope.
OUT_OF_SCOPE: Final = "portal.scope"
_NOT_SIGNED_IN_MESSAGE: Final = "this portal login is no longer valid"


@attrs.frozen
class PortalScope:
    """A principal checked against the store as it is now.

    Attributes:
        account: The portal account, with access.
        contact: The account's contact, active.
        customer_ids: The customers the contact may see now.
    """

    account: PortalAccount
    contact: Contact
    customer_ids: frozenset[uuid.UUID]

    def require_customer(self, customer_id: uuid.UUID) -> None:
        """Refuse a customer the contact may not see.

        Raises:
            PermissionDenied: ``portal.scope``. The message is the same whether the
                customer exists or not, so that ids cannot be probed.
        """
        if customer_id not in self.customer_ids:
            raise PermissionDenied(OUT_OF_SCOPE, "this contact may not see that customer")


def portal_scope(session: UnitOfWork, principal: PortalPrincipal) -> PortalScope:
    """Check *principal* against the store and return what it may see.

    Raises:
        PermissionDenied: ``portal.not_signed_in`` when the account no longer has
            access, is locked, or its contact is archived.
    """
    if not isinstance(principal, PortalPrincipal):
        raise TypeError(f"expected a PortalPrincipal, not {type(principal).__name__}")
    try:
        account = session.transaction.portal_accounts.get(principal.account_id)
    except NotFound:
        raise PermissionDenied(NOT_SIGNED_IN, _NOT_SIGNED_IN_MESSAGE) from None
    return account_scope(session, account)


def account_scope(session: UnitOfWork, account: PortalAccount) -> PortalScope:
    """Return what the contact of *account* may see now.

    Raises:
        PermissionDenied: ``portal.not_signed_in`` as :func:`portal_scope`.
    """
    transaction = session.transaction
    contact = transaction.contacts.get(account.contact_id)
    if not account.has_access or account.locked or contact.archived:
        raise PermissionDenied(NOT_SIGNED_IN, _NOT_SIGNED_IN_MESSAGE)
    customer = transaction.customers.get(contact.customer_id)
    head_office_id = None
    members: list[uuid.UUID] = []
    if customer.group_id is not None:
        head_office_id = transaction.groups.get(customer.group_id).head_office_id
        if sees_whole_group(customer.id, head_office_id):
            members = [member.id for member in transaction.customers.members(customer.group_id)]
    return PortalScope(
        account=account,
        contact=contact,
        customer_ids=portal_customer_ids(customer.id, head_office_id, members),
    )


def require_module(session: UnitOfWork, module: PortalModule) -> None:
    """Refuse the use of a module the portal settings hide.

    Raises:
        PermissionDenied: ``portal.module_hidden``.
    """
    if module not in session.transaction.portal_settings.get().modules:
        raise PermissionDenied(
            "portal.module_hidden", f"the portal does not show the {module.value} module"
        )
