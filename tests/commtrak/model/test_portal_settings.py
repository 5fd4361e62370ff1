from __future__ import annotations

import pytest

from commtrak import ValidationError
from commtrak.model import PortalModule, PortalSettings


def test_every_module_is_shown_by_default() -> None:
    assert PortalSettings().modules == frozenset(PortalModule)
    assert PortalSettings().lockout_threshold == 5


@pytest.mark.parametrize(("value", "rule"), [(0, "range"), (101, "range"), (True, "type")])
def test_the_lockout_threshold_is_checked(value: int, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PortalSettings(lockout_threshold=value)
    assert (caught.value.field, caught.value.rule) == ("lockout_threshold", rule)


def test_modules_are_named() -> None:
    assert PortalSettings(modules=["tickets"]).modules == {PortalModule.TICKETS}
    with pytest.raises(ValidationError) as caught:
        PortalSettings(modules=["casino"])
    assert (caught.value.field, caught.value.rule) == ("modules", "portal_module")
