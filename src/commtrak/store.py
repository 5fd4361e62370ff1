"""The store and its sessions: the unit of work every service runs inside."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from types import TracebackType

from commtrak.clock import Clock, utc_now
from commtrak.customer_references import CustomerReference, unique_kinds
from commtrak.errors import CommtrakError, PermissionDenied, SessionClosed
from commtrak.model.access import Actor
from commtrak.model.customer_types import CustomerTypes
from commtrak.model.emails import EmailChecker
from commtrak.model.permissions import Permission, RoleBook
from commtrak.plugins import PluginHost
from commtrak.portal.config import PortalConfig
from commtrak.references import LIBRARY_REFERENCES, ContactReference, ReferenceRegistry
from commtrak.repositories import Backend, Transaction
from commtrak.services.branches import BranchService
from commtrak.services.contacts import ContactService
from commtrak.services.custom_fields import CustomFieldService
from commtrak.services.customers import CustomerService
from commtrak.services.data_sheets import DataSheetService
from commtrak.services.departments import DepartmentService
from commtrak.services.duplicates import DuplicateService
from commtrak.services.groups import GroupService
from commtrak.services.invoice_addresses import InvoiceAddressService
from commtrak.services.invoices import InvoiceService
from commtrak.services.landlords import LandlordService
from commtrak.services.portal import PortalService
from commtrak.services.tickets import TicketService
from commtrak.services.work_addresses import WorkAddressService

__all__ = ["Session", "Store"]


class Store:
    """A commtrak store: a backend, a clock, and the sessions opened on them.

    Make one with :func:`commtrak.open_store`; it is safe to share between threads, and
    each thread opens its own sessions.

    Args:
        backend: The storage backend a plugin made.
        clock: Returns the current UTC time; tests pass a fixed one.
        references: Places outside commtrak that refer to contacts (merges repoint
            them); commtrak's own (the customer's sales contact, a ticket's and a
            data sheet's contact) are always included, and so are the references the
            backend discovers itself (its optional ``contact_references()`` method).
        roles: The roles and the permissions they grant; defaults to
            :data:`~commtrak.model.permissions.DEFAULT_ROLES`.
        email_checker: Checks contacts' emails for form and domain; defaults to a
            lenient checker with commtrak's caching resolver (a DNS failure leaves an
            address unverified instead of rejecting it).
        customer_types: The customer types of the store; defaults to the built-in
            ``private`` and ``company``.
        customer_references: Places in the host application that refer to customers
            (a customer merge repoints them); commtrak's own always come first.
        portal: How the customer portal hashes passwords and makes TOTP codes;
            OWASP's argon2id parameters and RFC 6238's defaults unless given.
        plugins: The plugins told of events after a session commits (a portal token
            issued); :func:`~commtrak.open_store` passes the ones it loaded.
    """

    def __init__(
        self,
        backend: Backend,
        *,
        clock: Clock = utc_now,
        references: Sequence[ContactReference] = (),
        roles: RoleBook | None = None,
        email_checker: EmailChecker | None = None,
        customer_types: CustomerTypes | None = None,
        customer_references: Sequence[CustomerReference] = (),
        portal: PortalConfig | None = None,
        plugins: PluginHost | None = None,
    ) -> None:
        self._backend = backend
        self.customer_types = customer_types or CustomerTypes()
        self.customer_references = unique_kinds(customer_references)
        self.plugins = plugins
        self._clock = clock
        self.roles = roles or RoleBook()
        self.email_checker = email_checker or EmailChecker()
        self.portal_config = portal or PortalConfig()
        registry = ReferenceRegistry()
        discover = getattr(backend, "contact_references", None)
        found = tuple(discover()) if callable(discover) else ()
        for reference in (*LIBRARY_REFERENCES, *references, *found):
            registry.add(reference)
        self._references = registry.references

    @property
    def references(self) -> tuple[ContactReference, ...]:
        """Every place that refers to contacts, which a merge repoints."""
        return self._references

    @property
    def url(self) -> str:
        """The backend's URL, with any password masked."""
        return self._backend.url

    @property
    def backend(self) -> Backend:
        """The backend under the store, for plugins and test suites."""
        return self._backend

    @property
    def capabilities(self) -> frozenset[str]:
        """The backend's optional capabilities."""
        return self._backend.capabilities

    def session(self, *, actor: Actor) -> Session:
        """Return a session acting for *actor*; use it as a context manager.

        The session commits when its ``with`` block ends normally and rolls back
        everything it wrote when the block raises, on every backend.
        """
        return Session(self, actor=actor)

    def close(self) -> None:
        """Release the backend's connections and files."""
        self._backend.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<commtrak.Store {self.url}>"


