"""The exit status and the one line each kind of error ends a command with."""

from __future__ import annotations

import pytest

from commtrak import (
    BackendUnavailable,
    ConfigurationError,
    Conflict,
    NotFound,
    PermissionDenied,
    SessionClosed,
    UnsupportedURL,
    ValidationError,
)
from commtrak.cli._output import (
    EXIT_INTERRUPTED,
    EXIT_PIPE_CLOSED,
    EXIT_REJECTED,
    EXIT_UNUSABLE,
    UnusableStore,
    counted,
    failure_status,
)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ValidationError("name", "required", "is required"), EXIT_REJECTED),
        (Conflict("name", "unique_group_name", "is taken"), EXIT_REJECTED),
        (NotFound("customer", 1), EXIT_REJECTED),
        (PermissionDenied("contacts.merge", "may not"), EXIT_REJECTED),
        (SessionClosed("used after its block"), EXIT_REJECTED),
        (UnsupportedURL("x://", ["memory"]), EXIT_UNUSABLE),
        (BackendUnavailable("the database did not answer:\n\tIs it running?"), EXIT_UNUSABLE),
        (UnusableStore("no file"), EXIT_UNUSABLE),
        (ConfigurationError("secret_keys", "required", "no key"), EXIT_UNUSABLE),
        (PermissionError(13, "Permission denied"), EXIT_UNUSABLE),
    ],
)
def test_each_error_is_one_line_and_its_status(
    error: Exception, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert failure_status(error, debug=False) == status
    err = capsys.readouterr().err
    assert err.startswith("commtrak: ")
    assert err.count("\n") == 1


def test_ctrl_c_and_a_closed_pipe_end_without_a_word(capsys: pytest.CaptureFixture[str]) -> None:
    assert failure_status(KeyboardInterrupt(), debug=False) == EXIT_INTERRUPTED
    assert failure_status(BrokenPipeError(), debug=False) == EXIT_PIPE_CLOSED
    during_ctrl_c = RuntimeError("the rollback failed too")
    during_ctrl_c.__context__ = KeyboardInterrupt()
    assert failure_status(during_ctrl_c, debug=False) == EXIT_INTERRUPTED
    assert capsys.readouterr().err == ""


def test_counted_names_the_kinds_that_are_not_zero() -> None:
    assert counted({"groups": 1, "contacts": 0, "customers": 4}) == "1 groups, 4 customers"
    assert counted({"groups": 0}) == "nothing"
