"""Contract: what the portal shows (seed 003, "Portal View Notes", data sheets)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from commtrak import Actor, Conflict, PermissionDenied, Session, Store, ValidationError
from commtrak.model import DataSheetStatus
from commtrak.testing.conformance._base import PinnedClock, StoreContract, add_customer, make_group
from commtrak.testing.conformance._portal import login, portal_user


class PortalContentContract(StoreContract):
    """Tickets a contact originated, never an internal note; data sheets; modules."""

    def test_a_contact_sees_only_its_tickets_and_no_internal_note(
        self, session: Session, clock: PinnedClock
    ) -> None:
        customer = add_customer(session, "Peach")
        fran = login(session, clock, portal_user(session, clock, customer.id, "f@example.com"))
        pat = login(session, clock, portal_user(session, clock, customer.id, "p@example.com"))
        mine = session.tickets.raise_from_portal(
            fran, customer.id, subject="Leaking tap", text="In the kitchen"
        )
        session.tickets.raise_from_portal(pat, customer.id, subject="Not Fran's")
        staff_ticket = session.tickets.open(
            customer.id, subject="Phoned in", contact_id=fran.contact_id
        )
        clock.advance(minutes=1)
        session.tickets.add_note(mine.id, "Customer is difficult", internal=True)
        clock.advance(minutes=1)
        session.tickets.add_note(mine.id, "A plumber comes on Monday")
        assert [t.id for t in session.tickets.for_portal(fran)] == [mine.id]
        notes = session.tickets.portal_notes(fran, mine.id)
        assert [n.text for n in notes] == ["In the kitchen", "A plumber comes on Monday"]
        assert not any(n.internal for n in notes)
        assert len(session.tickets.notes(mine.id)) == 3
        for other in (staff_ticket.id, session.tickets.for_portal(pat)[0].id):
            with pytest.raises(PermissionDenied) as caught:
                session.tickets.portal_notes(fran, other)
            assert caught.value.permission == "portal.scope"
        note = session.tickets.add_portal_note(fran, mine.id, "Thanks")
        assert (note.internal, note.via_portal) == (False, True)

    def test_head_office_contacts_raise_tickets_for_the_group_as_themselves(
        self, session: Session, clock: PinnedClock
    ) -> None:
        _, [hq, perth] = make_group(session, "Real Peach", "HQ", "Perth")
        head = login(session, clock, portal_user(session, clock, hq.id, "hq@example.com"))
        member = login(session, clock, portal_user(session, clock, perth.id, "p@example.com"))
        ticket = session.tickets.raise_from_portal(head, perth.id, subject="For Perth")
        assert (ticket.customer_id, ticket.contact_id) == (perth.id, head.contact_id)
        assert ticket.raised_via_portal
        with pytest.raises(PermissionDenied) as caught:
            session.tickets.raise_from_portal(member, hq.id, subject="For HQ")
        assert caught.value.permission == "portal.scope"

    def test_the_staff_methods_refuse_an_actor_acting_through_the_portal(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        # A portal actor names no contact: through the staff methods it could open a
        # ticket that shows in any contact's portal list, or read internal notes.
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Peach")
            fran = login(s, clock, portal_user(s, clock, customer.id, "f@example.com"))
            ticket = s.tickets.raise_from_portal(fran, customer.id, subject="Leak")
            s.tickets.add_note(ticket.id, "Customer is difficult", internal=True)
        web = Actor(id="portal", name="Customer portal", via_portal=True)
        calls: dict[str, Callable[[Session], object]] = {
            "open": lambda s: s.tickets.open(
                customer.id, subject="Not mine", contact_id=fran.contact_id
            ),
            "get": lambda s: s.tickets.get(ticket.id),
            "notes": lambda s: s.tickets.notes(ticket.id),
            "add_note": lambda s: s.tickets.add_note(ticket.id, "Hello"),
        }
        with store.session(actor=web) as s:
            for name, call in calls.items():
                with pytest.raises(PermissionDenied) as caught:
                    call(s)
                assert caught.value.permission == "portal.staff_only", name
            assert [t.id for t in s.tickets.for_portal(fran)] == [ticket.id]
            assert s.tickets.portal_notes(fran, ticket.id) == []

    def test_staff_name_a_selectable_ticket_contact(self, session: Session) -> None:
        _, [hq, perth] = make_group(session, "Real Peach", "HQ", "Perth")
        stranger = session.contacts.add(add_customer(session, "Other").id, name="Stranger")
        head = session.contacts.add(hq.id, name="Head")
        assert session.tickets.open(perth.id, subject="S", contact_id=head.id).contact_id == head.id
        with pytest.raises(ValidationError) as caught:
            session.tickets.open(perth.id, subject="S", contact_id=stranger.id)
        assert (caught.value.field, caught.value.rule) == ("contact_id", "selectable_contact")

    def test_the_settings_choose_the_modules_shown(
        self, session: Session, clock: PinnedClock
    ) -> None:
        customer = add_customer(session, "Peach")
        principal = login(session, clock, portal_user(session, clock, customer.id, "f@example.com"))
        session.portal.change_settings(modules=["data_sheets"])
        assert {m.value for m in session.portal.settings().modules} == {"data_sheets"}
        with pytest.raises(PermissionDenied) as caught:
            session.tickets.for_portal(principal)
        assert caught.value.permission == "portal.module_hidden"
        assert session.data_sheets.available(principal, customer.id) == []
        with pytest.raises(ValidationError) as unknown:
            session.portal.change_settings(modules=["casino"])
        assert (unknown.value.field, unknown.value.rule) == ("modules", "portal_module")

    def test_a_data_sheet_is_saved_edited_then_submitted_and_locked(
        self, session: Session, clock: PinnedClock
    ) -> None:
        customer = add_customer(session, "Peach")
        other = add_customer(session, "Other")
        principal = login(session, clock, portal_user(session, clock, customer.id, "f@example.com"))
        meter = session.data_sheets.create_template("Meter reading", ["Meter", "Reading"])
        hidden = session.data_sheets.create_template("Not assigned", ["X"])
        with pytest.raises(ValidationError) as mandatory:
            session.data_sheets.assign(customer.id, [meter.id], tickets_from_email=None)
        assert (mandatory.value.field, mandatory.value.rule) == ("tickets_from_email", "required")
        session.data_sheets.assign(
            customer.id, [meter.id], tickets_from_email="tickets@example.com"
        )
        assert session.data_sheets.available(principal, customer.id) == [meter]
        with pytest.raises(PermissionDenied):
            session.data_sheets.save(
                principal, customer_id=customer.id, template_id=hidden.id, values={}
            )
        with pytest.raises(PermissionDenied):
            session.data_sheets.save(
                principal, customer_id=other.id, template_id=meter.id, values={}
            )
        draft = session.data_sheets.save(
            principal, customer_id=customer.id, template_id=meter.id, values={"Meter": "M-1"}
        )
        assert draft.values == {"Meter": "M-1", "Reading": ""}
        with pytest.raises(ValidationError) as unknown:
            session.data_sheets.save(principal, sheet_id=draft.id, values={"Colour": "red"})
        assert (unknown.value.field, unknown.value.rule) == ("values.Colour", "unknown_field")
        edited = session.data_sheets.save(principal, sheet_id=draft.id, values={"reading": "42"})
        assert edited.values == {"Meter": "M-1", "Reading": "42"}
        submitted, ticket = session.data_sheets.submit(principal, draft.id)
        assert submitted.status is DataSheetStatus.SUBMITTED
        assert submitted.ticket_id == ticket.id
        assert (ticket.customer_id, ticket.contact_id) == (customer.id, principal.contact_id)
        assert ticket.from_email == "tickets@example.com"
        assert ticket in session.tickets.for_portal(principal)
        with pytest.raises(Conflict) as locked:
            session.data_sheets.save(principal, sheet_id=draft.id, values={"Reading": "43"})
        assert (locked.value.field, locked.value.rule) == ("sheet_id", "data_sheet_submitted")
        assert session.data_sheets.for_portal(principal) == [submitted]
