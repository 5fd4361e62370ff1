"""Reports (seed 003): customers by group, customers with their contract columns, streamed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from commtrak.field_service.model.reports import ContractRow, GroupCustomerRow, GroupRow
from commtrak.field_service.services._base import FieldServiceBase
from commtrak.model import CustomerFilter, fold
from commtrak.model.customer_filter import ValuesMatch
from commtrak.model.groups import GroupMatch
from commtrak.services.customer_list import check_customer_filter
from commtrak.services.customers import CustomerService
from commtrak.services.groups import GroupService

__all__ = ["ReportService"]

#: How many customers a report reads at a time.
REPORT_PAGE = 500


class ReportService(FieldServiceBase):
    """The reports, each an iterator of rows read page by page.

    Write them with :func:`~commtrak.field_service.write_csv`.

    Rules: a group criterion has at least three characters (seed 003: "Enter a minimum
    of three characters to start the Customer Group search"), matched literally and
    case-insensitively against group names.
    """

    def groups(self, criterion: str) -> Iterator[GroupRow]:
        """Yield the groups whose name contains *criterion*, with their member counts.

        Raises:
            ValidationError: ``query``/``min_length`` for fewer than three
                characters, or a text rule (the rules of :meth:`GroupService.search
                <commtrak.services.GroupService.search>`).
        """
        matches = self._matching(criterion)
        return (GroupRow(m.group.id, m.group.name, m.member_count) for m in matches)

    def group_customers(self, criterion: str) -> Iterator[GroupCustomerRow]:
        """Yield the members of every group matching *criterion*, group by group.

        Raises:
            ValidationError: as :meth:`groups`.
        """
        matches = self._matching(criterion)
        customers = self._session.service(CustomerService)
        return (
            GroupCustomerRow(
                group=match.group.name,
                member_count=match.member_count,
                customer_id=customer.id,
                customer=customer.name,
                status=customer.status.value,
                type=customer.type,
            )
            for match in matches
            for customer in customers.each(CustomerFilter(group_id=match.group.id))
        )

    def contracts(self, where: CustomerFilter | None = None) -> Iterator[ContractRow]:
        """Yield the customers passing *where* with their active contracts' columns.

        One row per customer and contract (start, duration, expiry), in list order then
        by start. With contract-type criteria (``where.contract_types``), only the
        contracts of those types are shown (seed 003: only the matching records are
        concatenated) and customers without one are left out; without them, a customer
        with no active contract has one row with blank contract columns. Contracts are
        read one query per page of customers.

        Raises:
            ValidationError: as :meth:`CustomerService.list
                <commtrak.services.CustomerService.list>`.
        """
        checked = check_customer_filter(CustomerFilter() if where is None else where)
        shown = checked.contract_types
        wanted = None
        if shown is not None and shown.match is ValuesMatch.CONTAINS and shown.values:
            wanted = {fold(value) for value in shown.values}
        return self._contract_pages(checked, wanted, bare=shown is None or not shown.values)

    def _contract_pages(
        self, where: CustomerFilter, wanted: set[str] | None, *, bare: bool
    ) -> Iterator[ContractRow]:
        page: list[tuple[uuid.UUID, str, str]] = []
        groups: dict[uuid.UUID, str] = {}
        for customer in self._session.service(CustomerService).each(where):
            group = ""
            if customer.group_id is not None:
                if customer.group_id not in groups:
                    groups[customer.group_id] = self._groups.get(customer.group_id).name
                group = groups[customer.group_id]
            page.append((customer.id, customer.name, group))
            if len(page) == REPORT_PAGE:
                yield from self._contract_rows(page, wanted, bare=bare)
                page = []
        yield from self._contract_rows(page, wanted, bare=bare)

    def _contract_rows(
        self, page: list[tuple[uuid.UUID, str, str]], wanted: set[str] | None, *, bare: bool
    ) -> Iterator[ContractRow]:
        if not page:
            return
        by_customer = self._storage.contracts.for_customers([row[0] for row in page])
        for customer_id, name, group in page:
            contracts = [
                contract
                for contract in by_customer.get(customer_id, [])
                if contract.active and (wanted is None or fold(contract.contract_type) in wanted)
            ]
            if not contracts and bare:
                yield ContractRow(customer_id, name, group, "", "", None, None, None)
            for contract in contracts:
                yield ContractRow(
                    customer_id=customer_id,
                    customer=name,
                    group=group,
                    contract=contract.name,
                    contract_type=contract.contract_type,
                    contract_start=contract.starts_on,
                    contract_duration_months=contract.duration_months,
                    contract_expiry=contract.expires_on,
                )

    def _matching(self, criterion: str) -> list[GroupMatch]:
        return self._session.service(GroupService).search(criterion)
