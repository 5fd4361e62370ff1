"""commtrak's in-memory backend: the reference backend, and the one test suites use.

Open it with ``commtrak.open_store("memory://")``; it registers through the
``commtrak.backends`` entry point exactly as a third-party plugin would.
"""

from __future__ import annotations

from commtrak_memory.backend import MemoryBackend, MemoryTransaction

__all__ = ["MemoryBackend", "MemoryTransaction"]
