"""The service context reaches its storage through the transaction, or says it cannot."""

from __future__ import annotations

from typing import Any, cast

import pytest

from commtrak import Actor, BackendUnavailable, field_service
from commtrak.field_service.ports.storage import FieldServiceTransaction, field_service_storage
from commtrak.testing.conformance._base import open_test_store

ACTOR = Actor.staff("staff-1", "Sam Supervisor", "supervisor")


@pytest.mark.parametrize("url", ["memory://", "sqlite://"])
def test_the_shipped_backends_store_the_service_context(url: str) -> None:
    with open_test_store(url) as store, store.session(actor=ACTOR) as s:
        assert isinstance(s.transaction, FieldServiceTransaction)
        assert field_service_storage(s.transaction) is s.transaction.field_service
        assert field_service.of(s) is field_service.of(s)


def test_a_backend_without_it_is_unavailable_for_the_context() -> None:
    with pytest.raises(BackendUnavailable, match="does not store the service context"):
        field_service_storage(cast(Any, object()))
