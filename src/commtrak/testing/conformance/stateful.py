"""Contract: the group invariants of DESIGN.md hold after every step of a random history.

A hypothesis state machine creates, renames and deletes groups, adds, removes and moves
members and designates Head Offices, each step in its own session, and compares the
store with a plain-Python model after every step.
"""

from __future__ import annotations

import uuid

from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from commtrak import Actor, CommtrakError, Conflict, NotFound, Store
from commtrak.model import fold, navigation_key
from commtrak.testing.conformance._base import StoreContract, address, run_history
from commtrak.testing.strategies import group_names, names


class GroupHistory(RuleBasedStateMachine):
    """Random group histories against a store and a model of what it must hold."""

    store: Store
    actor: Actor

    groups = Bundle("groups")
    customers = Bundle("customers")

    def __init__(self) -> None:
        super().__init__()
        self.store.backend.erase_all_data()
        self.group_names: dict[uuid.UUID, str] = {}
        self.head_offices: dict[uuid.UUID, uuid.UUID | None] = {}
        self.customer_names: dict[uuid.UUID, str] = {}
        self.membership: dict[uuid.UUID, uuid.UUID | None] = {}

    # -- the model ------------------------------------------------------------------

    def members(self, group_id: uuid.UUID) -> list[uuid.UUID]:
        ids = [cid for cid, gid in self.membership.items() if gid == group_id]
        return sorted(ids, key=lambda cid: (fold(self.customer_names[cid]), str(cid)))

    def name_taken(self, name: str, group_id: uuid.UUID | None = None) -> bool:
        return any(
            fold(other) == fold(name) and gid != group_id for gid, other in self.group_names.items()
        )

    def leave(self, customer_id: uuid.UUID) -> None:
        group_id = self.membership[customer_id]
        if group_id is None:
            return
        self.membership[customer_id] = None
        if self.head_offices[group_id] == customer_id:
            rest = self.members(group_id)
            self.head_offices[group_id] = rest[0] if rest else None

    def join(self, customer_id: uuid.UUID, group_id: uuid.UUID) -> None:
        self.membership[customer_id] = group_id
        if self.head_offices[group_id] is None:
            self.head_offices[group_id] = customer_id

    def expect(self, error: type[CommtrakError] | None, step: object) -> None:
        """Run *step* in a session; it must raise *error*, or succeed when that is None."""
        try:
            with self.store.session(actor=self.actor) as session:
                step(session)  # type: ignore[operator]
        except CommtrakError as raised:
            assert error is not None and isinstance(raised, error), f"unexpected {raised!r}"
        else:
            assert error is None, f"expected {error.__name__}"

    # -- the steps ------------------------------------------------------------------

    @initialize(target=customers, name=names(max_size=12))
    def first_customer(self, name: str) -> uuid.UUID:
        return self.new_customer(name)

    @rule(target=customers, name=names(max_size=12))
    def add_customer(self, name: str) -> uuid.UUID:
        return self.new_customer(name)

    def new_customer(self, name: str) -> uuid.UUID:
        """Add a customer outside any group to the store and the model."""
        with self.store.session(actor=self.actor) as session:
            customer = session.customers.add(name=name, address=address())
        self.customer_names[customer.id] = customer.name
        self.membership[customer.id] = None
        return customer.id

    @rule(target=groups, name=group_names())
    def create_group(self, name: str) -> uuid.UUID:
        created: list[uuid.UUID] = []
        taken = self.name_taken(name)
        self.expect(Conflict if taken else None, lambda s: created.append(s.groups.create(name).id))
        if created:
            self.group_names[created[0]] = name.strip()
            self.head_offices[created[0]] = None
            return created[0]
        return uuid.uuid4()  # a group that does not exist: later steps expect NotFound

    @rule(group=groups, name=group_names())
    def rename(self, group: uuid.UUID, name: str) -> None:
        if group not in self.group_names:
            self.expect(NotFound, lambda s: s.groups.rename(group, name))
            return
        taken = self.name_taken(name, group)
        self.expect(Conflict if taken else None, lambda s: s.groups.rename(group, name))
        if not taken:
            self.group_names[group] = name.strip()

    @rule(group=groups, customer=customers)
    def add_member(self, group: uuid.UUID, customer: uuid.UUID) -> None:
        if group not in self.group_names:
            self.expect(NotFound, lambda s: s.groups.add_member(group, customer))
        elif self.membership[customer] is not None:
            self.expect(Conflict, lambda s: s.groups.add_member(group, customer))
        else:
            self.expect(None, lambda s: s.groups.add_member(group, customer))
            self.join(customer, group)

    @rule(group=groups, customer=customers)
    def remove_member(self, group: uuid.UUID, customer: uuid.UUID) -> None:
        if group not in self.group_names:
            self.expect(NotFound, lambda s: s.groups.remove_member(group, customer))
        elif self.membership[customer] != group:
            self.expect(Conflict, lambda s: s.groups.remove_member(group, customer))
        else:
            self.expect(None, lambda s: s.groups.remove_member(group, customer))
            self.leave(customer)

    @rule(group=groups, customer=customers)
    def move(self, group: uuid.UUID, customer: uuid.UUID) -> None:
        if group not in self.group_names:
            self.expect(NotFound, lambda s: s.groups.move_member(customer, group))
            return
        self.expect(None, lambda s: s.groups.move_member(customer, group))
        if self.membership[customer] != group:
            self.leave(customer)
            self.join(customer, group)

    @rule(group=groups, customer=customers)
    def designate(self, group: uuid.UUID, customer: uuid.UUID) -> None:
        if group not in self.group_names:
            self.expect(NotFound, lambda s: s.groups.set_head_office(group, customer))
        elif self.membership[customer] != group:
            self.expect(Conflict, lambda s: s.groups.set_head_office(group, customer))
        else:
            self.expect(None, lambda s: s.groups.set_head_office(group, customer))
            self.head_offices[group] = customer

    @rule(customer=customers, name=names(max_size=12))
    def rename_customer(self, customer: uuid.UUID, name: str) -> None:
        self.expect(None, lambda s: s.customers.edit(customer, name=name))
        self.customer_names[customer] = name.strip()

    @rule(group=groups)
    def delete(self, group: uuid.UUID) -> None:
        if group not in self.group_names:
            self.expect(NotFound, lambda s: s.groups.delete(group))
        elif self.members(group):
            self.expect(Conflict, lambda s: s.groups.delete(group))
        else:
            self.expect(None, lambda s: s.groups.delete(group))
            del self.group_names[group], self.head_offices[group]

    # -- the invariants -------------------------------------------------------------

    @invariant()
    def store_matches_model_and_invariants_hold(self) -> None:
        with self.store.session(actor=self.actor) as s:
            stored = s.groups.all()
            assert [g.id for g in stored] == sorted(
                self.group_names, key=lambda gid: (fold(self.group_names[gid]), str(gid))
            )
            for group in stored:
                members = [m.customer for m in s.groups.members(group.id)]
                # Invariant 2: navigation order is total, stable and the documented one.
                assert [m.id for m in members] == self.members(group.id)
                assert members == sorted(members, key=navigation_key)
                # Invariant 1: exactly one Head Office, a member, iff there are members.
                heads = [m for m in s.groups.members(group.id) if m.is_head_office]
                if members:
                    assert len(heads) == 1
                    assert group.head_office_id in {m.id for m in members}
                else:
                    assert heads == []
                    assert group.head_office_id is None
                assert group.head_office_id == self.head_offices[group.id]
                for member in members:
                    assert member.group_id == group.id
            for customer_id, group_id in self.membership.items():
                assert s.customers.get(customer_id).group_id == group_id


class GroupHistoryContract(StoreContract):
    """The stateful test, run on the backend under test."""

    def test_group_invariants_hold_after_every_step(self, store: Store, actor: Actor) -> None:
        run_history(GroupHistory, store, actor, steps=25)


__all__ = ["GroupHistory", "GroupHistoryContract"]
