"""How the command ends: exit statuses, one-line errors, Ctrl-C, a closed pipe, consoles.

Every way a command can end is decided here, once, so that every command ends the same
way: an error is one readable line on standard error (a traceback only with
``--debug``), Ctrl-C ends with status 130 after the session rolled back, and a reader
that closes the pipe early (``commtrak customers list | head -1``) ends the command
quietly.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
import uuid
from collections.abc import Callable, Iterator, Mapping

import click
from rich.console import Console
from rich.table import Table

from commtrak.errors import (
    BackendUnavailable,
    CommtrakError,
    ConfigurationError,
    Conflict,
    NotFound,
    PermissionDenied,
    PluginError,
    UnsupportedURL,
    ValidationError,
)

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PIPE_CLOSED",
    "EXIT_REJECTED",
    "EXIT_UNUSABLE",
    "ID",
    "UnusableStore",
    "counted",
    "failure_status",
    "guarded",
    "show",
    "status",
    "stderr_console",
    "stdout_console",
    "table",
]

#: The command did what it was asked.
EXIT_OK = 0
#: The input was rejected (a commtrak ValidationError, Conflict, NotFound or
#: PermissionDenied), or the command failed unexpectedly; nothing was written.
EXIT_REJECTED = 1
#: A usage error (bad arguments, a missing file) or a store that cannot be used (a bad
#: URL, a missing SQLite file, a database that does not answer, a missing key).
EXIT_UNUSABLE = 2
#: Interrupted by Ctrl-C (SIGINT): 128 + the signal's number, as shells report it.
EXIT_INTERRUPTED = 130
#: The reader of standard output went away (SIGPIPE's 128 + 13, as shells report it).
EXIT_PIPE_CLOSED = 141

#: Errors that mean the input was refused by the library's rules.
_REJECTIONS = (ValidationError, Conflict, NotFound, PermissionDenied)
#: Errors that mean the store named by ``--url`` cannot be used, as installed and
#: configured.
_UNUSABLE = (UnsupportedURL, BackendUnavailable, PluginError, ConfigurationError)


class UnusableStore(CommtrakError):
    """The store named by ``--url`` cannot be used: a missing SQLite file, a bad URL.

    Attributes:
        field: ``url``.
        rule: ``unusable_store``.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message, field="url", rule="unusable_store")


def one_line(text: str) -> str:
    """Return *text* with its line breaks and runs of blanks folded into single spaces."""
    return " ".join(text.split())


def _interrupted(error: BaseException) -> bool:
    """Whether *error* is Ctrl-C, or an error raised while Ctrl-C was being handled."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _silence_stdout() -> None:
    """Point standard output at the null device, so that its last flush cannot fail.

    Python's documentation of SIGPIPE recommends this: once the reader is gone, any
    flush of the buffered output (at exit too) would raise ``BrokenPipeError`` again.
    """
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's buffer)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def failure_status(error: BaseException, *, debug: bool) -> int:
    """Report *error* as the command's end and return the exit status it means.

    Ctrl-C and a closed standard output end without a word; every other error is one
    line on standard error, after its traceback when *debug* is set.
    """
    if _interrupted(error):
        if debug:
            traceback.print_exception(error)
        return EXIT_INTERRUPTED
    if isinstance(error, BrokenPipeError):
        _silence_stdout()
        return EXIT_PIPE_CLOSED
    if debug:
        traceback.print_exception(error)
    if isinstance(error, _REJECTIONS):
        status, message = EXIT_REJECTED, str(error)
    elif isinstance(error, (*_UNUSABLE, UnusableStore, OSError)):
        status, message = EXIT_UNUSABLE, str(error)
    elif isinstance(error, CommtrakError):
        status, message = EXIT_REJECTED, str(error)
    else:
        status = EXIT_REJECTED
        message = f"unexpected error: {type(error).__name__}: {error}"
        if not debug:
            message += " (run 'commtrak --debug ...' to see where)"
    click.echo(f"commtrak: {one_line(message)}", err=True)
    return status


def _flushed(status: int) -> int:
    """Flush standard output; a reader that went away turns *status* into a quiet end."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE_CLOSED
    return status


def guarded(run: Callable[[], object]) -> int:
    """Run Click's command line *run* (not in standalone mode); return the exit status.

    The commands' own errors were reported inside the root group; what is left is what
    Click raises while parsing: a usage error becomes one line naming the command's
    ``--help``, and Ctrl-C at a prompt ends with status 130.
    """
    try:
        result = run()
    except click.exceptions.NoArgsIsHelpError as error:
        error.show()
        return EXIT_UNUSABLE
    except click.UsageError as error:
        where = error.ctx.command_path if error.ctx else "commtrak"
        click.echo(f"commtrak: {one_line(error.format_message())} (see '{where} --help')", err=True)
        return EXIT_UNUSABLE
    except click.ClickException as error:
        click.echo(f"commtrak: {one_line(error.format_message())}", err=True)
        return error.exit_code
    except click.Abort as error:
        if _interrupted(error):
            return EXIT_INTERRUPTED
        click.echo("commtrak: aborted", err=True)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE_CLOSED
    return _flushed(result if isinstance(result, int) else EXIT_OK)


class _Console(Console):
    """A rich console that leaves a closed pipe to :func:`failure_status`.

    Rich's own reaction (silence standard output, exit with status 1) would skip the
    session's rollback reporting and give the wrong status.
    """

    def on_broken_pipe(self) -> None:
        """Raise the ``BrokenPipeError`` being handled again."""
        self.quiet = True
        raise


def stdout_console() -> Console:
    """Return a console writing to standard output (as it is now; tests replace it)."""
    return _Console(highlight=False)


def stderr_console() -> Console:
    """Return a console writing to standard error, for progress and prompts."""
    return _Console(stderr=True, highlight=False)


@contextlib.contextmanager
def status(message: str) -> Iterator[None]:
    """Show *message* with a spinner on standard error while the block runs.

    Only when standard error is a terminal: in a pipe, a log or a test nothing is
    written, so that no progress ever mixes with data.
    """
    console = stderr_console()
    if not console.is_terminal:
        yield
        return
    with console.status(message):
        yield


#: The widest a table is made on standard output that is not a terminal.
_UNWRAPPED = 10_000

#: The heading of a column of ids, which are never wrapped, so that they can be copied.
ID = "Id"


def table(*columns: str, title: str | None = None) -> Table:
    """Return a table with *columns*; a column headed :data:`ID` is never wrapped.

    Nor is any heading: each column is at least as wide as its heading.
    """
    made = Table(*columns, title=title, title_justify="left")
    for column in made.columns:
        column.min_width = len(str(column.header))
        column.overflow = "fold"
        if column.header == ID:
            column.no_wrap = True
            column.min_width = len(str(uuid.UUID(int=0)))
    return made


def show(rows: Table, *, empty: str) -> None:
    """Print a table on standard output, or the sentence *empty* when it has no rows."""
    if rows.row_count:
        console = stdout_console()
        if not console.is_terminal:  # a file or a pipe: whole lines, for grep and cut
            console.width = Console(width=_UNWRAPPED).measure(rows).maximum
        console.print(rows)
    else:
        click.echo(empty)


def counted(counts: Mapping[str, int]) -> str:
    """Return ``"1 groups, 4 customers"``: the kinds of *counts* that are not zero."""
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "nothing"
