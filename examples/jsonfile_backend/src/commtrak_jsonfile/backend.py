"""The JSON-file backend: a durable file under commtrak's in-memory reference backend.

The design, in three sentences:

* **In-process state** is a :class:`commtrak_memory.MemoryBackend`, commtrak's public
  reference implementation of every repository. Its transactions already keep an undo
  log, so savepoints and rollback come for free, and every repository commtrak adds in a
  later release is implemented there first, so this backend keeps up without a change.
* **The durable layer** is one JSON file holding a commtrak export document
  (:func:`commtrak.serialization.export_data`), written *with the portal's secrets*
  (``include_secrets=True``): a plain export leaves out password hashes, TOTP secrets and
  token records, and a store reloaded from one would log every contact out for good. A
  transaction that begins after the file changed (another process committed, or the
  backend was just opened) first loads it into a fresh memory backend with
  :func:`commtrak.serialization.import_data`, which restores them.
* **A commit** commits the memory transaction, exports the store and writes the document
  to a temporary file beside the store, then renames it over the store with
  :func:`os.replace`: readers see the old store or the new one, never half of one. A
  rollback undoes the memory transaction; the file is never touched.

Sessions on one file are serialized: between threads by a lock, between processes by
``flock`` on ``<file>.lock`` where the platform has it.

The file is therefore as sensitive as a database's files: it is created readable and
writable by its owner only (:func:`tempfile.mkstemp`), and must never be shared as an
export; ``commtrak export`` makes a document without secrets for that.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import IO, Any, ClassVar

from commtrak import Actor, BackendUnavailable, EmailChecker, Store, ValidationError
from commtrak.ports import (
    ContactRepository,
    CustomerRepository,
    CustomFieldRepository,
    DepartmentRepository,
    GroupRepository,
    JournalRepository,
)
from commtrak.serialization import export_data, import_data
from commtrak_memory import MemoryBackend, MemoryTransaction

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: threads are still serialized
    fcntl = None  # type: ignore[assignment]

__all__ = ["JsonFileBackend", "JsonFileTransaction"]

SCHEME = "jsonfile://"

#: Loading and saving run as this actor; they write no audit field.
_LOADER = Actor.system()


class JsonFileTransaction:
    """A :class:`commtrak.ports.Transaction` on a :class:`JsonFileBackend`.

    The repositories are the memory transaction's. The six of this version of the
    protocol are spelled out below so that a reader sees the whole protocol;
    ``__getattr__`` hands out any repository a newer commtrak asks for, so the backend
    keeps passing the conformance suite as commtrak grows.
    """

    def __init__(self, backend: JsonFileBackend, inner: MemoryTransaction) -> None:
        self._backend = backend
        self._inner = inner
        self._open = True

    # -- the repositories ----------------------------------------------------------------

    @property
    def customers(self) -> CustomerRepository:
        """The customers."""
        return self._inner.customers

    @property
    def groups(self) -> GroupRepository:
        """The customer groups."""
        return self._inner.groups

    @property
    def contacts(self) -> ContactRepository:
        """The contacts."""
        return self._inner.contacts

    @property
    def departments(self) -> DepartmentRepository:
        """The department list."""
        return self._inner.departments

    @property
    def custom_fields(self) -> CustomFieldRepository:
        """Custom field definitions and values."""
        return self._inner.custom_fields

    @property
    def journal(self) -> JournalRepository:
        """The merge journal."""
        return self._inner.journal

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not defined above: repositories of a newer commtrak.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._inner, name)

    # -- the unit of work ------------------------------------------------------------------

    def savepoint(self) -> contextlib.AbstractContextManager[None]:
        """Undo the writes made inside the block if it raises (the memory backend's)."""
        return self._inner.savepoint()

    def commit(self) -> None:
        """Keep the writes in memory, then write the whole store to the file atomically."""
        if not self._open:
            return
        self._open = False
        try:
            self._inner.commit()
            self._backend._save()
        finally:
            self._backend._lock.release()

    def rollback(self) -> None:
        """Undo every write; the file is left as it was."""
        if not self._open:
            return
        self._open = False
        try:
            self._inner.rollback()
        finally:
            self._backend._lock.release()


class _FileLock:
    """Serializes the sessions on one file: one lock per file and process, plus flock."""

    _registry: ClassVar[dict[Path, _FileLock]] = {}
    _registry_lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def for_path(cls, path: Path) -> _FileLock:
        with cls._registry_lock:
            return cls._registry.setdefault(path, cls(path))

    def __init__(self, path: Path) -> None:
        self._path = path.with_name(path.name + ".lock")
        self._thread_lock = threading.Lock()
        self._owner: int | None = None
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        if self._owner == threading.get_ident():
            # Waiting here would wait for ourselves forever.
            raise BackendUnavailable(
                "this thread already has an open session on this store; finish it first"
            )
        self._thread_lock.acquire()
        self._owner = threading.get_ident()
        try:
            if fcntl is not None:
                self._handle = self._path.open("ab")
                fcntl.flock(self._handle, fcntl.LOCK_EX)
        except OSError as error:
            self.release()
            raise BackendUnavailable(f"cannot lock {self._path}: {error}") from None

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file releases the flock
            self._handle = None
        self._owner = None
        self._thread_lock.release()


def _signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when the file is replaced: inode, size and modification time."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


class JsonFileBackend:
    """A commtrak store kept in one JSON file.

    Args:
        url: ``jsonfile://`` followed by the file's path, e.g.
            ``jsonfile:///var/lib/crm/store.json``. The file is created by the first
            commit; its directory must exist.

    Raises:
        ValidationError: ``url``/``jsonfile_url`` when the URL names no file.
    """

    #: Sessions of several processes on one file are serialized by ``flock``, where the
    #: platform has it; each reads what the others committed.
    capabilities: frozenset[str] = (
        frozenset({"threads", "concurrent_processes"}) if fcntl else frozenset({"threads"})
    )

    def __init__(self, url: str) -> None:
        if not url.startswith(SCHEME) or not url[len(SCHEME) :]:
            raise ValidationError(
                "url", "jsonfile_url", f"expected jsonfile:// and a file's path, not {url!r}"
            )
        self._url = url
        self._path = Path(url[len(SCHEME) :]).absolute()
        self._lock = _FileLock.for_path(self._path)
        self._memory: Store | None = None  # the loaded state; None until the first begin
        self._loaded: tuple[int, int, int] | None = None  # the file it was loaded from
        self._saved: dict[str, Any] | None = None  # the document last read or written

    @property
    def url(self) -> str:
        """The URL the store was opened with (it holds no password)."""
        return self._url

    def begin(self) -> JsonFileTransaction:
        """Wait for the file, load it if it changed, and start a transaction."""
        self._lock.acquire()
        try:
            memory = self._current()
            inner = memory.backend.begin()
        except BaseException:
            self._lock.release()
            raise
        assert isinstance(inner, MemoryTransaction)
        return JsonFileTransaction(self, inner)

    def erase_all_data(self) -> None:
        """Replace the store with an empty one."""
        self._lock.acquire()
        try:
            self._memory = self._empty()
            self._saved = None
            self._save()
        finally:
            self._lock.release()

    def close(self) -> None:
        """Nothing stays open between sessions."""

    # -- loading and saving (called with the lock held) ------------------------------------

    @staticmethod
    def _empty() -> Store:
        # A store over the memory backend, used only to load and export through commtrak's
        # public serialization functions; it never checks an email.
        return Store(MemoryBackend(), email_checker=EmailChecker("offline"))

    def _current(self) -> Store:
        """The loaded store, read again from the file if the file changed since."""
        signature = _signature(self._path)
        if self._memory is not None and signature == self._loaded:
            return self._memory
        memory = self._empty()
        document = self._read() if signature is not None else None
        if document is not None:
            try:
                with memory.session(actor=_LOADER) as s:
                    import_data(s, document)
            except ValidationError as error:
                raise BackendUnavailable(
                    f"{self._path} is not a commtrak-jsonfile store: {error}"
                ) from None
        self._memory, self._loaded, self._saved = memory, signature, document
        return memory

    def _read(self) -> dict[str, Any]:
        try:
            text = self._path.read_text(encoding="utf-8")
        except OSError as error:
            raise BackendUnavailable(f"cannot read {self._path}: {error}") from None
        try:
            document = json.loads(text)
        except ValueError as error:
            raise BackendUnavailable(
                f"{self._path} is not a commtrak-jsonfile store: {error}"
            ) from None
        if not isinstance(document, dict):
            raise BackendUnavailable(f"{self._path} is not a commtrak-jsonfile store")
        return document

    def _save(self) -> None:
        """Export the committed state, credentials included, and replace the file with it.

        Nothing is written when the state did not change.
        """
        assert self._memory is not None
        with self._memory.session(actor=_LOADER) as s:
            document = export_data(s, include_secrets=True)  # the store's own copy
        if document == self._saved and self._path.exists():
            return  # a session that only read: nothing to write
        try:
            self._write(json.dumps(document, ensure_ascii=False, indent=1))
        except BaseException:
            self._memory = None  # memory is ahead of the file: load the file next time
            raise
        self._loaded, self._saved = _signature(self._path), document

    def _write(self, text: str) -> None:
        try:
            fd, temporary = tempfile.mkstemp(
                dir=self._path.parent, prefix=f".{self._path.name}.", suffix=".tmp"
            )
        except OSError as error:
            raise BackendUnavailable(f"cannot write beside {self._path}: {error}") from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self._path)  # the atomic step: old store or new, never half
        except BaseException as error:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if isinstance(error, OSError):
                raise BackendUnavailable(f"cannot write {self._path}: {error}") from None
            raise
