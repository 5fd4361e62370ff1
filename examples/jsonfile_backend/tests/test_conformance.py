"""Run commtrak's whole backend conformance suite on the JSON-file backend."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from commtrak.testing.conformance import ConformanceSuite, DuplicateContract

STORE = Path(tempfile.mkdtemp(prefix="commtrak-jsonfile-")) / "store.json"
atexit.register(shutil.rmtree, STORE.parent, ignore_errors=True)


class TestJsonFileBackend(ConformanceSuite):
    """Every contract, on a store file in a temporary directory."""

    store_url = f"jsonfile://{STORE}"


class TestJsonFileMerges(DuplicateContract):
    """The merge contract with a host's own contact reference; ConformanceSuite leaves it out."""

    store_url = f"jsonfile://{STORE}"
