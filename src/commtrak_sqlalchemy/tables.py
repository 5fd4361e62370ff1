"""The backend's tables, as SQLAlchemy Core ``Table`` objects on a ``MetaData``.

A host application that keeps its own schema includes commtrak's tables in its own
``MetaData`` (``define_tables(app_metadata, prefix="crm_")``) so that its migrations
see them. The entities are never mapped: repositories convert rows at their edge.

How each invariant of ``DESIGN.md`` is held by the database, so that two processes
cannot break it even when both passed the services' checks:

* a customer is in at most one group: ``customers.group_id`` is one column;
* at most one Head Office per group: the Head Office is the member whose
  ``is_head_office`` flag is set, and a unique index allows one flagged row per group
  (a partial index on PostgreSQL and SQLite; MariaDB and MySQL ignore index
  conditions, so there the index is on the generated column ``head_office_group``);
* the Head Office is a member: the flag lives on the member's row and a check
  constraint refuses it on a customer in no group;
* group names are unique when folded: a unique index on ``groups.name_key``;
* a group with members cannot be deleted: the foreign key from ``customers.group_id``;
* contacts are found by email key through an index on ``contacts.email_key``.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    case,
    false,
    text,
    true,
)
from sqlalchemy.engine import Connection, Dialect

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._naming import (
    MYSQL_OPTIONS,
    NOT_ON_MYSQL,
    ONLY_ON_MYSQL,
    constraint_name,
    created_when,
    foreign_key_column,
    referrer_index,
)
from commtrak_sqlalchemy._types import FoldedKey, Id, JsonList, UtcDateTime
from commtrak_sqlalchemy.field_service.tables import (
    FieldServiceTables,
    define_field_service_tables,
)
from commtrak_sqlalchemy.finance.tables import FinanceTables, define_finance_tables
from commtrak_sqlalchemy.tables_portal import PortalTables, define_portal_tables
from commtrak_sqlalchemy.tables_record import RecordTables, define_record_tables

__all__ = ["DEFAULT_PREFIX", "IMPORT_KEY_LENGTH", "SqlTables", "define_tables"]

#: The length of an import key: a SHA-256 digest in hexadecimal.
IMPORT_KEY_LENGTH = 64

#: The table-name prefix used unless the host chooses another.
DEFAULT_PREFIX = "commtrak_"


def _has_pg_trgm(dialect: Dialect, bind: Connection | None) -> bool:
    if dialect.name != "postgresql" or bind is None:
        return False
    found = bind.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"))
    return found.first() is not None


@attrs.frozen
class SqlTables:
    """commtrak's tables on one ``MetaData``, and the names of their constraints.

    Attributes:
        metadata: The ``MetaData`` holding the tables.
        groups: Customer groups, with their maintained ``member_count``.
        customers: Customers, with their group and Head Office flag.
        contacts: Contacts.
        journal: The merge journal, one row per merged duplicate set.
        journal_contacts: Which contacts each journal entry names, to list a contact's.
        departments: The store's department list.
        custom_fields: Custom field definitions.
        custom_values: Custom field values, by field and owner.
        erasures: The erasure journal: one row per deleted customer, naming no row of
            another table (so it outlives what it records).
        import_keys: The keys of the rows bulk imports wrote, which make them
            idempotent (see :mod:`commtrak.model.import_keys`).
        portal: The tables of the portal, tickets and data sheets.
        record: The customer record's tables (see :mod:`commtrak_sqlalchemy.tables_record`).
        finance: The finance context's tables (see
            :mod:`commtrak_sqlalchemy.finance.tables`).
        field_service: The service context's tables (see
            :mod:`commtrak_sqlalchemy.field_service.tables`).
        prefix: The table-name prefix, also the prefix of every constraint name.
    """

    metadata: MetaData
    groups: Table
    customers: Table
    contacts: Table
    journal: Table
    journal_contacts: Table
    departments: Table
    custom_fields: Table
    custom_values: Table
    erasures: Table
    import_keys: Table
    portal: PortalTables
    record: RecordTables
    finance: FinanceTables
    field_service: FieldServiceTables
    prefix: str

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children (the order to create them in)."""
        return (
            self.groups,
            self.customers,
            self.contacts,
            self.journal,
            self.journal_contacts,
            self.departments,
            self.custom_fields,
            self.custom_values,
            self.erasures,
            self.import_keys,
            *self.portal.all,
            *self.record.all,
            *self.finance.all,
            *self.field_service.all,
        )

    def constraint(self, table: str, what: str) -> str:
        """Return the name of the constraint or index *what* on the table *table*."""
        return constraint_name(self.prefix, table, what)


