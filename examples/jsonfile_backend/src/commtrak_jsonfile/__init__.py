"""commtrak-jsonfile: an example commtrak backend that keeps a store in one JSON file.

Open it with ``commtrak.open_store("jsonfile:///path/to/store.json")`` once the package
is installed: its entry point in the ``commtrak.backends`` group registers the
``jsonfile`` scheme.
"""

from __future__ import annotations

from commtrak_jsonfile.backend import JsonFileBackend, JsonFileTransaction

__all__ = ["JsonFileBackend", "JsonFileTransaction"]
