"""Contacts (seeds 001 and 000): adding, editing, archiving, selecting and searching."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import attrs

from commtrak.errors import Conflict, PermissionDenied, ValidationError
from commtrak.model._text import fold, required_text
from commtrak.model.communication import Channel, accepts
from commtrak.model.contacts import Contact, SelectableContact, Visibility
from commtrak.model.customers import Customer, CustomerStatus
from commtrak.model.ids import new_id
from commtrak.model.permissions import Permission
from commtrak.model.phones import PhoneNumber
from commtrak.services._base import Service, atomic, requires
from commtrak.services._contact_fields import ContactFields, automatic_channels, check_channels
from commtrak.services._portal_contacts import follow_contact
from commtrak.services._record import check_channel, live_customer
from commtrak.services._unset import UNSET, Unset

__all__ = ["ContactService"]


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

    _checks: ContactFields | None = None

    @atomic
    def add(
        self,
        customer_id: uuid.UUID,
        *,
        name: str,
        title: str = "",
        position: str = "",
        phone: str = "",
        mobile: str = "",
        phones: Iterable[PhoneNumber | tuple[str, ...]] = (),
        email: str | None = None,
        note: str = "",
        social_urls: Iterable[str] = (),
        visibility: Visibility | str = Visibility.ALL_STAFF,
        departments: Iterable[str] = (),
        communication: Iterable[Channel | str] | None = None,
    ) -> Contact:
        """Add a contact to a customer.

        Args:
            customer_id: The customer the contact belongs to.
            name: Full name (required).
            title: Title.
            position: Position in the organisation.
            phone: An office number (shorthand for a ``phones`` entry).
            mobile: A mobile number (shorthand for a ``phones`` entry).
            phones: Typed numbers: :class:`~commtrak.model.PhoneNumber` values or
                ``(kind, number[, calling code])`` tuples.
            email: Checked for form and domain by the store's email checker.
            note: Free text.
            social_urls: http(s) addresses of social profiles.
            visibility: All Staff (default) or Role Permitted Staff.
            departments: Names from the store's department list.
            communication: Channels the contact agrees to; by default those its fields
                allow (email, SMS for a mobile, phone for any number).

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``.
            ValidationError: naming the field and the rule, e.g. ``name``/``required``,
                ``email``/``email_form``, ``email``/``email_domain``,
                ``departments``/``unknown_department``, ``phones[0].number``/
                ``phone_number``, ``communication``/``channel_needs_field``.
        """
        contact = self.prepare(
            live_customer(self._session, customer_id),
            name=name,
            title=title,
            position=position,
            phone=phone,
            mobile=mobile,
            phones=phones,
            email=email,
            note=note,
            social_urls=social_urls,
            visibility=visibility,
            departments=departments,
            communication=communication,
        )
        self._contacts.add(contact)
        return contact

    def prepare(
        self,
        customer: Customer,
        *,
        name: str,
        title: str = "",
        position: str = "",
        phone: str = "",
        mobile: str = "",
        phones: Iterable[PhoneNumber | tuple[str, ...]] = (),
        email: str | None = None,
        note: str = "",
        social_urls: Iterable[str] = (),
        visibility: Visibility | str = Visibility.ALL_STAFF,
        departments: Iterable[str] = (),
        communication: Iterable[Channel | str] | None = None,
    ) -> Contact:
        """Return the contact :meth:`add` would store at *customer*, storing nothing.

        The one place a new contact is checked: :meth:`add` stores what this returns
        (for a live customer it has read), and a bulk import
        (:mod:`commtrak.portability.csv_import`) stores many at once, for customers it
        adds in the same batch.

        Raises:
            ValidationError: as :meth:`add`.
        """
        given: dict[str, object] = {
            "name": name,
            "title": title,
            "position": position,
            "phones": phones,
            "email": email,
            "note": note,
            "social_urls": social_urls,
            "visibility": visibility,
            "departments": departments,
        }
        given.update({k: v for k, v in (("phone", phone), ("mobile", mobile)) if v})
        if communication is not None:
            given["communication"] = communication
        now = self._session.now()
        actor = self._session.actor
        contact = Contact(
            id=new_id(),
            customer_id=customer.id,
            created_at=now,
            created_by=actor.name,
            modified_at=now,
            modified_by=actor.name,
            modified_via_portal=actor.via_portal,
            **self._fields().check(given, None),
        )
        if communication is None:
            contact = attrs.evolve(contact, communication=automatic_channels(contact))
        check_channels(contact)
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
        position: str | Unset = UNSET,
        phone: str | Unset = UNSET,
        mobile: str | Unset = UNSET,
        phones: Iterable[PhoneNumber | tuple[str, ...]] | Unset = UNSET,
        email: str | Unset | None = UNSET,
        note: str | Unset = UNSET,
        social_urls: Iterable[str] | Unset = UNSET,
        visibility: Visibility | str | Unset = UNSET,
        departments: Iterable[str] | Unset = UNSET,
        communication: Iterable[Channel | str] | Unset = UNSET,
    ) -> Contact:
        """Change some of a contact's fields; the others stay as they are.

        Filling an email, mobile or phone number ticks its channel; clearing it unticks
        it (unless ``communication`` is given in the same call). ``phone`` and
        ``mobile`` replace the contact's office and mobile numbers respectively.

        Args:
            contact_id: The contact to edit.
            through: The customer record the edit is made from (the screen the user is
                on); defaults to the contact's own customer.
            name: New name.
            title: New title.
            position: New position.
            phone: New office number ("" removes it).
            mobile: New mobile number ("" removes it).
            phones: New numbers, replacing all of them.
            email: New email address, or ``None`` to clear it.
            note: New note.
            social_urls: New social profile addresses.
            visibility: New visibility.
            departments: New departments (replacing the old ones).
            communication: New communication preferences.

        Raises:
            NotFound: ``contact``.
            PermissionDenied: ``contacts.edit_elsewhere`` when *through* is not the
                contact's own customer.
            ValidationError: as in :meth:`add`; ``email``/``portal_email_required``
                when clearing the email of a contact with portal access.
            Conflict: ``email``/``unique_portal_email`` when the contact has portal access
                and another contact with access has the new email (the account follows
                the new email otherwise).
        """
        contact = self._editable(contact_id, through)
        given = {
            field: value
            for field, value in (
                ("name", name),
                ("title", title),
                ("position", position),
                ("phones", phones),
                ("phone", phone),
                ("mobile", mobile),
                ("email", email),
                ("note", note),
                ("social_urls", social_urls),
                ("visibility", visibility),
                ("departments", departments),
                ("communication", communication),
            )
            if not isinstance(value, Unset)
        }
        changes = self._fields().check(given, contact)
        edited = attrs.evolve(contact, **changes)
        if "communication" not in changes:
            before, after = automatic_channels(contact), automatic_channels(edited)
            channels = (set(contact.communication) | (after - before)) - (before - after)
            changes["communication"] = tuple(sorted(channels))
            edited = attrs.evolve(edited, communication=changes["communication"])
        check_channels(edited)
        return self._save(contact, changes)

    @atomic
    def archive(self, contact_id: uuid.UUID, *, through: uuid.UUID | None = None) -> Contact:
        """Archive a contact: it leaves the current lists, and every reference stays valid.

        Archiving an archived contact changes nothing. Archiving a contact with portal
        access revokes the access (the account and its history stay).

        Raises:
            NotFound: ``contact``.
            PermissionDenied: ``contacts.edit_elsewhere`` as in :meth:`edit`.
        """
        return self._save(self._editable(contact_id, through), {"archived": True, "primary": False})

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

    @atomic
    def set_primary(self, contact_id: uuid.UUID) -> Contact:
        """Make a contact its customer's primary contact (seed 004), replacing the old one.

        Only a private customer has a primary contact; documents are addressed to it.

        Raises:
            NotFound: ``contact``.
            ValidationError: ``primary``/``private_customer_only`` for another customer
                type; ``primary``/``active_contact`` for an archived contact.
        """
        contact = self._editable(contact_id, None)
        customer = live_customer(self._session, contact.customer_id)
        if not self._session.customer_types.get(customer.type).has_primary_contact:
            raise ValidationError(
                "primary",
                "private_customer_only",
                f"only a private customer has a primary contact; {customer.name!r} is "
                f"of type {customer.type!r}",
            )
        if contact.archived:
            raise ValidationError(
                "primary", "active_contact", "an archived contact cannot be primary"
            )
        previous = self._contacts.primary_of(customer.id)
        if previous is not None and previous.id != contact.id:
            self._save(previous, {"primary": False})
        return self._save(contact, {"primary": True})

    @atomic
    def clear_primary(self, customer_id: uuid.UUID) -> None:
        """Leave the customer without a primary contact.

        Raises:
            NotFound: ``customer``.
            Conflict: ``customer_id``/``merged_customer``.
        """
        previous = self._contacts.primary_of(live_customer(self._session, customer_id).id)
        if previous is not None:
            self._save(previous, {"primary": False})

    def primary(self, customer_id: uuid.UUID) -> Contact | None:
        """Return the contact documents for the customer are addressed to, if any.

        Raises:
            NotFound: ``customer``.
        """
        contact = self._contacts.primary_of(self._customers.get(customer_id).id)
        return None if contact is None else self._visible(contact)

    @requires(Permission.CONTACTS_DELETE, "delete contacts")
    @atomic
    def delete_permanently(self, contact_id: uuid.UUID) -> None:
        """Delete a contact for good; this cannot be undone.

        The seeds' safer rule: a contact is archived, not deleted, so that every
        reference to it stays valid. Only a contact nothing refers to may be deleted:
        no registered reference (sales contact, the host's tables...), no merge journal
        entry, not a primary contact. Its custom field values are erased with it.
        Needs the ``contacts.delete`` permission.

        Raises:
            NotFound: ``contact``.
            Conflict: ``contact_id``/``contact_referenced`` naming what refers to it.
        """
        contact = self._editable(contact_id, None)
        transaction = self._session.transaction
        holders = [
            reference.kind
            for reference in self._session.references
            if reference.count(transaction, [contact.id]).get(contact.id)
        ]
        if transaction.journal.for_contact(contact.id):
            holders.append("merge journal")
        if contact.primary:
            holders.append("primary contact of its customer")
        if holders:
            raise Conflict(
                "contact_id",
                "contact_referenced",
                f"contact {contact.name!r} is referred to by {', '.join(holders)}; "
                "archive it instead",
            )
        transaction.custom_fields.erase_values(None, contact.id)
        self._contacts.delete(contact.id)

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

    def recipients(self, customer_id: uuid.UUID, channel: Channel | str) -> list[Contact]:
        """List the contacts an automatic communication by *channel* to a customer reaches.

        None unless the customer is active (not Dormant, not merged) and its own
        preferences tick *channel*; then its active contacts whose preferences tick
        *channel* too (seed 004: "If a customer is not receiving an automatic
        communication, check that the preference is selected for their contact"), in
        contact order, leaving out those the actor may not see. A manual communication
        may go to any contact, whatever its preferences. The rule is stated in
        :mod:`commtrak.model.communication`.

        Raises:
            NotFound: ``customer``.
            ValidationError: ``channel``/``communication_channel`` unless *channel* is a
                channel.
        """
        wanted = check_channel(channel)
        if wanted is None:
            raise ValidationError(
                "channel", "communication_channel", "name the channel the communication uses"
            )
        customer = self._customers.get(customer_id)
        if customer.status is not CustomerStatus.ACTIVE or not accepts(
            customer.communication, wanted
        ):
            return []
        return [
            contact
            for contact in self._only_visible(self._contacts.for_customer(customer.id))
            if accepts(contact.communication, wanted)
        ]

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

    def _fields(self) -> ContactFields:
        """The checks of a contact's fields, made once per session."""
        if self._checks is None:
            self._checks = ContactFields(self._session.emails, self._departments)
        return self._checks

    def _departments(self) -> dict[str, str]:
        # Read only for a contact given departments (a bulk import checks thousands of
        # contacts that name none), and each time: the list may change in the session.
        return {
            fold(d.name): d.name
            for d in self._session.transaction.departments.all()
            if not d.archived
        }

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
        follow_contact(self._session, contact, edited)
        self._contacts.update(edited)
        return edited
