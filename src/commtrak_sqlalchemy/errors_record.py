"""What the violation of each constraint of the customer record's tables means."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commtrak_sqlalchemy.errors import ConstraintRule
    from commtrak_sqlalchemy.tables import SqlTables

__all__ = ["record_rules"]

#: Each foreign key of the record's tables, by table and key: the field and rule of the
#: ``Conflict`` it is reported as, and what it refers to.
_FOREIGN_KEYS = (
    ("customers", "merged_into_fk", "merged_into", "customer"),
    ("customer_journal", "customer_fk", "customer_id", "customer"),
    ("branches", "customer_fk", "customer_id", "customer"),
    ("work_addresses", "customer_fk", "customer_id", "customer"),
    ("work_addresses", "branch_fk", "branch_id", "branch"),
    ("work_addresses", "landlord_fk", "landlord_id", "landlord"),
    ("invoice_addresses", "landlord_fk", "landlord_id", "landlord"),
    ("invoice_addresses", "work_address_fk", "work_address_id", "work_address"),
    ("invoice_address_links", "invoice_address_fk", "invoice_address_id", "invoice_address"),
    ("invoice_address_links", "customer_fk", "customer_id", "customer"),
    ("invoices", "customer_fk", "customer_id", "customer"),
    ("invoices", "invoice_address_fk", "invoice_address_id", "invoice_address"),
)


def record_rules(tables: SqlTables) -> list[ConstraintRule]:
    """Return the rules of the record's constraints, named with the tables' prefix.

    A foreign key fails when a row names a record that does not exist, or when a
    record still named by rows is deleted (a branch that still manages work
    addresses): both are reported as ``{field}``/``{entity}_exists``.
    """
    from commtrak_sqlalchemy.errors import ConstraintRule

    links = tables.record.invoice_address_links.name
    rules = [
        ConstraintRule(
            (tables.constraint(table, key),),
            field,
            f"{entity}_exists",
            f"the {entity.replace('_', ' ')} does not exist, or is still in use",
        )
        for table, key, field, entity in _FOREIGN_KEYS
    ]
    rules.append(
        ConstraintRule(
            # PostgreSQL's name for the primary key, MariaDB's (qualified by the table the
            # statement wrote, see ``errors``), SQLite's columns.
            (
                f"{links}_pkey",
                f"{links}.PRIMARY",
                f"{links}.invoice_address_id, {links}.customer_id",
            ),
            "invoice_address_id",
            "already_assigned",
            "the invoice address is already assigned to the customer",
        )
    )
    return rules
