"""The database holds every uniqueness rule of the portal, reported as commtrak errors.

Like ``test_constraints.py``, these write through the repositories directly, skipping
the services' checks, as a process that lost a race would.
"""

from __future__ import annotations

import datetime
import traceback
import uuid
from collections.abc import Callable

import attrs
import pytest
from sqlalchemy.engine import Engine

from commtrak import Conflict
from commtrak.model import DataSheetTemplate, PortalAccount, PortalToken, new_id
from commtrak.security import Secret, TokenPurpose, TokenRecord, token_digest
from commtrak.testing.conformance._base import TEST_KEYS
from commtrak_sqlalchemy.backend import SqlBackend, SqlTransaction

AT = datetime.datetime(2026, 2, 1, 9, 0, tzinfo=datetime.UTC)


def _refusal(tx: SqlTransaction, write: Callable[[], object]) -> tuple[str, str]:
    with pytest.raises(Conflict) as caught, tx.savepoint():
        write()
    return (caught.value.field, caught.value.rule)


def _secret(username: str) -> Secret:
    return Secret(f"JBSWY3DPEHPK3PXP{username.upper()}")


def _account(username: str, email_key: str, contact_id: uuid.UUID | None = None) -> PortalAccount:
    account_id = new_id()
    return PortalAccount(
        id=account_id,
        contact_id=contact_id or new_id(),
        username=username,
        email_key=email_key,
        granted_at=AT,
        granted_by="Staff",
        password_hash=f"$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ${username}aGFzaA",
        totp_secret=TEST_KEYS.seal(_secret(username), field="totp_secret", owner=account_id),
    )


def test_accounts_round_trip_with_their_secrets(tx: SqlTransaction) -> None:
    account = _account("Fran.James", "fran@example.com")
    tx.portal_accounts.add(account)
    assert tx.portal_accounts.get(account.id) == account
    assert tx.portal_accounts.find_username("fran.james") == account
    assert tx.portal_accounts.find_email("fran@example.com") == account


def test_usernames_are_unique_when_folded_even_once_revoked(tx: SqlTransaction) -> None:
    first = _account("Fran", "fran@example.com")
    tx.portal_accounts.add(attrs.evolve(first, revoked_at=AT, revoked_by="Staff"))
    other = _account("FRAN", "other@example.com")
    assert _refusal(tx, lambda: tx.portal_accounts.add(other)) == ("username", "unique_username")


def test_one_account_with_access_per_email(tx: SqlTransaction) -> None:
    first = _account("fran", "fran@example.com")
    tx.portal_accounts.add(first)
    second = _account("pat", "fran@example.com")
    assert _refusal(tx, lambda: tx.portal_accounts.add(second)) == (
        "email",
        "unique_portal_email",
    )
    # Once the first is revoked, its key is free (the column holding it becomes NULL).
    tx.portal_accounts.update(attrs.evolve(first, revoked_at=AT, revoked_by="Staff"))
    tx.portal_accounts.add(second)
    assert tx.portal_accounts.find_email("fran@example.com") == second
    # Granting the first again would make two: the index refuses an update too.
    regrant = attrs.evolve(first, revoked_at=None, revoked_by=None)
    assert _refusal(tx, lambda: tx.portal_accounts.update(regrant)) == (
        "email",
        "unique_portal_email",
    )


def test_one_account_per_contact(tx: SqlTransaction) -> None:
    contact_id = new_id()
    tx.portal_accounts.add(_account("fran", "fran@example.com", contact_id))
    second = _account("pat", "pat@example.com", contact_id)
    assert _refusal(tx, lambda: tx.portal_accounts.add(second)) == (
        "contact_id",
        "unique_portal_contact",
    )


def test_no_update_changes_a_username_not_even_its_case(tx: SqlTransaction) -> None:
    account = _account("fran", "fran@example.com")
    tx.portal_accounts.add(account)
    for username in ("Fran", "fran ", "pat"):
        renamed = attrs.evolve(account, username=username)
        assert _refusal(tx, lambda r=renamed: tx.portal_accounts.update(r)) == (  # type: ignore[misc]
            "username",
            "username_immutable",
        )
    assert tx.portal_accounts.get(account.id).username == "fran"


def test_a_digest_is_stored_once_and_consumed_once(tx: SqlTransaction) -> None:
    account = _account("fran", "fran@example.com")
    tx.portal_accounts.add(account)
    digest = token_digest("a-token")
    token = PortalToken(account.id, _record(digest))
    tx.portal_tokens.add(token)
    again = PortalToken(account.id, _record(digest))
    assert _refusal(tx, lambda: tx.portal_tokens.add(again)) == ("token", "unique_token")
    assert tx.portal_tokens.consume(digest.upper(), at=AT) is False
    assert tx.portal_tokens.consume(digest, at=AT) is True
    assert tx.portal_tokens.consume(digest, at=AT) is False
    assert tx.portal_tokens.consume(token_digest("unknown"), at=AT) is False
    stored = tx.portal_tokens.find(digest)
    assert stored is not None
    assert stored.record.used_at == AT


def _record(digest: str) -> TokenRecord:
    return TokenRecord(digest=digest, purpose=TokenPurpose.ACTIVATION, expires_at=AT)


def test_template_names_are_unique_when_folded(tx: SqlTransaction) -> None:
    tx.data_sheets.add_template(DataSheetTemplate(new_id(), "Große Ablesung", ("A",)))
    duplicate = DataSheetTemplate(new_id(), "GROSSE ABLESUNG", ("B",))
    assert _refusal(tx, lambda: tx.data_sheets.add_template(duplicate)) == (
        "name",
        "unique_template_name",
    )


def test_no_secret_reaches_a_refusal_or_its_traceback(
    host_engine: Callable[..., Engine],
) -> None:
    # On an engine the host made, without hide_parameters: the repositories themselves
    # must keep the driver's text, which holds the parameters, out of the error.
    engine = host_engine()
    backend = SqlBackend(engine)
    backend.erase_all_data()
    tx = backend.begin()
    try:
        tx.portal_accounts.add(_account("fran", "fran@example.com"))
        for account in (
            _account("FRAN", "pat@example.com"),
            _account("lee", "fran@example.com"),
        ):
            with pytest.raises(Conflict) as caught, tx.savepoint():
                tx.portal_accounts.add(account)
            text = "".join(traceback.format_exception(caught.value))
            assert account.password_hash is not None
            assert account.totp_secret is not None
            assert account.password_hash not in text
            assert account.totp_secret.stored not in text
            assert _secret(account.username).reveal() not in text
    finally:
        tx.rollback()
