"""``python -m commtrak.cli``: the ``commtrak`` command, run by the current interpreter."""

from __future__ import annotations

from commtrak.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
