"""Contract: contacts (seeds 001 and 000): archive, never delete; Head Office contacts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from commtrak import (
    Actor,
    EmailChecker,
    EmailStatus,
    NotFound,
    PermissionDenied,
    Session,
    Store,
    ValidationError,
    Visibility,
)
from commtrak.testing.conformance._base import (
    START,
    PinnedClock,
    StoreContract,
    add_customer,
    make_group,
    open_test_store,
)
from commtrak.testing.dns import FakeResolver


class ContactContract(StoreContract):
    """Contacts: fields, audit, archiving, Head Office selection, search order."""

    def test_add_normalizes_and_stores_every_field(self, session: Session, actor: Actor) -> None:
        hq = add_customer(session, "Real Peach HQ")
        for department in ("Accounts", "monthly newsletter"):
            session.departments.add(department)
        contact = session.contacts.add(
            hq.id,
            name=" Fran James ",
            title="Office Manager",
            phone="08 9000 0000",
            mobile="0400 000 000",
            email="Fran.James@RealPeach.Example",
            note="Prefers email.\nNever call before 9.",
            visibility=Visibility.ROLE_PERMITTED_STAFF,
            departments=["Accounts", "Monthly Newsletter", "Accounts"],
        )
        assert contact.name == "Fran James"
        assert contact.email == "Fran.James@realpeach.example"
        assert contact.email_key == "fran.james@realpeach.example"
        assert contact.departments == ("Accounts", "monthly newsletter")  # the list spelling
        assert (contact.created_at, contact.created_by) == (START, actor.name)
        assert (contact.modified_at, contact.modified_by) == (START, actor.name)
        assert not contact.archived
        assert not contact.modified_via_portal
        assert session.contacts.get(contact.id) == contact

    @pytest.mark.parametrize(
        ("fields", "field", "rule"),
        [
            ({"name": ""}, "name", "required"),
            ({"email": "fran@"}, "email", "email_form"),
            ({"email": "no at sign"}, "email", "email_form"),
            ({"visibility": "everyone"}, "visibility", "visibility"),
            ({"departments": [" "]}, "departments", "required"),
            ({"title": "t" * 256}, "title", "max_length"),
        ],
    )
    def test_bad_contact_fields_are_rejected_by_name_and_rule(
        self, session: Session, fields: dict[str, object], field: str, rule: str
    ) -> None:
        hq = add_customer(session, "HQ")
        with pytest.raises(ValidationError) as caught:
            session.contacts.add(hq.id, **({"name": "Fran"} | fields))  # type: ignore[arg-type]
        assert (caught.value.field, caught.value.rule) == (field, rule)
        assert session.contacts.for_customer(hq.id, include_archived=True) == []

    def test_a_contact_needs_an_existing_customer(self, session: Session) -> None:
        import uuid

        with pytest.raises(NotFound):
            session.contacts.add(uuid.uuid4(), name="Nobody's")

    def test_edit_records_who_and_when(
        self, store: Store, clock: PinnedClock, actor: Actor
    ) -> None:
        with store.session(actor=actor) as s:
            hq = add_customer(s, "HQ")
            contact = s.contacts.add(hq.id, name="Fran", email="fran@example.com")
        later = clock.advance(hours=2)
        editor = Actor.staff("staff-2", "Eddie Editor")
        with store.session(actor=editor) as s:
            edited = s.contacts.edit(contact.id, title="Director", email=None)
        assert (edited.title, edited.email, edited.email_key) == ("Director", None, None)
        assert (edited.modified_at, edited.modified_by) == (later, "Eddie Editor")
        assert (edited.created_at, edited.created_by) == (START, actor.name)
        portal = Actor(id="contact-1", name="Fran", via_portal=True)
        with store.session(actor=portal) as s:
            assert s.contacts.edit(contact.id, phone="123").modified_via_portal
            unchanged = s.contacts.edit(contact.id, phone="123")
            assert unchanged == s.contacts.get(contact.id)

    def test_archive_and_reactivate_never_delete(self, session: Session) -> None:
        hq = add_customer(session, "HQ")
        kept = session.contacts.add(hq.id, name="Kept")
        gone = session.contacts.add(hq.id, name="Archived")
        archived = session.contacts.archive(gone.id)
        assert archived.archived
        assert session.contacts.get(gone.id) == archived
        assert [c.id for c in session.contacts.for_customer(hq.id)] == [kept.id]
        assert [c.id for c in session.contacts.for_customer(hq.id, include_archived=True)] == [
            kept.id,
            gone.id,
        ]
        assert session.contacts.archive(gone.id) == archived
        assert not session.contacts.reactivate(gone.id).archived
        assert len(session.contacts.for_customer(hq.id)) == 2

    def test_head_office_contacts_are_selectable_from_every_member(self, session: Session) -> None:
        group, [hq, perth] = make_group(session, "Real Peach", "HQ", "Perth")
        fran = session.contacts.add(hq.id, name="Fran James")
        old = session.contacts.add(hq.id, name="Old Timer")
        session.contacts.archive(old.id)
        pat = session.contacts.add(perth.id, name="Pat Perth")
        at_perth = session.contacts.selectable(perth.id)
        assert [(s.contact.id, s.from_head_office) for s in at_perth] == [
            (pat.id, False),
            (fran.id, True),
        ]
        at_hq = session.contacts.selectable(hq.id)
        assert [(s.contact.id, s.from_head_office) for s in at_hq] == [(fran.id, False)]
        session.groups.set_head_office(group.id, perth.id)
        assert [s.from_head_office for s in session.contacts.selectable(hq.id)] == [False, True]
        lone = add_customer(session, "Lone")
        assert session.contacts.selectable(lone.id) == []

    def test_a_head_office_contact_is_edited_only_where_it_was_created(
        self, session: Session
    ) -> None:
        _, [hq, perth] = make_group(session, "Real Peach", "HQ", "Perth")
        fran = session.contacts.add(hq.id, name="Fran James")
        changes: list[Callable[[], object]] = [
            lambda: session.contacts.edit(fran.id, through=perth.id, title="Boss"),
            lambda: session.contacts.archive(fran.id, through=perth.id),
            lambda: session.contacts.reactivate(fran.id, through=perth.id),
        ]
        for change in changes:
            with pytest.raises(PermissionDenied) as caught:
                change()
            assert caught.value.permission == "contacts.edit_elsewhere"
        assert session.contacts.get(fran.id) == fran
        assert session.contacts.edit(fran.id, through=hq.id, title="Boss").title == "Boss"

    def test_search_lists_archived_matches_last(self, session: Session) -> None:
        hq = add_customer(session, "HQ")
        archived = session.contacts.add(hq.id, name="Aaron Archived", email="aa@example.com")
        session.contacts.archive(archived.id)
        bob = session.contacts.add(hq.id, name="Bob Jameson")
        fran = session.contacts.add(hq.id, name="Fran James")
        session.contacts.add(hq.id, name="Nobody", email="nobody@example.org")
        found = session.contacts.search("JAMES")
        assert [c.id for c in found] == [bob.id, fran.id]
        found = session.contacts.search("a")
        assert found[-1].id == archived.id
        assert found[-1].archived
        assert [c.archived for c in found] == [False] * (len(found) - 1) + [True]
        assert [c.name for c in session.contacts.search("example.org")] == ["Nobody"]
        with pytest.raises(ValidationError) as caught:
            session.contacts.search("  ")
        assert (caught.value.field, caught.value.rule) == ("query", "required")

    def test_the_email_domain_is_checked_and_its_status_kept(self, session: Session) -> None:
        hq = add_customer(session, "HQ")
        verified = session.contacts.add(hq.id, name="MX", email="me@mx.example")
        assert verified.email_status is EmailStatus.VERIFIED
        unverified = session.contacts.add(hq.id, name="Slow", email="me@slow.example")
        assert unverified.email_status is EmailStatus.UNVERIFIED
        assert session.contacts.get(unverified.id) == unverified
        assert session.contacts.add(hq.id, name="None").email_status is None
        for domain in ("does-not-exist.example", "null-mx.example"):
            with pytest.raises(ValidationError) as caught:
                session.contacts.add(hq.id, name="Bad", email=f"me@{domain}")
            assert (caught.value.field, caught.value.rule) == ("email", "email_domain")
        with pytest.raises(ValidationError) as caught:
            session.contacts.edit(verified.id, email="me@null-mx.example")
        assert caught.value.rule == "email_domain"
        assert session.contacts.get(verified.id) == verified
        assert len(session.contacts.for_customer(hq.id)) == 3

    @pytest.mark.parametrize(
        ("policy", "domain", "outcome"),
        [
            (policy, domain, outcome)
            for policy, outcomes in {
                "strict": (
                    "verified",
                    "verified",
                    "email_domain",
                    "email_domain",
                    "email_domain_unverified",
                ),
                "lenient": ("verified", "verified", "email_domain", "email_domain", "unverified"),
                "offline": ("not_checked",) * 5,
            }.items()
            for domain, outcome in zip(
                ("mx.example", "a-only.example", "null-mx.example", "nx.example", "slow.example"),
                outcomes,
                strict=True,
            )
        ],
    )
    def test_each_resolver_outcome_under_each_policy(
        self, commtrak_url: str, actor: Actor, policy: str, domain: str, outcome: str
    ) -> None:
        checker = EmailChecker(policy, FakeResolver())
        with open_test_store(commtrak_url, email_checker=checker) as store:
            with store.session(actor=actor) as s:
                hq = add_customer(s, "HQ")
                if outcome.startswith("email_domain"):
                    with pytest.raises(ValidationError) as caught:
                        s.contacts.add(hq.id, name="Fran", email=f"fran@{domain}")
                    assert (caught.value.field, caught.value.rule) == ("email", outcome)
                    assert s.contacts.for_customer(hq.id) == []
                else:
                    added = s.contacts.add(hq.id, name="Fran", email=f"fran@{domain}")
            if not outcome.startswith("email_domain"):
                with store.session(actor=actor) as s:
                    assert s.contacts.get(added.id).email_status is EmailStatus(outcome)

    def test_search_matches_wildcards_literally(self, session: Session) -> None:
        hq = add_customer(session, "HQ")
        session.contacts.add(hq.id, name="100% Fran")
        session.contacts.add(hq.id, name="1000 Fran")
        assert [c.name for c in session.contacts.search("0%")] == ["100% Fran"]
