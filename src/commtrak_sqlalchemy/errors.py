"""Turning driver exceptions into commtrak errors.

Every statement the backend runs goes through :meth:`ErrorTranslator.translating`, so
that no driver exception reaches the caller. A constraint violation becomes the
:class:`~commtrak.Conflict` the services would have raised for the same rule (same field,
same rule), which is what a caller sees when it loses a race against another process;
a value the database cannot take (too long, not encodable, of the wrong type) becomes
the :class:`~commtrak.ValidationError` ``record``/``storage_limit``, ``encoding`` or
``type`` (the services check first, so these are a backstop); a statement the database
refuses for want of a table or column becomes :class:`~commtrak.ConfigurationError`
``schema``/``statement_refused``; only a database that does not answer (a lost or
refused connection, a timeout) becomes :class:`~commtrak.BackendUnavailable`.

The three databases name the violated constraint differently: PostgreSQL in the
diagnostics, MariaDB in the message (``for key 'name'``, ``CONSTRAINT `name```), SQLite
by its columns (``UNIQUE constraint failed: table.column``) and not at all for a foreign
key, which is why a caller may say what a foreign-key failure means where it runs.
MariaDB calls every primary key ``PRIMARY``, without its table; the translator then
reads the table from the failed ``INSERT`` or ``UPDATE`` and knows the key as
``table.PRIMARY`` as well, so that a table whose primary key is a rule (a customer has
an invoice address once) is reported by that rule, not as ``id``/``unique_id``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import attrs
from sqlalchemy import exc

from commtrak.errors import (
    BackendUnavailable,
    CommtrakError,
    ConfigurationError,
    Conflict,
    ValidationError,
)
from commtrak_sqlalchemy.errors_record import record_rules
from commtrak_sqlalchemy.field_service.errors import field_service_rules
from commtrak_sqlalchemy.finance.errors import finance_rules
from commtrak_sqlalchemy.tables import SqlTables

__all__ = ["ConstraintRule", "ErrorTranslator"]

#: PostgreSQL SQLSTATEs and MySQL error numbers of a transaction that lost a race
#: (serialization failure, deadlock, lock wait timeout): retrying the session helps.
_RACE_CODES = frozenset({"40001", "40P01", "1213", "1205"})

#: PostgreSQL SQLSTATEs and MySQL error numbers of text the database cannot encode
#: (invalid byte sequence, "Incorrect string value", untranslatable character).
_ENCODING_CODES = frozenset({"22021", "22P05", "1366", "1300"})

#: PostgreSQL SQLSTATEs of a parameter of the wrong type (datatype mismatch, cannot
#: coerce, no such operator for the types, invalid text representation).
_TYPE_CODES = frozenset({"42804", "42846", "42883", "22P02"})


@attrs.frozen
class ConstraintRule:
    """What the violation of one database constraint means to a commtrak caller.

    Attributes:
        names: The constraint's name and, for SQLite, the ``table.column`` list it
            reports instead of a name.
        field: The :class:`~commtrak.Conflict` field.
        rule: The :class:`~commtrak.Conflict` rule, as the services spell it.
        message: The explanation.
    """

    names: tuple[str, ...]
    field: str
    rule: str
    message: str

    def conflict(self) -> Conflict:
        """Return the error this violation is reported as."""
        return Conflict(self.field, self.rule, self.message)


def _rules(tables: SqlTables) -> list[ConstraintRule]:
    groups, customers = tables.groups.name, tables.customers.name
    name = tables.constraint
    return [
        ConstraintRule(
            (name("groups", "name_key_uq"), f"{groups}.name_key"),
            "name",
            "unique_group_name",
            "another group with that name (compared case-insensitively) exists",
        ),
        ConstraintRule(
            (
                name("customers", "head_office_uq"),
                name("customers", "head_office_group_uq"),
                name("customers", "head_office_member_ck"),
                f"{customers}.group_id",
            ),
            "head_office_id",
            "one_head_office",
            "a group has exactly one Head Office and it is a member; another session "
            "changed the group's Head Office first",
        ),
        ConstraintRule(
            (name("customers", "group_fk"),),
            "group_id",
            "group_not_empty",
            "the group has members, or does not exist",
        ),
        ConstraintRule(
            (name("contacts", "customer_fk"),),
            "customer_id",
            "customer_exists",
            "the contact's customer does not exist",
        ),
        ConstraintRule(
            (name("departments", "name_key_uq"), f"{tables.departments.name}.name_key"),
            "name",
            "unique_department",
            "a department with that name (compared case-insensitively) exists",
        ),
        ConstraintRule(
            (
                name("custom_fields", "owner_name_uq"),
                f"{tables.custom_fields.name}.owner, {tables.custom_fields.name}.name_key",
            ),
            "name",
            "unique_custom_field",
            "a custom field with that name exists for the same kind of owner",
        ),
        ConstraintRule(
            (name("contacts", "primary_uq"), f"{tables.contacts.name}.primary_customer"),
            "primary",
            "one_primary_contact",
            "the customer already has a primary contact",
        ),
        ConstraintRule(
            (name("groups", "member_count_ck"),),
            "group_id",
            "member_count",
            "a group's member count cannot fall below zero",
        ),
        ConstraintRule(
            (
                f"{tables.import_keys.name}.key",
                f"{tables.import_keys.name}_pkey",
                f"{tables.import_keys.name}.{_MYSQL_PRIMARY}",
            ),
            "key",
            "unique_import_key",
            "a row with this import key was imported (by another import meanwhile)",
        ),
        *_portal_rules(tables),
        *record_rules(tables),
        *finance_rules(tables),
        *field_service_rules(tables),
    ]


def _portal_rules(tables: SqlTables) -> list[ConstraintRule]:
    """The rules of the portal's unique indexes (see ``tables_portal``)."""
    name = tables.constraint
    accounts = tables.portal.accounts.name
    return [
        ConstraintRule(
            (name("portal_accounts", "username_uq"), f"{accounts}.username_key"),
            "username",
            "unique_username",
            "this username is taken",
        ),
        ConstraintRule(
            (name("portal_accounts", "email_uq"), f"{accounts}.active_email"),
            "email",
            "unique_portal_email",
            "another contact with portal access has this email address",
        ),
        ConstraintRule(
            (name("portal_accounts", "contact_uq"), f"{accounts}.contact_id"),
            "contact_id",
            "unique_portal_contact",
            "this contact has a portal account",
        ),
        ConstraintRule(
            (name("portal_tokens", "digest_uq"), f"{tables.portal.tokens.name}.digest"),
            "token",
            "unique_token",
            "a token with this digest exists",
        ),
        ConstraintRule(
            (
                name("data_sheet_templates", "name_key_uq"),
                f"{tables.portal.templates.name}.name_key",
            ),
            "name",
            "unique_template_name",
            "a data-sheet template with that name (compared case-insensitively) exists",
        ),
    ]


