"""The project's automation: `nox -s tests`, `lint`, `typing`, `docs`, `bench`.

Which stores the conformance suite runs on is set by COMMTRAK_TEST_URLS (space- or
comma-separated store URLs); without it the suite runs on the in-memory backend and on
in-memory SQLite. A configured URL whose server does not answer fails the run.
"""

from __future__ import annotations

import os

import nox

nox.options.sessions = ["lint", "typing", "base_install", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.default_venv_backend = "venv"

PYTHON = os.environ.get("COMMTRAK_PYTHON") or None


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (and the conformance suite on every configured store)."""
    session.install("-e", ".[test-sql]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def base_install(session: nox.Session) -> None:
    """Check that the in-memory backend works with no extra installed."""
    session.install(".")
    session.run(
        "python",
        "-c",
        "import commtrak; s = commtrak.open_store('memory://'); print('base install ok:', s)",
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check style and common mistakes with ruff, and the layers with import-linter."""
    session.install("ruff>=0.6", "import-linter>=2.1")
    session.install("--no-deps", "-e", ".")
    session.run("lint-imports")
    session.run("ruff", "check", "src", "tests", "benchmarks", "examples", "docs", "noxfile.py")
    session.run(
        "ruff", "format", "--check", "src", "tests", "benchmarks", "examples", "docs", "noxfile.py"
    )


@nox.session(python=PYTHON)
def typing(session: nox.Session) -> None:
    """Type-check the library with mypy --strict."""
    session.install("-e", ".[test-sql]", "mypy>=1.10")
    session.run("mypy", "--strict", "src")


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the Sphinx site with warnings as errors and nitpicky references; no network."""
    # The test extra too: the reference documents commtrak.testing, which imports pytest
    # and hypothesis; and sqlalchemy for the SQL backend's reference.
    session.install("-e", ".[docs,test,sqlalchemy,cli]")
    session.run(
        "sphinx-build", "-W", "-n", "--keep-going", "-b", "html", "docs", "docs/_build/html"
    )


@nox.session(python=PYTHON)
def example_backend(session: nox.Session) -> None:
    """Install the example third-party backend and run the conformance suite on it.

    With the SQL extra: the round-trip contracts carry the example store's archive into
    every other store the run names (COMMTRAK_TEST_URLS), the SQL ones included.
    """
    session.install("-e", ".[test-sql]")
    session.install("-e", "examples/jsonfile_backend")
    session.run("pytest", "examples/jsonfile_backend", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Run the benchmarks, each beside its hand-written baseline measured in the same run.

    Navigation and search on groups of 1,000 and 100,000 members; the thin call
    (``customers.get`` and ``groups.next`` beside the driver's query, statements per
    call); finding and merging
    5,000 duplicate sets among 250,000 contacts; invoice-address template rendering;
    the ZIP export's peak memory for 100,000 and 1,000,000 customers; the CSV import of
    100,000 customers beside the driver's executemany of the same rows, and the peak
    memory of a 1,000,000-row import; the service
    reminders' due list over 1,000,000 reminders and a batch decision over 10,000; aged debt over
    100,000 customers and 1,000,000 invoices, and a 10,000-invoice statement.
    Each runs on a SQLite file and, when COMMTRAK_BENCH_POSTGRESQL names one, on a
    PostgreSQL database.
    """
    session.install("-e", ".[test-sql]")
    session.run("python", "benchmarks/bench_navigation.py", *session.posargs)
    session.run("python", "benchmarks/bench_reads.py")
    session.run("python", "benchmarks/bench_duplicates.py")
    session.run("python", "benchmarks/bench_templates.py")
    session.run("python", "benchmarks/bench_files.py")
    session.run("python", "benchmarks/bench_export.py", "--sizes", "100000", "1000000")
    session.run("python", "benchmarks/bench_import.py")
    session.run("python", "benchmarks/bench_service.py")
    session.run("python", "benchmarks/bench_finance.py")
