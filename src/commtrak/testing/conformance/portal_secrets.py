"""Contract: TOTP secrets are stored encrypted, bound to their account, and rotated.

What every backend must do for encryption at rest is store the sealed envelope the
portal service hands it, as it is, and reseal in batches without touching a secret that
changed meanwhile; the sealing itself is :mod:`commtrak.security.encryption`'s. So these
contracts read the stored secrets through the repositories, and drive the service with
stores opened on the same backend with other keys.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import attrs
import pytest

from commtrak import (
    Actor,
    ConfigurationError,
    Keyring,
    PortalLoginFailed,
    Session,
    Store,
    ValidationError,
)
from commtrak.security import SealedSecret
from commtrak.services.portal import TOTP_SECRET
from commtrak.testing.conformance._base import (
    TEST_KEY,
    TEST_KEYS,
    PinnedClock,
    StoreContract,
    add_customer,
)
from commtrak.testing.conformance._portal import PASSWORD, PortalUser, grant, login, portal_user

#: A second key for the rotation tests, and a key under the test key's id that is not it.
NEXT_KEY = bytes(range(100, 132))
IMPOSTOR_KEY = bytes(range(1, 33))


def reopened(store: Store, clock: PinnedClock, keys: Keyring | None) -> Store:
    """The same backend, opened by a store whose portal has *keys* (not closed after)."""
    return Store(
        store.backend,
        clock=clock,
        email_checker=store.email_checker,
        portal=attrs.evolve(store.portal_config, secret_keys=keys),
    )


def rotated_keys() -> Keyring:
    """The test key and a new current one, as after the first step of a rotation."""
    return Keyring({"test-1": TEST_KEY, "test-2": NEXT_KEY}, current="test-2")


def stored_secret(session: Session, user: PortalUser) -> SealedSecret:
    """The sealed TOTP secret the backend holds for *user*'s account."""
    account = session.transaction.portal_accounts.for_contact(user.contact.id)
    assert account is not None and account.totp_secret is not None
    return account.totp_secret


def account_id(session: Session, user: PortalUser) -> uuid.UUID:
    """The id of *user*'s account."""
    account = session.transaction.portal_accounts.for_contact(user.contact.id)
    assert account is not None
    return account.id


def enrolled_users(store: Store, actor: Actor, clock: PinnedClock, count: int) -> list[PortalUser]:
    """*count* contacts of one customer, each activated and enrolled."""
    with store.session(actor=actor) as s:
        customer = add_customer(s, "Peach")
        return [portal_user(s, clock, customer.id, f"user{n}@example.com") for n in range(count)]


def login_error(store: Store, clock: PinnedClock, user: PortalUser) -> ConfigurationError:
    """The configuration error a login of *user* with the right factors meets."""
    web = Actor("portal", "Customer portal", via_portal=True)
    with pytest.raises(ConfigurationError) as caught, store.session(actor=web) as s:
        login(s, clock, user)
    return caught.value


