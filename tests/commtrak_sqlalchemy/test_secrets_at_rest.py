"""No portal secret in the database's columns, nor in the SQL log, on every SQL database.

The raw TOTP column is read with SQLAlchemy, past commtrak's repositories, as someone
holding a dump would read it; and a whole portal life (grant, activation, enrolment,
logins good and bad, a reset) runs with SQL logging on, on an engine commtrak made and
on one the host made with ``echo=True`` and without ``hide_parameters``.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from commtrak import Actor, PortalLoginFailed, Store
from commtrak.security import token_digest, totp_code
from commtrak.testing.conformance import PinnedClock
from commtrak.testing.conformance._base import TEST_KEYS, add_customer, open_test_store
from commtrak.testing.conformance._portal import PASSWORD, PortalUser, login, portal_user
from commtrak_sqlalchemy.backend import SqlBackend

STAFF = Actor.staff("staff-1", "Sam Supervisor", "supervisor")
WEB = Actor("portal", "Customer portal", via_portal=True)
NEW_PASSWORD = "quince meadow lantern 8"


def text_forms(secret: str) -> list[str]:
    """The TOTP secret as its base32 text, and its bytes in their usual text encodings."""
    raw = base64.b32decode(secret)
    return [
        secret,
        secret.lower(),
        raw.hex(),
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).rstrip(b"=").decode(),
    ]


def forms(secret: str) -> list[bytes]:
    """The TOTP secret's :func:`text_forms`, encoded, and its raw bytes."""
    return [*(form.encode() for form in text_forms(secret)), base64.b32decode(secret)]


def raw_totp_column(store: Store) -> list[object]:
    """Every value of the accounts' ``totp_secret`` column, as the driver returns it."""
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    column = backend.tables.portal.accounts.c.totp_secret
    with backend.engine.connect() as connection:
        return list(connection.execute(select(column)).scalars())


def test_the_raw_totp_column_holds_no_secret_in_clear(sql_url: str) -> None:
    clock = PinnedClock()
    with open_test_store(sql_url, clock=clock) as store:
        with store.session(actor=STAFF) as s:
            customer = add_customer(s, "Peach")
            users = [portal_user(s, clock, customer.id, f"u{n}@example.com") for n in range(3)]
        values = raw_totp_column(store)
    assert len(values) == 3
    for value in values:
        assert isinstance(value, str)
        assert value.startswith(f"aesgcm1${TEST_KEYS.current}$")
        for user in users:
            for form in forms(user.secret.reveal()):
                assert form not in value.encode(), form


def portal_life(store: Store, clock: PinnedClock) -> list[str]:
    """Grant, activate, enrol, confirm, log in, fail, reset; return every secret made."""
    with store.session(actor=STAFF) as s:
        customer = add_customer(s, "Peach")
        user: PortalUser = portal_user(s, clock, customer.id, "fran@example.com")
        login(s, clock, user)
        reset = s.portal.request_password_reset(user.username)
        assert reset is not None
    with pytest.raises(PortalLoginFailed), store.session(actor=WEB) as s:
        s.portal.login(user.username, "a wrong password", "000000")
    hashes = [stored_hash(store, user)]
    with store.session(actor=WEB) as s:
        s.portal.reset_password(reset.token, NEW_PASSWORD)
        clock.advance(seconds=30)
        s.portal.login(user.username, NEW_PASSWORD, totp_code(user.secret, clock.now))
    hashes.append(stored_hash(store, user))
    with store.session(actor=STAFF) as s:
        account = s.portal.account(user.contact.id)
        assert account is not None
        assert account.totp_secret is not None
        envelope = account.totp_secret.stored
    token = reset.token.reveal()
    return [
        PASSWORD,
        NEW_PASSWORD,
        token,
        token_digest(token),
        envelope,
        *hashes,
        *(password_hash.rsplit("$", 1)[-1] for password_hash in hashes),  # the digest alone
        *text_forms(user.secret.reveal()),
    ]


def stored_hash(store: Store, user: PortalUser) -> str:
    """The password hash the store holds for *user*."""
    with store.session(actor=STAFF) as s:
        account = s.portal.account(user.contact.id)
    assert account is not None
    assert account.password_hash is not None
    return account.password_hash


@pytest.mark.parametrize("engine_by", ["commtrak", "host"])
def test_sql_logging_shows_no_secret_hash_or_token(
    sql_url: str,
    engine_by: str,
    host_engine: Callable[..., Engine],
    caplog: pytest.LogCaptureFixture,
) -> None:
    source: object = sql_url if engine_by == "commtrak" else host_engine(echo=True)
    clock = PinnedClock()
    with (
        caplog.at_level(logging.INFO, logger="sqlalchemy.engine"),
        open_test_store(source, clock=clock) as store,
    ):
        secrets = portal_life(store, clock)
    log = caplog.text
    assert "INSERT INTO commtrak_portal_accounts" in log  # the statements were logged
    assert "[SQL parameters hidden due to hide_parameters=True]" in log
    assert len(secrets) == 14  # two passwords, a token, its digest, an envelope, 2+2, 5
    for secret in secrets:
        assert secret not in log
