from __future__ import annotations

import datetime
import uuid

import pytest

from commtrak import ValidationError
from commtrak.model import PortalAccount, check_username
from commtrak.model.portal_accounts import MAX_USERNAME, username_key
from commtrak.security import Keyring, SealedSecret, Secret

NOW = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)


def test_a_username_is_trimmed_and_may_be_an_email() -> None:
    assert check_username("  fran@example.com ") == "fran@example.com"


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("", "required"),
        ("   ", "required"),
        ("fran james", "whitespace"),
        ("fran\u00a0james", "whitespace"),
        ("fran:james", "colon"),
        ("x" * (MAX_USERNAME + 1), "max_length"),
        ("fran\x00", "control_character"),
        (42, "type"),
    ],
)
def test_bad_usernames_name_the_rule(value: object, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_username(value)
    assert (caught.value.field, caught.value.rule) == ("username", rule)


def test_usernames_compare_folded() -> None:
    assert username_key("Fran.JAMES") == username_key("fran.james")
    assert username_key("STRASSE") == username_key("straße")


@pytest.mark.parametrize("sealed", [True, False], ids=["sealed", "stored_in_clear"])
def test_the_repr_shows_neither_the_hash_nor_the_totp_secret(sealed: bool) -> None:
    account_id = uuid.uuid4()
    secret = Secret("JBSWY3DPEHPK3PXP")
    keys = Keyring({"k1": bytes(32)}, current="k1")
    stored = (
        keys.seal(secret, field="totp_secret", owner=account_id)
        if sealed
        else SealedSecret(secret.reveal())
    )
    account = PortalAccount(
        id=account_id,
        contact_id=uuid.uuid4(),
        username="fran",
        email_key="fran@example.com",
        granted_at=NOW,
        granted_by="Sam",
        password_hash="$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        totp_secret=stored,
    )
    for text in (repr(account), str(account), repr(account.totp_secret)):
        assert "argon2" not in text
        assert "aGFzaGhhc2g" not in text
        assert "JBSWY3DPEHPK3PXP" not in text
        assert stored.stored not in text
    assert account.has_access
    assert not account.locked
    assert not account.totp_enrolled
