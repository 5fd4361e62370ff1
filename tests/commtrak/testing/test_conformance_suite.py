"""The conformance suite itself: it passes on a correct backend and catches a broken one."""

from __future__ import annotations

import textwrap

import pytest

QUICK = """
from hypothesis import settings

settings.register_profile("quick", max_examples=5, deadline=None)
settings.load_profile("quick")
"""

SUITE = """
from commtrak.testing.conformance import {contract}

class TestBackend({contract}):
    store_url = "memory://"
"""

# Each breaker: the contract meant to catch it (run alone, so that a breaker caught only by
# some unrelated contract would not pass for caught), and the code that breaks the backend.
BREAKERS: dict[str, tuple[str, str]] = {
    # navigation that ignores the direction: previous() returns the next member
    "step ignores direction": (
        "GroupContract",
        """
        from commtrak.model import Direction
        from commtrak_memory import backend

        original = backend._Customers.step

        def step(self, group_id, origin, direction):
            return original(self, group_id, origin, Direction.NEXT)

        backend._Customers.step = step
    """,
    ),
    # a contact listing that forgets archived contacts come last
    "archived contacts first": (
        "ContactContract",
        """
        from commtrak_memory import backend
        from commtrak.model import fold

        def search(self, folded_fragment):
            found = [c for c in self._table if folded_fragment in fold(c.name)
                     or (c.email_key and folded_fragment in c.email_key)]
            return sorted(found, key=lambda c: (not c.archived, fold(c.name), str(c.id)))

        backend._Contacts.search = search
    """,
    ),
    # a rollback that forgets to undo
    "rollback keeps writes": (
        "SessionContract",
        """
        from commtrak_memory import backend

        def rollback(self):
            self._finish()

        backend.MemoryTransaction.rollback = rollback
    """,
    ),
    # a reactivation that wakes work addresses that were dormant before the cascade
    "reactivation wakes every work address": (
        "CustomerStatusContract",
        """
        import attrs
        from commtrak.model import CustomerStatus
        from commtrak_memory import _record

        def reactivate_cascaded(self, customer_id):
            rows = [r for r in self._table.lookup("customer", customer_id)
                    if r.status is CustomerStatus.DORMANT]
            return self._put_all(rows, status=CustomerStatus.ACTIVE, dormant_by_cascade=False)

        _record._WorkAddresses.reactivate_cascaded = reactivate_cascaded
    """,
    ),
    # a customer merge that forgets to move the invoices
    "merge leaves invoices behind": (
        "CustomerMergeContract",
        """
        from commtrak_memory import _record

        _record._Invoices.reassign_customer = lambda self, from_id, to_id: 0
    """,
    ),
    # search with LIKE-style wildcards
    "search treats _ as a wildcard": (
        "GroupContract",
        """
        import re
        from commtrak_memory import backend
        from commtrak.model import GroupMatch, fold

        def search(self, fragment):
            pattern = re.compile(re.escape(fragment).replace("_", "."))
            return [GroupMatch(group=g, member_count=self._customers.count("group", g.id))
                    for g in sorted(self._table, key=backend._group_order)
                    if pattern.search(fold(g.name))]

        backend._Groups.search = search
    """,
    ),
    # a token store without the conditional update: a token works twice
    "token consumed twice": (
        "PortalAuthContract",
        """
        from commtrak_memory import _portal

        def consume(self, digest, *, at):
            token = self.find(digest)
            if token is None:
                return False
            self._mark_used(token, at)
            return True

        _portal.PortalTokens.consume = consume
    """,
    ),
    # a token scan that leaves out used tokens: a backend's own export would lose them
    "token scan skips used tokens": (
        "PortalAuthContract",
        """
        from commtrak_memory import _portal

        original = _portal.PortalTokens.scan

        def scan(self, after, limit):
            return [t for t in original(self, after, limit) if not t.record.used]

        _portal.PortalTokens.scan = scan
    """,
    ),
    # no unique index on the portal email: two contacts with access share an address
    "portal email not unique": (
        "PortalAccountContract",
        """
        from commtrak_memory import _portal

        _portal._active_email = lambda account: None
    """,
    ),
}


def test_the_suite_passes_on_the_memory_backend(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(QUICK)
    pytester.makepyfile(test_backend=SUITE.format(contract="ConformanceSuite"))
    result = pytester.runpytest_subprocess("-q")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) == outcomes.get("errors", 0) == 0, result.stdout.str()
    assert outcomes["passed"] >= 150  # every contract ran (the count grows with them)
    # Only the test of a second store on one URL is skipped: memory:// lacks
    # "concurrent_processes", each memory:// store being a store of its own.
    assert outcomes.get("skipped", 0) == 1
    result.stdout.fnmatch_lines([f"memory://: {outcomes['passed']} passed, 0 failed, 1 skipped"])


@pytest.mark.parametrize("breaker", sorted(BREAKERS))
def test_a_broken_repository_method_fails_the_suite(
    pytester: pytest.Pytester, breaker: str
) -> None:
    contract, code = BREAKERS[breaker]
    pytester.makeconftest(QUICK + textwrap.dedent(code))
    pytester.makepyfile(test_backend=SUITE.format(contract=contract))
    result = pytester.runpytest_subprocess("-q", "-x")
    outcomes = result.parseoutcomes()
    assert outcomes.get("failed", 0) >= 1, result.stdout.str()


def test_no_two_contracts_share_a_test_name() -> None:
    """A shared name would make one contract's test silently replace the other's."""
    from commtrak.testing import conformance

    seen: dict[str, str] = {}
    for name in conformance.__all__:
        contract = getattr(conformance, name)
        if not isinstance(contract, type) or not name.endswith("Contract"):
            continue
        for attribute in vars(contract):
            if attribute.startswith("test_"):
                assert seen.setdefault(attribute, name) == name, (attribute, seen[attribute], name)


def test_every_contract_is_in_the_suite() -> None:
    """A contract left out of ConformanceSuite would silently never run on a backend."""
    from commtrak.testing import conformance

    contracts = [name for name in conformance.__all__ if name.endswith("Contract")]
    left_out = [
        name
        for name in contracts
        if not issubclass(conformance.ConformanceSuite, getattr(conformance, name))
    ]
    assert left_out == []
