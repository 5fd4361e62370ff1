"""Rejected rows: what was wrong with each, and the report written as CSV.

Every rejection names the file's line, the column and its value, the field it was
mapped to and the rule broken (as the single-record service names it, so that
``contact.email``/``email_form`` is the ``email``/``email_form`` the contact service
raises for the same value).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

import attrs

__all__ = ["REPORT_HEADER", "Rejection", "RejectsWriter"]

#: The header of the rejected-rows report.
REPORT_HEADER = ("line", "column", "value", "field", "rule", "message")

#: The longest value a rejection repeats: a 10,000-character name is cut.
MAX_VALUE = 1000


@attrs.frozen
class Rejection:
    """One rejected row: where it is and which rule it broke.

    Attributes:
        line: The line of the file the row starts on (the header is line 1).
        column: The header of the column holding the offending value, or ``""`` when
            the value is not one column's (a field left unmapped, a row too short).
        value: The offending value as the file gives it (cut at 1,000 characters).
        field: The field it was mapped to (``"contact.email"``), or ``"row"``.
        rule: The rule broken (``"email_form"``, ``"required"``...).
        message: The explanation.
    """

    line: int
    column: str
    value: str
    field: str
    rule: str
    message: str

    def row(self) -> tuple[str, ...]:
        """The report's row for this rejection."""
        return (str(self.line), self.column, self.value, self.field, self.rule, self.message)


class RejectsWriter:
    """Writes rejections to a CSV report as they come, never holding them all.

    Args:
        file: The text file to write (opened with ``newline=""``).
    """

    def __init__(self, file: IO[str]) -> None:
        self._writer = csv.writer(file)
        self._writer.writerow(REPORT_HEADER)

    def write(self, rejections: Iterable[Rejection]) -> None:
        """Write *rejections*, one report row each."""
        self._writer.writerows(rejection.row() for rejection in rejections)


def cut(value: str) -> str:
    """Return *value*, cut to :data:`MAX_VALUE` characters."""
    return value if len(value) <= MAX_VALUE else value[:MAX_VALUE] + "..."
