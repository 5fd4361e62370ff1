"""Stored cards by token: store through the host's card vault, list, remove.

The card number and the CVC are taken as text or :class:`~commtrak.security.Secret`,
checked, wrapped in a :class:`~commtrak.security.Secret` at once and handed to the
vault; only the vault's token, the brand, the last four digits, the expiry and the
name and billing address are kept. No refusal names the number or the CVC, and no
repr, log or export of commtrak can show them, because commtrak never holds them past
this call.
"""

from __future__ import annotations

import builtins
import datetime
import uuid

import attrs

from commtrak.errors import Conflict, ValidationError
from commtrak.finance.model.card_numbers import MAX_PAN_DIGITS, MIN_PAN_DIGITS, luhn_valid
from commtrak.finance.model.cards import CardExpiry, StoredCard, card_brand, card_expiry
from commtrak.finance.model.journal import FinanceAction
from commtrak.finance.ports.cards import CardVault
from commtrak.finance.services._base import FinanceService
from commtrak.model._text import clean_text
from commtrak.model.customers import Address
from commtrak.model.ids import new_id
from commtrak.model.permissions import Permission
from commtrak.security import Secret
from commtrak.services._base import atomic, requires
from commtrak.services._record import live_customer
from commtrak.services.customers import check_address

__all__ = ["CardService"]


def _digits(field: str, value: object, *, lengths: range, rule: str, what: str) -> str:
    """The ASCII digits of *value* (text or a Secret; spaces and hyphens dropped).

    The refusal names *field* and *rule*, never the value.
    """
    text = value.reveal() if isinstance(value, Secret) else value
    if not isinstance(text, str):
        raise ValidationError(
            field, "type", f"must be text or a commtrak Secret, not {type(value).__name__}"
        )
    digits = text.replace(" ", "").replace("-", "")
    if not (digits.isascii() and digits.isdigit() and len(digits) in lengths):
        raise ValidationError(field, rule, f"must be {what}")
    return digits


def _expiry(value: object) -> CardExpiry:
    if isinstance(value, CardExpiry):
        return card_expiry(value.month, value.year)
    if isinstance(value, tuple) and len(value) == 2:
        return card_expiry(*value)
    raise ValidationError("expiry", "type", "must be a CardExpiry or a (month, year) pair")


