"""What the conformance suite cannot see: the file itself, and the plugin's registration."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

import commtrak
from commtrak import Actor, Address, BackendUnavailable, ValidationError
from commtrak.security import Argon2Parameters, Keyring, PortalConfig, new_key, totp_code
from commtrak.testing.conformance import PinnedClock

ACTOR = Actor.system()
PASSWORD = "plum orchard sunrise 42"
NEW_PASSWORD = "new orchard sunrise 77"


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"jsonfile://{tmp_path / 'crm.json'}"


def test_the_entry_point_registers_the_scheme(url: str) -> None:
    store = commtrak.open_store(url)
    assert store.url == url
    assert "jsonfile" in commtrak.plugins.default_plugins().backends.schemes


def test_a_commit_writes_the_file_and_a_new_backend_reads_it(url: str, tmp_path: Path) -> None:
    with commtrak.open_store(url).session(actor=ACTOR) as s:
        group = s.groups.create("Real Peach Real Estate")
        hq = s.customers.add(
            name="Real Peach HQ", address=Address(line1="1 Peach St", postcode="6000")
        )
        s.groups.add_member(group.id, hq.id)
    document = json.loads((tmp_path / "crm.json").read_text(encoding="utf-8"))
    assert [g["name"] for g in document["groups"]] == ["Real Peach Real Estate"]
    with commtrak.open_store(url).session(actor=ACTOR) as s:
        assert s.groups.get(group.id).head_office_id == hq.id
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crm.json", "crm.json.lock"]


def test_a_rollback_leaves_the_file_untouched(url: str, tmp_path: Path) -> None:
    with commtrak.open_store(url).session(actor=ACTOR) as s:
        s.groups.create("Kept")
    before = (tmp_path / "crm.json").read_bytes()

    def create_then_fail() -> None:
        with commtrak.open_store(url).session(actor=ACTOR) as s:
            s.groups.create("Discarded")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        create_then_fail()
    assert (tmp_path / "crm.json").read_bytes() == before


def test_a_nested_session_in_one_thread_is_refused(url: str) -> None:
    store = commtrak.open_store(url)
    with store.session(actor=ACTOR), pytest.raises(BackendUnavailable):
        store.session(actor=ACTOR).__enter__()


def test_a_corrupt_file_is_reported_not_overwritten(url: str, tmp_path: Path) -> None:
    (tmp_path / "crm.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(BackendUnavailable, match="not a commtrak-jsonfile store"):
        commtrak.open_store(url).session(actor=ACTOR).__enter__()
    assert (tmp_path / "crm.json").read_text(encoding="utf-8") == "{not json"


def test_a_url_without_a_path_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        commtrak.open_store("jsonfile://")
    assert caught.value.rule == "jsonfile_url"


def test_everything_survives_reopening_the_file(url: str) -> None:
    offline = commtrak.EmailChecker("offline")
    with commtrak.open_store(url, email_checker=offline) as store, store.session(actor=ACTOR) as s:
        s.departments.add("Accounts")
        hq = s.customers.add(name="HQ", address=Address(line1="1 Peach St", postcode="6000"))
        contact = s.contacts.add(
            hq.id, name="Fran James", email="fran@realpeach.example", departments=["Accounts"]
        )
        birthday = s.custom_fields.define("Birth date", "date")
        s.custom_fields.set_value(contact.id, birthday.id, "1990-05-01")
    with commtrak.open_store(url, email_checker=offline) as store, store.session(actor=ACTOR) as s:
        again = s.contacts.get(contact.id)
        assert (again.name, again.email, again.departments) == (
            "Fran James",
            "fran@realpeach.example",
            ("Accounts",),
        )
        assert [d.name for d in s.departments.all()] == ["Accounts"]
        assert str(s.custom_fields.values(contact.id)["Birth date"]) == "1990-05-01"


def test_a_second_backend_on_the_same_file_sees_each_commit(url: str) -> None:
    first, second = commtrak.open_store(url), commtrak.open_store(url)
    with first.session(actor=ACTOR) as s:
        s.groups.create("One")
    with second.session(actor=ACTOR) as s:
        assert [g.name for g in s.groups.all()] == ["One"]
        s.groups.create("Two")
    with first.session(actor=ACTOR) as s:
        assert [g.name for g in s.groups.all()] == ["One", "Two"]


def test_portal_credentials_and_tokens_survive_reopening_the_file(url: str, tmp_path: Path) -> None:
    clock = PinnedClock()
    options = {
        "clock": clock,
        "email_checker": commtrak.EmailChecker("offline"),
        # The cheapest argon2id parameters: the test is about storage, not hashing.
        "portal": PortalConfig(
            password_parameters=Argon2Parameters(time_cost=1, memory_cost=8, parallelism=1),
            secret_keys=Keyring({"file-key": new_key()}, current="file-key"),
        ),
    }
    with commtrak.open_store(url, **options) as store, store.session(actor=ACTOR) as s:
        hq = s.customers.add(name="HQ", address=Address(line1="1 Peach St", postcode="6000"))
        fran = s.contacts.add(hq.id, name="Fran James", email="fran@realpeach.example")
        issued = s.portal.grant(fran.id)
        username = issued.account.username
        s.portal.activate(issued.token, PASSWORD)
        enrolment = s.portal.enrol_totp(username, PASSWORD)
        clock.advance(seconds=30)
        s.portal.confirm_totp(username, PASSWORD, totp_code(enrolment.secret, clock.now))
        reset = s.portal.request_password_reset(username)
    assert reset is not None
    # The file now holds a password hash and a TOTP secret: its owner alone may read it.
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "crm.json").stat().st_mode) == 0o600
    # ...and the TOTP secret only encrypted: the file alone does not give the second factor.
    assert enrolment.secret.reveal() not in (tmp_path / "crm.json").read_text()

    # A new store object reads the file afresh, as another process would.
    with commtrak.open_store(url, **options) as store, store.session(actor=ACTOR) as s:
        clock.advance(seconds=30)
        assert s.portal.login(username, PASSWORD, totp_code(enrolment.secret, clock.now))
        s.portal.reset_password(reset.token, NEW_PASSWORD)
    with commtrak.open_store(url, **options) as store, store.session(actor=ACTOR) as s:
        clock.advance(seconds=30)
        assert s.portal.login(username, NEW_PASSWORD, totp_code(enrolment.secret, clock.now))
        with pytest.raises(ValidationError) as again:
            s.portal.reset_password(reset.token, PASSWORD)
        assert again.value.rule == "used"  # its use was saved too
