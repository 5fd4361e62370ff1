"""Gapless number sequences: one counter row per sequence, locked by its ``UPDATE``.

Taking a number is ``UPDATE ... SET last_number = last_number + 1`` on the sequence's
row, which locks the row until the transaction ends: a second transaction taking a
number waits, and sees the first one's number only if it committed. A rollback undoes
the increment, so the number is taken again by the next transaction and none is
skipped. The row is made by the first number taken; two transactions making it at once
are told apart by its primary key, and the loser increments the winner's row.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update

from commtrak.errors import Conflict
from commtrak.finance.model import SequenceCounter
from commtrak_sqlalchemy._references import scan
from commtrak_sqlalchemy.finance._rows import FinanceRepository

__all__ = ["SqlSequences"]


class SqlSequences(FinanceRepository):
    """The store's number sequences."""

    def next_number(self, name: str) -> int:
        """Increment the sequence's counter row (making it if new) and read it."""
        table = self._tables.sequences
        increment = (
            update(table).where(table.c.name == name).values(last_number=table.c.last_number + 1)
        )
        if not self._db.run(increment):
            with self._db.errors.translating():
                nested = self._db.connection.begin_nested()
            try:
                self._db.run(insert(table).values(name=name, last_number=1))
            except Conflict:
                with self._db.errors.translating():
                    nested.rollback()
                self._db.run(increment)
            else:
                with self._db.errors.translating():
                    nested.commit()
                return 1
        row = self._db.first(select(table.c.last_number).where(table.c.name == name))
        assert row is not None  # the row was incremented or made above
        return int(row[0])

    def scan(self, after: str | None, limit: int) -> list[SequenceCounter]:
        """Read the next batch of counter rows by name."""
        rows = self._db.rows(scan(self._tables.sequences, after, limit, key="name"))
        return [SequenceCounter(row.name, int(row.last_number)) for row in rows]

    def restore(self, counter: SequenceCounter) -> None:
        """Write the counter row (an import into an empty store: it is new)."""
        self._db.run(
            insert(self._tables.sequences).values(
                name=counter.name, last_number=counter.last_number
            )
        )
