"""The JSON-file backend: the repositories, the transaction and the backend itself.

A transaction reads the whole file when it begins and works on that copy. Its commit
writes the copy to a temporary file in the same directory and renames it over the store
(an atomic step on POSIX and Windows), so the file always holds either the old store or
the new one. Rollback throws the copy away. Sessions on one file are serialized: between
threads by a lock, between processes by ``flock`` on ``<file>.lock`` where the platform
has it.

The backend holds no business rule. The services of commtrak check every rule before
they call a repository; what the backend checks again are the constraints a database
would hold (unique ids, unique group names, a Head Office that is a member), so that a
mistake shows as the same :class:`commtrak.Conflict` a service would raise.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, ClassVar

from commtrak import (
    BackendUnavailable,
    Conflict,
    Contact,
    Customer,
    CustomerGroup,
    NotFound,
    ValidationError,
)
from commtrak.model import Direction, GroupMatch, contact_order_key, fold, navigation_key
from commtrak_jsonfile.codec import EMPTY, Rows, dump, load

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: threads are still serialized
    fcntl = None  # type: ignore[assignment]

__all__ = ["JsonFileBackend", "JsonFileTransaction"]

SCHEME = "jsonfile://"


# -- the repositories ----------------------------------------------------------------


class _Customers:
    """:class:`commtrak.repositories.CustomerRepository` over the transaction's rows."""

    def __init__(self, rows: Rows) -> None:
        self._rows = rows

    def add(self, customer: Customer) -> None:
        if customer.id in self._rows.customers:
            raise Conflict("id", "unique_id", f"the id {customer.id} is taken")
        self._rows.customers[customer.id] = customer

    def get(self, customer_id: uuid.UUID, *, for_update: bool = False) -> Customer:
        # for_update needs nothing more: the transaction holds the whole file.
        try:
            return self._rows.customers[customer_id]
        except KeyError:
            raise NotFound("customer", customer_id) from None

    def update(self, customer: Customer) -> None:
        self.get(customer.id)
        self._rows.customers[customer.id] = customer

    def members(self, group_id: uuid.UUID) -> list[Customer]:
        return sorted(self._of(group_id), key=navigation_key)

    def step(self, group_id: uuid.UUID, origin: Customer, direction: Direction) -> Customer | None:
        here = navigation_key(origin)
        if direction is Direction.NEXT:
            after = [c for c in self._of(group_id) if navigation_key(c) > here]
            return min(after, key=navigation_key, default=None)
        before = [c for c in self._of(group_id) if navigation_key(c) < here]
        return max(before, key=navigation_key, default=None)

    def first_member(self, group_id: uuid.UUID) -> Customer | None:
        return min(self._of(group_id), key=navigation_key, default=None)

    def member_count(self, group_id: uuid.UUID) -> int:
        return len(self._of(group_id))

    def _of(self, group_id: uuid.UUID) -> list[Customer]:
        return [c for c in self._rows.customers.values() if c.group_id == group_id]


def _group_order(group: CustomerGroup) -> tuple[str, str]:
    """The contract's group order: folded name, then the text of the id."""
    return (fold(group.name), str(group.id))


class _Groups:
    """:class:`commtrak.repositories.GroupRepository` over the transaction's rows."""

    def __init__(self, rows: Rows) -> None:
        self._rows = rows

    def add(self, group: CustomerGroup) -> None:
        if group.id in self._rows.groups:
            raise Conflict("id", "unique_id", f"the id {group.id} is taken")
        self._check_name(group)
        self._rows.groups[group.id] = group

    def get(self, group_id: uuid.UUID, *, for_update: bool = False) -> CustomerGroup:
        try:
            return self._rows.groups[group_id]
        except KeyError:
            raise NotFound("group", group_id) from None

    def find_by_name(self, folded_name: str) -> CustomerGroup | None:
        return next((g for g in self._rows.groups.values() if fold(g.name) == folded_name), None)

    def update(self, group: CustomerGroup) -> None:
        self.get(group.id)
        self._check_name(group)
        self._rows.groups[group.id] = group

    def delete(self, group_id: uuid.UUID) -> None:
        self.get(group_id)
        del self._rows.groups[group_id]

    def all(self) -> list[CustomerGroup]:
        return sorted(self._rows.groups.values(), key=_group_order)

    def search(self, folded_fragment: str) -> list[GroupMatch]:
        counts: dict[uuid.UUID, int] = {}
        for customer in self._rows.customers.values():
            if customer.group_id is not None:
                counts[customer.group_id] = counts.get(customer.group_id, 0) + 1
        return [
            GroupMatch(group=group, member_count=counts.get(group.id, 0))
            for group in self.all()
            if folded_fragment in fold(group.name)  # `in` matches % and _ literally
        ]

    def _check_name(self, group: CustomerGroup) -> None:
        for other in self._rows.groups.values():
            if other.id != group.id and fold(other.name) == fold(group.name):
                raise Conflict("name", "unique_group_name", f"a group named {other.name!r} exists")


