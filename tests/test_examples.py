"""The scripts in examples/ run, and print what the docs say they print."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def test_there_are_examples() -> None:
    assert SCRIPTS, f"no example scripts in {EXAMPLES}"


@pytest.mark.parametrize("script", SCRIPTS, ids=[script.name for script in SCRIPTS])
def test_example_runs(script: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.strip(), f"{script.name} printed nothing"


def test_quickstart_prints_the_group() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "quickstart.py")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.splitlines() == [
        "Group: Real Peach Real Estate",
        "  Real Peach Real Estate Fremantle",
        "  Real Peach Real Estate Head Office  [Head Office]",
        "  Real Peach Real Estate Perth",
        "Contacts selectable at Perth:",
        "  Pat Quinn (Perth)",
        "  Fran James (Head Office)",
        "After the Head Office comes: Real Peach Real Estate Perth",
        "Perth's Head Office: Real Peach Real Estate Head Office",
        "Search 'peach': Real Peach Real Estate (3 members)",
        "Merged fran.james@realpeach.example: archived 1 duplicate(s)",
        "Invoice address of Perth:",
        "  Real Peach Real Estate Perth",
        "  20 Hay Street",
        "  Perth, 6000",
    ]


def test_the_host_application_tests_of_the_testing_guide_pass() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(EXAMPLES / "host_app_tests"),
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=EXAMPLES.parent,
        env={**os.environ, "COMMTRAK_TEST_URLS": "memory://"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
