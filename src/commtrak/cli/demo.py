"""``commtrak demo``: build the seed's Real Peach Real Estate group once, and show it."""

from __future__ import annotations

import uuid

import click

from commtrak import Address, CustomerGroup, EmailPolicy, Session
from commtrak.cli._store import email_check_option, opened, system_session, url_option

__all__ = ["demo"]

GROUP = "Real Peach Real Estate"
MEMBERS = (
    ("Real Peach Real Estate Head Office", "1 Peach Street", "Perth", "6000"),
    ("Real Peach Real Estate Perth", "20 Hay Street", "Perth", "6000"),
    ("Real Peach Real Estate Sydney", "5 George Street", "Sydney", "2000"),
    ("Real Peach Real Estate Adelaide", "9 King William Street", "Adelaide", "5000"),
)


@click.command()
@url_option
@email_check_option(EmailPolicy.OFFLINE)
def demo(url: str, email_check: str) -> None:
    """Build the seed's Real Peach Real Estate group and show it.

    The group has four members, a Head Office, contacts and a set of duplicate
    contacts. On a store that already has the group, nothing is built: it is shown.
    The default email check is offline, the demo's addresses being on the reserved
    .example domain.
    """
    with opened(url, must_exist=False, email_check=email_check) as store:
        # Built and committed first, then shown: a reader closing the pipe early
        # (commtrak demo | head) does not undo the build it was told of.
        with system_session(store) as s:
            existing = [m.group for m in s.groups.search(GROUP) if m.group.name == GROUP]
            group = existing[0] if existing else _build(s)
        if existing:
            click.echo(f"The group {GROUP!r} is already in {store.url}; showing it.")
        else:
            click.echo(f"Built the group {GROUP!r} in {store.url}.")
        with system_session(store) as s:
            _show(s, group.id)


def _build(s: Session) -> CustomerGroup:
    group = s.groups.create(GROUP)
    customers = []
    for name, line1, town, postcode in MEMBERS:
        customer = s.customers.add(
            name=name, address=Address(line1=line1, town=town, postcode=postcode, country="AU")
        )
        s.groups.add_member(group.id, customer.id)
        customers.append(customer)
    head_office, perth, sydney, _ = customers
    s.contacts.add(head_office.id, name="Fran James", email="fran@realpeach.example")
    s.contacts.add(head_office.id, name="Sam Accounts", title="Accounts")
    s.contacts.add(
        perth.id, name="Fran James", email="FRAN@realpeach.example", phone="08 9000 0000"
    )
    s.contacts.add(
        sydney.id, name="Fran James", email="Fran@RealPeach.example", mobile="0400 000 000"
    )
    # The first member became Head Office; designate another, then the real one back.
    s.groups.set_head_office(group.id, perth.id)
    return s.groups.set_head_office(group.id, head_office.id)


def _show(s: Session, group_id: uuid.UUID) -> None:
    members = s.groups.members(group_id)
    click.echo("\nMembers, in navigation order:")
    for member in members:
        mark = "  (Head Office)" if member.is_head_office else ""
        click.echo(f"  {member.customer.name} - {member.customer.address.town}{mark}")
    head_office = s.groups.head_office_of(members[0].customer.id)
    before, after = s.groups.previous(head_office.id), s.groups.next(head_office.id)
    click.echo(f"\nHead Office: {head_office.name}")
    click.echo(f"  previous: {before.name if before else '(none)'}")
    click.echo(f"  next:     {after.name if after else '(none)'}")
    selectable = s.contacts.selectable(members[-1].customer.id)
    click.echo(f"\nContacts selectable at {members[-1].customer.name!r}:")
    for choice in selectable:
        where = " (Head Office contact)" if choice.from_head_office else ""
        click.echo(f"  {choice.contact.name} <{choice.contact.email or '-'}>{where}")
    sets = s.duplicates.find(head_office.id)
    click.echo(f"\nDuplicate contact sets in the group: {len(sets)}")
    for found in sets:
        click.echo(f"  {found.email_key}: {len(found.contacts)} contacts")
    matches = s.groups.search("peach")
    click.echo(f"\nGroup search 'peach': {[(m.group.name, m.member_count) for m in matches]}")
