"""What the violation of each constraint of the service context's tables means."""

from __future__ import annotations

from typing import TYPE_CHECKING

from commtrak_sqlalchemy._customer_rules import customer_rules

if TYPE_CHECKING:
    from commtrak_sqlalchemy.errors import ConstraintRule
    from commtrak_sqlalchemy.tables import SqlTables

__all__ = ["field_service_rules"]

#: The service context's tables whose ``customer_id`` is a foreign key to the customers.
_OWNED = (
    "fs_assets",
    "fs_attachments",
    "fs_journal",
    "fs_projects",
    "fs_customer_slas",
    "fs_plan_assignments",
)

#: The reference-data columns of an asset.
_REFERENCES = ("group_id", "fuel_type_id", "make_id", "model_id", "location_id")


def field_service_rules(tables: SqlTables) -> list[ConstraintRule]:
    """Return the rules of the service context's constraints, named with the prefix.

    The services check these before they write; the database's constraints decide
    races between sessions (two adding the same technical reference) and keep a
    caller writing through the repositories directly to the same rules.
    """
    from commtrak_sqlalchemy.errors import ConstraintRule

    name = tables.constraint
    tables_fs = tables.field_service
    assets = tables_fs.assets.assets.name
    items = tables_fs.assets.reference_items.name
    allocations = tables_fs.projects.allocations.name
    slas = tables_fs.slas.slas.name
    plans = tables_fs.service_plans.plans.name
    rules = [
        ConstraintRule(
            (name("fs_service_plans", "name_key_uq"), f"{plans}.name_key"),
            "name",
            "unique_service_plan",
            "another plan has that name",
        ),
        ConstraintRule(
            (name("fs_plan_assignments", "plan_fk"),),
            "plan_id",
            "plan_in_use",
            "the plan does not exist, or is assigned to customers",
        ),
        ConstraintRule(
            (name("fs_plan_addresses", "work_address_fk"),),
            "work_address_ids",
            "same_customer",
            "the work address does not exist",
        ),
        ConstraintRule(
            (name("fs_slas", "name_key_uq"), f"{slas}.name_key"),
            "name",
            "unique_sla",
            "another SLA has that name",
        ),
        ConstraintRule(
            (name("fs_customer_slas", "sla_fk"),),
            "sla_id",
            "sla_exists",
            "the SLA does not exist",
        ),
        ConstraintRule(
            (name("fs_assets", "reference_uq"), f"{assets}.customer_id, {assets}.reference_key"),
            "reference",
            "unique_asset_reference",
            "the customer has an asset with that technical reference",
        ),
        ConstraintRule(
            (name("fs_reference_items", "name_uq"), f"{items}.kind, {items}.name_key"),
            "name",
            "unique_reference_item",
            "the list has that name already",
        ),
        ConstraintRule(
            (
                f"{allocations}_pkey",
                f"{allocations}.PRIMARY",
                f"{allocations}.project_id, {allocations}.component_id",
            ),
            "component_id",
            "already_allocated",
            "the project has that component already",
        ),
        ConstraintRule(
            (name("fs_assets", "work_address_fk"),),
            "work_address_id",
            "same_customer",
            "the work address does not exist",
        ),
        ConstraintRule(
            (name("fs_allocations", "project_fk"),),
            "project_id",
            "project_exists",
            "the project does not exist",
        ),
        ConstraintRule(
            (name("fs_projects", "group_fk"),),
            "group_id",
            "group_exists",
            "the group does not exist",
        ),
        ConstraintRule(
            (name("fs_allocations", "member_fk"),),
            "member_id",
            "customer_exists",
            "the member does not exist",
        ),
        ConstraintRule(
            (name("fs_reference_items", "make_fk"),),
            "make_id",
            "reference_kind",
            "the make does not exist",
        ),
    ]
    rules += [
        ConstraintRule(
            (name("fs_assets", f"{column.removesuffix('_id')}_fk"),),
            column,
            "reference_kind",
            "the reference item does not exist",
        )
        for column in _REFERENCES
    ]
    return rules + customer_rules(tables, _OWNED)
