"""The checks on a contact's fields, shared by adding and editing a contact."""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from commtrak.errors import ValidationError
from commtrak.model._text import MAX_NOTE, clean_text, fold, required_text
from commtrak.model.communication import Channel
from commtrak.model.contacts import Contact, Visibility
from commtrak.model.emails import EmailChecker
from commtrak.model.phones import PhoneKind, PhoneNumber, check_phone

__all__ = ["ContactFields", "automatic_channels", "check_channels"]

_MAX_URL = 2000


def _visibility(value: object) -> Visibility:
    try:
        return Visibility(str(value))
    except ValueError:
        known = ", ".join(member.value for member in Visibility)
        raise ValidationError("visibility", "visibility", f"must be one of {known}") from None


def _collection(field: str, value: object) -> list[object]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValidationError(field, "type", "must be a collection, not a single value")
    return list(value)


def _social_urls(value: object) -> tuple[str, ...]:
    urls = []
    for item in _collection("social_urls", value):
        url = clean_text("social_urls", item, max_length=_MAX_URL)
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
            raise ValidationError(
                "social_urls", "url", f"{url!r} is not a web address (http:// or https://)"
            )
        urls.append(url)
    return tuple(urls)


def _phones(value: object) -> tuple[PhoneNumber, ...]:
    phones = []
    for n, item in enumerate(_collection("phones", value)):
        if isinstance(item, PhoneNumber):
            item = (item.kind, item.number, item.calling_code)
        if not isinstance(item, tuple) or len(item) not in (2, 3):
            raise ValidationError(
                f"phones[{n}]", "type", "must be a PhoneNumber or (kind, number[, calling code])"
            )
        phones.append(check_phone(f"phones[{n}]", *item))
    return tuple(phones)


def _channels(value: object) -> tuple[Channel, ...]:
    channels = set()
    for item in _collection("communication", value):
        try:
            channels.add(Channel(str(item)))
        except ValueError:
            known = ", ".join(Channel)
            raise ValidationError("communication", "channel", f"must be among {known}") from None
    return tuple(sorted(channels))


def check_channels(contact: Contact) -> None:
    """Check that each chosen channel has the field it needs.

    Raises:
        ValidationError: ``communication``/``channel_needs_field``.
    """
    missing = set(contact.communication) - automatic_channels(contact) - {Channel.LETTER}
    if missing:
        names = ", ".join(sorted(missing))
        raise ValidationError(
            "communication",
            "channel_needs_field",
            f"{names}: the contact has no email, mobile or phone number for it",
        )


def automatic_channels(contact: Contact) -> frozenset[Channel]:
    """Return the channels the contact's fields make possible (letter needs no field).

    A channel is ticked automatically when its field is filled (seed 004) and unticked
    when the field is cleared: email needs an email, SMS a mobile, phone any number.
    """
    channels = set()
    if contact.email:
        channels.add(Channel.EMAIL)
    if any(p.kind is PhoneKind.MOBILE for p in contact.phones):
        channels.add(Channel.SMS)
    if contact.phones:
        channels.add(Channel.PHONE)
    return frozenset(channels)


class ContactFields:
    """Checks the fields a caller gives for a contact and returns the values to store.

    Args:
        emails: The store's email checker.
        departments: Returns the store's active departments: their spelling by folded
            name. Called only when departments are given.
    """

    def __init__(self, emails: EmailChecker, departments: Callable[[], Mapping[str, str]]) -> None:
        self._emails = emails
        self._read_departments = departments
        self._checks: dict[str, Callable[[object], dict[str, Any]]] = {
            "name": lambda v: {"name": required_text("name", v)},
            "title": lambda v: {"title": clean_text("title", v)},
            "position": lambda v: {"position": clean_text("position", v)},
            "note": lambda v: {"note": clean_text("note", v, max_length=MAX_NOTE)},
            "email": self._email,
            "visibility": lambda v: {"visibility": _visibility(v)},
            "social_urls": lambda v: {"social_urls": _social_urls(v)},
            "phones": lambda v: {"phones": _phones(v)},
            "communication": lambda v: {"communication": _channels(v)},
        }

    def check(self, given: Mapping[str, object], current: Contact | None) -> dict[str, Any]:
        """Return the stored values for the *given* fields (``phone``/``mobile`` included).

        ``phone`` and ``mobile`` are shorthands: each replaces the contact's office (or
        mobile) numbers with the one given, or removes them when blank.

        Raises:
            ValidationError: naming the field and the rule, for the first bad value.
        """
        values: dict[str, Any] = {}
        for field, value in given.items():
            if field == "departments":
                kept = current.departments if current else ()
                values["departments"] = self._department_names(value, kept)
            elif field not in ("phone", "mobile"):
                values.update(self._checks[field](value))
        phones = list(values.get("phones", current.phones if current else ()))
        for field, kind in (("phone", PhoneKind.OFFICE), ("mobile", PhoneKind.MOBILE)):
            if field in given:
                phones = [p for p in phones if p.kind is not kind]
                text = clean_text(field, given[field])
                if text:
                    phones.append(check_phone(field, kind, text))
                values["phones"] = tuple(phones)
        return values

    def _email(self, value: object) -> dict[str, Any]:
        text = clean_text("email", value) if value is not None else ""
        if not text:
            return {"email": None, "email_key": None, "email_status": None}
        checked = self._emails.check(text)
        return {"email": checked.address, "email_key": checked.key, "email_status": checked.status}

    def _department_names(self, value: object, kept: Iterable[str]) -> tuple[str, ...]:
        # An archived department stays on the contacts that have it, but is not given anew.
        names_given = _collection("departments", value)
        if not names_given:
            return ()
        active = self._read_departments()
        allowed = {fold(name): name for name in kept} | dict(active)
        names = []
        for item in names_given:
            name = required_text("departments", item)
            spelling = allowed.get(fold(name))
            if spelling is None:
                known = ", ".join(sorted(active.values())) or "none yet"
                raise ValidationError(
                    "departments",
                    "unknown_department",
                    f"{name!r} is not one of the store's departments ({known})",
                )
            names.append(spelling)
        return tuple(names)