class _Contacts:
    """:class:`commtrak.repositories.ContactRepository` over the transaction's rows."""

    def __init__(self, rows: Rows) -> None:
        self._rows = rows

    def add(self, contact: Contact) -> None:
        if contact.id in self._rows.contacts:
            raise Conflict("id", "unique_id", f"the id {contact.id} is taken")
        self._rows.contacts[contact.id] = contact

    def get(self, contact_id: uuid.UUID, *, for_update: bool = False) -> Contact:
        try:
            return self._rows.contacts[contact_id]
        except KeyError:
            raise NotFound("contact", contact_id) from None

    def update(self, contact: Contact) -> None:
        self.get(contact.id)
        self._rows.contacts[contact.id] = contact

    def for_customer(
        self, customer_id: uuid.UUID, *, include_archived: bool = False
    ) -> list[Contact]:
        return sorted(
            (
                c
                for c in self._rows.contacts.values()
                if c.customer_id == customer_id and (include_archived or not c.archived)
            ),
            key=contact_order_key,
        )

    def search(self, folded_fragment: str) -> list[Contact]:
        return sorted(
            (
                c
                for c in self._rows.contacts.values()
                if folded_fragment in fold(c.name)
                or (c.email_key is not None and folded_fragment in c.email_key)
            ),
            key=contact_order_key,
        )


# -- the transaction -----------------------------------------------------------------


class JsonFileTransaction:
    """One unit of work: a private copy of the store, written back on commit."""

    def __init__(self, backend: JsonFileBackend, rows: Rows) -> None:
        self._backend = backend
        self._rows = rows
        self._open = True
        self.customers = _Customers(rows)
        self.groups = _Groups(rows)
        self.contacts = _Contacts(rows)

    @contextlib.contextmanager
    def savepoint(self) -> Iterator[None]:
        """Restore the rows as they were if the block raises."""
        saved = self._rows.copy()
        try:
            yield
        except BaseException:
            self._rows.restore(saved)
            raise

    def commit(self) -> None:
        """Check the stored constraints, then replace the file atomically.

        Raises:
            Conflict: ``head_office_id``/``one_head_office`` when a group's Head Office
                is not one of its members, or a group with members has none.
            BackendUnavailable: when the file cannot be written.
        """
        _check_head_offices(self._rows)
        self._backend._write(self._rows)
        self._finish()

    def rollback(self) -> None:
        """Forget every write: the file was never touched."""
        self._finish()

    def _finish(self) -> None:
        if self._open:
            self._open = False
            self._backend._lock.release()


def _check_head_offices(rows: Rows) -> None:
    """The constraint a database would hold: a group's Head Office is one of its members."""
    members: dict[uuid.UUID, set[uuid.UUID]] = {}
    for customer in rows.customers.values():
        if customer.group_id is not None:
            members.setdefault(customer.group_id, set()).add(customer.id)
    for group in rows.groups.values():
        own = members.pop(group.id, set())
        if (group.head_office_id is None) != (not own) or (
            group.head_office_id is not None and group.head_office_id not in own
        ):
            raise Conflict(
                "head_office_id",
                "one_head_office",
                f"group {group.name!r} must have exactly one Head Office among its members",
            )
    if members:
        raise Conflict("group_id", "group_exists", "customers belong to a group that is gone")


# -- the lock and the backend --------------------------------------------------------


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


class JsonFileBackend:
    """A commtrak store kept in one JSON file.

    Args:
        url: ``jsonfile://`` followed by the file's path, e.g.
            ``jsonfile:///var/lib/crm/store.json``. The file is created by the first
            commit; its directory must exist.

    Raises:
        ValidationError: ``url``/``jsonfile_url`` when the URL names no file.
    """

    capabilities: frozenset[str] = frozenset({"threads"})

    def __init__(self, url: str) -> None:
        if not url.startswith(SCHEME) or not url[len(SCHEME) :]:
            raise ValidationError(
                "url", "jsonfile_url", f"expected jsonfile:// and a file's path, not {url!r}"
            )
        self._url = url
        self._path = Path(url[len(SCHEME) :]).absolute()
        self._lock = _FileLock.for_path(self._path)

    @property
    def url(self) -> str:
        """The URL the store was opened with (it holds no password)."""
        return self._url

    def begin(self) -> JsonFileTransaction:
        """Wait for the file, then read it into a new transaction."""
        self._lock.acquire()
        try:
            rows = self._read()
        except BaseException:
            self._lock.release()
            raise
        return JsonFileTransaction(self, rows)

    def erase_all_data(self) -> None:
        """Replace the store with an empty one."""
        self._lock.acquire()
        try:
            self._write(Rows())
        finally:
            self._lock.release()

    def close(self) -> None:
        """Nothing stays open between sessions."""

    def _read(self) -> Rows:
        try:
            text = self._path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return load(EMPTY)
        except OSError as error:
            raise BackendUnavailable(f"cannot read {self._path}: {error}") from None
        try:
            document: dict[str, Any] = json.loads(text)
            return load(document)
        except (ValueError, KeyError, TypeError) as error:
            raise BackendUnavailable(
                f"{self._path} is not a commtrak-jsonfile store: {error}"
            ) from None

    def _write(self, rows: Rows) -> None:
        text = json.dumps(dump(rows), ensure_ascii=False, indent=1)
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
