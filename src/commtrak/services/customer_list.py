"""The customer list: filtered keyset pages in a stable order (seed 003)."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Iterator
from typing import Final

import attrs

from commtrak.errors import ValidationError
from commtrak.model._text import clean_text, fold
from commtrak.model.customer_filter import CustomerFilter, ValuesFilter, ValuesMatch
from commtrak.model.customers import Customer, CustomerStatus
from commtrak.services._base import Service
from commtrak.services._record import check_choice

__all__ = ["MAX_PAGE", "CustomerListService", "check_customer_filter"]

#: The largest page a list returns.
MAX_PAGE: Final = 1000

#: The page size of :meth:`CustomerListService.each`.
EACH_PAGE: Final = 500


def _check_values(field: str, question: object) -> ValuesFilter | None:
    if question is None:
        return None
    if not isinstance(question, ValuesFilter):
        raise ValidationError(
            field, "type", f"must be a ValuesFilter or None, not {type(question).__name__}"
        )
    if not isinstance(question.match, ValuesMatch):
        raise ValidationError(field, "values_match", "must be ValuesMatch.CONTAINS or EQUALS")
    values = frozenset(clean_text(field, value) for value in question.values)
    return ValuesFilter(values, question.match)


def check_customer_filter(where: object) -> CustomerFilter:
    """Return *where* checked, with its text trimmed (not yet folded).

    Raises:
        ValidationError: ``filter``/``type`` for no :class:`CustomerFilter`; ``name``
            or a value's attribute (``departments``, ``contract_types``, ``flags``) with
            a text rule; ``{attribute}``/``type`` for no :class:`ValuesFilter`;
            ``group_id``/``uuid``; ``status``/``customer_status``; ``type``/``type``.
    """
    if not isinstance(where, CustomerFilter):
        raise ValidationError(
            "where", "type", f"must be a CustomerFilter, not {type(where).__name__}"
        )
    if where.group_id is not None and not isinstance(where.group_id, uuid.UUID):
        raise ValidationError("group_id", "uuid", "must be a uuid.UUID or None")
    return CustomerFilter(
        name=None if where.name is None else clean_text("name", where.name),
        group_id=where.group_id,
        status=(
            None
            if where.status is None
            else check_choice("status", "customer_status", CustomerStatus, where.status)
        ),
        type=None if where.type is None else clean_text("type", where.type),
        departments=_check_values("departments", where.departments),
        contract_types=_check_values("contract_types", where.contract_types),
        flags=_check_values("flags", where.flags),
    )


def _folded(question: ValuesFilter | None) -> ValuesFilter | None:
    return None if question is None else question.folded()


class CustomerListService(Service):
    """The filtered customer list; :class:`~commtrak.services.CustomerService` has it."""

    def list(
        self,
        where: CustomerFilter | None = None,
        *,
        after: Customer | None = None,
        limit: int = 100,
    ) -> builtins.list[Customer]:
        """Return one page of the customers passing *where*, by folded name then id.

        Keyset paging: pass the last customer of a page as *after* to get the next
        one; a page shorter than *limit* is the last. Each page is one indexed
        statement on SQL backends. Merged customers are never listed. The filter's
        rules are stated in :mod:`commtrak.model.customer_filter`.

        Raises:
            ValidationError: ``limit``/``range`` outside 1..1000; ``after``/``type``
                for no :class:`~commtrak.Customer`; a rule of
                :func:`check_customer_filter`.
        """
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE:
            raise ValidationError("limit", "range", f"must be from 1 to {MAX_PAGE}")
        if after is not None and not isinstance(after, Customer):
            raise ValidationError("after", "type", "must be the last Customer of a page")
        key = None if after is None else (fold(after.name), after.id)
        return self._customers.filtered(self._prepared(where), key, limit)

    def each(self, where: CustomerFilter | None = None) -> Iterator[Customer]:
        """Yield every customer passing *where*, in list order, a page at a time.

        Raises:
            ValidationError: as :meth:`list`, when the first page is read.
        """
        prepared = self._prepared(where)
        key: tuple[str, uuid.UUID] | None = None
        while True:
            page = self._customers.filtered(prepared, key, EACH_PAGE)
            yield from page
            if len(page) < EACH_PAGE:
                return
            key = (fold(page[-1].name), page[-1].id)

    def _prepared(self, where: CustomerFilter | None) -> CustomerFilter:
        """The filter as the repository takes it: folded, departments spelled as stored."""
        checked = check_customer_filter(CustomerFilter() if where is None else where)
        departments = checked.departments
        if departments is not None:
            spelled = {fold(d.name): d.name for d in self._session.transaction.departments.all()}
            departments = ValuesFilter(
                frozenset(spelled.get(fold(name), name) for name in departments.values),
                departments.match,
            )
        return attrs.evolve(
            checked,
            name=None if not checked.name else fold(checked.name),
            departments=departments,
            contract_types=_folded(checked.contract_types),
            flags=_folded(checked.flags),
        )