_MYSQL_NAME = re.compile(r"(?:for key|CONSTRAINT) [`']?(?:[^`'.]+\.)?([^`']+)[`']?")

#: The table an ``INSERT`` or ``UPDATE`` writes, past a schema name and quotes.
_WRITTEN_TABLE = re.compile(
    r"^\s*(?:INSERT\s+(?:IGNORE\s+)?INTO|UPDATE)\s+(?:[`\"]?\w+[`\"]?\.)?[`\"]?(\w+)",
    re.IGNORECASE,
)

#: MariaDB's name for every primary key.
_MYSQL_PRIMARY = "PRIMARY"


def _constraint_names(error: exc.DBAPIError) -> set[str]:
    """Return every name by which the driver identified the violated constraint."""
    original = error.orig
    found: set[str] = set()
    diag = getattr(original, "diag", None)
    if diag is not None and diag.constraint_name:
        found.add(diag.constraint_name)
    message = str(original)
    found.update(_MYSQL_NAME.findall(message))
    if ": " in message:  # SQLite: "UNIQUE constraint failed: t.a, t.b" / "CHECK ...: name"
        found.add(message.split(": ", 1)[1].strip())
    if _MYSQL_PRIMARY in found:
        written = _WRITTEN_TABLE.match(str(error.statement or ""))
        if written is not None:
            found.add(f"{written.group(1)}.{_MYSQL_PRIMARY}")
    return found


