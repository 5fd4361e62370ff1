"""The column mapping: which CSV column fills which field, chosen by the caller.

A :class:`Mapping` names, for each field of the import it is for, the header of the
column that fills it. :func:`suggest_mapping` proposes one from the header alone
(normalized names and the aliases of :mod:`~commtrak.portability.csv_import.fields`),
which the caller shows, corrects and passes back; :meth:`Mapping.parse` reads the
``col=field,...`` text the command line takes, :meth:`Mapping.from_json` a JSON object
``{"field": "column"}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingType

import attrs

from commtrak.errors import ValidationError
from commtrak.portability.csv_import.fields import FIELDS, REQUIRED, ImportKind

__all__ = ["Mapping", "normalize_header", "suggest_mapping"]

_SEPARATORS = re.compile(r"[\s_.\-/]+")


def normalize_header(name: str) -> str:
    """Return a header name as it is compared: lowercase, words split by single spaces.

    ``"Address_Line-1"``, ``" address line 1 "`` and ``"ADDRESS.LINE.1"`` all give
    ``"address line 1"``; a ``#`` or ``:`` is dropped.
    """
    text = name.replace("\ufeff", "").replace("#", " ").replace(":", " ").casefold()
    return " ".join(_SEPARATORS.split(text)).strip()


def _frozen(columns: MappingType[str, str]) -> dict[str, str]:
    return dict(columns)


@attrs.frozen
class Mapping:
    """Which CSV column fills which field of an import.

    Attributes:
        kind: What the rows are (``customers`` or ``work_addresses``).
        columns: Field name -> the header of the column that fills it. Fields left out
            are left blank (their defaults).
    """

    kind: ImportKind = attrs.field(converter=ImportKind)
    columns: dict[str, str] = attrs.field(converter=_frozen, factory=dict)

    @classmethod
    def parse(cls, kind: ImportKind | str, text: str) -> Mapping:
        """Read ``column=field,column=field`` (the command line's ``--mapping``).

        Raises:
            ValidationError: ``mapping``/``mapping_syntax`` for an item without ``=``.
        """
        columns: dict[str, str] = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            column, equals, field = item.rpartition("=")
            if not equals or not column.strip() or not field.strip():
                raise ValidationError("mapping", "mapping_syntax", f"{item!r} is not COLUMN=FIELD")
            columns[field.strip()] = column.strip()
        return cls(kind, columns)

    @classmethod
    def from_json(cls, kind: ImportKind | str, text: str) -> Mapping:
        """Read a JSON object ``{"field": "column", ...}``.

        Raises:
            ValidationError: ``mapping``/``mapping_syntax`` when it is not such an object.
        """
        try:
            value = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            raise ValidationError("mapping", "mapping_syntax", f"not JSON: {error}") from None
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise ValidationError(
                "mapping", "mapping_syntax", 'must be a JSON object {"field": "column", ...}'
            )
        return cls(kind, value)

    def check(self, header: Sequence[str], *, also_required: Iterable[str] = ()) -> None:
        """Refuse a mapping that does not fit the file whose first row is *header*.

        Raises:
            ValidationError: ``mapping``/``unknown_field`` naming a field the import does
                not have; ``mapping``/``unknown_column`` naming a column the header does
                not have; ``mapping``/``required_field`` naming a required field (or
                one of *also_required*) left unmapped; ``mapping``/``duplicate_column``
                for a header that names two columns the same.
        """
        fields = FIELDS[self.kind]
        for field in self.columns:
            if field not in fields:
                known = ", ".join(fields)
                raise ValidationError(
                    "mapping", "unknown_field", f"{field!r} is not a field ({known})"
                )
        names = [name.strip() for name in header]
        for field, column in self.columns.items():
            if column not in names:
                raise ValidationError(
                    "mapping",
                    "unknown_column",
                    f"column {column!r} (for {field}) is not in the file's header",
                )
            if names.count(column) > 1:
                raise ValidationError(
                    "mapping", "duplicate_column", f"the header has two columns {column!r}"
                )
        for field in (*REQUIRED[self.kind], *also_required):
            if field not in self.columns:
                raise ValidationError(
                    "mapping",
                    "required_field",
                    f"no column is mapped to {field}, which every row needs",
                )

    def positions(self, header: Sequence[str]) -> dict[str, int]:
        """Return, for each mapped field, the index of its column in *header*."""
        names = [name.strip() for name in header]
        return {field: names.index(column) for field, column in self.columns.items()}

    def describe(self) -> Iterable[tuple[str, str]]:
        """The (column, field) pairs, in the order of the import's fields."""
        order = list(FIELDS[self.kind])
        for field in sorted(self.columns, key=order.index):
            yield self.columns[field], field


def suggest_mapping(header: Sequence[str], kind: ImportKind | str = "customers") -> Mapping:
    """Propose a mapping from the header names of a file.

    A column is mapped to a field when its normalized name (:func:`normalize_header`) is
    the field's own name (``address.line1`` as ``address line1`` or ``line1``) or one
    of its aliases (``Post Code``, ``ZIP`` for ``address.postcode``). Each column and
    each field is used once: the first match, in the order of the fields, wins; a
    column no field recognizes is left out.
    """
    kind = ImportKind(kind)
    columns: dict[str, str] = {}
    taken: set[int] = set()
    normalized = [normalize_header(name) for name in header]
    for field, aliases in FIELDS[kind].items():
        names = {normalize_header(field), normalize_header(field.rpartition(".")[2])}
        names.update(normalize_header(alias) for alias in aliases)
        for index, name in enumerate(normalized):
            if index not in taken and name in names:
                columns[field] = header[index].strip()
                taken.add(index)
                break
    return Mapping(kind, columns)
