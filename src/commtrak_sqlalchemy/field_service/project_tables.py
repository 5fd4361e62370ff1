"""The tables of projects and their allocations.

An allocation is keyed by its project and component, so a component is allocated to
a project once; it names the member its component belongs to, indexed, so that a
member leaving a group releases its allocations with one ``DELETE``. Deleting a
project's row would delete its allocations (``ON DELETE CASCADE``).
"""

from __future__ import annotations

import attrs
from sqlalchemy import Column, ForeignKey, Index, MetaData, String, Table, Text

from commtrak.model._text import MAX_TEXT
from commtrak_sqlalchemy._naming import MYSQL_OPTIONS, constraint_name, foreign_key_column
from commtrak_sqlalchemy._types import Id, UtcDateTime

__all__ = ["ProjectTables", "define_project_tables"]


@attrs.frozen
class ProjectTables:
    """The project tables.

    Attributes:
        projects: Projects at Head Offices.
        allocations: The components they allocate.
    """

    projects: Table
    allocations: Table

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children."""
        return (self.projects, self.allocations)


def define_project_tables(
    metadata: MetaData, customers: Table, groups: Table, *, prefix: str, schema: str | None
) -> ProjectTables:
    """Define the project tables on *metadata*, next to *customers* and *groups*."""

    def name(table: str, what: str) -> str:
        return constraint_name(prefix, table, what)

    projects = Table(
        f"{prefix}fs_projects",
        metadata,
        Column("id", Id, primary_key=True),
        foreign_key_column(prefix, "fs_projects", "customer_id", customers, nullable=False),
        foreign_key_column(prefix, "fs_projects", "group_id", groups, nullable=False),
        Column("name", String(MAX_TEXT), nullable=False),
        Column("created_at", UtcDateTime, nullable=False),
        Column("created_by", Text, nullable=False),
        Index(name("fs_projects", "customer"), "customer_id", "created_at", "id"),
        Index(name("fs_projects", "group"), "group_id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    allocations = Table(
        f"{prefix}fs_allocations",
        metadata,
        Column(
            "project_id",
            Id,
            ForeignKey(
                projects.c.id, name=name("fs_allocations", "project_fk"), ondelete="CASCADE"
            ),
            primary_key=True,
        ),
        Column("component_id", Id, primary_key=True),
        Column("kind", String(16), nullable=False),
        foreign_key_column(prefix, "fs_allocations", "member_id", customers, nullable=False),
        Column("allocated_at", UtcDateTime, nullable=False),
        Column("allocated_by", Text, nullable=False),
        Index(name("fs_allocations", "member"), "member_id"),
        schema=schema,
        **MYSQL_OPTIONS,
    )
    return ProjectTables(projects, allocations)
