"""The root of the command: the ``commtrak`` group, its global options and its commands.

A command is a Click command in a module of this package, one module per group of
commands; adding one is adding it to :data:`COMMANDS`. The commands raise the library's
errors as they come: the root group turns every one into an exit status and one line
(:func:`commtrak.cli._output.failure_status`), so that no command handles errors itself.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import click

from commtrak._version import __version__
from commtrak.cli._output import failure_status, guarded
from commtrak.cli.customers import customers
from commtrak.cli.data import export, import_, import_archive_, transfer_
from commtrak.cli.demo import demo
from commtrak.cli.duplicates import duplicates
from commtrak.cli.groups import groups, reassign
from commtrak.cli.migrate import migrate
from commtrak.cli.report import report

__all__ = ["COMMANDS", "commtrak", "run"]

#: Every command of ``commtrak``, in the order ``--help`` lists them.
COMMANDS: tuple[click.Command, ...] = (
    demo,
    customers,
    report,
    groups,
    reassign,
    duplicates,
    export,
    import_,
    import_archive_,
    transfer_,
    migrate,
)

_EPILOG = """\b
Exit status:
  0    done
  1    input rejected; nothing was written
  2    usage error, or a store that cannot be used (bad URL, missing file)
  130  interrupted by Ctrl-C; the store is left as it was
  141  standard output closed by its reader
"""


class CommtrakGroup(click.Group):
    """The root group: every error of a command ends here, as one line and a status.

    Its :meth:`main` is Click's, made to end the same way for every caller: the
    installed script, ``python -m commtrak.cli`` and Click's test runner.
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; exit with its status (return it if not standalone)."""
        status = guarded(
            lambda: super(CommtrakGroup, self).main(
                args, prog_name, complete_var, standalone_mode=False, **extra
            )
        )
        if standalone_mode:
            sys.exit(status)
        return status

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; turn any error it raises into its exit status."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (Exception, KeyboardInterrupt) as error:
            status = failure_status(error, debug=bool(ctx.params.get("debug")))
            raise click.exceptions.Exit(status) from None


@click.group(
    cls=CommtrakGroup,
    epilog=_EPILOG,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(
    __version__, "--version", prog_name="commtrak", message="%(prog)s %(version)s"
)
@click.option("--debug", is_flag=True, help="Print the traceback of an error, for bug reports.")
def commtrak(debug: bool) -> None:
    """Customer groups, contacts and duplicates, in a commtrak store.

    Every command takes --url, the store to use (default: $COMMTRAK_URL, else
    sqlite:///commtrak.db). Commands that only read refuse a SQLite path that names no
    file, instead of creating an empty database. Errors are one line on standard
    error. Run 'commtrak COMMAND --help' for a command's arguments.
    """


for _command in COMMANDS:
    commtrak.add_command(_command)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: the process's); return the exit status."""
    status: int = commtrak.main(
        args=list(argv) if argv is not None else None, prog_name="commtrak", standalone_mode=False
    )
    return status
