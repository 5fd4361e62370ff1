"""Contract: stored cards by token only (seed 004, "Stored cards"), on every backend.

Every backend must keep a vault's token and what may be shown of a card (brand, last
four digits, expiry, name and billing address) and never a card number: text that
looks like one (12 to 19 digits passing the Luhn check) is refused in every field of
every finance record, named by field and rule, the number never repeated; a removed
card's record is kept; expired cards are flagged and filtered.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from typing import Any

import attrs
import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import (
    Actor,
    Address,
    Conflict,
    NotFound,
    PermissionDenied,
    RoleBook,
    Session,
    Store,
    ValidationError,
    finance,
)
from commtrak.finance import (
    CardBrand,
    CardExpiry,
    InvoiceState,
    MemoryCardVault,
    StoredCard,
    line,
)
from commtrak.finance.ports import finance_storage
from commtrak.portability import RecordRejected, export_archive, export_data, import_archive
from commtrak.security import Secret
from commtrak.testing.conformance._base import (
    STORE_PROPERTY,
    PinnedClock,
    StoreContract,
    add_customer,
    open_test_store,
)
from commtrak.testing.conformance.finance import GBP, TODAY, _rule, gbp, merging
from commtrak.testing.conformance.finance_jobs import consolidated, open_job
from commtrak.testing.conformance.finance_statements import _archive_with, other_urls

__all__ = ["CVC", "NUMBER", "CardContract", "CardPropertyContract", "store_card"]

#: A test Visa number (it passes the Luhn check) and a CVC.
NUMBER = "4539 1488 0343 6467"
CVC = "737"

#: A billing address.
BILLING = Address(line1="1 Peach St", town="Perth", postcode="6000")


def store_card(
    session: Session,
    customer_id: object,
    vault: MemoryCardVault,
    *,
    number: str = NUMBER,
    expiry: tuple[int, int] = (12, TODAY.year + 2),
    name_on_card: str = "F PEACH",
) -> StoredCard:
    """Store a card for the customer through *vault*."""
    return finance.of(session).cards.store(
        customer_id,  # type: ignore[arg-type]
        number,
        expiry,
        CVC,
        BILLING,
        vault=vault,
        name_on_card=name_on_card,
    )


def luhn(digits: str) -> bool:
    """The Luhn check, written out again so the contract does not trust commtrak's."""
    doubled = [int(d) * (2 if n % 2 else 1) for n, d in enumerate(reversed(digits))]
    return sum(d - 9 if d > 9 else d for d in doubled) % 10 == 0


