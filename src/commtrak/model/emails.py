"""Email addresses: their form, their domain, their normalized spelling and the duplicate key.

The *form* is checked by email-validator without the network. The *domain* is checked in
the DNS through a resolver the application passes in (see :class:`EmailChecker`): a
domain with MX records, or with only an A or AAAA record (the implicit MX), accepts mail;
a domain that does not exist, or that publishes a null MX (``0 .``), does not. DNS being
slow or unreachable says nothing about the address, so under the default policy such an
address is accepted and marked :attr:`EmailStatus.UNVERIFIED`, to be checked again later.

Two contacts are duplicates when they are in one customer group and share an *email
key*. The key is the address as email-validator normalizes it, with the domain in its
canonical ASCII (IDNA) form, so that the Unicode and Punycode spellings of a domain give
the same key, and with the local part lowercased. Dots and ``+tags`` are kept: at most
providers they name different mailboxes, and merging two people is worse than missing a
duplicate.

Most addresses are plain: an ASCII dot-atom before the ``@`` and an ASCII host name
after it. Their form is checked a faster way that gives the same answer (see
:func:`_plain_form`): the domain's validation is remembered, so an import of many
addresses at few domains validates each domain once.
"""

from __future__ import annotations

import enum
import functools
import re
from typing import cast

import attrs
import dns.resolver
import email_validator
from email_validator.rfc_constants import ATEXT, CASE_INSENSITIVE_MAILBOX_NAMES, EMAIL_MAX_LENGTH

from commtrak.errors import ValidationError
from commtrak.model._email_dns import (
    DEFAULT_DNS_TIMEOUT,
    DomainResolver,
    guarded,
    shared_default_resolver,
)

__all__ = [
    "DEFAULT_DNS_TIMEOUT",
    "CheckedEmail",
    "DomainResolver",
    "EmailChecker",
    "EmailPolicy",
    "EmailStatus",
    "NormalizedEmail",
    "check_email",
    "email_key",
    "normalize_email",
]


class EmailPolicy(enum.Enum):
    """How far an address is checked, and what an unanswered DNS lookup means."""

    STRICT = "strict"
    """Form and domain; an address whose domain could not be checked (DNS timeout, no
    nameserver answering) is rejected with the rule ``email_domain_unverified``, so only
    verified addresses get in. For places where an address must work now, such as
    granting portal access."""
    LENIENT = "lenient"
    """Form and domain; an address whose domain could not be checked is accepted as
    :attr:`EmailStatus.UNVERIFIED`. The default: an outage of the DNS must not stop staff
    from recording a contact."""
    OFFLINE = "offline"
    """Form only, no DNS at all; every address is :attr:`EmailStatus.NOT_CHECKED`. For
    imports, tests and machines without a network."""


class EmailStatus(enum.Enum):
    """What is known about the domain of an accepted address."""

    VERIFIED = "verified"
    """The DNS answered, and the domain accepts mail."""
    UNVERIFIED = "unverified"
    """The DNS did not answer in time (or no nameserver could be reached); the form is
    valid and the check can be retried later."""
    NOT_CHECKED = "not_checked"
    """No DNS check was made (:attr:`EmailPolicy.OFFLINE`)."""


@attrs.frozen
class NormalizedEmail:
    """An address that passed the form check.

    Attributes:
        address: The normalized spelling to store and show.
        key: The duplicate key (see the module's documentation).
    """

    address: str
    key: str


@attrs.frozen
class CheckedEmail:
    """An address that passed the checks of an :class:`EmailChecker`.

    Attributes:
        address: The normalized spelling to store and show (Unicode domain).
        key: The duplicate key (see the module's documentation).
        status: What is known about the domain; store it beside the address so that
            unverified addresses can be checked again later.
    """

    address: str
    key: str
    status: EmailStatus


@attrs.frozen
class EmailChecker:
    """Checks addresses under one policy with one resolver; make one and reuse it.

    A store or an application holds one checker for its lifetime: the default resolver
    caches DNS answers, so reusing the checker (or any checker that uses the default)
    saves lookups. The checker holds no other state and is safe to share between threads
    when its resolver is (dnspython's is).

    Attributes:
        policy: How far to check (an :class:`EmailPolicy` or its value, ``"strict"``,
            ``"lenient"``, ``"offline"``); lenient by default.
        resolver: The resolver for domain checks, for example
            ``email_validator.caching_resolver(timeout=5)`` or a fake in tests. ``None``
            uses commtrak's own caching resolver (3-second timeout), created on the first
            lookup and shared; dnspython's process-wide default resolver is never used.
    """

    policy: EmailPolicy = attrs.field(default=EmailPolicy.LENIENT, converter=EmailPolicy)
    resolver: DomainResolver | None = None

    def check(self, value: str, *, field: str = "email") -> CheckedEmail:
        """Check *value* and return its normalized spelling, key and status.

        Args:
            value: The address as entered.
            field: The field named in a :class:`~commtrak.errors.ValidationError`.

        Raises:
            ValidationError: On *field*, with email-validator's explanation, and the rule
                ``email_form`` when the address is malformed (this includes quoted local
                parts, bracketed IP addresses and special-use domains such as
                ``.local``), ``email_domain`` when the domain does not exist or does not
                accept mail, or ``email_domain_unverified`` when the policy is strict and
                the DNS did not answer.
        """
        online = self.policy is not EmailPolicy.OFFLINE
        if not online and (plain := _plain_form(value)) is not None:
            return CheckedEmail(*plain, status=EmailStatus.NOT_CHECKED)
        try:
            validated = email_validator.validate_email(
                value, check_deliverability=online, dns_resolver=self._dns() if online else None
            )
        except email_validator.EmailUndeliverableError as error:
            raise ValidationError(
                field, "email_domain", f"is not a deliverable email address: {error}"
            ) from error
        except email_validator.EmailNotValidError as error:
            raise ValidationError(
                field, "email_form", f"is not a valid email address: {error}"
            ) from error
        status = _status(validated) if online else EmailStatus.NOT_CHECKED
        if status is EmailStatus.UNVERIFIED and self.policy is EmailPolicy.STRICT:
            raise ValidationError(
                field,
                "email_domain_unverified",
                f"could not be checked: the DNS did not answer for {validated.domain};"
                " try again later",
            )
        return CheckedEmail(address=validated.normalized, key=_key(validated), status=status)

    def _dns(self) -> dns.resolver.Resolver:
        resolver = guarded(self.resolver or shared_default_resolver())
        # email-validator only calls resolve(name, type), which DomainResolver promises.
        return cast(dns.resolver.Resolver, resolver)


