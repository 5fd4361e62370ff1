"""The store-wide portal settings (seed 003, "Customer Portal View (Settings)")."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Final

import attrs

from commtrak.errors import ValidationError

__all__ = ["MAX_LOCKOUT_THRESHOLD", "PortalModule", "PortalSettings"]

#: The most consecutive failures a store may allow before locking an account.
MAX_LOCKOUT_THRESHOLD: Final = 100


class PortalModule(enum.StrEnum):
    """A module of the customer portal that the settings can show or hide."""

    TICKETS = "tickets"
    DATA_SHEETS = "data_sheets"
    WORKFLOWS = "workflows"
    JOBS = "jobs"
    PROJECTS = "projects"


def _modules(value: Iterable[str]) -> frozenset[PortalModule]:
    names = {str(name) for name in value}
    unknown = sorted(names - {module.value for module in PortalModule})
    if unknown:
        raise ValidationError(
            "modules",
            "portal_module",
            f"not portal modules: {', '.join(unknown)}; known: {', '.join(sorted(PortalModule))}",
        )
    return frozenset(PortalModule(name) for name in names)


def _threshold(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("lockout_threshold", "type", "must be a whole number")
    if not 1 <= value <= MAX_LOCKOUT_THRESHOLD:
        raise ValidationError(
            "lockout_threshold", "range", f"must be from 1 to {MAX_LOCKOUT_THRESHOLD}"
        )


@attrs.frozen
class PortalSettings:
    """Settings that apply to every contact of the store's portal.

    Attributes:
        modules: The modules contacts see; every module by default (seed: "all modules
            will be available").
        lockout_threshold: How many consecutive failed logins lock an account.
    """

    modules: frozenset[PortalModule] = attrs.field(
        default=frozenset(PortalModule), converter=_modules
    )
    lockout_threshold: int = attrs.field(default=5, validator=_threshold)
