"""A card vault in memory, for tests and examples: it keeps numbers where commtrak never does.

It implements :class:`~commtrak.finance.ports.CardVault` the way a payment provider's
tokenization does: it keeps the number (as a :class:`~commtrak.security.Secret`) and the
expiry under a random token, checks the CVC's form and forgets it. Its repr shows how
many cards it holds, never one of them.
"""

from __future__ import annotations

import secrets

from commtrak.finance.model.cards import CardExpiry
from commtrak.security import Secret

_LETTERS = "abcdefghijklmnopqrstuvwxyz"

__all__ = ["MemoryCardVault"]


class MemoryCardVault:
    """Tokenizes cards into a dictionary of its own.

    Args:
        refuse: Make :meth:`tokenize` raise, as a provider declining a card would.
    """

    def __init__(self, *, refuse: bool = False) -> None:
        self._cards: dict[str, tuple[Secret, CardExpiry]] = {}
        self.refuse = refuse

    def tokenize(self, number: Secret, expiry: CardExpiry, cvc: Secret) -> str:
        """Keep the card under a new token (``tok_`` and 24 letters) and return it.

        Letters only: a token of hex digits could hold a run of 12 or more digits that
        passes the Luhn check, which commtrak refuses to store as a card number.
        """
        if self.refuse:
            # A careless provider's message, with the number in it: commtrak must hide it.
            raise RuntimeError(f"card {number.reveal()} declined (cvc {cvc.reveal()})")
        token = "tok_" + "".join(secrets.choice(_LETTERS) for _ in range(24))
        self._cards[token] = (number, expiry)
        return token

    def number(self, token: str) -> Secret:
        """Return the number the vault keeps under *token* (what a charge would use).

        Raises:
            KeyError: for an unknown token.
        """
        return self._cards[token][0]

    def __len__(self) -> int:
        return len(self._cards)

    def __repr__(self) -> str:
        return f"<MemoryCardVault holding {len(self._cards)} card(s)>"
