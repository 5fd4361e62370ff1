"""The memory backend's plugin: registered through the ``commtrak.backends`` entry point."""

from __future__ import annotations

from commtrak.hookspecs import hookimpl
from commtrak.plugins import BackendRegistry
from commtrak_memory.backend import MemoryBackend


@hookimpl
def commtrak_register_backends(registry: BackendRegistry) -> None:
    """Serve ``memory://``."""
    registry.add_scheme("memory", MemoryBackend)
