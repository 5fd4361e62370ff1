"""Contract: export then import gives back equal data, between this backend and memory."""

from __future__ import annotations

import datetime
import json
import uuid

import attrs
import pytest

from commtrak import (
    Actor,
    Address,
    Conflict,
    Occupier,
    PhoneKind,
    Session,
    Store,
    ValidationError,
)
from commtrak.security import Secret, token_digest, totp_code
from commtrak.serialization import export_data, import_data, transfer
from commtrak.testing.conformance._base import (
    PinnedClock,
    StoreContract,
    add_customer,
    make_group,
    open_test_store,
)
from commtrak.testing.conformance._portal import (
    PASSWORD,
    PortalUser,
    grant,
    login,
    portal_user,
)

#: The repositories whose records an import gives back as they were, read by ``scan``
#: (portal accounts lose their credentials, by design, so they are compared by export).
SCANNED = (
    "customers",
    "contacts",
    "journal",
    "customer_journal",
    "branches",
    "landlords",
    "work_addresses",
    "invoice_addresses",
    "invoices",
    "portal_events",
    "tickets",
    "data_sheets",
)


def records(session: Session) -> dict[str, list[object]]:
    """Every record of the :data:`SCANNED` repositories, as entities, in scan order."""
    return {name: list(getattr(session.transaction, name).scan(None, 10_000)) for name in SCANNED}


def fill(store: Store, actor: Actor, clock: PinnedClock) -> None:
    """Put one of everything commtrak stores into *store*."""
    with store.session(actor=actor) as s:
        group, [hq, perth] = make_group(s, "Real Peach Real Estate", "HQ", "Perth Ünïcode")
        s.groups.create("Empty group")
        home = s.customers.add(
            name="Jo Private",
            type="private",
            address=Address(line1="1 Home St", line3="Flat 2", postcode="6000", country="AU"),
        )
        s.departments.add("Accounts")
        archived_department = s.departments.add("Old")
        s.departments.archive(archived_department.id)
        fran = s.contacts.add(
            hq.id,
            name="Fran James",
            email="Fran@RealPeach.example",
            phones=[(PhoneKind.OFFICE, "8 9000 0000", "+61")],
            mobile="0400 000 000",
            social_urls=["https://example.com/fran"],
            departments=["Accounts"],
            note="Line one\nLine two",
            visibility="role_permitted_staff",
        )
        clock.advance(minutes=5)
        # A title only the duplicate has: the merge journal records a changed field.
        s.contacts.add(perth.id, name="Fran (Perth)", email="fran@realpeach.example", title="Ms")
        s.duplicates.merge(hq.id)
        s.customers.edit(perth.id, sales_contact_id=fran.id)
        jo = s.contacts.add(home.id, name="Jo")
        s.contacts.set_primary(jo.id)
        s.groups.set_head_office(group.id, perth.id)
        born = s.custom_fields.define("Birth date", "date")
        size = s.custom_fields.define("Size", "number")
        tier = s.custom_fields.define("Tier", "choice", "customer", choices=["Gold"])
        s.custom_fields.set_value(fran.id, born.id, datetime.date(1990, 2, 28))
        s.custom_fields.set_value(fran.id, size.id, "10.50")
        s.custom_fields.set_value(hq.id, tier.id, "Gold")
        s.custom_fields.archive_values(size.id)
        _fill_record(s, hq.id, clock)


def _fill_record(s: Session, customer_id: uuid.UUID, clock: PinnedClock) -> None:
    """Put one of each record of the customer record into the session's store."""
    s.customers.edit(
        customer_id, advertising_source="Radio", price_book="PB-1", communication=["sms", "email"]
    )
    landlord = s.landlords.add(name="Lena Landlord", email="lena@example.com", phone="9")
    branch = s.branches.add(customer_id, name="North", address=Address(line1="2 North Rd"))
    flat = s.work_addresses.add(
        customer_id,
        address=Address(line1="3 Flat St", postcode="6001"),
        occupier=Occupier(title="Ms", first_name="Ola", email="ola@example.com"),
        branch_id=branch.id,
        landlord=landlord.id,
        communication=["letter"],
    )
    s.invoice_addresses.enable(customer_id, work_address_id=flat.id)
    insurer = s.invoice_addresses.add(
        customer_id, name="Insurer Ltd", address=Address(line1="4 Cover Rd", postcode="2000")
    )
    s.invoices.add(
        customer_id,
        amount="120.50",
        amount_paid="20.25",
        due_on=datetime.date(2026, 3, 31),
        invoice_address_id=insurer.id,
    )
    clock.advance(minutes=5)
    gone = s.customers.add(
        name="Gone Pty", address=Address(line1="5 Gone St", postcode="6002"), price_book="PB-2"
    )
    survivor = s.customers.add(name="Kept Pty", address=Address(line1="6 Kept St", postcode="6003"))
    s.customers.merge(survivor.id, gone.id)  # a merged customer, a journal entry with changes


