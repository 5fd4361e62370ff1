"""The backend port: what a storage plugin's factory returns.

See :mod:`commtrak.ports` for the orders and the error contract every port shares.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from commtrak.ports.transaction import Transaction

__all__ = ["Backend"]


@runtime_checkable
class Backend(Protocol):
    """A storage backend, as a plugin's factory returns it."""

    @property
    def url(self) -> str:
        """The URL the backend was opened with, with any password masked."""
        ...

    @property
    def capabilities(self) -> frozenset[str]:
        """Optional capabilities, e.g. ``"concurrent_processes"``.

        The conformance suite skips the tests of a capability the backend lacks, and
        only those.
        """
        ...

    def begin(self) -> Transaction:
        """Start a transaction.

        Raises:
            BackendUnavailable: when the storage does not answer.
        """
        ...

    def erase_all_data(self) -> None:
        """Delete everything the backend stores. For test suites only; irreversible."""

    def close(self) -> None:
        """Release connections and files. The backend is not used afterwards."""
