from __future__ import annotations

import datetime
import hashlib

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from commtrak.errors import ValidationError
from commtrak.security import (
    DEFAULT_TOKEN_LIFETIMES,
    IssuedToken,
    Secret,
    TokenPurpose,
    TokenRecord,
    consume_token,
    issue_token,
    token_digest,
    verify_token,
)

NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


@attrs.define
class FakeClock:
    now: datetime.datetime = NOW

    def __call__(self) -> datetime.datetime:
        return self.now


def issue(purpose: TokenPurpose = TokenPurpose.ACTIVATION) -> IssuedToken:
    return issue_token(purpose, lifetime=HOUR, clock=FakeClock())


def rule_of(call: object) -> str:
    assert callable(call)
    with pytest.raises(ValidationError) as caught:
        call()
    assert caught.value.field == "token"
    return caught.value.rule


def test_an_issued_token_is_a_secret_and_only_its_digest_is_stored() -> None:
    issued = issue()
    token = issued.token.reveal()
    assert isinstance(issued.token, Secret)
    assert len(token) == 43  # 32 random bytes, URL-safe base64 without padding
    assert issued.record.digest == hashlib.sha256(token.encode()).hexdigest()
    assert issued.record.digest == token_digest(token)
    assert issued.record == TokenRecord(
        digest=token_digest(token),
        purpose=TokenPurpose.ACTIVATION,
        expires_at=NOW + HOUR,
        used_at=None,
    )
    assert not issued.record.used


def test_no_repr_shows_the_token_or_its_digest() -> None:
    issued = issue()
    token = issued.token.reveal()
    for text in (repr(issued), str(issued), repr(issued.record), str(issued.record)):
        assert token not in text
        assert issued.record.digest not in text
    assert "Secret('***')" in repr(issued)


def test_tokens_are_unique() -> None:
    tokens = {issue().token.reveal() for _ in range(200)}
    assert len(tokens) == 200


def test_default_lifetimes_depend_on_the_purpose() -> None:
    clock = FakeClock()
    activation = issue_token(TokenPurpose.ACTIVATION, clock=clock)
    reset = issue_token(TokenPurpose.PASSWORD_RESET, clock=clock)
    assert activation.record.expires_at == NOW + datetime.timedelta(days=3)
    assert reset.record.expires_at == NOW + datetime.timedelta(hours=1)
    assert set(DEFAULT_TOKEN_LIFETIMES) == set(TokenPurpose)


@pytest.mark.parametrize("lifetime", [datetime.timedelta(0), -HOUR])
def test_a_lifetime_must_be_positive(lifetime: datetime.timedelta) -> None:
    with pytest.raises(ValidationError) as caught:
        issue_token(TokenPurpose.ACTIVATION, lifetime=lifetime, clock=FakeClock())
    assert (caught.value.field, caught.value.rule) == ("lifetime", "positive")


def test_a_token_is_valid_until_just_before_it_expires() -> None:
    issued = issue()
    token = issued.token.reveal()
    clock = FakeClock(NOW + HOUR - datetime.timedelta(microseconds=1))
    verify_token(issued.record, token, TokenPurpose.ACTIVATION, clock=clock)
    clock.now = NOW + HOUR
    assert rule_of(lambda: verify_token(issued.record, token, "activation", clock=clock)) == (
        "expired"
    )


def test_consuming_marks_the_record_used_and_a_second_use_is_refused() -> None:
    issued = issue(TokenPurpose.PASSWORD_RESET)
    token = issued.token.reveal()
    clock = FakeClock(NOW + datetime.timedelta(minutes=5))
    used = consume_token(issued.record, token, TokenPurpose.PASSWORD_RESET, clock=clock)
    assert used == attrs.evolve(issued.record, used_at=NOW + datetime.timedelta(minutes=5))
    assert used.used
    again = lambda: consume_token(used, token, TokenPurpose.PASSWORD_RESET, clock=clock)  # noqa: E731
    assert rule_of(again) == "used"


def test_a_token_for_another_purpose_is_invalid_not_merely_wrong_purpose() -> None:
    issued = issue(TokenPurpose.ACTIVATION)
    token = issued.token.reveal()
    assert (
        rule_of(
            lambda: verify_token(
                issued.record, token, TokenPurpose.PASSWORD_RESET, clock=FakeClock()
            )
        )
        == "invalid"
    )


def test_a_wrong_token_is_invalid_even_when_the_record_is_used_or_expired() -> None:
    record = attrs.evolve(issue().record, used_at=NOW)
    late = FakeClock(NOW + 2 * HOUR)
    guess = "not-the-token"
    assert rule_of(lambda: verify_token(record, guess, "activation", clock=late)) == "invalid"


def test_something_that_is_not_text_is_an_invalid_token() -> None:
    record = issue().record
    bad: object = b"bytes"
    assert (
        rule_of(lambda: verify_token(record, bad, "activation", clock=FakeClock()))  # type: ignore[arg-type]
        == "invalid"
    )


@given(guesses=st.lists(st.text(), max_size=5))
def test_only_the_issued_token_consumes_its_record_and_only_once(guesses: list[str]) -> None:
    issued = issue()
    token = issued.token.reveal()
    record = issued.record
    clock = FakeClock()
    for guess in guesses:
        if guess == token:
            continue
        assert rule_of(lambda g=guess: consume_token(record, g, "activation", clock=clock)) == (
            "invalid"
        )
    record = consume_token(record, token, TokenPurpose.ACTIVATION, clock=clock)
    for presented in [token, *guesses]:
        rule = rule_of(lambda p=presented: consume_token(record, p, "activation", clock=clock))
        assert rule == ("used" if presented == token else "invalid")


def test_no_error_message_quotes_the_token() -> None:
    issued = issue()
    token = issued.token.reveal()
    used = attrs.evolve(issued.record, used_at=NOW)
    for record, presented in [(issued.record, token + "x"), (used, token)]:
        with pytest.raises(ValidationError) as caught:
            verify_token(record, presented, "activation", clock=FakeClock())
        assert token not in str(caught.value)
        assert record.digest not in str(caught.value)