def _codes(error: exc.DBAPIError) -> set[str]:
    """Return the driver's SQLSTATE and vendor error number, those it gives."""
    original = error.orig
    codes = {str(getattr(original, "sqlstate", None) or "")}
    args = getattr(original, "args", ())
    if args and isinstance(args[0], int):
        codes.add(str(args[0]))
    return codes - {""}


def _is_integrity(error: exc.DBAPIError) -> bool:
    # PyMySQL raises MariaDB's failed CHECK constraint (4025) as an OperationalError.
    codes = _codes(error)
    return isinstance(error, exc.IntegrityError) or any(
        len(code) == 5 and code.startswith("23") for code in codes
    )


class ErrorTranslator:
    """Maps the exceptions of SQLAlchemy and its drivers to commtrak errors.

    Args:
        tables: The tables whose constraint names to recognise.
    """

    def __init__(self, tables: SqlTables) -> None:
        self._rules = _rules(tables)
        self._primary_keys = {f"{table.name}.id" for table in tables.all} | {
            _MYSQL_PRIMARY,
            *(f"{table.name}_pkey" for table in tables.all),
        }

    @contextlib.contextmanager
    def translating(self, *, foreign_key: Conflict | None = None) -> Iterator[None]:
        """Run the block, turning every SQLAlchemy or driver exception into a commtrak one.

        Args:
            foreign_key: What a foreign-key violation in this block means, for SQLite,
                which does not name the violated key.
        """
        try:
            yield
        except CommtrakError:
            raise
        except exc.DBAPIError as error:
            if _is_integrity(error):
                raise self._integrity(error, foreign_key) from error
            raise self._failure(error) from error
        except exc.StatementError as error:  # a parameter SQLAlchemy could not bind
            raise ValidationError(
                "record", "type", f"the database cannot take a value: {error.orig!r}"
            ) from error
        except UnicodeError as error:  # the driver could not encode a text
            raise ValidationError(
                "record", "encoding", f"the database cannot encode a text: {error}"
            ) from error
        except exc.SQLAlchemyError as error:
            raise BackendUnavailable(f"the database could not be used: {error}") from error

    def _integrity(self, error: exc.DBAPIError, foreign_key: Conflict | None) -> Conflict:
        names = _constraint_names(error)
        for rule in self._rules:
            if names.intersection(rule.names):
                return rule.conflict()
        if names & self._primary_keys:
            return Conflict("id", "unique_id", "a record with that id exists")
        if foreign_key is not None and "FOREIGN KEY" in str(error.orig):
            return foreign_key
        return Conflict("record", "integrity", f"the database refused the change: {error.orig}")

    @staticmethod
    def _failure(error: exc.DBAPIError) -> CommtrakError:
        codes = _codes(error)
        if codes & _RACE_CODES:
            return Conflict(
                "transaction",
                "concurrent_update",
                "another session changed the same records at the same time; try again",
            )
        if codes & _ENCODING_CODES or isinstance(error.orig, UnicodeError):
            return ValidationError(
                "record", "encoding", f"the database cannot encode a value: {error.orig}"
            )
        if codes & _TYPE_CODES:
            return ValidationError(
                "record", "type", f"the database refused a value's type: {error.orig}"
            )
        if isinstance(error, exc.DataError) or any(
            len(code) == 5 and code.startswith("22") for code in codes
        ):
            return ValidationError(
                "record", "storage_limit", f"the database refused a value: {error.orig}"
            )
        if isinstance(error, (exc.OperationalError, exc.InterfaceError)):
            return BackendUnavailable(f"the database did not answer: {error.orig}")
        return ConfigurationError(
            "schema",
            "statement_refused",
            f"the database refused commtrak's statement (is the schema migrated to this "
            f"version of commtrak?): {error.orig}",
        )
