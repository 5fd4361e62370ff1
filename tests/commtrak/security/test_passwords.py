from __future__ import annotations

import unicodedata

import argon2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from commtrak.errors import ValidationError
from commtrak.security import (
    OWASP_ARGON2ID,
    Argon2Parameters,
    PasswordCheck,
    hash_password,
    verify_password,
)

# Text anyone can type: every character except lone surrogates.
passwords = st.text(st.characters(blacklist_categories=("Cs",)), max_size=64)


def test_the_default_parameters_are_owasps_argon2id_recommendation() -> None:
    assert (
        Argon2Parameters(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16)
        == OWASP_ARGON2ID
    )
    stored = hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password(stored, "correct horse battery staple") == PasswordCheck(
        matches=True, needs_rehash=False
    )


@given(password=passwords)
def test_a_password_verifies_against_its_own_hash(
    fast_argon2: Argon2Parameters, password: str
) -> None:
    stored = hash_password(password, parameters=fast_argon2)
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, password, parameters=fast_argon2) == PasswordCheck(
        matches=True, needs_rehash=False
    )


@given(password=passwords, other=passwords)
def test_another_password_does_not_verify(
    fast_argon2: Argon2Parameters, password: str, other: str
) -> None:
    same = unicodedata.normalize("NFKC", password) == unicodedata.normalize("NFKC", other)
    stored = hash_password(password, parameters=fast_argon2)
    check = verify_password(stored, other, parameters=fast_argon2)
    assert check.matches == same
    if not same:
        assert not check.needs_rehash


def test_each_hash_has_its_own_salt(fast_argon2: Argon2Parameters) -> None:
    first = hash_password("the same password", parameters=fast_argon2)
    second = hash_password("the same password", parameters=fast_argon2)
    assert first != second


@pytest.mark.parametrize(
    ("stored_as", "entered"),
    [
        ("\ufb01nancial planning", "financial planning"),  # ligature fi
        ("caf\u00e9 au lait!", "cafe\u0301 au lait!"),  # composed vs decomposed e-acute
        ("\uff30\uff41\uff53\uff53 word", "Pass word"),  # full-width letters
    ],
)
def test_passwords_are_compared_after_nfkc_normalization(
    fast_argon2: Argon2Parameters, stored_as: str, entered: str
) -> None:
    stored = hash_password(stored_as, parameters=fast_argon2)
    assert verify_password(stored, entered, parameters=fast_argon2).matches


def test_case_and_surrounding_spaces_matter(fast_argon2: Argon2Parameters) -> None:
    stored = hash_password("Tangerine Sky", parameters=fast_argon2)
    assert not verify_password(stored, "tangerine sky", parameters=fast_argon2).matches
    assert not verify_password(stored, "Tangerine Sky ", parameters=fast_argon2).matches


def test_a_hash_made_with_other_parameters_verifies_and_asks_for_a_rehash(
    fast_argon2: Argon2Parameters,
) -> None:
    stored = hash_password("an older hash", parameters=fast_argon2)
    stronger = Argon2Parameters(time_cost=2, memory_cost=16, parallelism=1)
    assert verify_password(stored, "an older hash", parameters=stronger) == PasswordCheck(
        matches=True, needs_rehash=True
    )
    assert verify_password(stored, "wrong", parameters=stronger) == PasswordCheck(
        matches=False, needs_rehash=False
    )


def test_an_argon2i_hash_verifies_and_asks_for_a_rehash_to_argon2id(
    fast_argon2: Argon2Parameters,
) -> None:
    legacy = argon2.PasswordHasher(
        time_cost=fast_argon2.time_cost,
        memory_cost=fast_argon2.memory_cost,
        parallelism=fast_argon2.parallelism,
        type=argon2.Type.I,
    ).hash("legacy password")
    check = verify_password(legacy, "legacy password", parameters=fast_argon2)
    assert check == PasswordCheck(matches=True, needs_rehash=True)


@pytest.mark.parametrize(
    "stored", ["", "not a hash", "$argon2id$v=19$m=8,t=1,p=1$garbage", "$2b$12$bcrypthash"]
)
def test_a_malformed_stored_hash_never_matches(fast_argon2: Argon2Parameters, stored: str) -> None:
    assert verify_password(stored, "anything", parameters=fast_argon2) == PasswordCheck(
        matches=False
    )


@given(password=passwords)
def test_no_stored_hash_never_matches(fast_argon2: Argon2Parameters, password: str) -> None:
    assert verify_password(None, password, parameters=fast_argon2) == PasswordCheck(matches=False)


def test_no_stored_hash_still_costs_a_hash(
    fast_argon2: Argon2Parameters, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = argon2.PasswordHasher.verify

    def spy(self: argon2.PasswordHasher, hash: str, password: str | bytes) -> bool:
        calls.append(hash)
        return original(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", spy)
    verify_password(None, "commtrak: no account", parameters=fast_argon2)
    assert len(calls) == 1
    assert calls[0].startswith("$argon2id$")


def test_a_lone_surrogate_is_refused_without_quoting_it(fast_argon2: Argon2Parameters) -> None:
    with pytest.raises(ValidationError) as caught:
        hash_password("secret\ud800part", parameters=fast_argon2)
    assert (caught.value.field, caught.value.rule) == ("password", "invalid_character")
    assert "secret" not in str(caught.value)
    assert "\ud800" not in str(caught.value)
    stored = hash_password("secret", parameters=fast_argon2)
    assert not verify_password(stored, "secret\ud800", parameters=fast_argon2).matches


def test_the_outcome_shows_no_secret(fast_argon2: Argon2Parameters) -> None:
    stored = hash_password("p4ssphrase-in-repr", parameters=fast_argon2)
    check = verify_password(stored, "p4ssphrase-in-repr", parameters=fast_argon2)
    assert "p4ssphrase" not in repr(check)
    assert repr(check) == "PasswordCheck(matches=True, needs_rehash=False)"
