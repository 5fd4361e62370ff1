"""What the export contract leaves to the library: the secrets option's document layout.

That credentials survive export and import with ``include_secrets`` on every backend,
and that a plain export holds none, is the conformance suite's
(:class:`~commtrak.testing.conformance.ExportContract`); here, on the memory backend,
how the two documents differ and how a document's mark is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from commtrak import Actor, Store, ValidationError
from commtrak.serialization import export_data, import_data
from commtrak.testing.conformance import PinnedClock
from commtrak.testing.conformance._base import open_test_store
from commtrak.testing.conformance.export import FilledPortal, fill_portal

ACTOR = Actor.staff("staff-1", "Sam Supervisor", "supervisor")
CREDENTIALS = {"password_hash", "totp_secret", "totp_confirmed_at", "totp_last_step"}


@pytest.fixture
def clock() -> PinnedClock:
    return PinnedClock()


@pytest.fixture
def store(clock: PinnedClock) -> Iterator[Store]:
    with open_test_store("memory://", clock=clock) as store:
        yield store


@pytest.fixture
def filled(store: Store, clock: PinnedClock) -> FilledPortal:
    return fill_portal(store, ACTOR, clock)


def export(store: Store, **options: bool) -> dict[str, Any]:
    with store.session(actor=ACTOR) as s:
        return export_data(s, **options)


def test_secrets_add_a_mark_tokens_and_credentials_and_nothing_else(
    store: Store, filled: FilledPortal
) -> None:
    plain, secret = export(store), export(store, include_secrets=True)
    assert list(secret)[:3] == ["format", "version", "contains_secrets"]  # seen first
    assert set(secret) - set(plain) == {"contains_secrets", "portal_tokens"}
    assert len(secret["portal_tokens"]) == 4
    assert {name for name in secret if secret[name] != plain.get(name)} == {
        "contains_secrets",
        "portal_tokens",
        "portal_accounts",
    }
    for public, full in zip(plain["portal_accounts"], secret["portal_accounts"], strict=True):
        assert set(full) - set(public) == CREDENTIALS
        assert {name: full[name] for name in public} == public


def test_without_the_mark_no_credential_is_read(store: Store, filled: FilledPortal) -> None:
    document = export(store, include_secrets=True)
    del document["contains_secrets"]
    with open_test_store("memory://") as target:
        with target.session(actor=ACTOR) as s:
            counts = import_data(s, document)
        assert "portal_tokens" not in counts
        with target.session(actor=ACTOR) as s:
            account = s.portal.account(filled.user.contact.id)
            assert account is not None
            assert (account.password_hash, account.totp_secret) == (None, None)
            assert s.transaction.portal_tokens.scan(None, 10) == []


@pytest.mark.parametrize("mark", ["true", 1, None])
def test_the_mark_is_true_or_false(store: Store, mark: object) -> None:
    document = export(store) | {"contains_secrets": mark}
    with store.session(actor=ACTOR) as s, pytest.raises(ValidationError) as caught:
        import_data(s, document)
    assert (caught.value.field, caught.value.rule) == ("document", "format")
