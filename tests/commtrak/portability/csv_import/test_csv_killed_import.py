"""An import killed part-way (SIGKILL) and run again: every valid row is in the store once.

The import runs in a process of its own on a store that outlives it (a SQLite file, or
the configured PostgreSQL and MariaDB databases), is killed after it reported a few
batches, and is run again to its end.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from commtrak import Actor, EmailChecker, open_store
from commtrak.portability.csv_import import import_customers
from commtrak.testing.conformance._base import open_test_store

ROWS = 3000
BATCH = 100
#: Rows without a name, rejected each time.
BAD = {7, 1500, 2999}

CHILD = textwrap.dedent(
    """
    import sys
    from commtrak import Actor, EmailChecker, open_store
    from commtrak.portability.csv_import import import_customers

    url, path = sys.argv[1:]
    with open_store(url, email_checker=EmailChecker("offline")) as store:
        import_customers(
            store, path, actor=Actor.system(), batch_size=BATCH,
            progress=lambda p: print(p.read, flush=True),
        )
    """
).replace("BATCH", str(BATCH))


def _durable_url(commtrak_url: str, tmp_path: Path) -> str:
    if commtrak_url == "memory://":
        pytest.skip("a memory store ends with the process that holds it")
    if commtrak_url == "sqlite://":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return commtrak_url


def test_a_killed_import_run_again_holds_every_valid_row_once(
    commtrak_url: str, tmp_path: Path
) -> None:
    url = _durable_url(commtrak_url, tmp_path)
    with open_test_store(url):
        pass  # erased
    path = tmp_path / "customers.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Company", "Address Line 1", "Postcode", "Contact"])
        for n in range(ROWS):
            writer.writerow(["" if n in BAD else f"Customer {n:05}", f"{n} St", "6000", f"C{n}"])
    source = str(Path(__file__).resolve().parents[4] / "src")
    environment = dict(
        os.environ, PYTHONPATH=os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])
    )
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
    )
    assert child.stdout is not None
    for _ in range(5):  # five batches reported: the sixth is being written
        assert child.stdout.readline(), "the import ended before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL
    with open_store(url, email_checker=EmailChecker("offline")) as store:
        result = import_customers(store, path, actor=Actor.system(), batch_size=BATCH)
        assert result.rejected == len(BAD)
        assert 0 < result.skipped < ROWS - len(BAD)
        assert result.imported + result.skipped == ROWS - len(BAD)
        with store.session(actor=Actor.system()) as s:
            customers = scan_all(s.transaction.customers)
            contacts = scan_all(s.transaction.contacts)
    assert Counter(c.name for c in customers) == Counter(
        f"Customer {n:05}" for n in range(ROWS) if n not in BAD
    )
    assert Counter(c.customer_id for c in contacts) == Counter(c.id for c in customers)


def scan_all(repository: Any) -> list[Any]:
    """Every record of a repository, read a page at a time."""
    found: list[Any] = []
    while page := repository.scan(found[-1].id if found else None, 1000):
        found.extend(page)
    return found
