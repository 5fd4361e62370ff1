"""The card ports: the host's card vault, and the stored cards' repository."""

from __future__ import annotations

import uuid
from typing import Protocol, runtime_checkable

from commtrak.finance.model.cards import CardExpiry, StoredCard
from commtrak.ports import CustomerChildRepository
from commtrak.security import Secret

__all__ = ["CardVault", "StoredCardRepository"]


@runtime_checkable
class CardVault(Protocol):
    """Where card numbers go instead of commtrak: a payment provider's tokenization.

    The host application implements it over its payment provider (or uses
    :class:`~commtrak.finance.MemoryCardVault` in tests). commtrak hands it the number
    and the CVC once, as :class:`~commtrak.security.Secret` objects, and keeps only the
    token it returns. An error it raises reaches the caller as a
    :class:`~commtrak.ValidationError` (``number``/``vault_refused``) that names the
    error's class only, so a vault that puts the number in its message does not leak it.
    """

    def tokenize(self, number: Secret, expiry: CardExpiry, cvc: Secret) -> str:
        """Vault the card and return its token (text that is not a card number)."""
        ...


class StoredCardRepository(CustomerChildRepository, Protocol):
    """Stores cards by token. Rows are never deleted: a removed card is marked."""

    def add(self, card: StoredCard) -> None:
        """Store a new card.

        Raises:
            Conflict: ``token``/``unique_token`` if another card has its token.
        """

    def get(self, card_id: uuid.UUID, *, for_update: bool = False) -> StoredCard:
        """Return the card, removed or not; *for_update* locks its row.

        Raises:
            NotFound: ``card``.
        """
        ...

    def update(self, card: StoredCard) -> None:
        """Replace a stored card (to mark it removed).

        Raises:
            NotFound: ``card``.
        """

    def for_customer(self, customer_id: uuid.UUID) -> list[StoredCard]:
        """Return the customer's cards, removed ones too, by stored time, then id text."""
        ...

    def scan(self, after: uuid.UUID | None, limit: int) -> list[StoredCard]:
        """Return up to *limit* cards, removed ones too, whose id sorts after *after* (export)."""
        ...
