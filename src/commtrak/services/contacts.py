"""Contacts (seeds 001 and 000): adding, editing, archiving, selecting and searching."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import attrs

from commtrak.errors import Conflict, PermissionDenied, ValidationError
from commtrak.model._text import MAX_NOTE, clean_text, fold, required_text
from commtrak.model.contacts import Contact, SelectableContact, Visibility
from commtrak.model.ids import new_id
from commtrak.model.permissions import Permission
from commtrak.services._base import Service, atomic
from commtrak.services._unset import UNSET, Unset

__all__ = ["ContactService"]


def _check_visibility(value: object) -> Visibility:
    try:
        return Visibility(str(value))
    except ValueError:
        known = ", ".join(member.value for member in Visibility)
        raise ValidationError("visibility", "visibility", f"must be one of {known}") from None


def _check_departments(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValidationError("departments", "type", "must be a collection of department names")
    return tuple(sorted({required_text("departments", item) for item in value}))


class ContactService(Service):
    """Adds, edits, archives and finds contacts. A contact is never deleted.

    Rules:

    * a contact's name is required; its email, when given, must be well formed;
    * a contact can be edited (and archived or reactivated) only through the customer
      it was created at: through any other member of the group, even when it is a Head
      Office contact offered there, the edit is refused;
    * the contacts selectable at a customer are its own active contacts, then the active
      contacts of its group's Head Office, each marked as such;
    * a search lists active matches first and archived ones last;
    * a contact visible to Role Permitted Staff is left out of every list, search and
      selection for an actor without ``contacts.view_restricted``, and reading or
      editing it directly is refused.
    """

    @atomic
    def add(
        self,
        customer_id: uuid.UUID,
        *,
        name: str,
        title: str = "",
        phone: str = "",
        mobile: str = "",
        email: str | None = None,
        note: str = "",
        visibility: Visibility | str = Visibility.ALL_STAFF,
        departments: Iterable[str] = (),
    ) -> Contact:
        """Add a contact to a customer.

        Raises:
            NotFound: ``customer``.
            ValidationError: ``name``/``required``, ``email``/``email_form``,
                ``visibility``/``visibility``, or a text rule on any field.
        """
        customer = self._customers.get(customer_id)
        checked = self._check_email(email)
        now = self._session.now()
        actor = self._session.actor
        contact = Contact(
            id=new_id(),
            customer_id=customer.id,
            name=required_text("name", name),
            title=clean_text("title", title),
            phone=clean_text("phone", phone),
            mobile=clean_text("mobile", mobile),
            **checked,
            note=clean_text("note", note, max_length=MAX_NOTE),
            visibility=_check_visibility(visibility),
            departments=_check_departments(departments),
            created_at=now,
            created_by=actor.name,
            modified_at=now,
            modified_by=actor.name,
            modified_via_portal=actor.via_portal,
        )
        self._contacts.add(contact)
        return contact

    def get(self, contact_id: uuid.UUID) -> Contact:
        """Return the contact, archived or not.

        Raises:
            NotFound: ``contact``.
            PermissionDenied: ``contacts.view_restricted`` for a contact visible to Role
                Permitted Staff only, when the actor lacks that permission.
        """
        return self._visible(self._contacts.get(contact_id))

    @atomic
    def edit(
        self,
        contact_id: uuid.UUID,
        *,
        through: uuid.UUID | None = None,
        name: str | Unset = UNSET,
        title: str | Unset = UNSET,
        phone: str | Unset = UNSET,
        mobile: str | Unset = UNSET,
        email: str | Unset | None = UNSET,
        note: str | Unset = UNSET,
        visibility: Visibility | str | Unset = UNSET,
        departments: Iterable[str] | Unset = UNSET,
    ) -> Contact:
        """Change some of a contact's fields; the others stay as they are.

        Args:
            contact_id: The contact to edit.
            through: The customer record the edit is made from (the screen the user is
                on); defaults to the contact's own customer.
            name: New name.
            title: New job title.
            phone: New phone number.
            mobile: New mobile number.
            email: New email address, or ``None`` to clear it.
            note: New note.
            visibility: New visibility.
            departments: New departments (replacing the old ones).

        Raises:
            NotFound: ``contact``.
            PermissionDenied: ``contacts.edit_elsewhere`` when *through* is not the
                contact's own customer.
            ValidationError: as in :meth:`add`.
        """
        contact = self._editable(contact_id, through)
        changes: dict[str, Any] = {}
        if not isinstance(name, Unset):
            changes["name"] = required_text("name", name)
        for field, value in (("title", title), ("phone", phone), ("mobile", mobile)):
            if not isinstance(value, Unset):
                changes[field] = clean_text(field, value)
        if not isinstance(email, Unset):
            changes.update(self._check_email(email))
        if not isinstance(note, Unset):
            changes["note"] = clean_text("note", note, max_length=MAX_NOTE)
        if not isinstance(visibility, Unset):
            changes["visibility"] = _check_visibility(visibility)
        if not isinstance(departments, Unset):
            changes["departments"] = _check_departments(departments)
        return self._save(contact, changes)

    @atomic
    def archive(self, contact_id: uuid.UUID, *, through: uuid.UUID | None = None) -> Contact:
        """Archive a contact: it leaves the current lists, and every reference stays valid.

        Archiving an archived contact changes nothing.

        Raises:
            NotFound: ``contact``.
            PermissionDenied: ``contacts.edit_elsewhere`` as in :meth:`edit`.
        """
        return self._save(self._editable(contact_id, through), {"archived": True})

    @atomic
    def reactivate(self, contact_id: uuid.UUID, *, through: uuid.UUID | None = None) -> Contact:
        """Bring an archived contact back to the current contacts.

        A contact archived by a merge stays archived: reactivating it would recreate the
        duplicate the merge removed.

        Raises:
            NotFound: ``contact``.
            PermissionDenied: ``contacts.edit_elsewhere`` as in :meth:`edit`.
            Conflict: ``contact_id``/``merged_contact`` for a contact archived by a merge.
        """
        contact = self._editable(contact_id, through)
        if contact.merged_into is not None:
            raise Conflict(
                "contact_id",
                "merged_contact",
                f"contact {contact.name!r} was merged into {contact.merged_into}; "
                "edit that contact instead",
            )
        return self._save(contact, {"archived": False})

    def for_customer(
        self, customer_id: uuid.UUID, *, include_archived: bool = False
    ) -> list[Contact]:
        """List a customer's own contacts, active first, by name.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        return self._only_visible(
            self._contacts.for_customer(customer.id, include_archived=include_archived)
        )

    def selectable(self, customer_id: uuid.UUID) -> list[SelectableContact]:
        """List the contacts that may be chosen at a customer (sales contact, ticket contact).

        These are the customer's own active contacts, then the active contacts of its
        group's Head Office (unless it is the Head Office), each marked as such.

        Raises:
            NotFound: ``customer``.
        """
        customer = self._customers.get(customer_id)
        own = [
            SelectableContact(contact=contact, from_head_office=False)
            for contact in self._only_visible(self._contacts.for_customer(customer.id))
        ]
        if customer.group_id is None:
            return own
        head_office_id = self._groups.get(customer.group_id).head_office_id
        if head_office_id is None or head_office_id == customer.id:
            return own
        return own + [
            SelectableContact(contact=contact, from_head_office=True)
            for contact in self._only_visible(self._contacts.for_customer(head_office_id))
        ]

    def search(self, query: str) -> list[Contact]:
        """Find contacts whose name or email contains *query*, case-insensitively.

        Active matches come first, archived ones last (each has ``archived`` set).

        Raises:
            ValidationError: ``query``/``required`` when the query is blank.
        """
        return self._only_visible(self._contacts.search(fold(required_text("query", query))))

    def _editable(self, contact_id: uuid.UUID, through: uuid.UUID | None) -> Contact:
        contact = self._visible(self._contacts.get(contact_id, for_update=True))
        if through is not None and through != contact.customer_id:
            raise PermissionDenied(
                "contacts.edit_elsewhere",
                f"contact {contact.name!r} can be edited only through the customer it was "
                "created at",
            )
        return contact

    def _check_email(self, value: object) -> dict[str, Any]:
        """Check an email with the store's checker; return the contact fields it sets."""
        text = clean_text("email", value) if value is not None else ""
        if not text:
            return {"email": None, "email_key": None, "email_status": None}
        checked = self._session.emails.check(text)
        return {"email": checked.address, "email_key": checked.key, "email_status": checked.status}

    def _visible(self, contact: Contact) -> Contact:
        if contact.visibility is Visibility.ROLE_PERMITTED_STAFF and not self._session.can(
            Permission.CONTACTS_VIEW_RESTRICTED
        ):
            raise PermissionDenied(
                Permission.CONTACTS_VIEW_RESTRICTED.value,
                f"{self._session.actor.name} may not see this contact: it is visible to "
                "role permitted staff only",
            )
        return contact

    def _only_visible(self, contacts: list[Contact]) -> list[Contact]:
        if self._session.can(Permission.CONTACTS_VIEW_RESTRICTED):
            return contacts
        return [c for c in contacts if c.visibility is not Visibility.ROLE_PERMITTED_STAFF]

    def _save(self, contact: Contact, changes: dict[str, Any]) -> Contact:
        edited = attrs.evolve(contact, **changes)
        if edited == contact:
            return contact
        actor = self._session.actor
        edited = attrs.evolve(
            edited,
            modified_at=self._session.now(),
            modified_by=actor.name,
            modified_via_portal=actor.via_portal,
        )
        self._contacts.update(edited)
        return edited
