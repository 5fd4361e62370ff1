"""The service context's tables, on the same ``MetaData``, prefix and schema as the core's.

Each part of the context (contracts, reminders, assets...) defines its tables in its own
module and adds them here as one attribute.
"""

from __future__ import annotations

import attrs
from sqlalchemy import MetaData, Table

from commtrak_sqlalchemy.field_service.contracts_tables import (
    ContractTables,
    define_contract_tables,
)

__all__ = ["FieldServiceTables", "define_field_service_tables"]


@attrs.frozen
class FieldServiceTables:
    """The service context's tables.

    Attributes:
        contracts: The contracts' and flags' tables.
    """

    contracts: ContractTables

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children."""
        return (*self.contracts.all,)


def define_field_service_tables(
    metadata: MetaData, customers: Table, *, prefix: str, schema: str | None
) -> FieldServiceTables:
    """Define the service context's tables on *metadata*, next to the *customers* table."""
    return FieldServiceTables(
        contracts=define_contract_tables(metadata, customers, prefix=prefix, schema=schema),
    )