class PortalSecretsContract(StoreContract):
    """The backend stores TOTP secrets only sealed, and reseals them as rotation asks."""

    def test_the_stored_secret_is_sealed_with_the_current_key(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        [user] = enrolled_users(store, actor, clock, 1)
        with store.session(actor=actor) as s:
            sealed = stored_secret(s, user)
            scanned = s.transaction.portal_accounts.scan_totp_secrets(None, 10)
        assert sealed.encrypted and sealed.key_id == TEST_KEYS.current
        assert user.secret.reveal() not in sealed.stored
        assert [stored for _, stored in scanned] == [sealed]
        assert TEST_KEYS.open(sealed, field=TOTP_SECRET, owner=scanned[0][0]) == user.secret

    def test_a_secret_copied_to_another_account_does_not_open(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        fran, pat = enrolled_users(store, actor, clock, 2)
        with store.session(actor=actor) as s:
            accounts = s.transaction.portal_accounts
            target = accounts.for_contact(pat.contact.id)
            assert target is not None
            accounts.update(attrs.evolve(target, totp_secret=stored_secret(s, fran)))
        moved = attrs.evolve(pat, secret=fran.secret)  # fran's codes, on pat's account
        error = login_error(store, clock, moved)
        assert (error.field, error.rule) == (TOTP_SECRET, "wrong_key")
        assert fran.secret.reveal() not in str(error)

    def test_rotation_reseals_every_secret_in_batches(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        users = enrolled_users(store, actor, clock, 3)
        with store.session(actor=actor) as s:
            before = [stored_secret(s, user) for user in users]
        rotating = reopened(store, clock, rotated_keys())
        with rotating.session(actor=actor) as s:
            assert s.portal.rotate_secret_keys(batch_size=2) == 3
            assert s.portal.rotate_secret_keys(batch_size=2) == 0  # all under the current key
            after = [stored_secret(s, user) for user in users]
        assert [sealed.key_id for sealed in after] == ["test-2"] * 3
        assert not set(before) & set(after)
        only_new = reopened(store, clock, Keyring({"test-2": NEXT_KEY}, current="test-2"))
        with only_new.session(actor=actor) as s:
            for user in users:
                login(s, clock, user)
        error = login_error(store, clock, users[0])  # the old ring lacks the new key
        assert (error.field, error.rule) == (TOTP_SECRET, "unknown_key")

    def test_a_rotation_that_meets_a_key_it_lacks_changes_nothing(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        first, second = enrolled_users(store, actor, clock, 2)
        lost = Keyring({"lost": NEXT_KEY}, current="lost")
        with store.session(actor=actor) as s:
            accounts = s.transaction.portal_accounts
            account = accounts.for_contact(second.contact.id)
            assert account is not None
            sealed = lost.seal(second.secret, field=TOTP_SECRET, owner=account.id)
            accounts.update(attrs.evolve(account, totp_secret=sealed))
            before = [stored_secret(s, first), stored_secret(s, second)]
        rotating = reopened(store, clock, rotated_keys())
        with pytest.raises(ConfigurationError) as caught, rotating.session(actor=actor) as s:
            s.portal.rotate_secret_keys(batch_size=1)
        assert (caught.value.field, caught.value.rule) == (TOTP_SECRET, "unknown_key")
        with store.session(actor=actor) as s:
            assert [stored_secret(s, first), stored_secret(s, second)] == before

    def test_a_secret_stored_in_clear_is_refused_until_rotation_encrypts_it(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        [user] = enrolled_users(store, actor, clock, 1)
        with store.session(actor=actor) as s:  # as a version before encryption stored it
            accounts = s.transaction.portal_accounts
            account = accounts.for_contact(user.contact.id)
            assert account is not None
            clear = SealedSecret(user.secret.reveal())
            accounts.update(attrs.evolve(account, totp_secret=clear))
        assert repr(clear) == "SealedSecret(key_id=None)"
        error = login_error(store, clock, user)
        assert (error.field, error.rule) == (TOTP_SECRET, "not_encrypted")
        with store.session(actor=actor) as s:
            assert s.portal.rotate_secret_keys() == 1
            assert stored_secret(s, user).key_id == TEST_KEYS.current
            login(s, clock, user)

    def test_resealing_leaves_a_secret_that_changed_meanwhile(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        fran, pat = enrolled_users(store, actor, clock, 2)
        keys = rotated_keys()
        with store.session(actor=actor) as s:
            accounts = s.transaction.portal_accounts
            changes = []
            for user, read in ((fran, stored_secret(s, fran)), (pat, SealedSecret("stale"))):
                owner = account_id(s, user)
                resealed = keys.reseal(stored_secret(s, user), field=TOTP_SECRET, owner=owner)
                changes.append((owner, read, resealed))
            unchanged = stored_secret(s, pat)
            accounts.reseal_totp_secrets(changes)  # pat's secret is not "stale" any more
            accounts.reseal_totp_secrets([])
            assert stored_secret(s, fran) == changes[0][2]
            assert stored_secret(s, pat) == unchanged

    def test_without_keys_enrolment_and_login_say_so_and_count_nothing(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        [user] = enrolled_users(store, actor, clock, 1)
        keyless = reopened(store, clock, None)
        with keyless.session(actor=actor) as s:  # staff work needs no key
            customer = add_customer(s, "Plum")
            contact, issued = grant(s, customer.id, "new@example.com")
            s.portal.activate(issued.token, PASSWORD)
            s.portal.reset_two_factor(user.contact.id)
            attempts: list[Callable[[], object]] = [
                lambda: s.portal.enrol_totp(issued.account.username, PASSWORD),
                lambda: s.portal.login(user.username, PASSWORD, "000000"),
                lambda: s.portal.confirm_totp(user.username, PASSWORD, "000000"),
                s.portal.rotate_secret_keys,
            ]
            for attempt in attempts:
                with pytest.raises(ConfigurationError) as caught:
                    attempt()
                assert (caught.value.field, caught.value.rule) == ("secret_keys", "required")
            for contact_id in (contact.id, user.contact.id):
                account = s.portal.account(contact_id)
                assert account is not None and account.failed_logins == 0

    def test_with_the_wrong_key_a_login_says_so_once_the_password_is_right(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        [user] = enrolled_users(store, actor, clock, 1)
        impostor = reopened(store, clock, Keyring({"test-1": IMPOSTOR_KEY}, current="test-1"))
        error = login_error(impostor, clock, user)
        assert (error.field, error.rule) == (TOTP_SECRET, "wrong_key")
        web = Actor("portal", "Customer portal", via_portal=True)
        with pytest.raises(PortalLoginFailed), impostor.session(actor=web) as s:
            s.portal.login(user.username, "not the password at all", "000000")
        with store.session(actor=actor) as s:
            account = s.portal.account(user.contact.id)
            assert account is not None and account.failed_logins == 1  # only the wrong password

    @pytest.mark.parametrize("batch_size", [0, 10_001, "10", True, 2.5])
    def test_the_batch_size_is_checked(self, session: Session, batch_size: object) -> None:
        with pytest.raises(ValidationError) as caught:
            session.portal.rotate_secret_keys(batch_size=batch_size)  # type: ignore[arg-type]
        assert caught.value.field == "batch_size"
        assert caught.value.rule in ("type", "range")
