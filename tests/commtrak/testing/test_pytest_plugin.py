"""The pytest plugin's fixtures, as a host application's test suite meets them."""

from __future__ import annotations

import pytest


def test_the_commtrak_store_fixture_gives_an_empty_offline_store(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_host="""
        from commtrak import Actor, Address

        def test_host(commtrak_store):
            with commtrak_store.session(actor=Actor.system()) as s:
                assert s.groups.all() == []
                c = s.customers.add(name="A", address=Address(line1="1", postcode="2"))
                contact = s.contacts.add(c.id, name="X", email="x@no-such-domain.invalid-tld")
                assert contact.email_status.value == "not_checked"
        """
    )
    result = pytester.runpytest_subprocess("-q", "--commtrak-url=memory://")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["memory://: 1 passed, 0 failed, 0 skipped"])


def test_urls_come_from_the_environment(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(
        test_host="""
        def test_url(commtrak_url):
            assert commtrak_url == "memory://"
        """
    )
    monkeypatch.setenv("COMMTRAK_TEST_URLS", "memory://, memory://")
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=2)


def test_a_configured_store_that_cannot_open_fails_instead_of_skipping(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        test_host="""
        def test_store(commtrak_store):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-q", "--commtrak-url=nosuch://db")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["nosuch://db: 0 passed, 1 failed, 0 skipped"])
