"""The store and its sessions: the unit of work every service runs inside."""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType

from commtrak.clock import Clock, utc_now
from commtrak.customer_references import CustomerReference, unique_kinds
from commtrak.model.access import Actor
from commtrak.model.customer_types import CustomerTypes
from commtrak.model.emails import EmailChecker
from commtrak.model.permissions import RoleBook
from commtrak.plugins import PluginHost
from commtrak.ports import AccountFiguresSource, Backend
from commtrak.references import LIBRARY_REFERENCES, ContactReference, ReferenceRegistry
from commtrak.security.config import PortalConfig
from commtrak.session import Session

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
        account_figures: What bounded contexts add to the side panel's figures (e.g.
            :class:`commtrak.finance.LedgerFigures`), beside the minimal invoices'.
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
        account_figures: Sequence[AccountFiguresSource] = (),
    ) -> None:
        self._backend = backend
        self.customer_types = customer_types or CustomerTypes()
        self.customer_references = unique_kinds(customer_references)
        self.plugins = plugins
        self.account_figures = tuple(account_figures)
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
    def clock(self) -> Clock:
        """Return the clock the store's sessions read the current UTC time from."""
        return self._clock

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
