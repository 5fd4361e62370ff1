"""Running the ``commtrak`` command: through Click's test runner, and as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from commtrak import Actor, Address, Customer, open_store
from commtrak.cli._app import commtrak
from commtrak.model.ids import new_id
from commtrak.serialization import converter, export_data

Invoke = Callable[..., Result]


@pytest.fixture
def invoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run ``commtrak ARGS...`` in-process, in *tmp_path*, without COMMTRAK_URL."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMMTRAK_URL", raising=False)

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(commtrak, list(args), input=input)

    return run


@pytest.fixture
def demo_url(tmp_path: Path, invoke: Invoke) -> str:
    """A SQLite file holding the demo's Real Peach Real Estate group."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert invoke("demo", "--url", url).exit_code == 0
    return url


class EntryPoint:
    """``commtrak`` as a real process: ``python -m commtrak.cli``, in a directory."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        source = str(Path(__file__).resolve().parents[3] / "src")
        paths = [source, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        self.environment = dict(os.environ, PYTHONPATH=os.pathsep.join(paths))
        self.environment.pop("COMMTRAK_URL", None)

    @staticmethod
    def argv(*args: str) -> list[str]:
        """The argv of ``commtrak ARGS...`` run by this interpreter."""
        return [sys.executable, "-m", "commtrak.cli", *args]

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        """Run ``commtrak ARGS...`` to its end; assert it printed no traceback."""
        return self.execute(self.argv(*args), stdin=stdin)

    def execute(
        self, argv: list[str] | str, *, stdin: str = "", shell: bool = False
    ) -> subprocess.CompletedProcess[str]:
        """Run *argv* (a shell line if *shell*) to its end; assert it printed no traceback."""
        done = subprocess.run(
            argv,
            shell=shell,
            cwd=self.cwd,
            env=self.environment,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in done.stderr, done.stderr
        return done

    def start(self, *args: str, **options: Any) -> subprocess.Popen[str]:
        """Start ``commtrak ARGS...``; the caller waits for it."""
        return subprocess.Popen(
            self.argv(*args), cwd=self.cwd, env=self.environment, text=True, **options
        )


@pytest.fixture
def entry_point(tmp_path: Path) -> EntryPoint:
    """``commtrak`` as a real process, working in *tmp_path*."""
    return EntryPoint(tmp_path)


def make_customers_document(count: int) -> dict[str, Any]:
    """An export document of an otherwise empty store with *count* customers."""
    with open_store("memory://") as store, store.session(actor=Actor.system()) as s:
        document = export_data(s)
    address = Address(line1="1 Peach Street", town="Perth", postcode="6000")
    document["customers"] = [
        converter.unstructure(Customer(id=new_id(), name=f"Customer {n:06}", address=address))
        for n in range(count)
    ]
    return document


@pytest.fixture(scope="module")
def many_customers(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a SQLite file holding 5,000 customers (for output that fills a pipe)."""
    folder = tmp_path_factory.mktemp("many")
    source = folder / "customers.json"
    source.write_text(json.dumps(make_customers_document(5000)))
    url = f"sqlite:///{folder / 'customers.db'}"
    done = EntryPoint(folder).run("import", "--url", url, str(source))
    assert done.returncode == 0, done.stderr
    return url


@pytest.fixture
def customers_document() -> Callable[[int], dict[str, Any]]:
    """Make an export document of an otherwise empty store with so many customers."""
    return make_customers_document
