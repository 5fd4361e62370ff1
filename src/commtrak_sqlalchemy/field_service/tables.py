"""The service context's tables, on the same ``MetaData``, prefix and schema as the core's.

Each part of the context (contracts, reminders, assets...) defines its tables in its own
module and adds them here as one attribute.
"""

from __future__ import annotations

import attrs
from sqlalchemy import MetaData, Table

from commtrak_sqlalchemy.field_service.reminder_tables import (
    SchedulingTables,
    define_scheduling_tables,
)

__all__ = ["FieldServiceTables", "define_field_service_tables"]


@attrs.frozen
class FieldServiceTables:
    """The service context's tables.

    Attributes:
        scheduling: Service reminders, their decisions, scheduled activities.
    """

    scheduling: SchedulingTables

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children."""
        return (*self.scheduling.all,)


def define_field_service_tables(
    metadata: MetaData, customers: Table, *, prefix: str, schema: str | None
) -> FieldServiceTables:
    """Define the service context's tables on *metadata*, next to the *customers* table."""
    return FieldServiceTables(
        scheduling=define_scheduling_tables(metadata, customers, prefix=prefix, schema=schema),
    )