class CardContract(StoreContract):
    """Cards stored by token; numbers refused everywhere; expiry flagged; removal kept."""

    def test_a_card_is_stored_by_token_only(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        vault = MemoryCardVault()
        card = store_card(session, customer.id, vault)
        assert (card.brand, card.last_four, card.expiry) == (
            CardBrand.VISA,
            "6467",
            CardExpiry(12, TODAY.year + 2),
        )
        assert (card.name_on_card, card.billing_address) == ("F PEACH", BILLING)
        assert vault.number(card.token) == Secret(NUMBER.replace(" ", ""))
        books = finance.of(session)
        assert books.cards.get(card.id) == card
        assert books.cards.list(customer.id) == [card]
        digits = NUMBER.replace(" ", "")
        for shown in (repr(card), str(card), repr(vault), repr(books.cards.list(customer.id))):
            assert digits not in shown
            assert digits[:6] not in shown  # not even the first six
        [entry] = books.ledger.journal(customer.id)
        assert (entry.action.value, entry.summary) == (
            "card_stored",
            "visa card ending 6467 stored",
        )

    def test_bad_cards_are_refused_without_repeating_them(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        vault = MemoryCardVault()
        cards = finance.of(session).cards
        cases: list[tuple[dict[str, object], tuple[str, str]]] = [
            ({"number": "4539 1488 0343 6468"}, ("number", "luhn")),
            ({"number": "4539x1488"}, ("number", "card_number_form")),
            ({"number": "45391488034"}, ("number", "card_number_form")),
            ({"cvc": "73"}, ("cvc", "cvc_form")),
            ({"expiry": (13, 2030)}, ("expiry", "month")),
            ({"expiry": (1, 30)}, ("expiry", "year")),
            ({"expiry": (TODAY.month, TODAY.year - 1)}, ("expiry", "expired")),
            ({"name_on_card": "4111-1111-1111-1111"}, ("name_on_card", "card_number")),
            (
                {"billing_address": Address(line1="4111111111111111 Rd")},
                ("billing_address.line1", "card_number"),
            ),
        ]
        for change, expected in cases:
            arguments: dict[str, object] = {
                "number": NUMBER,
                "expiry": (12, TODAY.year + 2),
                "cvc": CVC,
                "billing_address": BILLING,
                "name_on_card": "",
            } | change
            with pytest.raises(ValidationError) as caught:
                cards.store(customer.id, vault=vault, **arguments)  # type: ignore[arg-type]
            assert _rule(caught) == expected
            shown = str(caught.value)
            for secret in ("4539148803436468", "4111111111111111", "1111-1111", CVC):
                assert secret not in shown
        with pytest.raises(ValidationError) as caught:
            store_card(session, customer.id, MemoryCardVault(refuse=True))
        assert _rule(caught) == ("number", "vault_refused")
        assert NUMBER.replace(" ", "") not in str(caught.value)
        assert caught.value.__cause__ is None and caught.value.__context__ is None
        assert cards.list(customer.id) == []  # nothing written by any refusal
        assert finance.of(session).ledger.journal(customer.id) == []

    def test_storage_refuses_a_card_number_in_any_field(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        card = store_card(session, customer.id, MemoryCardVault())
        digits = NUMBER.replace(" ", "")
        changes: list[tuple[str, dict[str, Any]]] = [
            ("token", {"token": digits}),
            ("name_on_card", {"name_on_card": f"card {NUMBER}"}),
            ("billing_address.postcode", {"billing_address": Address(postcode=digits)}),
            ("last_four", {"last_four": "64a7"}),
        ]
        for field, change in changes:
            with pytest.raises(ValidationError) as caught:
                attrs.evolve(card, **change)
            assert caught.value.field == field
            assert digits not in str(caught.value)
        books = finance.of(session)
        with pytest.raises(ValidationError) as caught:
            line(f"Paid by {NUMBER}", quantity=1, unit_price=gbp("1.00"))
        assert _rule(caught) == ("description", "card_number")
        with pytest.raises(ValidationError) as caught:
            books.invoices.draft(
                customer.id, currency=GBP, description=digits, issued_on=TODAY, due_on=TODAY
            )
        assert _rule(caught) == ("description", "card_number")
        with pytest.raises(ValidationError) as caught:
            books.receipts.receive_payment(
                customer.id, amount=gbp("1.00"), method="card", received_on=TODAY, reference=digits
            )
        assert _rule(caught) == ("reference", "card_number")
        with pytest.raises(ValidationError) as caught:
            books.jobs.open(customer.id, reference=digits, description="Job")
        assert _rule(caught) == ("reference", "card_number")
        # Ordinary numbers are ordinary text: too short, too long, or failing the check.
        books.jobs.open(customer.id, reference="J-45391488034", description="PO 4539148803436468")
        assert finance_storage(session.transaction).cards.for_customer(customer.id) == [card]

    def test_expired_cards_are_flagged_and_filtered(self, session: Session) -> None:
        customer = add_customer(session, "Customer")
        vault = MemoryCardVault()
        year = TODAY.year
        soon = store_card(session, customer.id, vault, expiry=(12, year))
        later = store_card(
            session, customer.id, vault, number="5555555555554444", expiry=(1, year + 3)
        )
        cards = finance.of(session).cards
        new_year = datetime.date(year + 1, 1, 1)
        assert soon.is_expired(datetime.date(year, 12, 31)) is False  # valid through the month
        assert soon.is_expired(new_year) is True
        assert later.brand is CardBrand.MASTERCARD
        assert cards.list(customer.id, expired=True) == []
        assert cards.list(customer.id, expired=True, as_of=new_year) == [soon]
        assert cards.list(customer.id, expired=False, as_of=new_year) == [later]
        assert cards.list(customer.id, as_of=new_year) == [soon, later]

    def test_jobs_claims_and_cards_round_trip_through_the_archive_without_a_card_number(
        self,
        store: Store,
        actor: Actor,
        clock: PinnedClock,
        commtrak_url: str,
        request: pytest.FixtureRequest,
    ) -> None:
        from commtrak.testing.plugin import configured_urls

        with store.session(actor=actor) as s:
            customer = add_customer(s, "Customer")
            books = finance.of(s)
            billed = [open_job(s, customer.id, "J-1", "60.00"), open_job(s, customer.id, "J-2")]
            open_job(s, customer.id, "J-3", "5.00")
            final = books.invoices.finalise(consolidated(s, customer.id, billed[0]).id)
            vault = MemoryCardVault()
            kept = store_card(s, customer.id, vault)
            books.cards.remove(store_card(s, customer.id, vault, number="5555555555554444").id)
            original = _jobs_and_cards(s, customer.id)
            exported = export_data(s)
            archive = io.BytesIO()
            export_archive(s, archive)
        assert [len(exported[name]) for name in ("finance_jobs", "finance_cards")] == [3, 2]
        assert exported["finance_job_claims"] == [
            {"job_id": str(billed[0].id), "invoice_id": str(final.id)}
        ]
        assert exported["finance_cards"][0]["token"] in (kept.token, original["cards"][1].token)
        with zipfile.ZipFile(io.BytesIO(archive.getvalue())) as opened:
            texts = [opened.read(name).decode() for name in opened.namelist()]
        for text in (json.dumps(exported), *texts):
            for number in (NUMBER, "5555555555554444"):
                for typed in (number, number.replace(" ", ""), number.replace(" ", "-")):
                    assert typed not in text
        for url in other_urls(commtrak_url, configured_urls(request.config)):
            with open_test_store(url, clock=clock) as other:
                with other.session(actor=actor) as s:
                    counts = import_archive(s, io.BytesIO(archive.getvalue()))
                assert (counts["finance_jobs"], counts["finance_job_claims"]) == (3, 1)
                with other.session(actor=actor) as s:
                    assert _jobs_and_cards(s, customer.id) == original, url
                    assert export_data(s) == exported, url
                    with pytest.raises(Conflict) as caught:
                        finance_storage(s.transaction).jobs.claim([billed[0].id], final.id)
                    assert _rule(caught) == ("job_ids", "already_invoiced")

    @pytest.mark.parametrize(
        ("section", "change", "rule"),
        [
            ("finance_job_claims", lambda rows, ids: [rows[0] | {"job_id": ids[1]}], "job_open"),
            ("finance_job_claims", lambda rows, ids: [rows[0] | {"job_id": ids[2]}], "reference"),
            ("finance_cards", lambda rows, ids: [rows[0] | {"token": ""}], "required"),
            (
                "finance_cards",
                lambda rows, ids: [rows[0] | {"name_on_card": NUMBER}],
                "card_number",
            ),
        ],
    )
    def test_an_archive_with_a_bad_job_claim_or_card_is_refused(
        self, session: Session, actor: Actor, section: str, change: Any, rule: str
    ) -> None:
        customer = add_customer(session, "Customer")
        billed, still_open = (
            open_job(session, customer.id, "J-1", "60.00"),
            open_job(session, customer.id, "J-2", "1.00"),
        )
        finance.of(session).invoices.finalise(consolidated(session, customer.id, billed).id)
        store_card(session, customer.id, MemoryCardVault())
        rows = export_data(session)[section]
        ids = [str(billed.id), str(still_open.id), str(customer.id)]
        forged = _archive_with(session, section, change(rows, ids))
        with open_test_store("memory://") as other:
            with pytest.raises(RecordRejected) as caught, other.session(actor=actor) as s:
                import_archive(s, io.BytesIO(forged))
            assert caught.value.rule == rule
            with other.session(actor=actor) as s:
                assert export_data(s)[section] == []

    def test_a_removed_card_is_kept_and_journaled(
        self, store: Store, actor: Actor, clock: PinnedClock
    ) -> None:
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Customer")
            card = store_card(s, customer.id, MemoryCardVault())
        clock.advance(hours=1)
        with store.session(actor=actor) as s:
            removed = finance.of(s).cards.remove(card.id)
            assert (removed.removed_at, removed.removed_by) == (clock(), actor.name)
            with pytest.raises(Conflict) as conflict:
                finance.of(s).cards.remove(card.id)
            assert _rule(conflict) == ("card_id", "already_removed")
        with store.session(actor=actor) as s:
            cards = finance.of(s).cards
            assert cards.list(customer.id) == []
            assert cards.list(customer.id, include_removed=True) == [removed]
            assert cards.get(card.id) == removed
            with pytest.raises(NotFound):
                cards.remove(attrs.evolve(card, id=customer.id).id)
            actions = [e.action.value for e in finance.of(s).ledger.journal(customer.id)]
            assert actions == ["card_stored", "card_removed"]

    def test_finance_writes_need_their_permissions(
        self, commtrak_url: str, clock: PinnedClock, actor: Actor
    ) -> None:
        roles = RoleBook.with_roles({"viewer": []})
        with open_test_store(commtrak_url, clock=clock, roles=roles) as store:
            with store.session(actor=actor) as s:
                customer = add_customer(s, "Customer")
                draft = finance.of(s).invoices.draft(
                    customer.id,
                    currency=GBP,
                    description="Work",
                    issued_on=TODAY,
                    due_on=TODAY,
                    lines=[line("Work", quantity=1, unit_price=gbp("1.00"))],
                )
            staff = Actor.staff("staff-9", "Pat Staff", "staff")
            with store.session(actor=staff) as s:
                with pytest.raises(PermissionDenied) as denied:
                    store_card(s, customer.id, MemoryCardVault())
                assert denied.value.permission == "finance.cards"
                assert finance.of(s).invoices.finalise(draft.id).number == 1  # staff may post
            viewer = Actor.staff("staff-8", "Vic Viewer", "viewer")
            with store.session(actor=viewer) as s:
                books = finance.of(s)
                for attempt in (
                    lambda: books.invoices.void(draft.id),
                    lambda: books.receipts.receive_payment(
                        customer.id, amount=gbp("1.00"), method="cash", received_on=TODAY
                    ),
                    lambda: books.credit_notes.against_invoice(
                        draft.id, description="Refund", issued_on=TODAY
                    ),
                ):
                    with pytest.raises(PermissionDenied) as denied:
                        attempt()
                    assert denied.value.permission == "finance.post"
                assert books.invoices.get(draft.id).state is InvoiceState.FINAL
                assert books.cards.list(customer.id) == []

    def test_a_customer_merge_moves_the_cards(
        self, commtrak_url: str, clock: PinnedClock, actor: Actor
    ) -> None:
        with merging(commtrak_url, clock, actor) as (s, survivor, merged):
            card = store_card(s, merged.id, MemoryCardVault())
            entry = s.customers.merge(survivor.id, merged.id)
            assert entry.counts["finance.card.customer"] == 1
            assert finance.of(s).cards.list(survivor.id) == [
                attrs.evolve(card, customer_id=survivor.id)
            ]


_SEPARATORS = st.sampled_from(["", "", " ", "-"])


@st.composite
def _digit_texts(draw: st.DrawFn) -> tuple[str, str]:
    """A run of 10 to 21 digits, grouped by random separators, and its bare digits."""
    digits = draw(st.text(alphabet="0123456789", min_size=10, max_size=21))
    if draw(st.booleans()):  # make a tenth or so of them pass the check
        digits = digits[:-1] + next(str(d) for d in range(10) if luhn(digits[:-1] + str(d)))
    text = "".join(
        digit + (draw(_SEPARATORS) if n % 4 == 3 and n < len(digits) - 1 else "")
        for n, digit in enumerate(digits)
    )
    return text, digits


class CardPropertyContract(CardContract):
    """Any run of digits is refused exactly when it looks like a card number."""

    @hypothesis.settings(**STORE_PROPERTY, max_examples=25)
    @hypothesis.given(texts=_digit_texts(), prefix=st.sampled_from(["", "ref ", "Paid: "]))
    def test_a_digit_run_is_refused_exactly_when_it_looks_like_a_card_number(
        self, store: Store, actor: Actor, texts: tuple[str, str], prefix: str
    ) -> None:
        """As a job's description and as a card's name; a refusal writes nothing."""
        text, digits = texts
        refused = 12 <= len(digits) <= 19 and luhn(digits)
        store.backend.erase_all_data()
        with store.session(actor=actor) as s:
            customer = add_customer(s, "Customer")
            books = finance.of(s)
            for attempt in (
                lambda: books.jobs.open(customer.id, reference="J-1", description=prefix + text),
                lambda: store_card(s, customer.id, MemoryCardVault(), name_on_card=prefix + text),
            ):
                if refused:
                    with pytest.raises(ValidationError) as caught:
                        attempt()
                    assert caught.value.rule == "card_number"
                    assert digits not in str(caught.value)
                else:
                    attempt()
            assert len(books.jobs.for_customer(customer.id)) == (0 if refused else 1)
            assert len(books.cards.list(customer.id)) == (0 if refused else 1)


def _jobs_and_cards(session: Session, customer_id: Any) -> dict[str, Any]:
    """The customer's jobs (with the invoice each is on) and cards, as the services read them."""
    books = finance.of(session)
    jobs = books.jobs.for_customer(customer_id)
    return {
        "jobs": [(job, books.jobs.invoice_of(job.id)) for job in jobs],
        "cards": books.cards.list(customer_id, include_removed=True),
    }
