"""The root of the command: ``--version``, ``--help``, ``--debug``, and how errors end."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click
import pytest

import commtrak
from commtrak.cli._app import COMMANDS
from commtrak.cli._app import commtrak as root
from commtrak.services.groups import GroupService

if TYPE_CHECKING:
    from conftest import Invoke


def every_command(
    command: click.Command, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from every_command(sub, (*path, name))


COMMAND_PATHS = [path for path, _ in every_command(root)]


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"commtrak {commtrak.__version__}\n"


def test_every_command_is_registered() -> None:
    assert set(root.commands.values()) == set(COMMANDS)
    assert {" ".join(p) for p in COMMAND_PATHS} >= {
        "demo",
        "export",
        "import",
        "transfer",
        "migrate",
        "reassign",
        "groups search",
        "groups show",
        "customers list",
        "duplicates list",
        "duplicates preview",
        "duplicates merge",
    }


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "commtrak")
def test_help_is_plain_text_explaining_every_argument_and_option(
    invoke: Invoke, path: tuple[str, ...]
) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    text = result.stdout
    assert not re.search(r"``|:py:|:func:|:class:|:meth:|\*\*", text), text
    command = dict(every_command(root))[path]
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            assert parameter.help, f"{parameter.name} of {path} has no help"
        else:
            assert parameter.human_readable_name.strip("[].") in (command.help or ""), (
                f"{parameter.human_readable_name} of {path} is not explained"
            )


def test_no_command_shows_the_help(invoke: Invoke) -> None:
    result = invoke()
    assert result.exit_code == 2
    assert "Usage: commtrak [OPTIONS] COMMAND" in result.stderr


def test_an_unknown_command_or_option_is_one_line_and_status_two(invoke: Invoke) -> None:
    result = invoke("exprot")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("commtrak: No such command 'exprot'.")
    option = invoke("export", "--bogus")
    assert option.exit_code == 2
    assert option.stderr.startswith("commtrak: No such option")
    assert option.stderr.endswith("--bogus'. (see 'commtrak export --help')\n")


def test_an_unknown_url_scheme_is_one_line_naming_the_installed_ones(invoke: Invoke) -> None:
    result = invoke("demo", "--url", "nosuch://")
    assert result.exit_code == 2
    assert result.stderr.startswith("commtrak: no installed backend handles 'nosuch://'")
    assert "memory" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_database_that_does_not_answer_is_one_line_and_status_two(invoke: Invoke) -> None:
    result = invoke("groups", "search", "peach", "--url", "postgresql+psycopg://u@127.0.0.1:1/x")
    assert result.exit_code == 2
    assert result.stderr.startswith("commtrak: the database did not answer")
    assert result.stderr.count("\n") == 1


def test_an_unexpected_error_is_one_line_and_debug_shows_its_traceback(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bug in the library, which no input can trigger on purpose.
    def broken(self: GroupService, query: str) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(GroupService, "search", broken)
    result = invoke("groups", "search", "peach", "--url", "memory://")
    assert result.exit_code == 1
    assert result.stderr == (
        "commtrak: unexpected error: RuntimeError: a bug "
        "(run 'commtrak --debug ...' to see where)\n"
    )
    debug = invoke("--debug", "groups", "search", "peach", "--url", "memory://")
    assert debug.exit_code == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.endswith("commtrak: unexpected error: RuntimeError: a bug\n")


def test_debug_shows_the_traceback_of_a_rejection(invoke: Invoke) -> None:
    result = invoke("--debug", "groups", "search", "pe", "--url", "memory://")
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "commtrak.errors.ValidationError" in result.stderr
