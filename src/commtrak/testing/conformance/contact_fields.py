"""Contract: every contact field of the seeds, stored and read back on every backend."""

from __future__ import annotations

import pytest

from commtrak import Channel, Conflict, PhoneKind, PhoneNumber, Session, ValidationError
from commtrak.testing.conformance._base import StoreContract, add_customer


class ContactFieldContract(StoreContract):
    """Phones, position, social URLs, departments list, communication preferences."""

    def test_typed_phone_numbers_keep_their_calling_code(self, session: Session) -> None:
        hq = add_customer(session, "HQ")
        contact = session.contacts.add(
            hq.id,
            name="Fran",
            position="Office manager",
            phone="+61 8 9000 0000",
            phones=[(PhoneKind.HOME, "9111 2222", "+61"), PhoneNumber(PhoneKind.FAX, "9333")],
            mobile="0400 000 000",
        )
        assert contact.phones == (
            PhoneNumber(PhoneKind.HOME, "9111 2222", "+61"),
            PhoneNumber(PhoneKind.FAX, "9333"),
            PhoneNumber(PhoneKind.OFFICE, "8 9000 0000", "+61"),
            PhoneNumber(PhoneKind.MOBILE, "0400 000 000"),
        )
        assert contact.phone == "+61 9111 2222"
        assert contact.mobile == "0400 000 000"
        assert contact.position == "Office manager"
        assert session.contacts.get(contact.id) == contact
        edited = session.contacts.edit(contact.id, mobile="", phone="08 1234 5678")
        assert [p.kind for p in edited.phones] == [PhoneKind.HOME, PhoneKind.FAX, PhoneKind.OFFICE]
        assert session.contacts.get(contact.id).phones == edited.phones

    @pytest.mark.parametrize(
        ("fields", "field", "rule"),
        [
            ({"phone": "call me"}, "phone.number", "phone_number"),
            ({"phone": "12"}, "phone.number", "phone_number"),
            ({"phones": [("pager", "123456")]}, "phones[0].kind", "phone_kind"),
            ({"phones": [("home", "123456", "61")]}, "phones[0].calling_code", "calling_code"),
            ({"phones": ["0400"]}, "phones[0]", "type"),
            ({"social_urls": ["javascript:alert(1)"]}, "social_urls", "url"),
            ({"social_urls": ["linkedin.com/in/fran"]}, "social_urls", "url"),
            ({"social_urls": "https://example.com"}, "social_urls", "type"),
            ({"departments": ["Nowhere"]}, "departments", "unknown_department"),
            ({"communication": ["pigeon"]}, "communication", "channel"),
            ({"communication": ["email"]}, "communication", "channel_needs_field"),
        ],
    )
    def test_bad_extra_contact_fields_are_rejected_by_name_and_rule(
        self, session: Session, fields: dict[str, object], field: str, rule: str
    ) -> None:
        hq = add_customer(session, "HQ")
        with pytest.raises(ValidationError) as caught:
            session.contacts.add(hq.id, name="Fran", **fields)  # type: ignore[arg-type]
        assert (caught.value.field, caught.value.rule) == (field, rule)
        assert session.contacts.for_customer(hq.id) == []

    def test_social_urls_are_kept(self, session: Session) -> None:
        hq = add_customer(session, "HQ")
        urls = ["https://www.linkedin.com/in/fran", "http://example.com/fran?x=1"]
        contact = session.contacts.add(hq.id, name="Fran", social_urls=urls)
        assert contact.social_urls == tuple(sorted(urls))
        assert session.contacts.get(contact.id).social_urls == tuple(sorted(urls))

    def test_channels_follow_the_fields_that_allow_them(self, session: Session) -> None:
        hq = add_customer(session, "HQ")
        contact = session.contacts.add(hq.id, name="Fran", email="fran@mx.example")
        assert contact.communication == (Channel.EMAIL,)
        contact = session.contacts.edit(contact.id, mobile="0400 000 000")
        assert contact.communication == (Channel.EMAIL, Channel.PHONE, Channel.SMS)
        contact = session.contacts.edit(contact.id, communication=["letter", "sms"])
        assert contact.communication == (Channel.LETTER, Channel.SMS)
        contact = session.contacts.edit(contact.id, email=None, title="Boss")
        assert contact.communication == (Channel.LETTER, Channel.SMS)
        contact = session.contacts.edit(contact.id, mobile="")
        assert contact.communication == (Channel.LETTER,)
        assert session.contacts.get(contact.id).communication == (Channel.LETTER,)
        quiet = session.contacts.add(hq.id, name="Quiet", email="q@mx.example", communication=[])
        assert quiet.communication == ()

    def test_departments_come_from_the_managed_list(self, session: Session) -> None:
        hq = add_customer(session, "HQ")
        accounts = session.departments.add("Accounts")
        session.departments.add("Monthly Newsletter")
        with pytest.raises(Conflict) as caught:
            session.departments.add("accounts")
        assert caught.value.rule == "unique_department"
        contact = session.contacts.add(hq.id, name="Fran", departments=["ACCOUNTS"])
        assert contact.departments == ("Accounts",)
        session.departments.archive(accounts.id)
        assert [d.name for d in session.departments.all()] == ["Monthly Newsletter"]
        assert len(session.departments.all(include_archived=True)) == 2
        with pytest.raises(ValidationError):
            session.contacts.add(hq.id, name="Pat", departments=["Accounts"])
        kept = session.contacts.edit(contact.id, departments=["Accounts", "Monthly Newsletter"])
        assert kept.departments == ("Accounts", "Monthly Newsletter")
        session.departments.reactivate(accounts.id)
        assert session.contacts.add(hq.id, name="Pat", departments=["accounts"]).departments == (
            "Accounts",
        )
