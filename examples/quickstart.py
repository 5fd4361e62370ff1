"""Quickstart: the Real Peach Real Estate customer group of seed 000, on the memory store.

Run it with ``python examples/quickstart.py``. It builds a group with a Head Office and
two branches, gives the Head Office contacts every branch can use, walks the group,
searches for it, merges a contact entered twice, and prints a branch's invoice address.
``tests/test_examples.py`` runs it, so it stays true.
"""

from __future__ import annotations

import commtrak
from commtrak import Address
from commtrak.model import compile_template, tag_values

INVOICE_ADDRESS = (
    "[landlord_name] c/o [customer_name]\n"
    "[customer_address_line_1]\n"
    "[customer_town], [customer_county], [customer_postcode]"
)


def main(url: str = "memory://") -> None:
    """Build the group in the store at *url* and print what commtrak says about it."""
    # The addresses are on the reserved .example domain: check their form only.
    store = commtrak.open_store(url, email_checker=commtrak.EmailChecker("offline"))
    sam = commtrak.Actor.staff("staff-17", "Sam Supervisor", "supervisor")

    with store.session(actor=sam) as s:
        group = s.groups.create("Real Peach Real Estate")
        head_office = s.customers.add(
            name="Real Peach Real Estate Head Office",
            address=Address(line1="1 Peach Street", town="Perth", postcode="6000"),
        )
        group = s.groups.add_member(group.id, head_office.id)  # the first member: Head Office
        perth = s.customers.add(
            name="Real Peach Real Estate Perth",
            address=Address(line1="20 Hay Street", town="Perth", postcode="6000"),
        )
        fremantle = s.customers.add(
            name="Real Peach Real Estate Fremantle",
            address=Address(line1="3 Market Street", town="Fremantle", postcode="6160"),
        )
        for branch in (perth, fremantle):
            group = s.groups.add_member(group.id, branch.id)
        s.contacts.add(
            head_office.id,
            name="Fran James",
            title="Office Manager",
            email="fran.james@realpeach.example",
        )
        s.contacts.add(perth.id, name="Pat Quinn", phone="08 9000 0001")

    with store.session(actor=sam) as s:
        print(f"Group: {group.name}")
        for row in s.groups.members(group.id):
            print(f"  {row.customer.name}{'  [Head Office]' if row.is_head_office else ''}")

        print("Contacts selectable at Perth:")
        for choice in s.contacts.selectable(perth.id):
            where = "Head Office" if choice.from_head_office else "Perth"
            print(f"  {choice.contact.name} ({where})")

        after = s.groups.next(head_office.id)
        print(f"After the Head Office comes: {after.name if after else 'nobody'}")
        print(f"Perth's Head Office: {s.groups.head_office_of(perth.id).name}")

        for match in s.groups.search("peach"):
            print(f"Search 'peach': {match.group.name} ({match.member_count} members)")

    with store.session(actor=sam) as s:
        # Perth entered Fran again: the same address in other capitals is a duplicate.
        s.contacts.add(perth.id, name="F. James", email="FRAN.JAMES@realpeach.example")
        for entry in s.duplicates.merge(head_office.id):
            print(f"Merged {entry.email_key}: archived {len(entry.archived_ids)} duplicate(s)")

    template = compile_template(INVOICE_ADDRESS)
    print("Invoice address of Perth:")
    for line in template.render_lines(
        tag_values("customer", name=perth.name, address=perth.address)
    ):
        print(f"  {line}")

    store.close()


if __name__ == "__main__":
    main()