@attrs.frozen
class FilledPortal:
    """The credentials :func:`fill_portal` leaves in a store.

    Attributes:
        user: A contact with access, activated, enrolled and logged in once.
        password_hash: The user's password hash.
        reset_token: The user's password reset token, still unused.
        activation_token: The activation token of an account never activated.
    """

    user: PortalUser
    password_hash: str = attrs.field(repr=False)
    reset_token: Secret
    activation_token: Secret

    @property
    def secrets(self) -> list[str]:
        """Every text of these credentials, none of which a plain export may contain.

        The password hash, the TOTP secret, and both tokens with their digests.
        """
        tokens = [self.reset_token.reveal(), self.activation_token.reveal()]
        return [
            self.password_hash,
            self.user.secret.reveal(),
            *tokens,
            *(token_digest(token) for token in tokens),
        ]


def fill_portal(store: Store, actor: Actor, clock: PinnedClock) -> FilledPortal:
    """Put portal accounts, their history, tickets and data sheets into *store*.

    Four tokens are stored: the user's activation token (used) and reset token
    (unused), the pending account's activation token (unused) and the revoked
    account's (withdrawn).

    Returns:
        The credentials the store now holds.
    """
    with store.session(actor=actor) as s:
        customer = add_customer(s, "Portal Peach")
        user = portal_user(s, clock, customer.id, "pat@example.com")
        principal = login(s, clock, user)
        pending, activation = grant(s, customer.id, "lee@example.com", name="Lee Pending")
        gone, _ = grant(s, customer.id, "gone@example.com", name="Gone Revoked")
        s.portal.revoke(gone.id)
        reset = s.portal.request_password_reset(user.username)
        assert reset is not None
        s.portal.change_settings(modules=["tickets", "data_sheets"], lockout_threshold=7)
        ticket = s.tickets.raise_from_portal(principal, customer.id, subject="Leak", text="Drip")
        s.tickets.add_note(ticket.id, "Staff only", internal=True)
        s.tickets.open(customer.id, subject="Staff ticket", contact_id=pending.id)
        meter = s.data_sheets.create_template("Meter reading", ["Meter", "Reading"])
        s.data_sheets.create_template("Unused", ["X"])
        s.data_sheets.assign(customer.id, [meter.id], tickets_from_email="tickets@example.com")
        sheet = s.data_sheets.save(
            principal, customer_id=customer.id, template_id=meter.id, values={"Meter": "M-1"}
        )
        s.data_sheets.submit(principal, sheet.id)
        s.data_sheets.save(
            principal, customer_id=customer.id, template_id=meter.id, values={"Meter": "M-2"}
        )
        account = s.transaction.portal_accounts.for_contact(user.contact.id)
        assert account is not None and account.password_hash is not None
        return FilledPortal(user, account.password_hash, reset.token, activation.token)


