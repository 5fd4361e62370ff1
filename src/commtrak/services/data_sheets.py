"""Data sheets in the portal (seed 003, "Customer Portal Data Sheets").

Staff define templates and assign some of them to a customer for the portal, with the
mandatory tickets-from-email address. A contact that may see the customer fills a sheet
from an assigned template, saves it as a draft to finish later, and submits it: that
raises a ticket against the customer (from the tickets-from-email address, with the
contact as ticket contact) and locks the sheet.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

import attrs

from commtrak.errors import Conflict, PermissionDenied, ValidationError
from commtrak.model._text import MAX_NOTE, clean_text, fold, required_text
from commtrak.model.data_sheets import (
    DataSheet,
    DataSheetStatus,
    DataSheetTemplate,
    PortalTemplates,
)
from commtrak.model.emails import normalize_email
from commtrak.model.ids import new_id
from commtrak.model.permissions import Permission
from commtrak.model.portal_scope import PortalPrincipal
from commtrak.model.portal_settings import PortalModule
from commtrak.model.tickets import Ticket
from commtrak.ports import DataSheetRepository
from commtrak.services._base import Service, atomic, requires
from commtrak.services._portal_access import OUT_OF_SCOPE, PortalScope, portal_scope, require_module
from commtrak.services._record import live_customer
from commtrak.services.tickets import TicketService

__all__ = ["DataSheetService"]


class DataSheetService(Service):
    """Data-sheet templates for the portal, and the sheets contacts fill in."""

    # -- staff --------------------------------------------------------------------------

    @requires(Permission.PORTAL_MANAGE, "manage portal templates")
    @atomic
    def create_template(self, name: str, fields: Iterable[str]) -> DataSheetTemplate:
        """Define a data-sheet template.

        Raises:
            ValidationError: ``name``/``required``; ``fields``/``required`` when there
                are none; ``fields[n]``/``required`` or ``unique_field``.
            Conflict: ``name``/``unique_template_name``.
        """
        checked: list[str] = []
        for n, field in enumerate(fields):
            text = required_text(f"fields[{n}]", field)
            if fold(text) in {fold(done) for done in checked}:
                raise ValidationError(f"fields[{n}]", "unique_field", f"{text!r} is repeated")
            checked.append(text)
        if not checked:
            raise ValidationError("fields", "required", "a template needs at least one field")
        template = DataSheetTemplate(
            id=new_id(), name=required_text("name", name), fields=tuple(checked)
        )
        self._sheets.add_template(template)
        return template

    def templates(self) -> list[DataSheetTemplate]:
        """Return every template, by name."""
        return self._sheets.templates()

    @requires(Permission.PORTAL_MANAGE, "manage portal templates")
    @atomic
    def assign(
        self,
        customer_id: uuid.UUID,
        template_ids: Iterable[uuid.UUID],
        *,
        tickets_from_email: str | None,
    ) -> PortalTemplates:
        """Choose the templates a customer's contacts may use in the portal.

        Replaces the customer's current choice; an empty choice shows no templates.

        Raises:
            NotFound: ``customer`` or ``data_sheet_template``.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: ``tickets_from_email``/``required`` (it is mandatory) or
                ``email_form``.
        """
        customer = live_customer(self._session, customer_id)
        if tickets_from_email is None or not str(tickets_from_email).strip():
            raise ValidationError(
                "tickets_from_email", "required", "a tickets-from-email address is mandatory"
            )
        address = normalize_email(tickets_from_email, field="tickets_from_email").address
        ids = [self._sheets.get_template(template_id).id for template_id in template_ids]
        assignment = PortalTemplates(
            customer_id=customer.id, template_ids=tuple(ids), tickets_from_email=address
        )
        self._sheets.set_portal_templates(assignment)
        return assignment

    def portal_templates(self, customer_id: uuid.UUID) -> PortalTemplates | None:
        """Return the templates assigned to a customer for the portal, or ``None``.

        Raises:
            NotFound: ``customer``.
        """
        return self._sheets.portal_templates(self._customers.get(customer_id).id)

    # -- the portal -----------------------------------------------------------------------

    def available(
        self, principal: PortalPrincipal, customer_id: uuid.UUID
    ) -> list[DataSheetTemplate]:
        """Return the templates the principal may fill in for a customer, by name.

        Raises:
            PermissionDenied: ``portal.not_signed_in``, ``portal.module_hidden``,
                ``portal.scope``.
        """
        scope = self._scope(principal)
        scope.require_customer(customer_id)
        assignment = self._sheets.portal_templates(customer_id)
        assigned = set(assignment.template_ids) if assignment else set()
        return [t for t in self._sheets.templates() if t.id in assigned]

    def for_portal(self, principal: PortalPrincipal) -> list[DataSheet]:
        """Return the sheets the principal filled in, for customers it may see.

        Raises:
            PermissionDenied: ``portal.not_signed_in``, ``portal.module_hidden``.
        """
        scope = self._scope(principal)
        return [
            sheet
            for sheet in self._sheets.for_contact(scope.contact.id)
            if sheet.customer_id in scope.customer_ids
        ]

    @atomic
    def save(
        self,
        principal: PortalPrincipal,
        *,
        values: Mapping[str, str],
        customer_id: uuid.UUID | None = None,
        template_id: uuid.UUID | None = None,
        sheet_id: uuid.UUID | None = None,
    ) -> DataSheet:
        """Save a draft: a new sheet (customer and template given) or one of the principal's.

        Args:
            principal: The logged-in contact.
            values: Field name to value; fields left out of a new sheet are blank, and
                left out of an existing one keep their value.
            customer_id: For a new sheet, the customer it is for.
            template_id: For a new sheet, an assigned template.
            sheet_id: To edit a saved draft instead.

        Raises:
            PermissionDenied: ``portal.not_signed_in``, ``portal.module_hidden``,
                ``portal.scope`` (a customer or sheet it may not see, or a template not
                assigned to the customer).
            Conflict: ``sheet_id``/``data_sheet_submitted`` for a submitted sheet.
            ValidationError: ``values.<name>``/``unknown_field`` and the text rules;
                ``template_id``/``required`` for a new sheet without one.
        """
        scope = self._scope(principal)
        now = self._session.now()
        if sheet_id is not None:
            sheet = self._draft(scope, sheet_id)
            template = self._assigned(sheet.customer_id, sheet.template_id)
            saved = attrs.evolve(
                sheet, values={**sheet.values, **_values(template, values)}, modified_at=now
            )
            self._sheets.update(saved)
            return saved
        if customer_id is None or template_id is None:
            field = "customer_id" if customer_id is None else "template_id"
            raise ValidationError(field, "required", "a new data sheet needs one")
        scope.require_customer(customer_id)
        template = self._assigned(customer_id, template_id)
        sheet = DataSheet(
            id=new_id(),
            template_id=template.id,
            customer_id=customer_id,
            contact_id=scope.contact.id,
            values=dict.fromkeys(template.fields, "") | _values(template, values),
            status=DataSheetStatus.DRAFT,
            created_at=now,
            modified_at=now,
        )
        self._sheets.add(sheet)
        return sheet

    @atomic
    def submit(
        self,
        principal: PortalPrincipal,
        sheet_id: uuid.UUID,
        *,
        values: Mapping[str, str] | None = None,
    ) -> tuple[DataSheet, Ticket]:
        """Submit a saved sheet: raise a ticket against its customer and lock the sheet.

        Args:
            principal: The logged-in contact.
            sheet_id: One of the principal's drafts.
            values: Last changes to save with it.

        Raises:
            PermissionDenied: as :meth:`save`.
            Conflict: ``sheet_id``/``data_sheet_submitted``.
        """
        if values:
            self.save(principal, values=values, sheet_id=sheet_id)
        scope = self._scope(principal)
        sheet = self._draft(scope, sheet_id)
        template = self._assigned(sheet.customer_id, sheet.template_id)
        assignment = self._sheets.portal_templates(sheet.customer_id)
        assert assignment is not None  # _assigned checked it
        ticket = self._session.service(TicketService).add_ticket(
            sheet.customer_id,
            contact_id=scope.contact.id,
            subject=f"Data sheet submitted: {template.name}",
            by=scope.account.username,
            via_portal=True,
            from_email=assignment.tickets_from_email,
            data_sheet_id=sheet.id,
        )
        submitted = attrs.evolve(
            sheet,
            status=DataSheetStatus.SUBMITTED,
            modified_at=self._session.now(),
            ticket_id=ticket.id,
        )
        self._sheets.update(submitted)
        return submitted, ticket

    # -- the rules ------------------------------------------------------------------------

    @property
    def _sheets(self) -> DataSheetRepository:
        return self._session.transaction.data_sheets

    def _scope(self, principal: PortalPrincipal) -> PortalScope:
        scope = portal_scope(self._session, principal)
        require_module(self._session, PortalModule.DATA_SHEETS)
        return scope

    def _draft(self, scope: PortalScope, sheet_id: uuid.UUID) -> DataSheet:
        sheets = [s for s in self._sheets.for_contact(scope.contact.id) if s.id == sheet_id]
        if not sheets or sheets[0].customer_id not in scope.customer_ids:
            raise PermissionDenied(OUT_OF_SCOPE, "this contact may not see that data sheet")
        sheet = self._sheets.get(sheets[0].id, for_update=True)
        if sheet.status is DataSheetStatus.SUBMITTED:
            raise Conflict(
                "sheet_id", "data_sheet_submitted", "a submitted data sheet can no longer change"
            )
        return sheet

    def _assigned(self, customer_id: uuid.UUID, template_id: uuid.UUID) -> DataSheetTemplate:
        assignment = self._sheets.portal_templates(customer_id)
        if assignment is None or template_id not in assignment.template_ids:
            raise PermissionDenied(
                OUT_OF_SCOPE, "this data-sheet template is not assigned to that customer"
            )
        return self._sheets.get_template(template_id)


def _values(template: DataSheetTemplate, values: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(values, Mapping):
        raise ValidationError("values", "type", "must map field names to values")
    known = {fold(field): field for field in template.fields}
    checked = {}
    for name, value in values.items():
        field = known.get(fold(str(name)))
        if field is None:
            raise ValidationError(
                f"values.{name}", "unknown_field", f"the template has no field {name!r}"
            )
        checked[field] = clean_text(f"values.{field}", value, max_length=MAX_NOTE)
    return checked
