"""The pluggy hook specifications of commtrak: every hook a plugin may implement.

Plugins are modules or objects with functions named after these specifications and
marked with :data:`hookimpl`. They are found through the ``commtrak.backends``
entry-point group (see :mod:`commtrak.plugins`). Every hook name starts with
``commtrak_``; a plugin that implements a ``commtrak_`` hook which is not specified here
is refused when the plugins are loaded, because it is almost always a misspelling.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from commtrak.model.portal_accounts import IssuedPortalToken
    from commtrak.model.templates import TagRegistry
    from commtrak.plugins import BackendRegistry
    from commtrak.references import ReferenceRegistry

__all__ = [
    "PROJECT",
    "commtrak_contact_references",
    "commtrak_jobs_invoiced",
    "commtrak_portal_token_issued",
    "commtrak_register_backends",
    "commtrak_register_template_tags",
    "commtrak_service_jobs_requested",
    "hookimpl",
    "hookspec",
]

#: The pluggy project name; hook names are prefixed with it.
PROJECT = "commtrak"

#: Marks a hook specification (used here only).
hookspec = pluggy.HookspecMarker(PROJECT)

#: Marks a plugin's hook implementation, as in ``@hookimpl def commtrak_register_backends(...)``.
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def commtrak_register_backends(registry: BackendRegistry) -> None:
    """Register the storage backends a plugin provides.

    Called once for each plugin when the plugins are loaded. A plugin adds a factory
    for each URL scheme it serves with :meth:`~commtrak.plugins.BackendRegistry.add_scheme`,
    and may accept objects other than URLs (an SQLAlchemy ``Engine``, say) with
    :meth:`~commtrak.plugins.BackendRegistry.add_source_type`. Two plugins claiming
    the same scheme is an error at load time, not a silent shadowing.

    Args:
        registry: The registry to add to; it knows which plugin is registering.
    """


@hookspec
def commtrak_contact_references(registry: ReferenceRegistry) -> None:
    """Register the places in the host application that refer to contacts.

    A merge of duplicate contacts repoints every registered reference from the archived
    duplicates to the survivor, in the merge's transaction, and the reference check
    (``session.duplicates.dangling_references()``) counts what still points at an
    archived duplicate. Register each place once with
    :meth:`~commtrak.references.ReferenceRegistry.add`, as an object implementing
    :class:`~commtrak.references.ContactReference`.

    Args:
        registry: The registry to add to.
    """


@hookspec
def commtrak_register_template_tags(registry: TagRegistry) -> None:
    """Add tags that invoice-address templates may use, beside the built-in ones.

    Called once for each plugin when the plugins are loaded. A plugin adds each tag
    with :meth:`~commtrak.model.templates.TagRegistry.add`, giving a description for
    tag pickers; the application then passes the tag's value to
    :meth:`~commtrak.model.templates.TagTemplate.render` under the same name::

        @hookimpl
        def commtrak_register_template_tags(registry):
            registry.add("account_number", "The customer's account number")

    :meth:`~commtrak.plugins.PluginHost.template_tags` lists every known tag, and
    :func:`~commtrak.model.templates.compile_template` accepts the tags it is given.
    A tag name that is not lowercase letters, digits and underscores, a built-in tag,
    or a tag two plugins add is an error at load time, not a silent shadowing.

    Args:
        registry: The registry to add to; it knows which plugin is adding.
    """


@hookspec
def commtrak_portal_token_issued(issued: IssuedPortalToken) -> None:
    """Send a new portal activation or password-reset token to its contact.

    Called once per token, *after* the session that issued it has committed, so a token
    that a rollback voided is never announced. The same token is also returned to the
    caller of :meth:`~commtrak.services.PortalService.grant`,
    :meth:`~commtrak.services.PortalService.reissue_activation` and
    :meth:`~commtrak.services.PortalService.request_password_reset`; an application
    sends it one way or the other, not both.

    A token is sent whatever the contact's communication preferences: it is not an
    automatic communication but one a person asked for (staff granting access, the
    contact asking for a reset), which the preferences do not decide (seed 004:
    "Communications can be sent manually if the communication preference is not
    ticked"; see :mod:`commtrak.model.communication`), and withholding it would lock
    the contact out of the portal.

    The token is a :class:`~commtrak.security.Secret`: reveal it only to put it into the
    email, and never log it. An error raised here reaches the code that ended the
    session; the token is stored by then, so the application may reissue it.

    Args:
        issued: The token, its purpose and expiry, the account and the address to send
            it to.
    """


@hookspec
def commtrak_service_jobs_requested(requests: Sequence[Any]) -> None:
    """Add the service jobs a batch decision on service reminders authorised.

    Called once per batch that authorised at least one job, *after* the session that
    decided it has committed, so a batch that a rollback voided asks for nothing. Each
    request is a :class:`~commtrak.field_service.ServiceJobRequest` (the service
    context sits above the hooks, so the type is not named here): the reminder, the
    customer and work address, the service's description and due date, and the
    access method chosen for the batch (seed 004: "Access method: Select the required
    method of access for all jobs"). The same requests are returned to the caller of
    :meth:`~commtrak.field_service.services.reminders.ReminderService.decide` in its
    :class:`~commtrak.field_service.DecisionBatch`; an application adds the jobs one
    way or the other, not both.

    The reminders have moved on by then (see
    :class:`~commtrak.field_service.DecisionKind`); an error raised here reaches the
    code that ended the session, and the decisions stay recorded, so the application
    may add the jobs from the recorded decisions
    (:meth:`~commtrak.field_service.services.reminders.ReminderService.decisions`).

    Args:
        requests: The batch's requested jobs, in the order of its decisions.
    """


@hookspec
def commtrak_jobs_invoiced(invoiced: object) -> None:
    """Learn that a final invoice closed jobs, to cancel their future diary events.

    Called once per finalised consolidated invoice, *after* the session that finalised
    it has committed, so an invoice that a rollback undid is never announced (seed 004:
    finalising "will cancel any future diary events associated with jobs that have been
    added"). *invoiced* is a :class:`commtrak.finance.JobsInvoiced`: the final invoice
    and the jobs it closed (``invoiced.job_ids``). The finance context defines it; the
    core hands it on unseen, as it never imports finance.

    An error raised here reaches the code that ended the session; the invoice is
    final and the jobs closed by then.

    Args:
        invoiced: The final invoice and the jobs it closed.
    """
