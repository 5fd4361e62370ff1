"""Duplicate contacts and their merge: the pure rules (seed 000, "Merging Duplicate ...").

Two active contacts are duplicates when they belong to customers of one group and share
an email key. Merging a set keeps one *survivor*, which belongs to the Head Office, and
archives the others with a ``merged_into`` pointer to it. The rules here decide which
contact survives and what values it ends up with; they need no storage.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from commtrak.model._changes import before_after
from commtrak.model.contacts import Contact

__all__ = [
    "FILLABLE_FIELDS",
    "UNITED_FIELDS",
    "DuplicateSet",
    "MergeJournalEntry",
    "MergePlan",
    "age_key",
    "group_duplicate_sets",
    "plan_merge",
]

#: The fields a survivor takes from a duplicate when its own value is blank, in this
#: order. The email is the same by definition.
FILLABLE_FIELDS = ("title", "position", "note")

#: The multi-valued fields whose values the survivor and the duplicates pool.
UNITED_FIELDS = ("departments", "social_urls", "communication")


def age_key(contact: Contact) -> tuple[datetime.datetime, str]:
    """Order contacts oldest first, ties broken by id: the merge's deterministic order."""
    return (contact.created_at, str(contact.id))


@attrs.frozen
class DuplicateSet:
    """Active contacts of one group sharing one email key.

    Attributes:
        email_key: The shared key.
        survivor_id: The contact that survives a merge of the set.
        contacts: Every contact of the set, survivor first, then oldest first.
    """

    email_key: str
    survivor_id: uuid.UUID
    contacts: tuple[Contact, ...]

    @property
    def survivor(self) -> Contact:
        """The contact that survives the merge."""
        return self.contacts[0]

    @property
    def duplicates(self) -> tuple[Contact, ...]:
        """The contacts a merge archives."""
        return self.contacts[1:]

    @property
    def customer_ids(self) -> tuple[uuid.UUID, ...]:
        """The customers the set's contacts belong to, each once, in the set's order."""
        return tuple(dict.fromkeys(contact.customer_id for contact in self.contacts))


def group_duplicate_sets(
    contacts: Iterable[Contact], head_office_id: uuid.UUID
) -> list[DuplicateSet]:
    """Group duplicate contacts by email key and choose each set's survivor.

    The survivor is the oldest Head Office contact of the set, or, when the Head Office
    has none, the oldest contact of the set (which the merge moves to the Head Office).

    Args:
        contacts: Active contacts whose key at least one other of them shares.
        head_office_id: The group's Head Office.

    Returns:
        The sets, ordered by email key.
    """
    by_key: dict[str, list[Contact]] = {}
    for contact in contacts:
        if contact.email_key is not None:
            by_key.setdefault(contact.email_key, []).append(contact)
    sets = []
    for key in sorted(by_key):
        members = sorted(by_key[key], key=age_key)
        if len(members) < 2:
            continue
        at_head_office = [c for c in members if c.customer_id == head_office_id]
        survivor = (at_head_office or members)[0]
        ordered = (survivor, *(c for c in members if c.id != survivor.id))
        sets.append(DuplicateSet(email_key=key, survivor_id=survivor.id, contacts=ordered))
    return sets


@attrs.frozen
class MergePlan:
    """What merging one duplicate set will do; a preview shows it without writing.

    Attributes:
        duplicate_set: The set.
        survivor: The survivor as it will be after the merge (moved to the Head Office,
            blanks filled, departments united); audit fields are set at merge time.
        changed_fields: For each field of the survivor the merge changes, its value
            before and after.
        archived_ids: The contacts the merge archives.
        references: How many references of each kind move to the survivor.
    """

    duplicate_set: DuplicateSet
    survivor: Contact
    changed_fields: Mapping[str, tuple[object, object]]
    archived_ids: tuple[uuid.UUID, ...]
    references: Mapping[str, int] = attrs.field(factory=dict)


def plan_merge(duplicate_set: DuplicateSet, head_office_id: uuid.UUID) -> MergePlan:
    """Work out the survivor's final values for a set.

    Blank fields of the survivor are filled from the duplicates, oldest first (the
    first non-blank value wins); departments, social URLs and communication channels
    are united; phone numbers the survivor lacks are appended (the same kind and digits
    count as the same number); a survivor that is not at the Head Office moves there.
    """
    survivor = duplicate_set.survivor
    changes: dict[str, Any] = {}
    if survivor.customer_id != head_office_id:
        changes["customer_id"] = head_office_id
    for field in FILLABLE_FIELDS:
        if getattr(survivor, field):
            continue
        for duplicate in duplicate_set.duplicates:
            value = getattr(duplicate, field)
            if value:
                changes[field] = value
                break
    for field in UNITED_FIELDS:
        united = set(getattr(survivor, field))
        for duplicate in duplicate_set.duplicates:
            united.update(getattr(duplicate, field))
        if united != set(getattr(survivor, field)):
            changes[field] = tuple(sorted(united))
    phones = list(survivor.phones)
    known = {(p.kind, p.digits) for p in phones}
    for duplicate in duplicate_set.duplicates:
        for phone in duplicate.phones:
            if (phone.kind, phone.digits) not in known:
                known.add((phone.kind, phone.digits))
                phones.append(phone)
    if len(phones) != len(survivor.phones):
        changes["phones"] = tuple(phones)
    merged = attrs.evolve(survivor, **changes)
    return MergePlan(
        duplicate_set=duplicate_set,
        survivor=merged,
        changed_fields={name: (getattr(survivor, name), getattr(merged, name)) for name in changes},
        archived_ids=tuple(c.id for c in duplicate_set.duplicates),
    )


@attrs.frozen
class MergeJournalEntry:
    """The record of one merged duplicate set, written in the merge's transaction.

    Attributes:
        id: Made by the library.
        group_id: The group the merge was made in.
        at: When (UTC).
        by: Who (the actor's name).
        email_key: The set's key.
        survivor_id: The contact that survived.
        archived_ids: The contacts archived into it.
        changed_fields: The survivor's fields that changed, as ``name -> (before, after)``
            (values as text, so the entry is readable on every backend; tuples, so an
            entry read back from any backend equals the one written).
        references: How many references of each kind moved to the survivor.
    """

    id: uuid.UUID
    group_id: uuid.UUID
    at: datetime.datetime
    by: str
    email_key: str
    survivor_id: uuid.UUID
    archived_ids: tuple[uuid.UUID, ...]
    changed_fields: Mapping[str, Sequence[str]] = attrs.field(converter=before_after)
    references: Mapping[str, int]

    def involves(self, contact_id: uuid.UUID) -> bool:
        """Whether the entry names *contact_id* as survivor or archived contact."""
        return contact_id == self.survivor_id or contact_id in self.archived_ids