class ExportContract(StoreContract):
    """Export, import and transfer between backends lose nothing."""

    def test_export_then_import_gives_back_equal_data(
        self, store: Store, actor: Actor, clock: PinnedClock, commtrak_url: str
    ) -> None:
        fill(store, actor, clock)
        fill_portal(store, actor, clock)
        with store.session(actor=actor) as s:
            exported = export_data(s)
            original = records(s)
        document = json.loads(json.dumps(exported))
        assert document == exported
        with open_test_store("memory://") as memory:
            with memory.session(actor=actor) as s:
                counts = import_data(s, document)
            assert counts["contacts"] == 6
            assert counts["journal"] == 1
            assert counts["portal_accounts"] == 3
            assert (counts["tickets"], counts["ticket_notes"]) == (3, 2)  # one by submission
            assert (counts["data_sheets"], counts["data_sheet_templates"]) == (2, 2)
            assert counts["portal_templates"] == 1
            with memory.session(actor=actor) as s:
                assert s.portal.settings().lockout_threshold == 7
            assert counts["customer_journal"] >= 1
            for kind in ("landlords", "branches", "work_addresses", "invoices"):
                assert counts[kind] == 1, kind
            assert (counts["invoice_addresses"], counts["invoice_address_links"]) == (2, 2)
            with memory.session(actor=actor) as s:
                assert export_data(s) == exported
                assert records(s) == original  # the entities too, not only their text
            with open_test_store(commtrak_url) as again:
                assert transfer(memory, again, actor=actor) == counts
                with again.session(actor=actor) as s:
                    assert export_data(s) == exported
                    assert records(s) == original

    def test_no_credential_is_exported_and_an_imported_account_needs_activation(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        secrets = fill_portal(store, actor, clock).secrets
        with store.session(actor=actor) as s:
            text = json.dumps(export_data(s))
        assert len(secrets) == 6
        for secret in secrets:
            assert secret not in text
        for name in ("password_hash", "totp_secret", "digest", "contains_secrets"):
            assert name not in text
        with open_test_store("memory://") as memory:
            with memory.session(actor=actor) as s:
                import_data(s, json.loads(text))
            with memory.session(actor=actor) as s:
                [pat] = s.contacts.search("pat@example.com")
                account = s.portal.account(pat.id)
                assert account is not None
                assert (account.password_hash, account.totp_secret) == (None, None)
                assert not account.totp_enrolled
                assert s.portal.request_password_reset(account.username) is None
                issued = s.portal.reissue_activation(pat.id)
                s.portal.activate(issued.token, PASSWORD)
                assert s.portal.account(pat.id).password_hash is not None  # type: ignore[union-attr]

    def test_a_document_with_secrets_keeps_every_credential(
        self, store: Store, actor: Actor, clock: PinnedClock, commtrak_url: str
    ) -> None:
        filled = fill_portal(store, actor, clock)
        with store.session(actor=actor) as s:
            exported = export_data(s, include_secrets=True)
        text = json.dumps(exported)
        document = json.loads(text)
        assert document == exported
        assert document["contains_secrets"] is True
        tokens = [filled.reset_token.reveal(), filled.activation_token.reveal()]
        for secret in [filled.password_hash, *map(token_digest, tokens)]:
            assert secret in text
        for token in tokens:
            assert token not in text  # only the digest is stored, so only it is exported
        assert filled.user.secret.reveal() not in text  # only sealed (PortalBackupContract)
        with open_test_store("memory://", clock=clock) as memory:
            with memory.session(actor=actor) as s:
                counts = import_data(s, document)
            assert (counts["portal_accounts"], counts["portal_tokens"]) == (3, 4)
            with memory.session(actor=actor) as s:
                assert export_data(s, include_secrets=True) == exported
            with open_test_store(commtrak_url, clock=clock) as again:
                assert transfer(memory, again, actor=actor, include_secrets=True) == counts
                with again.session(actor=actor) as s:
                    assert export_data(s, include_secrets=True) == exported
                    login(s, clock, filled.user)
                    s.portal.reset_password(filled.reset_token, "new orchard sunrise 77")
                    clock.advance(seconds=30)
                    code = totp_code(filled.user.secret, clock.now)
                    s.portal.login(filled.user.username, "new orchard sunrise 77", code)
                    s.portal.activate(filled.activation_token, PASSWORD)

    def test_erased_values_are_in_no_export(self, store: Store, actor: Actor) -> None:
        with store.session(actor=actor) as s:
            _, [hq] = make_group(s, "Group", "HQ")
            fran = s.contacts.add(hq.id, name="Fran")
            born = s.custom_fields.define("Birth date", "date")
            s.custom_fields.set_value(fran.id, born.id, "1990-02-28")
            s.custom_fields.erase_values(born.id)
            exported = export_data(s)
        assert exported["custom_values"] == []
        assert "1990" not in json.dumps(exported)

    def test_import_refuses_a_store_with_data_and_a_foreign_document(
        self, store: Store, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            document = export_data(s)
            s.groups.create("Already here")
            with pytest.raises(Conflict) as caught:
                import_data(s, document)
            assert caught.value.rule == "store_not_empty"
            with pytest.raises(ValidationError) as invalid:
                import_data(s, {"format": "something else"})
            assert (invalid.value.field, invalid.value.rule) == ("document", "format")
