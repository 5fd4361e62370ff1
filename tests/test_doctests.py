"""Every example in the documentation runs: the Markdown pages and the docstrings.

The pages of docs/ and the docstrings of the shipped packages are run as doctests here,
with the standard library's doctest, rather than through pytest's --doctest-modules, which
would import every test module a second time and trips over the several conftest.py files
of tests/. A ``>>>`` example in a Markdown page ends at a blank line, so every fenced
example block ends with one before its closing fence.
"""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(path for path in (ROOT / "docs").rglob("*.md") if "_build" not in path.parts)
PACKAGES = ["commtrak", "commtrak_memory", "commtrak_sqlalchemy"]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
# Alembic's scripts (its env.py and the revisions) run only inside Alembic; importing them
# on their own fails by design.
SCRIPTS = "commtrak_sqlalchemy.migrations."
# Modules kept for old imports, which warn when imported (tests/commtrak/test_moved_modules.py).
MOVED = {"commtrak.portal", "commtrak.repositories"}


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        names.append(package)
        path = importlib.import_module(package).__path__
        names += [
            info.name
            for info in pkgutil.walk_packages(path, prefix=f"{package}.")
            if not info.name.startswith(SCRIPTS) and info.name not in MOVED
        ]
    return sorted(names)


def _run(tests: list[doctest.DocTest]) -> int:
    """Run *tests*, fail with doctest's report if any example fails; return the count."""
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in tests:
        runner.run(test, out=report.write)
    assert runner.failures == 0, report.getvalue()
    return runner.tries


def test_there_are_pages_with_examples() -> None:
    assert len(PAGES) >= 5


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT / "docs")) for p in PAGES])
def test_page_examples(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(
        text, {"__name__": "__main__"}, page.name, str(page), 0
    )
    _run([test])


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name: str) -> None:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name and error.name.partition(".")[0] in PACKAGES:
            raise
        pytest.skip(f"{name} needs {error.name}, an optional dependency not installed here")
    _run(doctest.DocTestFinder(exclude_empty=True).find(module, name))
