"""The ``commtrak`` command: a demo, customers, groups, duplicates, export and import.

It is built on Click, with rich for tables and progress, which the ``cli`` extra
installs (``pip install 'commtrak[cli]'``); the library itself needs neither. The
commands are described in the documentation's command-line reference; this module holds
the entry point, which says what to install when the extra is missing.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]

#: The packages of the ``cli`` extra.
CLI_PACKAGES = frozenset({"click", "rich"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``commtrak`` command line with *argv* (default: the process's arguments).

    Returns:
        The exit status: 0 done, 1 input rejected, 2 usage error or unusable store,
        130 interrupted by Ctrl-C, 141 standard output closed by its reader.
    """
    try:
        from commtrak.cli._app import run
    except KeyboardInterrupt:  # Ctrl-C while Click, rich and the backends load
        return 130
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in CLI_PACKAGES:
            raise
        print(
            f"commtrak: the command needs {error.name}, which is not installed; "
            "install it with: pip install 'commtrak[cli]'",
            file=sys.stderr,
        )
        return 2
    return run(argv)
