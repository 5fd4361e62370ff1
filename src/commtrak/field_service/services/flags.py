"""Customer flags: setting and reading the labels on a customer."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from commtrak.field_service.model.flags import check_flags
from commtrak.field_service.services._base import FieldServiceBase
from commtrak.services._base import atomic
from commtrak.services._record import live_customer

__all__ = ["FlagService"]


class FlagService(FieldServiceBase):
    """The flags of customers (seed 003: flags are one of the list's multi-valued filters).

    Rules: at most 100 flags of at most 64 characters each, none blank; flags differing
    only in case are one flag (the first spelling is kept); only a live customer (not
    merged into another) is flagged.
    """

    @atomic
    def set(self, customer_id: uuid.UUID, flags: Iterable[str]) -> tuple[str, ...]:
        """Make *flags* the customer's flags (an empty collection clears them).

        Returns:
            The flags kept, by folded key.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: a rule of :func:`~commtrak.field_service.model.flags.check_flags`.
        """
        customer = live_customer(self._session, customer_id, for_update=True)
        labels = check_flags(flags)
        self._storage.flags.replace(customer.id, labels)
        return labels

    def of(self, customer_id: uuid.UUID) -> tuple[str, ...]:
        """Return the customer's flags, by folded key.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._storage.flags.of(customer.id)
