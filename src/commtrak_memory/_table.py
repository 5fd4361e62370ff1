"""A dictionary of frozen rows with secondary indexes and an undo log.

Also the counting and moving of a customer's rows, which every repository of records
that belong to a customer shares (:class:`CustomerRows`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any, Generic, Protocol, TypeVar

import attrs

from commtrak.errors import Conflict

Row = TypeVar("Row")


class _CustomerRow(Protocol):
    @property
    def id(self) -> uuid.UUID: ...

    @property
    def customer_id(self) -> uuid.UUID: ...


Owned = TypeVar("Owned", bound=_CustomerRow)

_MISSING = object()


def taken_id(row_id: Hashable) -> Conflict:
    """The error of an insert whose id is taken, as a primary key reports it."""
    return Conflict("id", "unique_id", f"the id {row_id} is taken")


class Table(Generic[Row]):
    """Rows by id, plus one set of ids per index key.

    Every write records how to undo it in the log the caller passes, so a transaction
    can roll back by replaying its log backwards. Rows are frozen attrs instances, so
    they are shared, never copied.
    """

    def __init__(self, indexes: dict[str, Callable[[Row], Hashable | None]]) -> None:
        self._rows: dict[Hashable, Row] = {}
        self._index_keys = indexes
        self._indexes: dict[str, dict[Hashable, set[Hashable]]] = {name: {} for name in indexes}

    def __contains__(self, row_id: Hashable) -> bool:
        return row_id in self._rows

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows.values())

    def ids(self) -> list[Hashable]:
        """Return the ids of the rows, in no particular order."""
        return list(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, row_id: Hashable) -> Row | None:
        """Return the row with that id, or ``None``."""
        return self._rows.get(row_id)

    def lookup(self, index: str, key: Hashable) -> list[Row]:
        """Return the rows whose *index* key is *key*, in no particular order."""
        return [self._rows[row_id] for row_id in self._indexes[index].get(key, ())]

    def count(self, index: str, key: Hashable) -> int:
        """Return how many rows have *key* in *index*."""
        return len(self._indexes[index].get(key, ()))

    def put_new(
        self,
        rows: Sequence[tuple[Hashable, Row]],
        undo: list[Callable[[], None]],
        *,
        conflict: Callable[[Hashable], Exception] = taken_id,
    ) -> None:
        """Insert new rows, all or none: a key taken (or given twice) raises *conflict*."""
        keys = [row_id for row_id, _ in rows]
        taken = next((k for k in keys if k in self._rows), None)
        if taken is None and len(set(keys)) != len(keys):
            taken = next(k for n, k in enumerate(keys) if k in keys[:n])
        if taken is not None:
            raise conflict(taken)
        for row_id, row in rows:
            self.put(row_id, row, undo)

    def put(self, row_id: Hashable, row: Row, undo: list[Callable[[], None]]) -> None:
        """Insert or replace a row, recording the inverse in *undo*."""
        previous = self._rows.get(row_id, _MISSING)
        self._replace(row_id, previous, row)
        undo.append(lambda: self._replace(row_id, row, previous))

    def remove(self, row_id: Hashable, undo: list[Callable[[], None]]) -> None:
        """Delete a row, recording the inverse in *undo*."""
        previous = self._rows[row_id]
        self._replace(row_id, previous, _MISSING)
        undo.append(lambda: self._replace(row_id, _MISSING, previous))

    def clear(self) -> None:
        """Delete every row, with no undo."""
        self._rows.clear()
        for index in self._indexes.values():
            index.clear()

    def _replace(self, row_id: Hashable, old: object, new: object) -> None:
        for name, key_of in self._index_keys.items():
            index = self._indexes[name]
            if old is not _MISSING:
                old_key = key_of(old)  # type: ignore[arg-type]
                if old_key is not None:
                    ids = index[old_key]
                    ids.discard(row_id)
                    if not ids:
                        del index[old_key]
            if new is not _MISSING:
                new_key = key_of(new)  # type: ignore[arg-type]
                if new_key is not None:
                    index.setdefault(new_key, set()).add(row_id)
        if new is _MISSING:
            del self._rows[row_id]
        else:
            self._rows[row_id] = new  # type: ignore[assignment]


class CustomerRows(Generic[Owned]):
    """Counting and moving a customer's rows, for a repository over a table of them.

    The repository keeps its table in ``_table``, indexed by ``"customer"`` on the rows'
    ``customer_id``, and its transaction's undo log in ``_undo``; a customer merge counts
    and moves the rows with these two methods (see ``CustomerChildRepository``).
    """

    _table: Table[Owned]
    _undo: list[Callable[[], None]]

    def count_for_customer(self, customer_id: uuid.UUID) -> int:
        """Return how many rows belong to the customer."""
        return self._table.count("customer", customer_id)

    def reassign_customer(self, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        """Give every row of customer *from_id* to *to_id*; return how many moved."""
        moved = self._table.lookup("customer", from_id)
        for row in moved:
            self._table.put(row.id, attrs.evolve(row, customer_id=to_id), self._undo)  # type: ignore[misc]
        return len(moved)

    def erase_for_customer(self, customer_id: uuid.UUID) -> int:
        """Delete every row of the customer; return how many."""
        return remove_all(self._table, self._table.lookup("customer", customer_id), self._undo)


def remove_all(
    table: Table[Any],
    rows: Iterable[Any],
    undo: list[Callable[[], None]],
    key: Callable[[Any], Hashable] = lambda row: row.id,
) -> int:
    """Remove *rows* (by their *key*, the ``id`` unless told) from *table*; return how many."""
    count = 0
    for row in list(rows):
        table.remove(key(row), undo)
        count += 1
    return count
