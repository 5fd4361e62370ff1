"""The customer references a store is opened with: kinds are unique, one is reserved."""

from __future__ import annotations

import uuid

import pytest

from commtrak import PluginError, finance
from commtrak.customer_references import (
    BUILT_IN_CUSTOMER_REFERENCES,
    contributed_references,
    unique_kinds,
)
from commtrak.ports import Transaction


class Named:
    """A host reference that moves nothing, under a chosen kind."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def count(self, transaction: Transaction, customer_id: uuid.UUID) -> int:
        return 0

    def repoint(self, transaction: Transaction, from_id: uuid.UUID, to_id: uuid.UUID) -> int:
        return 0


def test_host_references_follow_the_built_in_and_contributed_ones() -> None:
    jobs = Named("host.job_customer")
    contributed = contributed_references()
    assert unique_kinds([jobs]) == (*BUILT_IN_CUSTOMER_REFERENCES, *contributed, jobs)


def test_the_contexts_contribute_theirs_and_passing_them_again_is_harmless() -> None:
    assert set(finance.CUSTOMER_REFERENCES) <= set(contributed_references())
    assert unique_kinds(finance.CUSTOMER_REFERENCES) == unique_kinds(())


def test_a_contribution_that_is_no_reference_is_a_plugin_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from commtrak import customer_references

    monkeypatch.setattr(customer_references, "contributions", lambda group: [("bad", 42)])
    contributed_references.cache_clear()
    try:
        with pytest.raises(PluginError, match="no customer reference"):
            contributed_references()
    finally:
        monkeypatch.undo()
        contributed_references.cache_clear()


@pytest.mark.parametrize("kind", ["contact.customer", "custom_value.customer"])
def test_a_taken_kind_is_refused(kind: str) -> None:
    # custom_value.customer is where a merge counts the custom values it moves
    with pytest.raises(PluginError, match=kind):
        unique_kinds([Named(kind)])
