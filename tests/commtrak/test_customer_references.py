"""The customer references a store is opened with: kinds are unique, one is reserved."""

from __future__ import annotations

import uuid

import pytest

from commtrak import PluginError
from commtrak.customer_references import BUILT_IN_CUSTOMER_REFERENCES, unique_kinds
from commtrak.ports import Transaction


class Named:
    """A host reference that moves nothing, under a chosen kind."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def count(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        return 0

    def repoint(self, transaction: Transaction, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        return 0


def test_host_references_follow_the_built_in_ones() -> None:
    jobs = Named("host.job_customer")
    assert unique_kinds([jobs]) == (*BUILT_IN_CUSTOMER_REFERENCES, jobs)


@pytest.mark.parametrize("kind", ["contact.customer", "custom_value.customer"])
def test_a_taken_kind_is_refused(kind: str) -> None:
    # custom_value.customer is where a merge counts the custom values it moves
    with pytest.raises(PluginError, match=kind):
        unique_kinds([Named(kind)])
