"""A fake DNS resolver, so that email domain checks run in tests without the network.

Pass it to :class:`commtrak.model.EmailChecker` (or to ``open_store(email_checker=...)``)::

    checker = EmailChecker("lenient", resolver=FakeResolver())

It answers from a table of zones, with real dnspython records, and records every
question it is asked.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import dns.rdata
import dns.resolver

__all__ = ["EXAMPLE_ZONES", "GLOBAL_V4", "GLOBAL_V6", "FakeResolver", "Zone"]

#: A public (globally routable) IPv4 and IPv6 address for A and AAAA records.
GLOBAL_V4 = "93.184.215.14"
GLOBAL_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"

#: A zone, as its records by type (in zone-file text) or the failure every lookup meets.
Zone = Mapping[str, list[str]] | Callable[[], BaseException]

#: One domain for each outcome of a domain check, by the ASCII (IDNA) name asked.
EXAMPLE_ZONES: Mapping[str, Zone] = {
    "mx.example": {"MX": ["10 mail.mx.example.", "20 backup.mx.example."]},
    "realpeach.example": {"MX": ["10 mail.realpeach.example."]},
    "example.com": {"MX": ["10 mail.example.com."]},
    "example.org": {"MX": ["10 mail.example.org."]},
    "xn--bcher-kva.example": {"MX": ["10 mail.xn--bcher-kva.example."]},
    "a-only.example": {"A": [GLOBAL_V4]},
    "aaaa-only.example": {"AAAA": [GLOBAL_V6]},
    "null-mx.example": {"MX": ["0 ."], "A": [GLOBAL_V4]},
    "private-a.example": {"A": ["10.0.0.1"]},
    "spf-reject.example": {"A": [GLOBAL_V4], "TXT": ['"v=spf1 -all"']},
    "no-mail.example": {"TXT": ['"just a web site"']},
    "slow.example": lambda: dns.resolver.LifetimeTimeout(timeout=3.0, errors=[]),  # type: ignore[no-untyped-call]
    "lame.example": dns.resolver.NoNameservers,
    "unreachable.example": lambda: OSError(errno.ENETUNREACH, "Network is unreachable"),
    "unconfigured.example": dns.resolver.NoResolverConfiguration,
}


class FakeResolver:
    """Answers from a table of zones; a name that is not in it does not exist.

    Args:
        zones: The zones, by the ASCII name asked; :data:`EXAMPLE_ZONES` by default.

    Attributes:
        queries: Every ``(name, record type)`` asked, in order.
    """

    def __init__(self, zones: Mapping[str, Zone] = EXAMPLE_ZONES) -> None:
        self.zones = zones
        self.queries: list[tuple[str, str]] = []

    def resolve(self, qname: str, rdtype: str, /) -> Iterable[Any]:
        """Answer like ``dns.resolver.Resolver.resolve``, from the table."""
        self.queries.append((qname, rdtype))
        zone = self.zones.get(qname)
        if zone is None:
            raise dns.resolver.NXDOMAIN
        if callable(zone):
            raise zone()
        if rdtype not in zone:
            raise dns.resolver.NoAnswer
        return [dns.rdata.from_text("IN", rdtype, text) for text in zone[rdtype]]
