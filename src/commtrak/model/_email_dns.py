"""The DNS side of the email check: what a resolver must offer, and the shared default.

email-validator asks a resolver for the MX records of a domain (then A, AAAA and TXT when
there is no MX) and decides from the answers or the dnspython exceptions it raises:
``NXDOMAIN`` and a null MX reject the address; ``Timeout`` (``LifetimeTimeout``) and
``NoNameservers`` leave it unverified. This module supplies the resolver it asks.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any, Protocol

import dns.resolver
import email_validator

__all__ = ["DEFAULT_DNS_TIMEOUT", "DomainResolver", "guarded", "shared_default_resolver"]

#: Seconds the default resolver may spend on one lookup. email-validator's own default
#: is 15 seconds, too long for someone waiting on a form; an address whose DNS is slower
#: than this is not rejected, only left unverified.
DEFAULT_DNS_TIMEOUT = 3


class DomainResolver(Protocol):
    """What commtrak needs from a DNS resolver: ``dns.resolver.Resolver`` provides it.

    ``resolve(name, "MX")`` returns the records (dnspython rdata: ``preference`` and
    ``exchange`` for MX, ``address`` for A and AAAA, ``strings`` for TXT) or raises
    ``dns.resolver.NXDOMAIN``, ``NoAnswer``, ``NoNameservers`` or
    ``dns.exception.Timeout``. Tests pass a fake with this one method.
    """

    def resolve(self, qname: str, rdtype: str, /) -> Iterable[Any]:
        """Return the records of type *rdtype* for *qname*, or raise (see the class)."""
        ...


class _LazyDefaultResolver:
    """A caching resolver with a short timeout, created on the first lookup and reused.

    It is a ``dns.resolver.Resolver`` of its own, never dnspython's process-wide default
    resolver, whose settings other code in the process may rely on. It is created lazily
    so that importing commtrak, checking offline or checking form only never reads the
    system's resolver configuration.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._resolver: dns.resolver.Resolver | None = None

    def get(self) -> dns.resolver.Resolver:
        """Return the shared resolver, creating it on first use.

        Raises:
            dns.resolver.NoResolverConfiguration: When the system names no nameserver;
                nothing is kept, so a later call tries again.
        """
        with self._lock:
            if self._resolver is None:
                self._resolver = _make_default_resolver()
            return self._resolver

    def resolve(self, qname: str, rdtype: str, /) -> Iterable[Any]:
        """Look *qname* up with the shared resolver (see :class:`DomainResolver`)."""
        return self.get().resolve(qname, rdtype)


def _make_default_resolver() -> dns.resolver.Resolver:
    return email_validator.caching_resolver(timeout=DEFAULT_DNS_TIMEOUT)


_SHARED_DEFAULT = _LazyDefaultResolver()


def shared_default_resolver() -> DomainResolver:
    """Return the resolver used when the application passes none (see the module)."""
    return _SHARED_DEFAULT


class _Guarded:
    """A resolver whose network failures read as "no nameserver answered".

    dnspython's own resolver already reports an unreachable network as
    ``NoNameservers``; but a resolver an application writes may let ``OSError`` through,
    and the default resolver raises ``NoResolverConfiguration`` on a machine that names
    no nameserver. email-validator would report either as an undeliverable domain;
    translating them keeps an outage from rejecting good addresses.
    """

    def __init__(self, inner: DomainResolver) -> None:
        self._inner = inner

    def resolve(self, qname: str, rdtype: str, /) -> Iterable[Any]:
        """Look *qname* up with the wrapped resolver (see :class:`DomainResolver`)."""
        try:
            return self._inner.resolve(qname, rdtype)
        except (OSError, dns.resolver.NoResolverConfiguration) as error:
            raise dns.resolver.NoNameservers from error


def guarded(resolver: DomainResolver) -> DomainResolver:
    """Return *resolver* wrapped so that a network failure reads as ``NoNameservers``."""
    return _Guarded(resolver)