def _named_entity() -> tuple[Column[Any], ...]:
    """The columns every named entity's table starts with: its id, name and folded name."""
    return (
        Column("id", Id, primary_key=True),
        Column("name", String(MAX_TEXT), nullable=False),
        Column("name_key", FoldedKey, nullable=False),
    )


def define_tables(
    metadata: MetaData | None = None,
    *,
    prefix: str = DEFAULT_PREFIX,
    schema: str | None = None,
) -> SqlTables:
    """Define commtrak's tables on *metadata* (a new one by default).

    Args:
        metadata: The host's ``MetaData`` to add the tables to.
        prefix: Prepended to every table, index and constraint name.
        schema: The database schema to put the tables in (``None``: the default one).

    Returns:
        The tables.
    """
    metadata = MetaData() if metadata is None else metadata

    def name(table: str, what: str) -> str:
        return constraint_name(prefix, table, what)

    refers = functools.partial(foreign_key_column, prefix)
    dotted = f"{schema}." if schema else ""

    groups = Table(
        f"{prefix}groups",
        metadata,
        *_named_entity(),
        Column("member_count", Integer, nullable=False, server_default="0"),
        CheckConstraint("member_count >= 0", name=name("groups", "member_count_ck")),
        Index(name("groups", "name_key_uq"), "name_key", unique=True),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    Index(
        name("groups", "name_key_trgm"),
        groups.c.name_key,
        postgresql_using="gin",
        postgresql_ops={"name_key": "gin_trgm_ops"},
    ).ddl_if(callable_=created_when(_has_pg_trgm))

    customers = Table(
        f"{prefix}customers",
        metadata,
        *_named_entity(),
        Column("type", String(64), nullable=False),
        Column("status", String(32), nullable=False),
        *(
            Column(f"address_{line}", String(MAX_TEXT), nullable=False)
            for line in ("line1", "line2", "line3", "town", "county", "postcode", "country")
        ),
        refers("customers", "group_id", groups, nullable=True),
        Column("is_head_office", Boolean, nullable=False, server_default=false()),
        Column("sales_contact_id", Id, nullable=True),
        Column("advertising_source", String(MAX_TEXT), nullable=False, server_default=""),
        Column("invoice_format", Text, nullable=True),
        Column("price_book", String(MAX_TEXT), nullable=False, server_default=""),
        Column("communication", JSON, nullable=True),
        refers("customers", "merged_into", f"{dotted}{prefix}customers.id", nullable=True),
        Column(
            "head_office_group",
            Id,
            Computed(case((text("is_head_office"), text("group_id"))), persisted=True),
        ),
        CheckConstraint(
            "NOT is_head_office OR group_id IS NOT NULL",
            name=name("customers", "head_office_member_ck"),
        ),
        Index(name("customers", "sales_contact"), "sales_contact_id"),
        Index(name("customers", "navigation"), "group_id", "name_key", "id"),
        Index(name("customers", "listing"), "name_key", "id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    Index(
        name("customers", "head_office_uq"),
        customers.c.group_id,
        unique=True,
        # Spelled as head_office_of() spells it: SQLite uses a partial index only for a
        # query that repeats the index's condition term for term.
        postgresql_where=customers.c.is_head_office == true(),
        sqlite_where=customers.c.is_head_office == true(),
    ).ddl_if(callable_=NOT_ON_MYSQL)
    Index(
        name("customers", "head_office_group_uq"),
        customers.c.head_office_group,
        unique=True,
    ).ddl_if(callable_=ONLY_ON_MYSQL)
    referrer_index(customers, name("customers", "merged_into"), "merged_into")

    contacts = Table(
        f"{prefix}contacts",
        metadata,
        *_named_entity(),
        refers("contacts", "customer_id", customers, nullable=False),
        Column("title", String(MAX_TEXT), nullable=False),
        Column("position", String(MAX_TEXT), nullable=False),
        Column("phones", JsonList, nullable=False),
        Column("email", String(MAX_TEXT), nullable=True),
        Column("email_key", FoldedKey, nullable=True),
        Column("email_status", String(32), nullable=True),
        Column("note", Text, nullable=False),
        Column("social_urls", JsonList, nullable=False),
        Column("visibility", String(32), nullable=False),
        Column("departments", JsonList, nullable=False),
        Column("communication", JsonList, nullable=False),
        Column("is_primary", Boolean, nullable=False, server_default=false()),
        Column(
            "primary_customer",
            Id,
            Computed(case((text("is_primary"), text("customer_id"))), persisted=True),
        ),
        Column("archived", Boolean, nullable=False),
        refers("contacts", "merged_into", f"{dotted}{prefix}contacts.id", nullable=True),
        Column("created_at", UtcDateTime, nullable=False),
        Column("created_by", Text, nullable=False),
        Column("modified_at", UtcDateTime, nullable=False),
        Column("modified_by", Text, nullable=False),
        Column("modified_via_portal", Boolean, nullable=False),
        Index(name("contacts", "listing"), "customer_id", "archived", "name_key", "id"),
        Index(name("contacts", "email_key"), "email_key"),
        Index(name("contacts", "merged_into"), "merged_into"),
        Index(name("contacts", "primary_uq"), "primary_customer", unique=True),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    journal = Table(
        f"{prefix}merge_journal",
        metadata,
        Column("id", Id, primary_key=True),
        Column("group_id", Id, nullable=False),
        Column("at", UtcDateTime, nullable=False),
        Column("by", Text, nullable=False),
        Column("email_key", FoldedKey, nullable=False),
        Column("survivor_id", Id, nullable=False),
        Column("archived_ids", JSON, nullable=False),
        Column("changed_fields", JSON, nullable=False),
        Column("moved_references", JSON, nullable=False),
        Index(name("merge_journal", "group"), "group_id", "at", "id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    journal_contacts = Table(
        f"{prefix}merge_journal_contacts",
        metadata,
        refers("merge_journal_contacts", "entry_id", journal, primary_key=True),
        Column("contact_id", Id, primary_key=True),
        Index(name("merge_journal_contacts", "contact"), "contact_id", "entry_id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    erasures = Table(
        f"{prefix}erasures",
        metadata,
        Column("id", Id, primary_key=True),
        Column("customer_id", Id, nullable=False),
        Column("erased_customer_ids", JSON, nullable=False),
        Column("at", UtcDateTime, nullable=False),
        Column("by", Text, nullable=False),
        Column("removed", JSON, nullable=False),
        Index(name("erasures", "customer"), "customer_id", "at", "id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    departments = Table(
        f"{prefix}departments",
        metadata,
        *_named_entity(),
        Column("archived", Boolean, nullable=False),
        Index(name("departments", "name_key_uq"), "name_key", unique=True),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    custom_fields = Table(
        f"{prefix}custom_fields",
        metadata,
        *_named_entity(),
        Column("kind", String(32), nullable=False),
        Column("owner", String(32), nullable=False),
        Column("choices", JSON, nullable=False),
        Column("archived", Boolean, nullable=False),
        Index(name("custom_fields", "owner_name_uq"), "owner", "name_key", unique=True),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    custom_values = Table(
        f"{prefix}custom_values",
        metadata,
        refers("custom_values", "field_id", custom_fields, primary_key=True),
        Column("owner_id", Id, primary_key=True),
        Column("value", Text, nullable=False),
        Column("archived", Boolean, nullable=False),
        Index(name("custom_values", "owner"), "owner_id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    import_keys = Table(
        f"{prefix}import_keys",
        metadata,
        Column("key", String(IMPORT_KEY_LENGTH), primary_key=True),
        Column("kind", String(32), nullable=False),
        Column("record_id", Id, nullable=False),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    return SqlTables(
        metadata=metadata,
        groups=groups,
        customers=customers,
        contacts=contacts,
        journal=journal,
        journal_contacts=journal_contacts,
        departments=departments,
        custom_fields=custom_fields,
        custom_values=custom_values,
        erasures=erasures,
        import_keys=import_keys,
        portal=define_portal_tables(metadata, prefix=prefix, schema=schema),
        record=define_record_tables(metadata, customers, prefix=prefix, schema=schema),
        finance=define_finance_tables(metadata, customers, prefix=prefix, schema=schema),
        field_service=define_field_service_tables(
            metadata, customers, prefix=prefix, schema=schema
        ),
        prefix=prefix,
    )
