"""A card number passed in is found nowhere: logs, exports, reprs, errors, the database.

A customer's card is stored through a memory vault, listed, refused in every way the
services refuse one (a bad CVC, the number typed into the name on card, the billing
address, a description and a reference, a vault that puts the number in its error) and
removed, on every SQL database, with SQL logging on: on an engine commtrak made and on
one the host made with ``echo=True`` and without ``hide_parameters``, so that every
bound value is logged. Then the number (in every way it was typed) and the CVC are
searched for in the log, in both exports (the JSON document and the ZIP archive, with
the secrets included), in the repr and str of every object returned and every error
raised (with its traceback), and in every value of every table of the database, read
past commtrak's repositories.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from commtrak import Actor, Address, CommtrakError, Store, finance
from commtrak.finance import MemoryCardVault, Money, currency, line
from commtrak.portability import export_archive, export_data
from commtrak.testing.conformance._base import add_customer, open_test_store
from commtrak_sqlalchemy.backend import SqlBackend

ACTOR = Actor.staff("staff-1", "Sam Supervisor", "supervisor")
DIGITS = "4539148803436467"
TYPED = ("4539 1488 0343 6467", "4539-1488-0343-6467", DIGITS)
CVC = "7351"
GBP = currency("GBP")
BILLING = Address(line1="1 Peach St", town="Perth", postcode="6000")


def card_life(store: Store) -> list[object]:
    """Store, list, refuse and remove cards; return every object and error seen."""
    seen: list[object] = []
    vault = MemoryCardVault()

    def refused(attempt: Callable[[], object]) -> None:
        with pytest.raises(CommtrakError) as caught:
            attempt()
        seen.extend([caught.value, "".join(traceback.format_exception(caught.value))])

    with store.session(actor=ACTOR) as s:
        customer = add_customer(s, "Peach")
        books = finance.of(s)
        for typed in TYPED:
            card = books.cards.store(
                customer.id, typed, (12, 2099), CVC, BILLING, vault=vault, name_on_card="F P"
            )
            seen.extend([card, card.brand, card.expiry, card.billing_address])
        seen.extend([books.cards.list(customer.id), books.cards.get(card.id), vault])
        for typed in TYPED:
            refused(
                lambda t=typed: books.cards.store(
                    customer.id, t, (1, 2099), "7", BILLING, vault=vault
                )
            )
            refused(
                lambda t=typed: books.cards.store(
                    customer.id, DIGITS, (1, 2099), CVC, BILLING, vault=vault, name_on_card=t
                )
            )
            refused(
                lambda t=typed: books.cards.store(
                    customer.id, DIGITS, (1, 2099), CVC, Address(line1=t), vault=vault
                )
            )
            refused(lambda t=typed: line(t, quantity=1, unit_price=Money.of(1, GBP)))
            refused(lambda t=typed: books.jobs.open(customer.id, reference="J", description=t))
            refused(
                lambda t=typed: books.receipts.receive_payment(
                    customer.id,
                    amount=Money.of(1, GBP),
                    method="card",
                    received_on=card.expiry.last_day,
                    reference=t,
                )
            )
        refused(
            lambda: books.cards.store(
                customer.id, DIGITS, (1, 2099), CVC, BILLING, vault=MemoryCardVault(refuse=True)
            )
        )
    with store.session(actor=ACTOR) as s:
        books = finance.of(s)
        seen.append(books.cards.remove(card.id))
        seen.extend(
            [books.cards.list(customer.id, include_removed=True), books.ledger.journal(customer.id)]
        )
    return seen


def sent_to_the_database(store: Store) -> list[str]:
    """Collect every statement the store's engine sends, with its parameters, from now on."""
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    sent: list[str] = []

    @event.listens_for(backend.engine, "before_cursor_execute")
    def record(
        connection: object,
        cursor: object,
        statement: str,
        parameters: object,
        context: object,
        executemany: bool,
    ) -> None:
        sent.append(f"{statement} {parameters!r}")

    return sent


def raw_values(store: Store) -> list[object]:
    """Every value of every table of the store, as the driver returns it."""
    backend = store.backend
    assert isinstance(backend, SqlBackend)
    values: list[object] = []
    with backend.engine.connect() as connection:
        for table in backend.tables.all:
            for row in connection.execute(select(table)):
                values.extend(row)
    return values


def _texts(value: object) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


#: The CVC as a number of its own (not inside a longer number or an id).
_CVC = re.compile(rf"(?<![0-9A-Fa-f]){CVC}(?![0-9A-Fa-f])")


def assert_nowhere(text: str, where: str) -> None:
    """Neither the number, however typed, nor the CVC is in *text*."""
    for typed in TYPED:
        assert typed not in text, where
    assert _CVC.search(text) is None, where


@pytest.mark.parametrize("engine_by", ["commtrak", "host"])
def test_a_card_number_is_found_nowhere(
    sql_url: str,
    engine_by: str,
    host_engine: Callable[..., Engine],
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    source: object = sql_url if engine_by == "commtrak" else host_engine(echo=True)
    with (
        caplog.at_level(logging.DEBUG),
        caplog.at_level(logging.DEBUG, logger="sqlalchemy"),  # statements, parameters and rows
        open_test_store(source, customer_references=finance.CUSTOMER_REFERENCES) as store,
    ):
        sent = sent_to_the_database(store)
        seen = card_life(store)
        with store.session(actor=ACTOR) as s:
            document = export_data(s, include_secrets=True)
            export_archive(s, tmp_path / "export.zip", include_secrets=True)
        values = raw_values(store)
    log = caplog.text
    assert "INSERT INTO commtrak_finance_cards" in log  # the statements were logged
    assert_nowhere(log, "the log")
    assert any("tok_" in statement for statement in sent)  # the parameters were seen
    for statement in sent:
        assert_nowhere(statement, "a statement or its parameters")
    assert len(document["finance_cards"]) == 3  # the cards are exported: token, brand, last four
    assert_nowhere(json.dumps(document, default=str), "export_data")
    with zipfile.ZipFile(tmp_path / "export.zip") as archive:
        for name in archive.namelist():
            assert_nowhere(archive.read(name).decode(), f"export_archive {name}")
    assert_nowhere((tmp_path / "export.zip").read_bytes().decode("latin-1"), "the ZIP file")
    assert len(seen) > 30
    for item in seen:
        assert_nowhere(repr(item), f"repr of {type(item).__name__}")
        assert_nowhere(str(item), f"str of {type(item).__name__}")
    cards = [v for v in values if isinstance(v, str) and v.startswith("tok_")]
    assert len(cards) == 3  # the three cards' tokens are there, nothing else of them
    for value in values:
        if not isinstance(value, uuid.UUID):
            assert_nowhere(_texts(value), "the database")
