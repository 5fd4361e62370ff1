"""Reading a CSV file as a stream: its header, then one row at a time, with line numbers.

The file is read line by line from its bytes (UTF-8, with or without a byte-order
mark), so memory does not grow with the file, and the bytes read so far are known for
a progress bar's ETA. A row the ``csv`` module cannot read (a field over its size
limit) is reported as a rejected row, not as the end of the import.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from typing import IO

import attrs

from commtrak.errors import ValidationError

__all__ = ["CsvFile", "Record"]


@attrs.frozen
class Record:
    """One row of the file.

    Attributes:
        line: The line the row starts on (the header is line 1).
        cells: The row's cells, or ``None`` when the ``csv`` module could not read it.
        error: Why it could not (``None`` when it could).
    """

    line: int
    cells: list[str] | None
    error: str | None = None


class CsvFile:
    """An open CSV file: its header, and a stream of its rows.

    Args:
        path: The file to read.

    Raises:
        ValidationError: ``file``/``empty`` for a file without a header row,
            ``file``/``encoding`` for bytes that are not UTF-8, ``file``/``csv`` for a
            header the ``csv`` module cannot read.
        OSError: when the file cannot be opened.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.total_bytes = os.path.getsize(self.path)
        self.bytes_read = 0
        self._file: IO[bytes] = open(self.path, "rb")  # noqa: SIM115 (closed by close())
        self._reader = csv.reader(self._lines())
        try:
            header = next(self._reader, None)
        except csv.Error as error:
            self.close()
            raise ValidationError("file", "csv", f"{self.path}: line 1: {error}") from None
        except BaseException:
            self.close()
            raise
        if not header:
            self.close()
            raise ValidationError("file", "empty", f"{self.path} has no header row")
        self.header = [name.strip() for name in header]

    def _lines(self) -> Iterator[str]:
        for number, raw in enumerate(self._file, start=1):
            self.bytes_read += len(raw)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError(
                    "file", "encoding", f"{self.path}: line {number} is not UTF-8 text"
                ) from None
            yield text.removeprefix("\ufeff") if number == 1 else text

    def records(self) -> Iterator[Record]:
        """Yield the rows after the header, skipping blank lines."""
        while True:
            line = self._reader.line_num + 1
            try:
                cells = next(self._reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield Record(line, None, str(error))
                continue
            if cells:
                yield Record(line, cells)

    def close(self) -> None:
        """Close the file."""
        self._file.close()

    def __enter__(self) -> CsvFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