class CardService(FinanceService):
    """A customer's stored cards (seed 004, "Stored cards"), by token only."""

    @requires(Permission.FINANCE_CARDS, "store cards")
    @atomic
    def store(
        self,
        customer_id: uuid.UUID,
        number: str | Secret,
        expiry: CardExpiry | tuple[int, int],
        cvc: str | Secret,
        billing_address: Address,
        *,
        vault: CardVault,
        name_on_card: str = "",
    ) -> StoredCard:
        """Tokenize a card with *vault* and store its token and what may be shown of it.

        Args:
            customer_id: The customer whose card it is.
            number: The card number (spaces and hyphens allowed), given to the vault only.
            expiry: The expiry month, a :class:`~commtrak.finance.CardExpiry` or
                ``(month, year)``.
            cvc: The three or four digit security code, given to the vault only.
            billing_address: The card's billing address.
            vault: The card vault that keeps the number and returns a token.
            name_on_card: The cardholder's name as printed.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``; ``token``/``unique_token``.
            ValidationError: ``number``/``card_number_form`` unless 12 to 19 digits,
                ``number``/``luhn`` for a number failing the Luhn check,
                ``cvc``/``cvc_form`` unless 3 or 4 digits, ``expiry``/``month``,
                ``expiry``/``year``, ``expiry``/``type``, ``expiry``/``expired`` for a
                card already expired, ``billing_address.<line>``/``card_number`` or
                ``name_on_card``/``card_number`` for text that looks like a card
                number (or another text rule), ``number``/``vault_refused`` when the
                vault raises, ``token``/``card_number`` when the vault's token looks
                like a card number.
        """
        customer = live_customer(self._session, customer_id)
        digits = _digits(
            "number",
            number,
            lengths=range(MIN_PAN_DIGITS, MAX_PAN_DIGITS + 1),
            rule="card_number_form",
            what=f"{MIN_PAN_DIGITS} to {MAX_PAN_DIGITS} digits",
        )
        if not luhn_valid(digits):
            raise ValidationError(
                "number", "luhn", "is not a card number (it fails the Luhn check)"
            )
        code = _digits("cvc", cvc, lengths=range(3, 5), rule="cvc_form", what="3 or 4 digits")
        valid_to = _expiry(expiry)
        if valid_to.is_past(self._session.now().date()):
            raise ValidationError("expiry", "expired", "the card has expired")
        address = check_address("billing_address", billing_address, required=())
        name = clean_text("name_on_card", name_on_card)
        token = self._tokenize(vault, Secret(digits), valid_to, Secret(code))
        card = StoredCard(
            id=new_id(),
            customer_id=customer.id,
            token=token,
            brand=card_brand(digits),
            last_four=digits[-4:],
            expiry=valid_to,
            name_on_card=name,
            billing_address=address,
            created_at=self._session.now(),
            created_by=self._session.actor.name,
        )
        self._finance.cards.add(card)
        self._journal(
            FinanceAction.CARD_STORED,
            customer.id,
            card.id,
            f"{card.brand} card ending {card.last_four} stored",
        )
        return card

    def get(self, card_id: uuid.UUID) -> StoredCard:
        """Return the card, removed or not.

        Raises:
            NotFound: ``card``.
        """
        return self._finance.cards.get(card_id)

    def list(
        self,
        customer_id: uuid.UUID,
        *,
        expired: bool | None = None,
        as_of: datetime.date | None = None,
        include_removed: bool = False,
    ) -> builtins.list[StoredCard]:
        """Return the customer's cards, oldest first.

        Args:
            customer_id: The customer.
            expired: ``True`` for the expired cards only, ``False`` for the valid ones
                only, ``None`` for both (check each with
                :meth:`StoredCard.is_expired <commtrak.finance.StoredCard.is_expired>`).
            as_of: The date expiry is judged on; today (the store's clock) by default.
            include_removed: Whether to list removed cards too.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        today = self._session.now().date() if as_of is None else as_of
        return [
            card
            for card in self._finance.cards.for_customer(customer.id)
            if (include_removed or not card.removed)
            and (expired is None or card.is_expired(today) is expired)
        ]

    @requires(Permission.FINANCE_CARDS, "remove cards")
    @atomic
    def remove(self, card_id: uuid.UUID) -> StoredCard:
        """Remove a card from use; its record is kept, marked with who and when.

        Raises:
            NotFound: ``card``.
            Conflict: ``card_id``/``already_removed``.
        """
        card = self._finance.cards.get(card_id, for_update=True)
        if card.removed:
            raise Conflict("card_id", "already_removed", "the card was removed already")
        removed = attrs.evolve(
            card, removed_at=self._session.now(), removed_by=self._session.actor.name
        )
        self._finance.cards.update(removed)
        self._journal(
            FinanceAction.CARD_REMOVED,
            card.customer_id,
            card.id,
            f"{card.brand} card ending {card.last_four} removed",
        )
        return removed

    @staticmethod
    def _tokenize(vault: CardVault, number: Secret, expiry: CardExpiry, cvc: Secret) -> str:
        failure = ""
        try:
            token = vault.tokenize(number, expiry, cvc)
        except Exception as error:  # any vault failure is a refusal
            failure = type(error).__name__
        if failure:
            # Raised outside the handler, so the vault's error (whose message may hold
            # the number) is not even its context: only its class name is told.
            raise ValidationError(
                "number", "vault_refused", f"the card vault refused the card ({failure})"
            )
        if not isinstance(token, str) or not token.strip():
            raise ValidationError("token", "required", "the card vault returned no token")
        return token
