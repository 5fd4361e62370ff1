from __future__ import annotations

import base64
import pickle
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commtrak import ConfigurationError
from commtrak.security import Keyring, SealedSecret, Secret, new_key
from commtrak.security.encryption import ENVELOPE_VERSION, KEY_BYTES

KEY = bytes(range(32))
OTHER = bytes(range(50, 82))
RING = Keyring({"k1": KEY}, current="k1")
OWNER = uuid.UUID("01234567-89ab-cdef-0123-456789abcdef")
FIELD = "totp_secret"
SECRET = Secret("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")


def seal(secret: Secret = SECRET, ring: Keyring = RING) -> SealedSecret:
    return ring.seal(secret, field=FIELD, owner=OWNER)


def refusal(sealed: SealedSecret, ring: Keyring = RING, **where: object) -> tuple[str, str]:
    place: dict[str, object] = {"field": FIELD, "owner": OWNER} | where
    with pytest.raises(ConfigurationError) as caught:
        ring.open(sealed, **place)  # type: ignore[arg-type]
    return caught.value.field, caught.value.rule


@given(st.text())
def test_any_text_opens_as_it_was_sealed(text: str) -> None:
    assert RING.open(seal(Secret(text)), field=FIELD, owner=OWNER) == Secret(text)


def test_the_envelope_names_its_version_and_key_and_hides_the_secret() -> None:
    sealed = seal()
    version, key_id, payload = sealed.stored.split("$")
    assert (version, key_id, sealed.key_id, sealed.encrypted) == (
        ENVELOPE_VERSION,
        "k1",
        "k1",
        True,
    )
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert len(raw) == 12 + len(SECRET.reveal()) + 16  # nonce, ciphertext, tag
    for form in (SECRET.reveal(), base64.b32decode(SECRET.reveal()).hex()):
        assert form not in sealed.stored
    assert base64.b32decode(SECRET.reveal()) not in raw


def test_each_sealing_has_its_own_nonce() -> None:
    envelopes = {seal().stored for _ in range(50)}
    nonces = {base64.urlsafe_b64decode(e.split("$")[2] + "==")[:12] for e in envelopes}
    assert len(envelopes) == len(nonces) == 50


def test_a_ciphertext_is_bound_to_its_owner_and_field() -> None:
    sealed = seal()
    assert refusal(sealed, owner=uuid.uuid4()) == (FIELD, "wrong_key")
    assert refusal(sealed, field="other_secret") == ("other_secret", "wrong_key")


def test_a_relabelled_envelope_does_not_open_under_another_key() -> None:
    ring = Keyring({"k1": KEY, "k2": KEY}, current="k1")
    relabelled = SealedSecret(seal(ring=ring).stored.replace("$k1$", "$k2$"))
    assert refusal(relabelled, ring) == (FIELD, "wrong_key")


def test_the_wrong_key_and_a_missing_key_say_so_without_cryptography_errors() -> None:
    sealed = seal()
    impostor = Keyring({"k1": OTHER}, current="k1")
    assert refusal(sealed, impostor) == (FIELD, "wrong_key")
    elsewhere = Keyring({"k9": KEY}, current="k9")
    assert refusal(sealed, elsewhere) == (FIELD, "unknown_key")
    assert refusal(SealedSecret(SECRET.reveal())) == (FIELD, "not_encrypted")


@given(st.integers(min_value=0), st.integers(min_value=1, max_value=255))
def test_any_altered_byte_is_refused(position: int, flip: int) -> None:
    version, key_id, payload = seal().stored.split("$")
    raw = bytearray(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    raw[position % len(raw)] ^= flip
    altered = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    assert refusal(SealedSecret(f"{version}${key_id}${altered}")) == (FIELD, "wrong_key")


RULES = {"opened", "not_encrypted", "envelope_form", "unknown_key", "wrong_key"}


def outcome(sealed: SealedSecret) -> str:
    try:
        RING.open(sealed, field=FIELD, owner=OWNER)
    except ConfigurationError as error:
        return error.rule
    return "opened"


@given(st.text())
def test_any_stored_text_opens_or_is_refused_by_rule(text: str) -> None:
    for stored in (text, f"{ENVELOPE_VERSION}${text}", f"{ENVELOPE_VERSION}$k1${text}"):
        assert outcome(SealedSecret(stored)) in RULES


def test_resealing_moves_a_secret_to_the_current_key_and_encrypts_clear_text() -> None:
    old = seal()
    ring = Keyring({"k1": KEY, "k2": OTHER}, current="k2")
    assert ring.needs_reseal(old)
    assert not RING.needs_reseal(old)
    moved = ring.reseal(old, field=FIELD, owner=OWNER)
    assert moved.key_id == "k2"
    assert not ring.needs_reseal(moved)
    assert ring.open(moved, field=FIELD, owner=OWNER) == SECRET
    clear = SealedSecret(SECRET.reveal())
    assert ring.needs_reseal(clear)
    assert (
        ring.open(ring.reseal(clear, field=FIELD, owner=OWNER), field=FIELD, owner=OWNER) == SECRET
    )


@pytest.mark.parametrize(
    ("keys", "current", "rule"),
    [
        ({}, "k1", "type"),
        ([("k1", KEY)], "k1", "type"),
        ({"": KEY}, "", "key_id"),
        ({"a$b": KEY}, "a$b", "key_id"),
        ({"x" * 33: KEY}, "x" * 33, "key_id"),
        ({1: KEY}, 1, "key_id"),
        ({"k1": KEY[:16]}, "k1", "key_length"),
        ({"k1": KEY.hex()}, "k1", "key_length"),
        ({"k1": KEY}, "k2", "current_key"),
    ],
)
def test_a_malformed_ring_is_refused_by_rule(keys: object, current: object, rule: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        Keyring(keys, current=current)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("secret_keys", rule)
    assert KEY.hex() not in str(caught.value)
    assert repr(KEY) not in str(caught.value)


def test_neither_ring_nor_envelope_shows_a_key_or_a_secret() -> None:
    ring = Keyring({"k1": KEY, "k0": OTHER}, current="k1")
    sealed = seal(ring=ring)
    shown = [repr(ring), str(ring), repr(sealed), repr(SealedSecret(SECRET.reveal()))]
    assert shown[0] == "Keyring(current='k1', key_ids=('k0', 'k1'))"
    assert shown[2] == "SealedSecret(key_id='k1')"
    for text in shown:
        for hidden in (repr(KEY), KEY.hex(), repr(OTHER), SECRET.reveal(), sealed.stored):
            assert hidden not in text
    with pytest.raises(TypeError):
        pickle.dumps(ring)


def test_new_keys_are_random_and_256_bits() -> None:
    first, second = new_key(), new_key()
    assert len(first) == len(second) == KEY_BYTES
    assert first != second
    Keyring({"fresh": first}, current="fresh")
