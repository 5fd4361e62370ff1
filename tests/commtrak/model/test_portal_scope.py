from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from commtrak.model import portal_customer_ids
from commtrak.model.portal_scope import sees_whole_group

ids = st.uuids()


@given(own=ids, members=st.lists(ids, max_size=5))
def test_a_head_office_contact_sees_its_group(own: uuid.UUID, members: list[uuid.UUID]) -> None:
    assert sees_whole_group(own, own)
    assert portal_customer_ids(own, own, members) == frozenset({own, *members})


@given(own=ids, head_office=st.none() | ids, members=st.lists(ids, max_size=5))
def test_any_other_contact_sees_its_own_customer_only(
    own: uuid.UUID, head_office: uuid.UUID | None, members: list[uuid.UUID]
) -> None:
    if head_office == own:
        return
    assert not sees_whole_group(own, head_office)
    assert portal_customer_ids(own, head_office, members) == frozenset({own})
