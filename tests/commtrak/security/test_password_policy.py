from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commtrak.errors import ValidationError
from commtrak.security import DEFAULT_PASSWORD_POLICY, PasswordPolicy, check_password_policy

REFUSED = [
    ("short-1!", "min_length"),
    ("x" * 257, "max_length"),
    ("aaaaaaaaaaaa", "repetitive"),
    ("abcabcabcabc", "repetitive"),
    ("correcthorsecorrecthorse", "repetitive"),
    ("abcdefghijklm", "sequential"),
    ("abcABCabcABC", "repetitive"),
    ("9876543210987", "sequential"),
    ("uvwxyzabcdefg", "sequential"),
    ("\u3041\u3042\u3043\u3044\u3045\u3046\u3047\u3048\u3049\u304a\u304b\u304c", "sequential"),
    ("zyxwvutsrqpon", "sequential"),
    ("12345678901234", "sequential"),
    ("password1234", "too_common"),
    ("Password123!", "too_common"),
    ("PASSWORDpassword", "repetitive"),
    ("P@ssw0rd2024!", "too_common"),
    ("2024dragon!!!", "too_common"),
    ("qwertyuiop!!", "too_common"),
    ("fran.james-2024!", "contains_username"),
    ("MyNameIsJames99", "contains_username"),
    ("realpeach-rocks-2024", "contains_username"),
]


@pytest.mark.parametrize(("password", "rule"), REFUSED)
def test_a_weak_password_is_refused_by_its_rule_without_being_quoted(
    password: str, rule: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        check_password_policy(password, username="fran.james", email="fran@realpeach.example")
    error = caught.value
    assert (error.field, error.rule) == ("password", rule)
    assert password not in str(error)
    assert password not in error.message
    assert password.lower() not in str(error).lower()


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "Tr0ub4dor&3-zebra",
        "ünïcödé pässwörd ✓",
        "パスワードは長い文字列です",
        "          spaces count too",
        ("amber lantern moth " * 14)[:256],
    ],
)
def test_a_reasonable_password_passes(password: str) -> None:
    check_password_policy(password, username="fran.james", email="fran@realpeach.example")


@given(st.text(string.ascii_letters + string.digits + string.punctuation, max_size=11))
def test_every_password_below_the_minimum_is_refused(password: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_password_policy(password)
    assert caught.value.rule == "min_length"


def test_length_is_counted_after_nfkc_normalization() -> None:
    # Twelve code points as typed, eleven after NFKC composes e + combining acute.
    with pytest.raises(ValidationError, match="min_length"):
        check_password_policy("Zebracafe\u0301!q")
    check_password_policy("Zebracafe\u0301!qx")


def test_no_composition_rules_apply() -> None:
    check_password_policy("all lowercase words here")


def test_short_parts_of_the_username_are_not_refused() -> None:
    check_password_policy("amber lantern moth", username="al.b", email="al@b.example")


def test_context_words_of_the_service_are_refused_case_insensitively() -> None:
    policy = PasswordPolicy(context_words={"Real Peach", "commtrak"})
    with pytest.raises(ValidationError) as caught:
        check_password_policy("my COMMTRAK login 42", policy=policy)
    assert caught.value.rule == "contains_context_word"
    check_password_policy("my COMMTRAK login 42")


def test_a_custom_blocklist_is_compared_case_insensitively() -> None:
    policy = PasswordPolicy(blocklist={"Tangerine Sky Above"})
    with pytest.raises(ValidationError, match="too_common"):
        check_password_policy("tangerine sky above", policy=policy)
    # The custom list replaces the built-in one.
    check_password_policy("password1234", policy=policy)


def test_the_minimum_length_can_be_lowered_to_nists_floor_only() -> None:
    policy = PasswordPolicy(min_length=8)
    check_password_policy("amber-moth", policy=policy)
    with pytest.raises(ValueError, match="at least 8"):
        PasswordPolicy(min_length=7)
    with pytest.raises(ValueError, match="at least 64"):
        PasswordPolicy(max_length=63)
    with pytest.raises(ValueError, match="min_length"):
        PasswordPolicy(min_length=100, max_length=80)


def test_the_default_policy() -> None:
    assert DEFAULT_PASSWORD_POLICY.min_length == 12
    assert DEFAULT_PASSWORD_POLICY.max_length == 256
    assert "password" in DEFAULT_PASSWORD_POLICY.blocklist
    assert "blocklist" not in repr(DEFAULT_PASSWORD_POLICY)


def test_a_password_that_is_not_text_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        check_password_policy(123456789012)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.rule) == ("password", "type")
