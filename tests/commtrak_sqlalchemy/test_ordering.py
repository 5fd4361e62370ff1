"""Orders and matches are Python's, code point by code point, never a database collation."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commtrak import Actor, Address, Conflict, Store
from commtrak.model import fold, navigation_key
from commtrak.testing.strategies import group_names, names

# Pairs that collations (case-insensitive, accent-insensitive, PAD SPACE) would reorder
# or merge, but code point order does not.
TRICKY = ["a", "A", "á", "b", "Z", "z", "_", "%", "ß", "ss", "İ", "i̇", "😀", "ﬁ", "\uff46", "a b"]

profile = settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))


@profile
@given(st.lists(st.one_of(names(max_size=12), st.sampled_from(TRICKY)), min_size=1, max_size=12))
def test_members_are_in_navigation_order(sql_store: Store, member_names: list[str]) -> None:
    sql_store.backend.erase_all_data()
    with sql_store.session(actor=Actor.system()) as s:
        group = s.groups.create("Order")
        for name in member_names:
            customer = s.customers.add(name=name, address=Address(line1="1", postcode="2"))
            s.groups.add_member(group.id, customer.id)
    with sql_store.session(actor=Actor.system()) as s:
        members = [m.customer for m in s.groups.members(group.id)]
        assert members == sorted(members, key=navigation_key)
        walked = [members[0]]
        while (step := s.groups.next(walked[-1].id)) is not None:
            walked.append(step)
        assert walked == members


@profile
@given(
    st.lists(st.one_of(group_names(), st.sampled_from(TRICKY)), min_size=1, max_size=8),
    st.data(),
)
def test_search_matches_what_python_matches(
    sql_store: Store, group_names_: list[str], data: st.DataObject
) -> None:
    sql_store.backend.erase_all_data()
    with sql_store.session(actor=Actor.system()) as s:
        created = []
        for name in group_names_:
            try:
                created.append(s.groups.create(name))
            except Conflict:  # a folded duplicate: the conformance suite covers it
                continue
    # Most queries are a piece of a name, so that searches find something.
    source = fold(data.draw(st.sampled_from([g.name for g in created])))
    start = data.draw(st.integers(0, max(0, len(source) - 3)))
    piece = source[start : start + data.draw(st.integers(3, 8))]
    query = data.draw(st.one_of(st.just(piece), group_names(), st.sampled_from(["ss", "%_\\"])))
    fragment = fold(query.strip())
    if len(fragment) < 3:
        return
    expected = sorted(
        (g for g in created if fragment in fold(g.name)), key=lambda g: (fold(g.name), str(g.id))
    )
    with sql_store.session(actor=Actor.system()) as s:
        assert [m.group for m in s.groups.search(query)] == expected
