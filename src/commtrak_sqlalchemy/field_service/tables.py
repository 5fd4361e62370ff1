"""The service context's tables, on the same ``MetaData``, prefix and schema as the core's.

Each part of the context (contracts, reminders, assets...) defines its tables in its own
module and adds them here as one attribute.
"""

from __future__ import annotations

import attrs
from sqlalchemy import MetaData, Table

from commtrak_sqlalchemy.field_service.asset_tables import AssetTables, define_asset_tables
from commtrak_sqlalchemy.field_service.attachment_tables import (
    AttachmentTables,
    define_attachment_tables,
)
from commtrak_sqlalchemy.field_service.contracts_tables import (
    ContractTables,
    define_contract_tables,
)
from commtrak_sqlalchemy.field_service.plan_tables import PlanTables, define_plan_tables
from commtrak_sqlalchemy.field_service.project_tables import ProjectTables, define_project_tables
from commtrak_sqlalchemy.field_service.reminder_tables import (
    SchedulingTables,
    define_scheduling_tables,
)
from commtrak_sqlalchemy.field_service.sla_tables import SlaTables, define_sla_tables

__all__ = ["FieldServiceTables", "define_field_service_tables"]


@attrs.frozen
class FieldServiceTables:
    """The service context's tables.

    Attributes:
        assets: Assets and their reference data.
        attachments: Attachment records and the service journal.
        projects: Projects and their allocations.
        service_plans: Service plans, their assignments and the addresses covered.
        slas: SLAs and the customers' associations with them.
        scheduling: Service reminders, their decisions, scheduled activities.
        contracts: The contracts' and flags' tables.
    """

    assets: AssetTables
    attachments: AttachmentTables
    projects: ProjectTables
    service_plans: PlanTables
    slas: SlaTables
    scheduling: SchedulingTables
    contracts: ContractTables

    @property
    def all(self) -> tuple[Table, ...]:
        """The tables, parents before children."""
        return (
            *self.assets.all,
            *self.attachments.all,
            *self.projects.all,
            *self.service_plans.all,
            *self.slas.all,
            *self.scheduling.all,
            *self.contracts.all,
        )


def define_field_service_tables(
    metadata: MetaData, customers: Table, *, prefix: str, schema: str | None
) -> FieldServiceTables:
    """Define the service context's tables on *metadata*, next to the *customers* table."""
    groups = metadata.tables[f"{schema}.{prefix}groups" if schema else f"{prefix}groups"]
    return FieldServiceTables(
        assets=define_asset_tables(metadata, customers, prefix=prefix, schema=schema),
        attachments=define_attachment_tables(metadata, customers, prefix=prefix, schema=schema),
        projects=define_project_tables(metadata, customers, groups, prefix=prefix, schema=schema),
        service_plans=define_plan_tables(metadata, customers, prefix=prefix, schema=schema),
        slas=define_sla_tables(metadata, customers, prefix=prefix, schema=schema),
        scheduling=define_scheduling_tables(metadata, customers, prefix=prefix, schema=schema),
        contracts=define_contract_tables(metadata, customers, prefix=prefix, schema=schema),
    )
