"""Contract: who gets portal access, with which username, and what revoking keeps."""

from __future__ import annotations

import threading
import uuid

import attrs
import pytest

from commtrak import Actor, Conflict, PermissionDenied, Session, Store, ValidationError
from commtrak.hookspecs import hookimpl
from commtrak.model import PortalEventKind, new_id
from commtrak.plugins import PluginHost
from commtrak.services.portal import IssuedPortalToken
from commtrak.testing.conformance._base import (
    PinnedClock,
    StoreContract,
    add_customer,
    make_group,
    open_test_store,
)
from commtrak.testing.conformance._portal import grant, login, portal_user


class _Mailer:
    """A host plugin that would email the tokens it is given."""

    def __init__(self) -> None:
        self.sent: list[IssuedPortalToken] = []

    @hookimpl
    def commtrak_portal_token_issued(self, issued: IssuedPortalToken) -> None:
        self.sent.append(issued)


class PortalAccountContract(StoreContract):
    """Granting, usernames, the store-wide email rule, revoking (seed 003)."""

    def test_granting_portal_access_needs_portal_manage(self, store: Store, actor: Actor) -> None:
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Peach")
            contact = s.contacts.add(customer.id, name="Fran", email="fran@example.com")
        with store.session(actor=Actor.staff("staff-9", "Pat Staff", "staff")) as s:
            for attempt in (s.portal.grant, s.portal.revoke, s.portal.unlock):
                with pytest.raises(PermissionDenied) as caught:
                    attempt(contact.id)
                assert caught.value.permission == "portal.manage"
            assert s.portal.account(contact.id) is None

    def test_the_portal_email_is_unique_across_the_store(self, session: Session) -> None:
        _, [hq, _perth] = make_group(session, "Real Peach", "HQ", "Perth")
        elsewhere = add_customer(session, "Another company")
        first, _ = grant(session, hq.id, "fran@realpeach.example")
        other = session.contacts.add(elsewhere.id, name="Fran", email="FRAN@RealPeach.Example")
        with pytest.raises(Conflict) as caught:
            session.portal.grant(other.id)
        assert (caught.value.field, caught.value.rule) == ("email", "unique_portal_email")
        session.portal.revoke(first.id)
        assert session.portal.grant(other.id).account.contact_id == other.id

    def test_the_backend_refuses_two_accounts_with_one_email(self, session: Session) -> None:
        customer = add_customer(session, "Peach")
        _, issued = grant(session, customer.id, "fran@example.com")
        other = session.contacts.add(customer.id, name="Fran", email="Fran@example.com")
        twin = attrs.evolve(
            issued.account, id=new_id(), contact_id=other.id, username="someone-else"
        )
        with pytest.raises(Conflict) as caught:
            session.transaction.portal_accounts.add(twin)
        assert (caught.value.field, caught.value.rule) == ("email", "unique_portal_email")

    def test_a_contact_needs_an_active_contact_and_an_email(self, session: Session) -> None:
        customer = add_customer(session, "Peach")
        silent = session.contacts.add(customer.id, name="No email")
        with pytest.raises(ValidationError) as refused:
            session.portal.grant(silent.id)
        assert (refused.value.field, refused.value.rule) == ("email", "portal_email_required")
        gone = session.contacts.add(customer.id, name="Gone", email="gone@example.com")
        session.contacts.archive(gone.id)
        with pytest.raises(Conflict) as conflict:
            session.portal.grant(gone.id)
        assert (conflict.value.field, conflict.value.rule) == ("contact_id", "archived_contact")

    def test_usernames_are_unique_ignoring_letter_case(self, session: Session) -> None:
        customer = add_customer(session, "Peach")
        fran = session.contacts.add(customer.id, name="Fran", email="fran@example.com")
        pat = session.contacts.add(customer.id, name="Fran", email="pat@example.com")
        assert session.portal.grant(fran.id, username="Fran.James").account.username == (
            "Fran.James"
        )
        with pytest.raises(Conflict) as caught:
            session.portal.grant(pat.id, username="fran.JAMES")
        assert (caught.value.field, caught.value.rule) == ("username", "unique_username")
        generated = session.portal.grant(pat.id).account.username
        assert generated.casefold() != "fran.james"
        with pytest.raises(ValidationError) as invalid:
            session.portal.grant(
                session.contacts.add(customer.id, name="X", email="x@example.com").id,
                username="has space",
            )
        assert (invalid.value.field, invalid.value.rule) == ("username", "whitespace")

    def test_the_email_may_be_the_username(self, session: Session) -> None:
        customer = add_customer(session, "Peach")
        contact = session.contacts.add(customer.id, name="Fran", email="fran@example.com")
        issued = session.portal.grant(contact.id, username="fran@example.com")
        assert issued.account.username == "fran@example.com"

    def test_a_username_can_never_be_changed(self, session: Session) -> None:
        customer = add_customer(session, "Peach")
        contact, issued = grant(session, customer.id, "fran@example.com")
        renamed = attrs.evolve(issued.account, username=issued.account.username.upper())
        with pytest.raises(Conflict) as caught:
            session.transaction.portal_accounts.update(renamed)
        assert (caught.value.field, caught.value.rule) == ("username", "username_immutable")
        session.portal.revoke(contact.id)
        with pytest.raises(Conflict) as again:
            session.portal.grant(contact.id, username="another.name")
        assert (again.value.field, again.value.rule) == ("username", "username_immutable")
        regranted = session.portal.grant(contact.id)
        assert regranted.account.username == issued.account.username
        assert regranted.account.id == issued.account.id

    def test_revoking_keeps_the_account_and_its_history(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Peach")
            user = portal_user(s, clock, customer.id, "fran@example.com")
            principal = login(s, clock, user)
            clock.advance(hours=1)
            revoked = s.portal.revoke(user.contact.id)
        with store.session(actor=actor) as s:
            account = s.portal.account(user.contact.id)
            assert account == revoked
            assert account is not None
            assert (account.revoked_at, account.revoked_by) == (clock.now, actor.name)
            assert account.password_hash is not None
            kinds = [event.kind for event in s.portal.history(user.contact.id)]
            assert kinds[-1] is PortalEventKind.REVOKED
            assert {PortalEventKind.GRANTED, PortalEventKind.ACTIVATED} <= set(kinds)
            with pytest.raises(PermissionDenied) as refused:
                s.portal.customers(principal)
            assert refused.value.permission == "portal.not_signed_in"
            with pytest.raises(Conflict) as twice:
                s.portal.revoke(user.contact.id)
            assert (twice.value.field, twice.value.rule) == ("contact_id", "no_portal_access")

    def test_a_new_email_of_a_portal_contact_is_checked_and_followed(
        self, session: Session
    ) -> None:
        customer = add_customer(session, "Peach")
        fran, fran_grant = grant(session, customer.id, "fran@example.com")
        pat, _ = grant(session, customer.id, "pat@example.com", name="Pat Lee")
        with pytest.raises(Conflict) as taken:
            session.contacts.edit(pat.id, email="FRAN@example.com")
        assert (taken.value.field, taken.value.rule) == ("email", "unique_portal_email")
        assert session.contacts.get(pat.id).email == "pat@example.com"
        with pytest.raises(ValidationError) as cleared:
            session.contacts.edit(pat.id, email=None)
        assert (cleared.value.field, cleared.value.rule) == ("email", "portal_email_required")
        session.contacts.edit(pat.id, email="Pat.New@example.com")
        account = session.portal.account(pat.id)
        assert account is not None and account.email_key == "pat.new@example.com"
        assert session.transaction.portal_accounts.find_email("pat.new@example.com") == account
        assert session.transaction.portal_accounts.find_email("pat@example.com") is None
        # The old address is free for another contact; the new one is not.
        other, _ = grant(session, customer.id, "pat@example.com", name="Other Pat")
        late = session.contacts.add(customer.id, name="Late", email="pat.new@example.com")
        with pytest.raises(Conflict) as again:
            session.portal.grant(late.id)
        assert again.value.rule == "unique_portal_email"
        # A case-only change keeps the key; a contact without access is not checked.
        session.contacts.edit(fran.id, email="Fran@Example.com")
        assert session.portal.account(fran.id) == fran_grant.account
        session.contacts.edit(late.id, email="fran@example.com")
        assert session.portal.account(late.id) is None
        assert session.portal.account(other.id) is not None

    def test_archiving_a_portal_contact_revokes_its_access(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Peach")
            contact, issued = grant(s, customer.id, "fran@example.com")
            clock.advance(minutes=5)
            s.contacts.archive(contact.id)
        with store.session(actor=actor) as s:
            account = s.portal.account(contact.id)
            assert account is not None and not account.has_access
            assert (account.revoked_at, account.revoked_by) == (clock.now, actor.name)
            kinds = [event.kind for event in s.portal.history(contact.id)]
            assert kinds[-1] is PortalEventKind.REVOKED
            with pytest.raises(ValidationError):
                s.portal.activate(issued.token, "plum orchard sunrise 42")
            newcomer, _ = grant(s, customer.id, "fran@example.com", name="Fran Again")
            assert s.portal.account(newcomer.id) is not None
            s.contacts.reactivate(contact.id)
            still = s.portal.account(contact.id)
            assert still is not None and not still.has_access

    def test_plugins_are_given_tokens_only_once_committed(
        self, commtrak_url: str, actor: Actor, clock: PinnedClock
    ) -> None:
        mailer = _Mailer()
        plugins = PluginHost(plugins=[("mailer", mailer)])
        with open_test_store(commtrak_url, clock=clock, plugins=plugins) as store:
            with store.session(actor=actor) as s:
                customer = add_customer(s, "Peach")
                fran = s.contacts.add(customer.id, name="Fran", email="fran@example.com")
                pat = s.contacts.add(customer.id, name="Pat", email="pat@example.com")
            with pytest.raises(RuntimeError), store.session(actor=actor) as s:
                s.portal.grant(pat.id)
                raise RuntimeError("the request failed after the grant")
            assert mailer.sent == []
            with store.session(actor=actor) as s:
                issued = s.portal.grant(fran.id)
                assert mailer.sent == []  # not before the commit
            assert mailer.sent == [issued]
            assert mailer.sent[0].email == "fran@example.com"
            with store.session(actor=actor) as s:
                assert s.portal.account(pat.id) is None
                s.portal.activate(issued.token, "plum orchard sunrise 42")

    def test_two_grants_racing_for_one_email_let_exactly_one_win(
        self, store: Store, actor: Actor
    ) -> None:
        self.require(store, "threads")
        with store.session(actor=actor) as s:
            first, second = (add_customer(s, name) for name in ("Peach", "Plum"))
            contacts = [
                s.contacts.add(first.id, name="Fran", email="fran@example.com"),
                s.contacts.add(second.id, name="Fran", email="FRAN@example.com"),
            ]
        start = threading.Barrier(len(contacts))
        outcomes: list[str] = []

        def grant_access(contact_id: uuid.UUID) -> None:
            start.wait()
            try:
                with store.session(actor=actor) as s:
                    s.portal.grant(contact_id)
            except Conflict as conflict:
                outcomes.append(f"{conflict.field}/{conflict.rule}")
            else:
                outcomes.append("granted")

        threads = [threading.Thread(target=grant_access, args=(c.id,)) for c in contacts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes) == ["email/unique_portal_email", "granted"]
        with store.session(actor=actor) as s:
            accounts = [s.portal.account(c.id) for c in contacts]
            assert sum(account is not None for account in accounts) == 1
