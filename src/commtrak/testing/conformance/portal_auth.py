"""Contract: activation and reset tokens, login, lockout, TOTP (issue 7, items 2-4)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import attrs
import pytest

from commtrak import (
    Actor,
    PermissionDenied,
    PortalConfig,
    PortalLoginFailed,
    Session,
    Store,
    ValidationError,
)
from commtrak.model import PortalEventKind, PortalToken
from commtrak.security import (
    Argon2Parameters,
    OtpAlgorithm,
    TokenPurpose,
    TokenRecord,
    TotpConfig,
    token_digest,
    totp_code,
)
from commtrak.testing.conformance._base import (
    PinnedClock,
    StoreContract,
    add_customer,
    open_test_store,
)
from commtrak.testing.conformance._portal import PASSWORD, grant, login, portal_user


class PortalAuthContract(StoreContract):
    """Tokens are single-use and expire; a login needs all three factors; lockout; TOTP."""

    def test_an_activation_token_works_once(self, session: Session) -> None:
        customer = add_customer(session, "Peach")
        _, issued = grant(session, customer.id, "fran@example.com")
        account = session.portal.activate(issued.token, PASSWORD)
        assert account.activated_at is not None
        with pytest.raises(ValidationError) as caught:
            session.portal.activate(issued.token, "another orchard sunrise 7")
        assert (caught.value.field, caught.value.rule) == ("token", "used")
        with pytest.raises(ValidationError) as wrong:
            session.portal.activate("not-the-token", PASSWORD)
        assert (wrong.value.field, wrong.value.rule) == ("token", "invalid")

    def test_the_backend_consumes_a_token_once(self, session: Session) -> None:
        customer = add_customer(session, "Peach")
        _, issued = grant(session, customer.id, "fran@example.com")
        digest = token_digest(issued.token.reveal())
        tokens = session.transaction.portal_tokens
        stored = tokens.find(digest)
        assert stored is not None
        assert stored.account_id == issued.account.id
        assert not stored.record.used
        assert tokens.consume(digest, at=session.now()) is True
        assert tokens.consume(digest, at=session.now()) is False
        assert tokens.consume(token_digest("unknown"), at=session.now()) is False
        found = tokens.find(digest)
        assert found is not None
        assert found.record.used_at == session.now()

    def test_the_backend_scans_every_token_by_digest(
        self, session: Session, clock: PinnedClock
    ) -> None:
        customer = add_customer(session, "Peach")
        _, first = grant(session, customer.id, "fran@example.com")
        _, second = grant(session, customer.id, "lee@example.com")
        session.portal.reissue_activation(second.account.contact_id)  # withdraws one
        tokens = session.transaction.portal_tokens
        # Two digests that share their first half, and the lowest and highest there are.
        for digest in ("0" * 64, "f" * 64, "ab" * 16 + "0" * 32, "ab" * 16 + "1" * 32):
            record = TokenRecord(digest, TokenPurpose.PASSWORD_RESET, clock.now, used_at=None)
            tokens.add(PortalToken(account_id=first.account.id, record=record))
        every = tokens.scan(None, 100)
        assert len(every) == 7
        assert [t.record.digest for t in every] == sorted(t.record.digest for t in every)
        assert sum(t.record.used for t in every) == 1  # used tokens are scanned too
        for token in every:
            assert tokens.find(token.record.digest) == token
        paged: list[PortalToken] = []
        after = None
        while batch := tokens.scan(after, 3):
            assert len(batch) <= 3
            paged += batch
            after = batch[-1].record.digest
        assert paged == every
        assert tokens.scan(every[2].record.digest, 2) == every[3:5]
        assert tokens.scan("f" * 64, 10) == []

    def test_an_activation_token_expires(self, session: Session, clock: PinnedClock) -> None:
        customer = add_customer(session, "Peach")
        contact, issued = grant(session, customer.id, "fran@example.com")
        assert (
            issued.expires_at == clock.now + PortalConfig().token_lifetimes[TokenPurpose.ACTIVATION]
        )
        clock.now = issued.expires_at
        with pytest.raises(ValidationError) as caught:
            session.portal.activate(issued.token, PASSWORD)
        assert (caught.value.field, caught.value.rule) == ("token", "expired")
        fresh = session.portal.reissue_activation(contact.id)
        with pytest.raises(ValidationError) as withdrawn:
            session.portal.activate(issued.token, PASSWORD)
        assert withdrawn.value.rule == "used"
        session.portal.activate(fresh.token, PASSWORD)

    def test_the_password_policy_knows_the_username(self, session: Session) -> None:
        customer = add_customer(session, "Peach")
        contact = session.contacts.add(customer.id, name="Fran", email="fran@example.com")
        issued = session.portal.grant(contact.id, username="orchardkeeper")
        with pytest.raises(ValidationError) as caught:
            session.portal.activate(issued.token, "my orchardkeeper pass 9")
        assert (caught.value.field, caught.value.rule) == ("password", "contains_username")
        with pytest.raises(ValidationError) as short:
            session.portal.activate(issued.token, "short")
        assert short.value.rule == "min_length"
        session.portal.activate(issued.token, PASSWORD)  # refusals did not use the token

    def test_a_login_never_says_which_factor_was_wrong(
        self, session: Session, clock: PinnedClock
    ) -> None:
        customer = add_customer(session, "Peach")
        user = portal_user(session, clock, customer.id, "fran@example.com")
        clock.advance(seconds=30)
        code = totp_code(user.secret, clock.now)
        wrong_code = f"{(int(code) + 1) % 1_000_000:06d}"
        messages = set()
        for username, password, attempt in (
            ("nobody", PASSWORD, code),
            (user.username, "wrong password 123", code),
            (user.username, PASSWORD, wrong_code),
            (user.username, PASSWORD, "not a code"),
        ):
            with pytest.raises(PortalLoginFailed) as caught:
                session.portal.login(username, password, attempt)
            assert caught.value.permission == "portal.login_failed"
            messages.add(str(caught.value))
        assert len(messages) == 1
        principal = session.portal.login(user.username.upper(), PASSWORD, code)
        assert principal.contact_id == user.contact.id
        assert principal.customer_id == customer.id
        assert principal.customer_ids == frozenset({customer.id})

    def test_consecutive_failures_lock_the_account(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        with store.session(actor=actor) as s:
            s.portal.change_settings(lockout_threshold=3)
            user = portal_user(s, clock, add_customer(s, "Peach").id, "fran@example.com")
            login(s, clock, user)
            for _ in range(2):
                with pytest.raises(PermissionDenied):
                    s.portal.login(user.username, "wrong password 123", "000000")
            login(s, clock, user)  # a success clears the count
        for _ in range(3):
            # The failure leaves the session by raising, and is counted all the same.
            with pytest.raises(PortalLoginFailed), store.session(actor=actor) as s:
                s.portal.login(user.username, "wrong password 123", "000000")
        with store.session(actor=actor) as s:
            account = s.portal.account(user.contact.id)
            assert account is not None
            assert account.locked
            assert account.failed_logins == 3
            with pytest.raises(PortalLoginFailed):
                login(s, clock, user)  # the right factors, but locked
            assert s.portal.history(user.contact.id)[-1].kind is PortalEventKind.LOCKED
            s.portal.unlock(user.contact.id)
            login(s, clock, user)

    def test_a_replayed_code_is_refused(self, session: Session, clock: PinnedClock) -> None:
        user = portal_user(session, clock, add_customer(session, "Peach").id, "fran@example.com")
        clock.advance(seconds=60)
        code = totp_code(user.secret, clock.now)
        session.portal.login(user.username, PASSWORD, code)
        with pytest.raises(PortalLoginFailed):  # replayed within its step
            session.portal.login(user.username, PASSWORD, code)
        clock.advance(seconds=120)
        two_steps_old = totp_code(user.secret, clock.now - _steps(2))  # never used
        with pytest.raises(PortalLoginFailed):
            session.portal.login(user.username, PASSWORD, two_steps_old)
        one_step_old = totp_code(user.secret, clock.now - _steps(1))
        session.portal.login(user.username, PASSWORD, one_step_old)
        with pytest.raises(PortalLoginFailed):  # that step is used now
            session.portal.login(
                user.username, PASSWORD, totp_code(user.secret, clock.now - _steps(1))
            )
        session.portal.login(user.username, PASSWORD, totp_code(user.secret, clock.now))

    def test_totp_enrolment_gives_the_secret_once_and_needs_a_confirming_code(
        self, session: Session, clock: PinnedClock
    ) -> None:
        customer = add_customer(session, "Peach")
        _, issued = grant(session, customer.id, "fran@example.com")
        username = issued.account.username
        session.portal.activate(issued.token, PASSWORD)
        enrolment = session.portal.enrol_totp(username, PASSWORD)
        uri = enrolment.uri.reveal()
        assert uri.startswith(f"otpauth://totp/commtrak:{username}?secret=")
        assert f"secret={enrolment.secret.reveal()}" in uri
        code = totp_code(enrolment.secret, clock.now)
        with pytest.raises(PortalLoginFailed):  # not confirmed yet
            session.portal.login(username, PASSWORD, code)
        with pytest.raises(PortalLoginFailed):
            session.portal.confirm_totp(username, PASSWORD, "000000" if code != "000000" else "1")
        session.portal.confirm_totp(username, PASSWORD, code)
        with pytest.raises(PortalLoginFailed):  # enrolled: no second secret
            session.portal.enrol_totp(username, PASSWORD)
        account = session.portal.reset_two_factor(issued.account.contact_id)
        assert not account.totp_enrolled
        assert session.portal.enrol_totp(username, PASSWORD).secret != enrolment.secret

    def test_enrolment_makes_codes_as_the_store_is_configured_then(
        self, session: Session, clock: PinnedClock
    ) -> None:
        # An account granted under another TOTP configuration (eight digits, SHA-256)
        # enrols with the store's configuration of the day, and keeps it.
        customer = add_customer(session, "Peach")
        _, issued = grant(session, customer.id, "fran@example.com")
        accounts = session.transaction.portal_accounts
        older = TotpConfig(digits=8, algorithm=OtpAlgorithm.SHA256)
        accounts.update(attrs.evolve(accounts.get(issued.account.id), totp_config=older))
        session.portal.activate(issued.token, PASSWORD)
        username = issued.account.username
        enrolment = session.portal.enrol_totp(username, PASSWORD)
        assert accounts.get(issued.account.id).totp_config == TotpConfig()
        assert "digits=8" not in enrolment.uri.reveal()
        session.portal.confirm_totp(username, PASSWORD, totp_code(enrolment.secret, clock.now))
        assert accounts.get(issued.account.id).totp_config == TotpConfig()

    def test_a_password_reset_uses_a_single_use_token_and_unlocks(
        self, session: Session, clock: PinnedClock
    ) -> None:
        session.portal.change_settings(lockout_threshold=1)
        user = portal_user(session, clock, add_customer(session, "Peach").id, "fran@example.com")
        with pytest.raises(PortalLoginFailed):
            session.portal.login(user.username, "wrong password 123", "000000")
        assert session.portal.request_password_reset("nobody") is None
        issued = session.portal.request_password_reset(user.username)
        assert issued is not None
        assert issued.email == "fran@example.com"
        with pytest.raises(ValidationError) as wrong_purpose:
            session.portal.activate(issued.token, "new orchard sunrise 77")
        assert wrong_purpose.value.rule == "invalid"
        session.portal.reset_password(issued.token, "new orchard sunrise 77")
        with pytest.raises(ValidationError) as again:
            session.portal.reset_password(issued.token, "third orchard sunrise 7")
        assert again.value.rule == "used"
        clock.advance(seconds=30)
        code = totp_code(user.secret, clock.now)
        assert session.portal.login(user.username, "new orchard sunrise 77", code)

    def test_a_store_opened_again_keeps_every_credential(
        self, store: Store, actor: Actor, clock: PinnedClock, commtrak_url: str
    ) -> None:
        self.require(store, "concurrent_processes")
        with store.session(actor=actor) as s:
            user = portal_user(s, clock, add_customer(s, "Peach").id, "fran@example.com")
            _, pending = grant(s, add_customer(s, "Plum").id, "lee@example.com")
            reset = s.portal.request_password_reset(user.username)
        assert reset is not None
        # A second store on the same URL, as another process would open it.
        with (
            open_test_store(commtrak_url, erase=False, clock=clock) as again,
            again.session(actor=actor) as s,
        ):
            login(s, clock, user)
            s.portal.reset_password(reset.token, "new orchard sunrise 77")
            s.portal.activate(pending.token, PASSWORD)

    def test_the_hash_is_replaced_when_the_parameters_change(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        with store.session(actor=actor) as s:
            user = portal_user(s, clock, add_customer(s, "Peach").id, "fran@example.com")
            before = s.portal.account(user.contact.id)
        assert before is not None
        stronger = Argon2Parameters(time_cost=2, memory_cost=16, parallelism=1)
        upgraded = Store(
            store.backend,
            clock=clock,
            email_checker=store.email_checker,
            portal=attrs.evolve(store.portal_config, password_parameters=stronger),
        )
        with upgraded.session(actor=actor) as s:
            login(s, clock, user)
            after = s.portal.account(user.contact.id)
            assert after is not None
            assert after.password_hash != before.password_hash
            assert after.password_hash is not None
            assert "m=16,t=2,p=1" in after.password_hash
            login(s, clock, user)

    def test_no_secret_appears_in_a_repr_or_a_message(
        self, session: Session, clock: PinnedClock
    ) -> None:
        customer = add_customer(session, "Peach")
        contact, issued = grant(session, customer.id, "fran@example.com")
        token = issued.token.reveal()
        shown: list[object] = [issued, issued.account, issued.token]
        attempts: list[Callable[[], object]] = [
            lambda: session.portal.activate(token + "x", PASSWORD),
            lambda: session.portal.activate(token, "short"),
            lambda: session.portal.activate(token, issued.account.username + " 12345"),
        ]
        for attempt in attempts:
            with pytest.raises(ValidationError) as refused:
                attempt()
            shown.append(refused.value)
        stored = session.transaction.portal_tokens.find(token_digest(token))
        shown += [stored, session.portal.activate(token, PASSWORD)]
        with pytest.raises(ValidationError) as used:
            session.portal.activate(token, PASSWORD)
        enrolment = session.portal.enrol_totp(issued.account.username, PASSWORD)
        code = totp_code(enrolment.secret, clock.now)
        shown += [used.value, enrolment, enrolment.secret, enrolment.uri]
        with pytest.raises(PortalLoginFailed) as failed:
            session.portal.login(issued.account.username, PASSWORD, code)
        shown += [
            failed.value,
            session.portal.confirm_totp(issued.account.username, PASSWORD, code),
        ]
        account = session.portal.account(contact.id)
        assert account is not None
        assert account.password_hash is not None
        assert account.totp_secret is not None
        shown += [account, account.totp_secret, session.portal.history(contact.id)]
        secrets = {
            PASSWORD,
            token,
            token_digest(token),
            enrolment.secret.reveal(),
            account.totp_secret.stored,
            account.password_hash,
            account.password_hash.rsplit("$", 1)[-1],
        }
        for value in shown:
            for text in (repr(value), str(value)):
                for secret in secrets:
                    assert secret not in text, (type(value).__name__, text)


def _steps(count: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=30 * count)
