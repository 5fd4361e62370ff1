"""Contract: a full backup gives every portal credential back, still encrypted.

An export with ``include_secrets`` and its import must give back each account's
password hash, its sealed TOTP secret (the very envelope: import never opens it), its
replay guard and its lockout state, and every token record, on every backend, as
source and as target; and the imported accounts must work as they did: the same
password and codes log in, a replayed code does not, a locked account stays locked, the
outstanding tokens still work, and the secrets open only with the keys that sealed them.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest

from commtrak import Actor, ConfigurationError, Keyring, PortalLoginFailed, Session, Store
from commtrak.security import totp_code
from commtrak.serialization import export_data, import_data, transfer
from commtrak.services.portal import TOTP_SECRET
from commtrak.testing.conformance._base import (
    TEST_KEY,
    TEST_PORTAL,
    PinnedClock,
    StoreContract,
    add_customer,
    open_test_store,
)
from commtrak.testing.conformance._portal import PASSWORD, PortalUser, grant, login, portal_user
from commtrak.testing.conformance.portal_secrets import NEXT_KEY, reopened

_WEB = Actor("portal", "Customer portal", via_portal=True)


@attrs.frozen
class Credentials:
    """What :func:`fill_credentials` leaves in a store.

    Attributes:
        user: Enrolled, logged in once, with one failed login since.
        locked: Enrolled and locked by failed logins.
        reset_token: The user's unused reset token, as emailed.
        activation_token: The unused activation token of an account never activated.
    """

    user: PortalUser
    locked: PortalUser
    reset_token: str = attrs.field(repr=False)
    activation_token: str = attrs.field(repr=False)


def fill_credentials(store: Store, actor: Actor, clock: PinnedClock) -> Credentials:
    """Put accounts in every credential state into *store*."""
    with store.session(actor=actor) as s:
        customer = add_customer(s, "Peach")
        user = portal_user(s, clock, customer.id, "user@example.com")
        locked = portal_user(s, clock, customer.id, "locked@example.com")
        s.portal.change_settings(lockout_threshold=3)
        login(s, clock, user)
        reset = s.portal.request_password_reset(user.username)
        assert reset is not None
        _, activation = grant(s, customer.id, "pending@example.com", name="Lee Pending")
    for account, failures in ((user, 1), (locked, 3)):
        for _ in range(failures):
            with pytest.raises(PortalLoginFailed), store.session(actor=_WEB) as s:
                s.portal.login(account.username, "not the password at all", "000000")
    return Credentials(user, locked, reset.token.reveal(), activation.token.reveal())


def credentials(session: Session) -> dict[str, list[Any]]:
    """Every account and token record of the store, as entities, in scan order."""
    tx = session.transaction
    return {
        "accounts": tx.portal_accounts.scan(None, 1000),
        "tokens": tx.portal_tokens.scan(None, 1000),
    }


def full_backup(store: Store, actor: Actor) -> dict[str, Any]:
    """A full backup of *store*, through JSON as it would be kept."""
    with store.session(actor=actor) as s:
        return json.loads(json.dumps(export_data(s, include_secrets=True)))  # type: ignore[no-any-return]


class PortalBackupContract(StoreContract):
    """Portal credentials survive a full-backup export and import, on every backend."""

    def test_a_full_backup_restores_every_credential_as_it_was(
        self, store: Store, actor: Actor, clock: PinnedClock, commtrak_url: str
    ) -> None:
        filled = fill_credentials(store, actor, clock)
        with store.session(actor=actor) as s:
            original = credentials(s)
        document = full_backup(store, actor)
        text = json.dumps(document)
        for secret in (filled.user.secret, filled.locked.secret):
            assert secret.reveal() not in text  # still encrypted
        for account in original["accounts"]:
            if account.totp_secret is not None:
                assert account.totp_secret.stored in text  # the very envelope
        with open_test_store("memory://", clock=clock) as memory:
            with memory.session(actor=actor) as s:
                import_data(s, document)
            with memory.session(actor=actor) as s:
                assert credentials(s) == original
            with open_test_store(commtrak_url, clock=clock) as target:
                transfer(memory, target, actor=actor, include_secrets=True)
                with target.session(actor=actor) as s:
                    restored = credentials(s)
                assert restored == original
                self._works_as_before(target, clock, filled)
        failures = {a.username: (a.failed_logins, a.locked) for a in restored["accounts"]}
        assert failures[filled.user.username] == (1, False)
        assert failures[filled.locked.username] == (3, True)

    @staticmethod
    def _works_as_before(store: Store, clock: PinnedClock, filled: Credentials) -> None:
        user = filled.user
        with pytest.raises(PortalLoginFailed), store.session(actor=_WEB) as s:
            # The code of the last login: the restored replay guard refuses it.
            s.portal.login(user.username, PASSWORD, totp_code(user.secret, clock.now))
        with pytest.raises(PortalLoginFailed), store.session(actor=_WEB) as s:
            login(s, clock, filled.locked)  # still locked
        with store.session(actor=_WEB) as s:
            login(s, clock, user)
            s.portal.reset_password(filled.reset_token, "new orchard sunrise 77")
            s.portal.activate(filled.activation_token, PASSWORD)

    def test_the_imported_secrets_open_only_with_the_keys_that_sealed_them(
        self, store: Store, actor: Actor, clock: PinnedClock, commtrak_url: str
    ) -> None:
        filled = fill_credentials(store, actor, clock)
        document = full_backup(store, actor)
        other = attrs.evolve(TEST_PORTAL, secret_keys=Keyring({"other": NEXT_KEY}, current="other"))
        with open_test_store(commtrak_url, clock=clock, portal=other) as target:
            with target.session(actor=actor) as s:
                import_data(s, document)  # import needs no key: it opens nothing
            with pytest.raises(ConfigurationError) as caught, target.session(actor=_WEB) as s:
                login(s, clock, filled.user)
            assert (caught.value.field, caught.value.rule) == (TOTP_SECRET, "unknown_key")
            # With the source's key beside its own, the target rotates the secrets to
            # its own key, and needs the source's no more.
            both = Keyring({"test-1": TEST_KEY, "other": NEXT_KEY}, current="other")
            with reopened(target, clock, both).session(actor=actor) as s:
                assert s.portal.rotate_secret_keys() == 2
            with target.session(actor=_WEB) as s:
                login(s, clock, filled.user)
