"""The hostile-input contract reaches every service of a session and every method."""

from __future__ import annotations

import functools
import uuid

from commtrak import Session
from commtrak.field_service.facade import FieldService
from commtrak.finance.facade import Finance
from commtrak.testing.conformance.hostile import (
    hostile_calls,
    hostile_values,
    public_methods,
    service_classes,
)


def test_every_service_property_of_a_session_and_of_finance_is_fed() -> None:
    paths = set(service_classes())
    for holder, prefix in ((Session, ""), (Finance, "finance."), (FieldService, "field_service.")):
        for name, attribute in vars(holder).items():
            if isinstance(attribute, functools.cached_property):
                assert f"{prefix}{name}" in paths


def test_every_public_method_with_a_typed_parameter_gets_hostile_calls() -> None:
    for service in service_classes().values():
        called = {method for method, _, _, _ in hostile_calls(service)}
        uncalled = set(public_methods(service)) - called
        # only methods without parameters (or with ``object`` ones) are left out
        for method in uncalled:
            hints = getattr(service, method).__annotations__
            assert set(hints) <= {"return", "value"}, (service, method)


def test_an_id_gets_the_issues_cases() -> None:
    labels = {label for label, _ in hostile_values(uuid.UUID)}
    assert {"a malformed id", "an int for an id", "an id as text"} <= labels
