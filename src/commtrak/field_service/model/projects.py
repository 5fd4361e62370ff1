"""Projects at a Head Office that allocate components from its group's members (seed 000).

"Within a Project, allocate components ... from other Customer records within the same
group." A project belongs to the Head Office of a group and remembers that group; it
allocates work addresses and assets of the group's members. Only members of the
project's group may give components, and a member leaving the group releases them
(journaled in the service journal).
"""

from __future__ import annotations

import datetime
import enum
import uuid

import attrs

__all__ = ["Allocation", "ComponentKind", "Project"]


class ComponentKind(enum.StrEnum):
    """The kinds of component a project allocates."""

    WORK_ADDRESS = "work_address"
    ASSET = "asset"


@attrs.frozen
class Project:
    """A project at a Head Office.

    Attributes:
        id: Made by the library.
        customer_id: The Head Office it is run from.
        group_id: The group whose members' components it may allocate.
        name: What it is called.
        created_at: When it was created (UTC).
        created_by: Who created it.
    """

    id: uuid.UUID
    customer_id: uuid.UUID
    group_id: uuid.UUID
    name: str
    created_at: datetime.datetime
    created_by: str


@attrs.frozen
class Allocation:
    """A component allocated to a project.

    Attributes:
        project_id: The project.
        kind: Work address or asset.
        component_id: The work address or asset.
        member_id: The group member the component belongs to.
        allocated_at: When (UTC).
        allocated_by: Who allocated it.
    """

    project_id: uuid.UUID
    kind: ComponentKind
    component_id: uuid.UUID
    member_id: uuid.UUID
    allocated_at: datetime.datetime
    allocated_by: str
