"""Rules shared by the customer record's services: live customers, the journal, channels."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs
from attrs import AttrsInstance

from commtrak.errors import Conflict, ValidationError
from commtrak.model._text import clean_text
from commtrak.model.communication import Channel
from commtrak.model.customer_journal import CustomerAction, CustomerJournalEntry
from commtrak.model.customer_types import CustomerTypeSpec
from commtrak.model.customers import Customer, CustomerStatus
from commtrak.model.ids import new_id

if TYPE_CHECKING:
    from commtrak.unit_of_work import UnitOfWork

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)

__all__ = [
    "align_work_addresses",
    "check_channel",
    "check_channels",
    "check_choice",
    "check_email",
    "field_changes",
    "live_customer",
    "record",
    "refuse_lost_branches",
    "save_changes",
]


def live_customer(
    session: UnitOfWork,
    customer_id: uuid.UUID,
    *,
    for_update: bool = False,
    field: str = "customer_id",
) -> Customer:
    """Return the customer, refusing one that a merge ended.

    Raises:
        NotFound: ``customer``.
        Conflict: ``{field}``/``merged_customer`` when it was merged into another.
    """
    customer = session.transaction.customers.get(customer_id, for_update=for_update)
    if customer.merged_into is not None:
        raise Conflict(
            field,
            "merged_customer",
            f"customer {customer.name!r} was merged into {customer.merged_into}; "
            "use that customer instead",
        )
    return customer


def refuse_lost_branches(
    session: UnitOfWork, customer: Customer, spec: CustomerTypeSpec, *, field: str
) -> None:
    """Refuse to leave *customer*'s branches with a customer of type *spec*, if it has none.

    A type without branches (``private``) cannot hold them: changing a customer with
    branches to such a type, or merging it into a customer of such a type, would give
    branches to a customer that may not have any.

    Raises:
        Conflict: ``{field}``/``branches_exist`` when *customer* has branches.
    """
    if spec.has_branches:
        return
    count = session.transaction.branches.count_for_customer(customer.id)
    if count:
        raise Conflict(
            field,
            "branches_exist",
            f"customer {customer.name!r} has {count} branch(es), and {spec.name} customers "
            "have none; merge or delete the branches first",
        )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, frozenset)):
        return ", ".join(sorted(_text(item) for item in value))
    return str(value)


def field_changes(before: AttrsInstance, after: AttrsInstance) -> dict[str, list[str]]:
    """Return the attrs fields that differ between two versions, as ``[before, after]`` text.

    A field whose value is itself an attrs value (a customer's
    :class:`~commtrak.model.Address`) is compared field by field, each change under a
    dotted name such as ``address.county`` (the name the rules and a type's required
    fields use): every entry stays plain text, which reads back, exports and imports
    as it was written, rather than the ``repr`` of the whole value.
    """
    changes: dict[str, list[str]] = {}
    for field in attrs.fields(type(before)):
        old, new = getattr(before, field.name), getattr(after, field.name)
        if old == new:
            continue
        if attrs.has(type(old)) and type(old) is type(new):
            changes.update(
                (f"{field.name}.{name}", texts) for name, texts in field_changes(old, new).items()
            )
        else:
            changes[field.name] = [_text(old), _text(new)]
    return changes


class _Updatable(Protocol[T_contra]):
    def update(self, row: T_contra, /) -> None: ...


def save_changes(repository: _Updatable[T], row: T, changes: Mapping[str, Any]) -> T:
    """Return *row* with *changes*, storing it only if that changes anything.

    An edit that changes nothing writes nothing, so it cannot race another session.
    """
    edited = attrs.evolve(row, **changes)  # type: ignore[misc]
    if edited != row:
        repository.update(edited)
    return edited


def record(
    session: UnitOfWork,
    customer_id: uuid.UUID,
    action: CustomerAction,
    *,
    other_id: uuid.UUID | None = None,
    changes: Mapping[str, list[str]] | None = None,
    counts: Mapping[str, int] | None = None,
) -> CustomerJournalEntry:
    """Write one customer journal entry in the session's transaction and return it."""
    entry = CustomerJournalEntry(
        id=new_id(),
        customer_id=customer_id,
        action=action,
        at=session.now(),
        by=session.actor.name,
        other_id=other_id,
        changes=dict(changes or {}),
        counts=dict(counts or {}),
    )
    session.transaction.customer_journal.add(entry)
    return entry


E = TypeVar("E", bound=enum.StrEnum)


def check_choice(field: str, rule: str, kind: type[E], value: object) -> E:
    """Return the member of the text enumeration *kind* that *value* names.

    Raises:
        ValidationError: ``{field}``/``{rule}`` naming the members.
    """
    try:
        return kind(str(value))
    except ValueError:
        known = ", ".join(member.value for member in kind)
        raise ValidationError(field, rule, f"must be one of {known}, not {value!r}") from None


def check_channels(value: object) -> tuple[Channel, ...]:
    """Return the communication channels named in *value* (one name or several).

    Raises:
        ValidationError: ``communication``/``communication_channel`` for an unknown name.
    """
    if isinstance(value, str) or not isinstance(value, Iterable):
        value = (value,)
    return tuple(
        sorted({check_choice("communication", "communication_channel", Channel, n) for n in value})
    )


def check_channel(value: object) -> Channel | None:
    """Return the one channel a listing for sending asks for, or ``None`` for any channel.

    Raises:
        ValidationError: ``channel``/``communication_channel`` for anything but a
            channel's name (or ``None``).
    """
    if value is None:
        return None
    return check_choice("channel", "communication_channel", Channel, value)


def check_email(session: UnitOfWork, field: str, value: object) -> str | None:
    """Return an optional email address in normalized form, checked by the store's checker.

    Raises:
        ValidationError: ``{field}``/``email_form`` (or another email rule).
    """
    text = clean_text(field, value) if value is not None else ""
    if not text:
        return None
    return session.emails.check(text, field=field).address


def align_work_addresses(session: UnitOfWork, customer: Customer) -> int:
    """Make the customer's work addresses follow its status; return how many changed.

    A dormant customer's active work addresses become dormant, marked as cascaded; an
    active customer's cascaded ones become active again. Work addresses dormant on their
    own stay dormant either way.
    """
    work_addresses = session.transaction.work_addresses
    if customer.status is CustomerStatus.DORMANT:
        return work_addresses.cascade_dormant(customer.id)
    return work_addresses.reactivate_cascaded(customer.id)
