"""Run a test module as several worker processes at once and gather their outcomes."""

from __future__ import annotations

import json
import subprocess
import sys


def outcomes_of_processes(script: str, arguments: list[str]) -> list[str]:
    """Start ``python script argument`` for every argument at once; return their outcomes.

    Each worker prints a JSON list of outcome strings on its standard output; the lists
    are joined in the order of *arguments*. A worker that fails fails the test with its
    output.

    Args:
        script: The path of the module to run (the test module's ``__file__``).
        arguments: One command-line argument (a JSON document) per worker.
    """
    processes = [
        subprocess.Popen([sys.executable, script, argument], stdout=subprocess.PIPE, text=True)
        for argument in arguments
    ]
    outcomes: list[str] = []
    for process in processes:
        out, _ = process.communicate(timeout=300)
        assert process.returncode == 0, out
        outcomes.extend(json.loads(out))
    return outcomes
