"""Writing exported records into an empty store, one record at a time, every one checked.

Every format's import ends here: the JSON document, the ZIP archive and a transfer
each hand an :class:`Importer` their sections' rows as plain data, as a stream. Each row
is read into its entity (an unknown field or a value of the wrong type is refused by
name), checked by the services' rules (:mod:`commtrak.portability.checks`) and written
in the caller's transaction, so that a refused record leaves nothing written: the
session that raised rolls back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import cattrs

from commtrak.errors import CommtrakError, Conflict, ValidationError
from commtrak.model.contacts import Contact
from commtrak.model.customers import Customer
from commtrak.model.groups import CustomerGroup
from commtrak.portability.checks import RecordChecks
from commtrak.portability.codec import CREDENTIALS, converter, with_secrets
from commtrak.portability.sections import Section
from commtrak.session import Session

__all__ = ["Importer", "RecordRejected", "refuse_store_with_data"]

#: Where cattrs says a value was: ``... @ $.address.line1``.
_PATH = re.compile(r" @ \$\.?(?P<path>.*)$")


class RecordRejected(ValidationError):
    """A record of an import broke a rule; nothing was written.

    ``field`` and ``rule`` are the broken rule's, as the single-record service names
    them (``name``/``required``, ``email``/``email_form``), or ``unknown_field`` and
    ``type`` for a row that does not fit its entity.

    Attributes:
        member: The file (an archive's member, ``document`` for a JSON document,
            the source store's section for a transfer).
        kind: The section the record is in (``customers``, ``contacts``...).
        index: The record's position in its section, from 0.
        record_id: The record's ``id`` as the file gives it, if it has one.
    """

    def __init__(
        self,
        member: str,
        kind: str,
        index: int | None,
        record_id: object,
        error: ValidationError | Conflict,
    ) -> None:
        where = kind if index is None else f"{kind} record {index}"
        if record_id is not None:
            where += f" (id {record_id})"
        text = f"{member}: {where}: {error.field}: {error.message} [{error.rule}]"
        Exception.__init__(self, text)
        self.field = error.field
        self.rule = error.rule
        self.message = text
        self.member = member
        self.kind = kind
        self.index = index
        self.record_id = record_id


def _refusal(error: BaseException) -> ValidationError | Conflict | None:
    """The entity's own refusal inside *error*, if its construction refused the row.

    An entity that checks itself when made (a stored card refusing text that looks like
    a card number) raises its rule; cattrs wraps it in a group of errors, which would
    otherwise be reported as a misfit (``type``).
    """
    if isinstance(error, ValidationError | Conflict):
        return error
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            if found := _refusal(inner):
                return found
    return None


def _misfit(error: Exception) -> ValidationError:
    """Say which field of a row does not fit its entity, and how."""
    messages = (
        cattrs.transform_error(error)
        if isinstance(error, cattrs.BaseValidationError)
        else [str(error)]
    )
    first = messages[0]
    match = _PATH.search(first)
    field = (match.group("path") or "record") if match else "record"
    text = first[: match.start()] if match else first
    if "extra fields" in text:
        rule = "unknown_field"
    elif "required field missing" in text:
        rule = "required"
    else:
        rule = "type"
    return ValidationError(field, rule, text)


def refuse_store_with_data(session: Session) -> None:
    """Refuse to import into a store that holds data.

    Raises:
        Conflict: ``store``/``store_not_empty``.
    """
    tx = session.transaction
    if (
        tx.groups.all()
        or tx.customers.scan(None, 1)
        or tx.departments.all()
        or tx.data_sheets.templates()
    ):
        raise Conflict("store", "store_not_empty", "import writes into an empty store only")


class Importer:
    """Writes one export's sections into the session's empty store.

    Args:
        session: The session to write in; the caller commits it (or it rolls back on
            the error an import raises).
        secrets: Whether the rows may hold the portal's credentials and token records
            (a full backup); otherwise an account's credential fields are ignored.
    """

    def __init__(self, session: Session, *, secrets: bool) -> None:
        self._tx = session.transaction
        self._session = session
        self._checks = RecordChecks(session)
        self._contributed: dict[str, Callable[[Any], Any]] = {}
        self._structure = (with_secrets if secrets else converter).structure
        self._secrets = secrets
        self._head_offices: list[CustomerGroup] = []
        self._merged_customers: list[Customer] = []
        self._merged_contacts: list[Contact] = []
        self._finishing: list[Section] = []
        self.counts: dict[str, int] = {}

    def load(self, section: Section, rows: Iterable[object], *, member: str) -> None:
        """Check and write every row of *section*, as the stream *rows* gives them.

        Raises:
            RecordRejected: naming *member*, the record and the rule it broke.
        """
        write = section.write(self._tx)
        count = 0
        for index, row in enumerate(rows):
            record = self._record(section, row, member, index)
            write(record)
            self._defer(record)
            count += 1
        self.counts[section.name] = count
        if section.finish is not None:
            self._finishing.append(section)

    def finish(self, *, member: str) -> dict[str, int]:
        """Check the rules spanning records, then set the pointers left for last.

        Returns:
            How many records of each section were written.

        Raises:
            RecordRejected: for a group with members but no Head Office, or a rule of a
                contributed section's ``finish``.
        """
        try:
            self._checks.finish()
        except ValidationError as error:
            raise RecordRejected(member, "groups", None, None, error) from None
        for group in self._head_offices:
            self._tx.groups.update(group)
        for customer in self._merged_customers:
            self._tx.customers.update(customer)
        self._tx.contacts.update_many(self._merged_contacts)
        try:
            self._checks.finish_custom_values()
        except ValidationError as error:
            raise RecordRejected(member, "custom_values", None, None, error) from None
        for section in self._finishing:
            assert section.finish is not None  # only those with a finish are kept
            try:
                section.finish(self._session)
            except (ValidationError, Conflict) as error:
                raise RecordRejected(member, section.name, None, None, error) from None
        counts = dict(self.counts)
        counts.pop("portal_settings", None)
        return counts

    def _record(self, section: Section, row: object, member: str, index: int) -> Any:
        record_id = row.get("id") if isinstance(row, dict) else None
        try:
            if not isinstance(row, dict):
                raise ValidationError(
                    "record", "type", f"must be an object, not {type(row).__name__}"
                )
            if section.name == "portal_accounts" and not self._secrets:
                row = {name: value for name, value in row.items() if name not in CREDENTIALS}
            try:
                record: Any = self._structure(row, section.kind)
            except (
                cattrs.BaseValidationError,
                AttributeError,
                KeyError,
                TypeError,
                ValueError,
                RecursionError,
            ) as error:
                if isinstance(error, CommtrakError):
                    raise
                raise _refusal(error) or _misfit(error) from None
            return self._check(section, record)
        except (ValidationError, Conflict) as error:
            raise RecordRejected(member, section.name, index, record_id, error) from None

    def _check(self, section: Section, record: Any) -> Any:
        """Check *record* by its services' rules: the core's, or its section's own."""
        if section.check is None:
            return self._checks.check(section.name, record)
        check = self._contributed.get(section.name)
        if check is None:
            check = self._contributed[section.name] = section.check(self._session)
        return check(record)

    def _defer(self, record: object) -> None:
        """Keep the pointers the sections' writers left out, to set them last."""
        if isinstance(record, CustomerGroup) and record.head_office_id is not None:
            self._head_offices.append(record)
        elif isinstance(record, Customer) and record.merged_into is not None:
            self._merged_customers.append(record)
        elif isinstance(record, Contact) and record.merged_into is not None:
            self._merged_contacts.append(record)
