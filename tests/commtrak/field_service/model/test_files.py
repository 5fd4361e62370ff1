from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commtrak import ValidationError
from commtrak.field_service import DEFAULT_FILE_LIMITS, FileLimits, check_file_name


def test_the_seeds_limits_are_the_defaults() -> None:
    assert FileLimits(max_bytes=32 * 1024 * 1024, max_name=75) == DEFAULT_FILE_LIMITS


def test_a_name_of_75_characters_passes_and_76_is_refused() -> None:
    assert check_file_name("a" * 71 + ".pdf") == "a" * 71 + ".pdf"
    with pytest.raises(ValidationError) as caught:
        check_file_name("a" * 72 + ".pdf")
    assert (caught.value.field, caught.value.rule) == ("name", "max_length")
    assert check_file_name("é" * 75)  # characters, not bytes


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("", "required"),
        ("   ", "required"),
        ("../etc/passwd", "file_name"),
        ("a/b.pdf", "file_name"),
        ("a\\b.pdf", "file_name"),
        ("..", "file_name"),
        ("what?.txt", "file_name"),
        ("tab\there.txt", "control_character"),
        (42, "type"),
    ],
)
def test_a_bad_name_is_refused_by_rule(name: object, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_file_name(name)
    assert (caught.value.field, caught.value.rule) == ("name", rule)


def test_limits_are_configurable_and_checked() -> None:
    assert check_file_name("abcdef", FileLimits(max_name=6)) == "abcdef"
    with pytest.raises(ValidationError):
        check_file_name("abcdefg", FileLimits(max_name=6))
    with pytest.raises(ValidationError) as caught:
        FileLimits(max_bytes=0)
    assert (caught.value.field, caught.value.rule) == ("max_bytes", "positive")


@given(st.text(max_size=90))
def test_an_accepted_name_is_one_short_name(text: str) -> None:
    try:
        name = check_file_name(text)
    except ValidationError as error:
        assert error.field == "name"  # noqa: PT017
        return
    assert 0 < len(name) <= 75
    assert not set(name) & set('/\\:*?"<>|')
    assert name not in {".", ".."}