class Session:
    """One unit of work: the services, over one backend transaction.

    The session commits when its ``with`` block ends normally and rolls back when it
    raises, with one exception: an error whose ``keeps_session_writes`` attribute is
    true (:class:`~commtrak.services.portal.PortalLoginFailed`) is a refusal that was
    recorded on purpose (a failed login counts towards the lockout), so the session
    commits before the error goes on.

    Attributes:
        actor: Who the session acts for; recorded in audit fields.
        references: The store's contact references, which merges repoint.
        permissions: What the actor may do, from its roles and the store's role book.
        emails: The store's email checker.
        customer_types: The store's customer types.
        customer_references: Everything that refers to customers, which customer
            merges repoint.
        portal_config: The store's portal configuration.
        plugins: The store's plugins, or ``None``.
    """

    def __init__(self, store: Store, *, actor: Actor) -> None:
        if not isinstance(actor, Actor):
            raise TypeError(f"actor must be a commtrak.Actor, not {type(actor).__name__}")
        self._backend = store.backend
        self._clock = store._clock
        self.references = store.references
        self.permissions = store.roles.permissions(actor.roles)
        self.emails = store.email_checker
        self.customer_types = store.customer_types
        self.customer_references = store.customer_references
        self.portal_config = store.portal_config
        self.plugins = store.plugins
        self._after_commit: list[Callable[[], None]] = []
        self._transaction: Transaction | None = None
        self._finished = False
        self.actor = actor

    def __enter__(self) -> Session:
        if self._transaction is not None or self._finished:
            raise SessionClosed("a session is entered once; open a new one with store.session()")
        self._transaction = self._backend.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        transaction = self.transaction
        self._transaction = None
        self._finished = True
        if exc_type is not None and not getattr(exc, "keeps_session_writes", False):
            transaction.rollback()
            return
        try:
            transaction.commit()
        except BaseException:
            transaction.rollback()
            raise
        for callback in self._after_commit:
            callback()

    @property
    def transaction(self) -> Transaction:
        """The backend transaction the services write through.

        Raises:
            SessionClosed: outside the session's ``with`` block.
        """
        if self._transaction is None:
            raise SessionClosed(
                "this session is not open: use it inside `with store.session(actor=...) as s:`"
            )
        return self._transaction

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call *callback* once the session has committed; never if it rolls back.

        Services use it to tell plugins of what they wrote (a portal token to send)
        only when it is durable. Callbacks run in the order they were given.
        """
        self._after_commit.append(callback)

    def can(self, permission: Permission) -> bool:
        """Whether the session's actor holds *permission*."""
        return permission in self.permissions

    def require(self, permission: Permission, action: str) -> None:
        """Refuse *action* unless the actor holds *permission*.

        Raises:
            PermissionDenied: naming the permission.
        """
        if permission not in self.permissions:
            raise PermissionDenied(
                permission.value, f"{self.actor.name} may not {action}: needs {permission.value}"
            )

    def now(self) -> datetime.datetime:
        """Return the current time from the store's clock."""
        now = self._clock()
        if now.tzinfo is None:
            raise CommtrakError("the store's clock must return timezone-aware datetimes")
        return now.astimezone(datetime.UTC)

    @property
    def groups(self) -> GroupService:
        """Customer groups, their members and Head Office, navigation and search."""
        return GroupService(self)

    @property
    def customers(self) -> CustomerService:
        """Customer records — add, edit, change type and status, merge, journal, panel."""
        return CustomerService(self)

    @property
    def custom_fields(self) -> CustomFieldService:
        """Custom fields on contacts and customers, to define, set, archive and erase."""
        return CustomFieldService(self)

    @property
    def departments(self) -> DepartmentService:
        """The store's department list."""
        return DepartmentService(self)

    @property
    def duplicates(self) -> DuplicateService:
        """Duplicate contacts, to find, preview and merge, and the merge journal."""
        return DuplicateService(self)

    @property
    def contacts(self) -> ContactService:
        """Contacts, to add, edit, archive, select and search."""
        return ContactService(self)

    @property
    def branches(self) -> BranchService:
        """Branches of company customers — add, edit, delete, merge."""
        return BranchService(self)

    @property
    def landlords(self) -> LandlordService:
        """Landlords of work addresses — add, edit, search."""
        return LandlordService(self)

    @property
    def work_addresses(self) -> WorkAddressService:
        """Work addresses — add, edit, and those eligible for automatic communications."""
        return WorkAddressService(self)

    @property
    def invoice_addresses(self) -> InvoiceAddressService:
        """Invoice addresses — add, enable, assign, share, delete."""
        return InvoiceAddressService(self)

    @property
    def invoices(self) -> InvoiceService:
        """The minimal invoice record — add, pay, change status."""
        return InvoiceService(self)

    @property
    def portal(self) -> PortalService:
        """The customer portal — access, activation, two factors, login and scope."""
        return PortalService(self)

    @property
    def tickets(self) -> TicketService:
        """Tickets — opened by staff or raised through the portal, with their notes."""
        return TicketService(self)

    @property
    def data_sheets(self) -> DataSheetService:
        """Data-sheet templates for the portal and the sheets contacts fill in."""
        return DataSheetService(self)
