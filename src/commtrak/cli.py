"""The ``commtrak`` command: a demo, export and import, duplicate merging.

Every command takes ``--url`` (default: ``COMMTRAK_URL``, else ``sqlite:///commtrak.db``).
Errors the library raises on purpose are printed as one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from collections.abc import Sequence
from typing import TextIO

from commtrak import (
    Actor,
    Address,
    CommtrakError,
    CustomerGroup,
    EmailChecker,
    EmailPolicy,
    Session,
    Store,
    open_store,
)
from commtrak.serialization import export_data, import_data

__all__ = ["main"]

GROUP = "Real Peach Real Estate"
MEMBERS = (
    ("Real Peach Real Estate Head Office", "1 Peach Street", "Perth", "6000"),
    ("Real Peach Real Estate Perth", "20 Hay Street", "Perth", "6000"),
    ("Real Peach Real Estate Sydney", "5 George Street", "Sydney", "2000"),
    ("Real Peach Real Estate Adelaide", "9 King William Street", "Adelaide", "5000"),
)


def _demo(store: Store, out: TextIO) -> None:
    """Build the seed's Real Peach Real Estate group, once; print what a user wants to see."""
    actor = Actor.system()
    with store.session(actor=actor) as s:
        existing = [m.group for m in s.groups.search(GROUP) if m.group.name == GROUP]
        if existing:
            group = existing[0]
            print(f"The group {GROUP!r} is already in {store.url}; showing it.", file=out)
        else:
            group = _build(s)
            print(f"Built the group {GROUP!r} in {store.url}.", file=out)
        _show(s, group.id, out)


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


def _show(s: Session, group_id: uuid.UUID, out: TextIO) -> None:
    members = s.groups.members(group_id)
    print("\nMembers, in navigation order:", file=out)
    for member in members:
        mark = "  (Head Office)" if member.is_head_office else ""
        print(f"  {member.customer.name} - {member.customer.address.town}{mark}", file=out)
    head_office = s.groups.head_office_of(members[0].customer.id)
    before, after = s.groups.previous(head_office.id), s.groups.next(head_office.id)
    print(f"\nHead Office: {head_office.name}", file=out)
    print(f"  previous: {before.name if before else '(none)'}", file=out)
    print(f"  next:     {after.name if after else '(none)'}", file=out)
    selectable = s.contacts.selectable(members[-1].customer.id)
    print(f"\nContacts selectable at {members[-1].customer.name!r}:", file=out)
    for choice in selectable:
        where = " (Head Office contact)" if choice.from_head_office else ""
        print(f"  {choice.contact.name} <{choice.contact.email or '-'}>{where}", file=out)
    sets = s.duplicates.find(head_office.id)
    print(f"\nDuplicate contact sets in the group: {len(sets)}", file=out)
    for found in sets:
        print(f"  {found.email_key}: {len(found.contacts)} contacts", file=out)
    matches = s.groups.search("peach")
    print(f"\nGroup search 'peach': {[(m.group.name, m.member_count) for m in matches]}", file=out)


def _export(store: Store, path: str, out: TextIO) -> None:
    with store.session(actor=Actor.system()) as s:
        document = export_data(s)
    with open(path, "w", encoding="utf-8") as file:
        json.dump(document, file, ensure_ascii=False, indent=1)
    counts = {k: len(v) for k, v in document.items() if isinstance(v, list)}
    print(f"Exported {counts} to {path}", file=out)


def _import(store: Store, path: str, out: TextIO) -> None:
    with open(path, encoding="utf-8") as file:
        document = json.load(file)
    with store.session(actor=Actor.system()) as s:
        counts = import_data(s, document)
    print(f"Imported {counts} from {path}", file=out)


def _merge(store: Store, customer: str, dry_run: bool, out: TextIO) -> None:
    with store.session(actor=Actor.system()) as s:
        customer_id = uuid.UUID(customer)
        if dry_run:
            for plan in s.duplicates.preview(customer_id):
                print(
                    f"{plan.duplicate_set.email_key}: keeps {plan.survivor.name!r}, archives "
                    f"{len(plan.archived_ids)}, moves references {dict(plan.references)}",
                    file=out,
                )
            return
        entries = s.duplicates.merge(customer_id)
    print(f"Merged {len(entries)} duplicate set(s).", file=out)


def _migrate(store: Store, out: TextIO) -> None:
    """Run the backend's schema migrations, for backends that have them."""
    migrate = getattr(store.backend, "migrate", None)
    if not callable(migrate):
        print(f"{store.url} keeps no schema; nothing to migrate.", file=out)
        return
    before, after = migrate()
    print(f"{store.url}: schema revision {before or 'none'} -> {after}", file=out)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="commtrak", description=__doc__)
    parser.add_argument("--url", help="the store (default: $COMMTRAK_URL or sqlite:///commtrak.db)")
    parser.add_argument(
        "--email-check",
        choices=[policy.value for policy in EmailPolicy],
        help="how new emails are checked (default: lenient; the demo uses offline, its "
        "addresses being on the reserved .example domain)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="build the seed's Real Peach Real Estate group and show it")
    export = commands.add_parser("export", help="write the whole store to a JSON file")
    export.add_argument("path")
    load = commands.add_parser("import", help="read a JSON export into an empty store")
    load.add_argument("path")
    commands.add_parser(
        "migrate", help="bring a SQL store's tables to this version's schema (Alembic)"
    )
    merge = commands.add_parser("merge", help="merge the duplicate contacts seen from a customer")
    merge.add_argument("customer_id")
    merge.add_argument("--dry-run", action="store_true", help="show what would happen")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status."""
    out = out or sys.stdout
    arguments = _parser().parse_args(argv)
    try:
        policy = arguments.email_check or ("offline" if arguments.command == "demo" else "lenient")
        with open_store(arguments.url, email_checker=EmailChecker(policy)) as store:
            if arguments.command == "demo":
                _demo(store, out)
            elif arguments.command == "export":
                _export(store, arguments.path, out)
            elif arguments.command == "import":
                _import(store, arguments.path, out)
            elif arguments.command == "migrate":
                _migrate(store, out)
            else:
                _merge(store, arguments.customer_id, arguments.dry_run, out)
    except (CommtrakError, ValueError, OSError) as error:
        print(f"commtrak: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
