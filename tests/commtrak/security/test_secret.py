from __future__ import annotations

import copy
import logging
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from commtrak.security import Secret

MASK = "Secret('***')"


@given(st.text())
def test_repr_str_and_format_never_show_the_value(value: str) -> None:
    secret = Secret(value)
    assert repr(secret) == MASK
    assert str(secret) == MASK
    assert f"{secret}" == MASK
    assert f"{secret!r}" == MASK
    assert f"{secret:>40}" == MASK
    assert "%s %r" % (secret, secret) == f"{MASK} {MASK}"  # noqa: UP031
    assert secret.reveal() == value


def test_a_record_holding_a_secret_does_not_show_it() -> None:
    @attrs.frozen
    class Holder:
        secret: Secret

    holder = Holder(Secret("hunter2-and-more"))
    assert "hunter2" not in repr(holder)
    assert repr(holder) == f"Holder(secret={MASK})"
    assert "hunter2" not in repr([holder, {"k": holder.secret}])


def test_logging_a_secret_shows_the_mask(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("commtrak.test").info("secret is %s / %r", Secret("s3cr3t!"), Secret("x"))
    assert "s3cr3t" not in caplog.text
    assert MASK in caplog.text


@given(st.text(), st.text())
def test_secrets_are_equal_exactly_when_their_values_are(a: str, b: str) -> None:
    assert (Secret(a) == Secret(b)) == (a == b)
    assert Secret(a) == Secret(a)


def test_a_secret_never_equals_plain_text() -> None:
    assert Secret("abc") != "abc"


def test_a_secret_with_a_lone_surrogate_compares_without_error() -> None:
    assert Secret("\ud800") == Secret("\ud800")
    assert Secret("\ud800") != Secret("\ud801")


def test_a_secret_is_not_hashable() -> None:
    with pytest.raises(TypeError):
        hash(Secret("abc"))


def test_a_secret_cannot_be_pickled_or_copied_into_a_pickle() -> None:
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(Secret("abc"))
    with pytest.raises(TypeError):
        copy.copy(Secret("abc"))


def test_a_secret_holds_only_text_and_does_not_quote_what_it_was_given() -> None:
    with pytest.raises(TypeError) as caught:
        Secret(b"raw-bytes-secret")  # type: ignore[arg-type]
    assert "raw-bytes-secret" not in str(caught.value)
    assert "bytes" in str(caught.value)
