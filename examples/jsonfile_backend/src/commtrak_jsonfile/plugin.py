"""The plugin module named by the ``commtrak.backends`` entry point."""

from __future__ import annotations

from commtrak.hookspecs import hookimpl
from commtrak.plugins import BackendRegistry
from commtrak_jsonfile.backend import JsonFileBackend


@hookimpl
def commtrak_register_backends(registry: BackendRegistry) -> None:
    """Serve ``jsonfile://`` URLs."""
    registry.add_scheme("jsonfile", JsonFileBackend)
