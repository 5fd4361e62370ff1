"""The SQL stored cards: one row per card, by token; a removed card's row is kept."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, update

from commtrak.errors import NotFound
from commtrak.finance.model import CardBrand, CardExpiry, Line, StoredCard
from commtrak.model.customers import Address
from commtrak_sqlalchemy.finance.documents import _Documents
from commtrak_sqlalchemy.tables_record import ADDRESS_LINES

__all__ = ["SqlCards"]


class SqlCards(_Documents[StoredCard]):
    """The stored cards' table."""

    _entity = "card"
    _date = "created_at"
    _lined = False

    _table_name = "cards"

    def add(self, card: StoredCard) -> None:
        """Insert the card's row."""
        self._insert(_values(card))

    def get(self, card_id: uuid.UUID, *, for_update: bool = False) -> StoredCard:
        """Read one row by id (``SELECT ... FOR UPDATE`` with *for_update*)."""
        return self._one(card_id, for_update)

    def update(self, card: StoredCard) -> None:
        """Rewrite the card's row."""
        table = self._table
        values = _values(card)
        del values["id"]
        if not self._db.run(update(table).where(table.c.id == card.id).values(values)):
            raise NotFound("card", card.id)

    def _build(self, row: Row[Any], lines: tuple[Line, ...]) -> StoredCard:
        return _card(row)


def _values(card: StoredCard) -> dict[str, Any]:
    return {
        "id": card.id,
        "customer_id": card.customer_id,
        "token": card.token,
        "brand": card.brand.value,
        "last_four": card.last_four,
        "expiry_month": card.expiry.month,
        "expiry_year": card.expiry.year,
        "name_on_card": card.name_on_card,
        **{f"address_{line}": getattr(card.billing_address, line) for line in ADDRESS_LINES},
        "created_at": card.created_at,
        "created_by": card.created_by,
        "removed_at": card.removed_at,
        "removed_by": card.removed_by,
    }


def _card(row: Row[Any]) -> StoredCard:
    return StoredCard(
        id=row.id,
        customer_id=row.customer_id,
        token=row.token,
        brand=CardBrand(row.brand),
        last_four=row.last_four,
        expiry=CardExpiry(row.expiry_month, row.expiry_year),
        name_on_card=row.name_on_card,
        billing_address=Address(
            **{line: row._mapping[f"address_{line}"] for line in ADDRESS_LINES}
        ),
        created_at=row.created_at,
        created_by=row.created_by,
        removed_at=row.removed_at,
        removed_by=row.removed_by,
    )