_FORM_ONLY = EmailChecker(EmailPolicy.OFFLINE)


def check_email(
    value: str,
    *,
    policy: EmailPolicy | str = EmailPolicy.LENIENT,
    resolver: DomainResolver | None = None,
    field: str = "email",
) -> CheckedEmail:
    """Check *value* once; see :class:`EmailChecker`, which a long-lived caller should keep.

    Raises:
        ValidationError: As :meth:`EmailChecker.check`.
    """
    return EmailChecker(policy, resolver).check(value, field=field)


def normalize_email(value: str, *, field: str = "email") -> NormalizedEmail:
    """Check the form of *value* and return its normalized spelling and key.

    This checks the form only, without the network; :class:`EmailChecker` checks the
    domain too.

    Raises:
        ValidationError: ``email_form`` on *field* when the address is malformed.
    """
    checked = _FORM_ONLY.check(value, field=field)
    return NormalizedEmail(address=checked.address, key=checked.key)


def email_key(value: str) -> str:
    """Return the duplicate key of *value*.

    Raises:
        ValidationError: ``email_form`` when the address is malformed.
    """
    return normalize_email(value).key


def _status(validated: email_validator.ValidatedEmail) -> EmailStatus:
    # email-validator documents `mx` as set when the DNS answered and absent (or None)
    # when the check "could not be completed because of a temporary issue like a
    # timeout"; an undeliverable domain has raised before this point.
    if getattr(validated, "mx", None):
        return EmailStatus.VERIFIED
    return EmailStatus.UNVERIFIED


def _key(validated: email_validator.ValidatedEmail) -> str:
    # ascii_domain is the IDNA form, whichever spelling was entered; it is already
    # lowercase, and lowering it again costs nothing and states the rule.
    return f"{validated.local_part.lower()}@{validated.ascii_domain.lower()}"


# An ASCII dot-atom (RFC 5322 3.2.3, the atext as email-validator has it), "@", and a
# name of ASCII letters, digits, hyphens and dots.
_PLAIN_ADDRESS = re.compile(rf"([{ATEXT}]+(?:\.[{ATEXT}]+)*)@([a-zA-Z0-9.\-]+)\Z")
# RFC 2142's role mailboxes, whose local part email-validator lowercases: left to it.
_ROLE_MAILBOXES = frozenset(CASE_INSENSITIVE_MAILBOX_NAMES)


def _plain_form(value: str) -> tuple[str, str] | None:
    """The normalized address and key of a plain address, or ``None`` to ask email-validator.

    For an ASCII dot-atom local part, email-validator's checks of the local part pass and
    keep it as it is, so the address's form is the domain's form, which depends on the
    domain alone and is remembered (:func:`_domain_form`), and the length of the three
    spellings it measures. Anything else (a role mailbox, a long address, an invalid or
    internationalized domain, quotes, a display name) goes to email-validator itself;
    ``tests/commtrak/model/test_emails.py`` checks that both ways agree.
    """
    match = _PLAIN_ADDRESS.match(value)
    if match is None:
        return None
    local, domain = match.groups()
    form = _domain_form(domain)
    if form is None or local.lower() in _ROLE_MAILBOXES:
        return None
    unicode_domain, ascii_domain = form
    address = f"{local}@{unicode_domain}"
    if (
        max(len(value), len(address.encode()), len(local) + 1 + len(ascii_domain))
        > EMAIL_MAX_LENGTH
    ):
        return None
    return address, f"{local.lower()}@{ascii_domain.lower()}"


@functools.lru_cache(maxsize=4096)
def _domain_form(domain: str) -> tuple[str, str] | None:
    """The domain's normalized and IDNA spellings, or ``None`` when it is not valid."""
    try:
        validated = email_validator.validate_email(f"a@{domain}", check_deliverability=False)
    except email_validator.EmailNotValidError:
        return None
    return validated.domain, validated.ascii_domain
