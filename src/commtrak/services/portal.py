"""The customer portal (seeds 003 and 000): access, activation, login, two factors, scope.

Staff with ``portal.manage`` grant and revoke a contact's access; the contact activates
the account with the emailed token, enrols an authenticator app, and logs in with
username, password and TOTP code. What a logged-in contact may see is decided in
:mod:`commtrak.services._portal_access` on every call.

Rules:

* access needs the contact to be active and to have an email address, whose key no
  other account with access has (the backend enforces it too, so two grants racing
  each other cannot both succeed);
* a username is unique across the store (compared folded, revoked accounts included),
  chosen by staff or generated; it can never be changed;
* revoking keeps the account and its history; granting again reopens it with its
  username, a new activation token, and no password or TOTP secret;
* a token is single-use, for one purpose, and expires; issuing a new one withdraws the
  account's older ones;
* a login fails with one :class:`PortalLoginFailed` whatever was wrong (unknown
  username, wrong password, wrong or replayed code, no access, locked), after the same
  work: a password hash is verified even when there is no account;
* consecutive failures lock the account at the stored settings' threshold; staff unlock
  it, or the contact resets the password;
* a TOTP secret is stored only encrypted, with the application's keys
  (:attr:`PortalConfig.secret_keys <commtrak.PortalConfig.secret_keys>`), bound to its
  account; :meth:`PortalService.rotate_secret_keys` re-encrypts them with a new key.

:meth:`PortalService.login`, :meth:`~PortalService.confirm_totp` and
:meth:`~PortalService.enrol_totp` are the only writing methods not wrapped in a
savepoint: the failure they count must survive the error that reports it. Each makes one
write on failure and only checks before its writes on success.
"""

from __future__ import annotations

import secrets
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Any, Final, NoReturn

import attrs

from commtrak.errors import ConfigurationError, Conflict, PermissionDenied, ValidationError
from commtrak.model.ids import new_id
from commtrak.model.permissions import Permission
from commtrak.model.portal_accounts import (
    IssuedPortalToken,
    PortalAccount,
    PortalEvent,
    PortalEventKind,
    PortalToken,
    check_username,
    username_key,
)
from commtrak.model.portal_scope import PortalPrincipal
from commtrak.model.portal_settings import PortalModule, PortalSettings
from commtrak.ports import PortalAccountRepository
from commtrak.security.encryption import Keyring
from commtrak.security.password_policy import check_password_policy
from commtrak.security.passwords import hash_password, verify_password
from commtrak.security.secret import Secret
from commtrak.security.tokens import TokenPurpose, issue_token, token_digest, verify_token
from commtrak.security.totp import new_totp_secret, provisioning_uri, verify_totp
from commtrak.services._base import Service, atomic, requires
from commtrak.services._portal_access import account_scope, portal_scope
from commtrak.services._portal_contacts import record_portal_event

__all__ = ["IssuedPortalToken", "PortalLoginFailed", "PortalService", "TotpEnrolment"]

#: The field a sealed TOTP secret is bound to, and its errors name.
TOTP_SECRET: Final = "totp_secret"
#: The largest batch of :meth:`PortalService.rotate_secret_keys`.
_MAX_BATCH: Final = 10_000

#: The one rule of every failed login, whatever factor was wrong.
LOGIN_FAILED: Final = "portal.login_failed"
_LOGIN_FAILED_MESSAGE: Final = "the username, password or code is not right"


class PortalLoginFailed(PermissionDenied):
    """A login (or an enrolment step that checks the password) failed.

    The message never says which factor was wrong. The failure has been counted
    towards the lockout, and the count is kept even when this error ends the session:
    its ``keeps_session_writes`` tells the session to commit before it goes on.
    """

    keeps_session_writes = True

    def __init__(self) -> None:
        super().__init__(LOGIN_FAILED, _LOGIN_FAILED_MESSAGE)


@attrs.frozen
class TotpEnrolment:
    """What an authenticator app needs; returned once, when enrolment starts.

    Attributes:
        secret: The base32 secret, for manual entry.
        uri: The ``otpauth://`` URI, for the QR code.
    """

    secret: Secret
    uri: Secret


class PortalService(Service):
    """Customer portal accounts: staff management, activation, two factors and login."""

    # -- staff: access ------------------------------------------------------------------

    @requires(Permission.PORTAL_MANAGE, "manage customer portal access")
    @atomic
    def grant(self, contact_id: uuid.UUID, *, username: str | None = None) -> IssuedPortalToken:
        """Give a contact access to the portal; return its activation token.

        Args:
            contact_id: The contact.
            username: The username; generated from the contact's name when not given.
                It may be the email address. A contact whose access was revoked keeps
                its username, so only that one (or none) may be given again.

        Raises:
            NotFound: ``contact``.
            ValidationError: ``email``/``portal_email_required`` when the contact has
                no email address; the username rules of
                :func:`~commtrak.model.check_username`.
            Conflict: ``contact_id``/``archived_contact``;
                ``contact_id``/``portal_access_granted`` when it has access already;
                ``email``/``unique_portal_email``; ``username``/``unique_username``;
                ``username``/``username_immutable`` when a re-grant names another one.
        """
        contact = self._contacts.get(contact_id, for_update=True)
        if contact.archived:
            raise Conflict(
                "contact_id", "archived_contact", "an archived contact cannot get portal access"
            )
        if contact.email_key is None:
            raise ValidationError(
                "email", "portal_email_required", "a contact needs an email address for the portal"
            )
        existing = self._accounts.for_contact(contact.id, for_update=True)
        if existing is not None and existing.has_access:
            raise Conflict(
                "contact_id", "portal_access_granted", "this contact has portal access already"
            )
        holder = self._accounts.find_email(contact.email_key)
        if holder is not None:
            raise Conflict(
                "email",
                "unique_portal_email",
                f"contact {holder.contact_id} has portal access with this email address",
            )
        now = self._session.now()
        by = self._session.actor.name
        if existing is None:
            account = PortalAccount(
                id=new_id(),
                contact_id=contact.id,
                username=self._new_username(username, contact.name),
                email_key=contact.email_key,
                granted_at=now,
                granted_by=by,
                totp_config=self._session.portal_config.totp,
            )
            self._accounts.add(account)
        else:
            if username is not None and check_username(username) != existing.username:
                raise Conflict(
                    "username", "username_immutable", "a portal username can never be changed"
                )
            account = PortalAccount(
                id=existing.id,
                contact_id=contact.id,
                username=existing.username,
                email_key=contact.email_key,
                granted_at=now,
                granted_by=by,
                totp_config=self._session.portal_config.totp,
            )
            self._accounts.update(account)
        self._record(account, PortalEventKind.GRANTED)
        return self._issue(account, contact.email, TokenPurpose.ACTIVATION)

    @requires(Permission.PORTAL_MANAGE, "manage customer portal access")
    @atomic
    def revoke(self, contact_id: uuid.UUID) -> PortalAccount:
        """Take a contact's portal access away; the account and its history stay.

        Its tokens stop working and its principals are refused from the next call.

        Raises:
            Conflict: ``contact_id``/``no_portal_access`` when it has no access.
        """
        now = self._session.now()
        by = self._session.actor.name
        revoked = self._change(contact_id, PortalEventKind.REVOKED, revoked_at=now, revoked_by=by)
        self._session.transaction.portal_tokens.withdraw(revoked.id, at=now)
        return revoked

    @requires(Permission.PORTAL_MANAGE, "manage customer portal access")
    @atomic
    def reissue_activation(self, contact_id: uuid.UUID) -> IssuedPortalToken:
        """Issue a new activation token (the first expired or went astray).

        Raises:
            Conflict: ``contact_id``/``no_portal_access``;
                ``contact_id``/``portal_activated`` when the account is activated (the
                contact resets the password instead).
        """
        account = self._with_access(contact_id)
        if account.password_hash is not None:
            raise Conflict(
                "contact_id", "portal_activated", "the account is activated; reset the password"
            )
        email = self._contacts.get(account.contact_id).email or ""
        return self._issue(account, email, TokenPurpose.ACTIVATION)

    @requires(Permission.PORTAL_MANAGE, "manage customer portal access")
    @atomic
    def unlock(self, contact_id: uuid.UUID) -> PortalAccount:
        """Unlock an account locked by failed logins and clear its failure count.

        Raises:
            Conflict: ``contact_id``/``no_portal_access``.
        """
        return self._change(contact_id, PortalEventKind.UNLOCKED, locked_at=None, failed_logins=0)

    @requires(Permission.PORTAL_MANAGE, "manage customer portal access")
    @atomic
    def reset_two_factor(self, contact_id: uuid.UUID) -> PortalAccount:
        """Forget the account's TOTP secret (a lost phone); the contact enrols again.

        Raises:
            Conflict: ``contact_id``/``no_portal_access``.
        """
        return self._change(
            contact_id,
            PortalEventKind.TOTP_RESET,
            totp_secret=None,
            totp_confirmed_at=None,
            totp_last_step=None,
        )

    def account(self, contact_id: uuid.UUID) -> PortalAccount | None:
        """Return a contact's portal account (revoked or not), or ``None``.

        Raises:
            NotFound: ``contact``.
        """
        contact = self._contacts.get(contact_id)
        return self._accounts.for_contact(contact.id)

    def history(self, contact_id: uuid.UUID) -> list[PortalEvent]:
        """Return the history of a contact's portal account, oldest first.

        Raises:
            NotFound: ``contact``.
        """
        account = self.account(contact_id)
        if account is None:
            return []
        return self._session.transaction.portal_events.for_account(account.id)

    # -- staff: settings ----------------------------------------------------------------

    def settings(self) -> PortalSettings:
        """Return the store's portal settings."""
        return self._session.transaction.portal_settings.get()

    @requires(Permission.PORTAL_MANAGE, "change the portal settings")
    @atomic
    def change_settings(
        self,
        *,
        modules: Iterable[PortalModule | str] | None = None,
        lockout_threshold: int | None = None,
    ) -> PortalSettings:
        """Change the portal modules shown and the lockout threshold.

        Raises:
            ValidationError: ``modules``/``portal_module``;
                ``lockout_threshold``/``type`` or ``range``.
        """
        current = self.settings()
        changed = PortalSettings(
            modules=frozenset(modules) if modules is not None else current.modules,
            lockout_threshold=(
                lockout_threshold if lockout_threshold is not None else current.lockout_threshold
            ),
        )
        self._session.transaction.portal_settings.put(changed)
        return changed

    # -- the contact: activation and reset ------------------------------------------------

    @atomic
    def activate(self, token: str | Secret, password: str) -> PortalAccount:
        """Set the first password with the activation token.

        Raises:
            ValidationError: ``token``/``invalid``, ``used`` or ``expired``; a
                ``password`` rule of the policy.
        """
        return self._set_password(token, password, TokenPurpose.ACTIVATION)

    @atomic
    def request_password_reset(self, username: str) -> IssuedPortalToken | None:
        """Issue a reset token for the account with *username*, for the application to email.

        Returns ``None`` when there is no such activated account with access; the
        application should answer the same either way ("if the account exists, we have
        sent an email"), so that usernames cannot be probed.
        """
        account = self._accounts.find_username(username_key(str(username)), for_update=True)
        if account is None or not account.has_access or account.password_hash is None:
            return None
        contact = self._contacts.get(account.contact_id)
        if contact.archived or contact.email is None:
            return None
        return self._issue(account, contact.email, TokenPurpose.PASSWORD_RESET)

    @atomic
    def reset_password(self, token: str | Secret, password: str) -> PortalAccount:
        """Set a new password with a reset token; this also unlocks the account.

        Raises:
            ValidationError: as :meth:`activate`.
        """
        return self._set_password(token, password, TokenPurpose.PASSWORD_RESET)

    # -- the contact: two factors and login ------------------------------------------------

    def enrol_totp(self, username: str, password: str) -> TotpEnrolment:
        """Start two-factor enrolment: return a new TOTP secret and its URI, once.

        Allowed for an activated account that has no confirmed TOTP yet (a new one, or
        one whose TOTP staff reset). Starting again replaces the pending secret. The
        codes are made as the store's :attr:`PortalConfig.totp
        <commtrak.PortalConfig.totp>` says *now*, at enrolment, and the account keeps
        that configuration until it enrols again.

        The secret is stored encrypted with the current key of
        :attr:`PortalConfig.secret_keys <commtrak.PortalConfig.secret_keys>`, bound to
        the account's id.

        Raises:
            ConfigurationError: ``secret_keys``/``required`` when the store has no keys
                (checked first: nothing is read or counted).
            PortalLoginFailed: when the username or password is wrong, or the account
                may not enrol; counted like a failed login.
        """
        keyring = self._keyring()
        account = self._check_password(username, password, enrolled=False)
        config = self._session.portal_config.totp
        secret = new_totp_secret(config.algorithm)
        uri = provisioning_uri(
            secret,
            account=account.username,
            issuer=self._session.portal_config.issuer,
            config=config,
        )
        self._accounts.update(
            attrs.evolve(
                account,
                totp_secret=keyring.seal(secret, field=TOTP_SECRET, owner=account.id),
                totp_config=config,
                totp_confirmed_at=None,
                totp_last_step=None,
            )
        )
        return TotpEnrolment(secret=secret, uri=uri)

    def confirm_totp(self, username: str, password: str, code: str) -> PortalPrincipal:
        """Confirm enrolment with a first valid code; this logs the contact in.

        Raises:
            ConfigurationError: as :meth:`login`.
            PortalLoginFailed: as :meth:`login`.
        """
        return self._login(username, password, code, confirming=True)

    def login(self, username: str, password: str, code: str) -> PortalPrincipal:
        """Log a contact in with username, password and TOTP code.

        The stored TOTP secret is decrypted only once the password was right, so a
        caller without it learns nothing of the keys.

        Raises:
            ConfigurationError: ``secret_keys``/``required`` when the store has no keys
                (checked first); on ``totp_secret``, with the right password, when the
                keys cannot open the account's secret: ``unknown_key``, ``wrong_key``,
                ``envelope_form``, or ``not_encrypted`` for a secret stored in the clear
                before encryption at rest (:meth:`rotate_secret_keys` encrypts it).
                Not counted as a failed login; nothing is written.
            PortalLoginFailed: ``portal.login_failed``, whatever was wrong. The failure
                is counted, and kept when the error ends the session.
        """
        return self._login(username, password, code, confirming=False)

    @requires(Permission.PORTAL_MANAGE, "rotate the portal's secret keys")
    @atomic
    def rotate_secret_keys(self, *, batch_size: int = 500) -> int:
        """Re-encrypt every stored TOTP secret with the current key of the store's keys.

        Key rotation: the application adds a new key to :class:`~commtrak.Keyring`,
        makes it current, opens the store with it, runs this once, and may then drop
        the older keys. Secrets already under the current key are left alone (running
        it again does nothing), and secrets stored in the clear by a version from before
        encryption at rest are encrypted. The accounts are read *batch_size* at a time,
        id and secret only, and each batch is written in one set-based statement; the
        whole rotation is one savepoint, so it changes all or nothing. A secret replaced
        meanwhile by a new enrolment keeps the new one.

        Returns:
            How many secrets were sealed again.

        Raises:
            ConfigurationError: ``secret_keys``/``required`` when the store has no keys;
                on ``totp_secret``, when a stored secret names a key the ring does not
                hold (``unknown_key``), or cannot be opened (``wrong_key``,
                ``envelope_form``); then nothing was changed.
            ValidationError: ``batch_size``/``type`` or ``range`` (1 to 10,000).
        """
        if not isinstance(batch_size, int) or isinstance(batch_size, bool):
            raise ValidationError("batch_size", "type", "must be a whole number")
        if not 1 <= batch_size <= _MAX_BATCH:
            raise ValidationError("batch_size", "range", f"must be 1 to {_MAX_BATCH:,}")
        keyring = self._keyring()
        resealed = 0
        after: uuid.UUID | None = None
        while True:
            batch = self._accounts.scan_totp_secrets(after, batch_size)
            changes = [
                (account_id, stored, keyring.reseal(stored, field=TOTP_SECRET, owner=account_id))
                for account_id, stored in batch
                if keyring.needs_reseal(stored)
            ]
            self._accounts.reseal_totp_secrets(changes)
            resealed += len(changes)
            if len(batch) < batch_size:
                return resealed
            after = batch[-1][0]

    def customers(self, principal: PortalPrincipal) -> list[uuid.UUID]:
        """Return the ids of the customers *principal* may see now, sorted.

        Raises:
            PermissionDenied: ``portal.not_signed_in``.
        """
        return sorted(portal_scope(self._session, principal).customer_ids, key=str)

    def can_see(self, principal: PortalPrincipal, customer_id: uuid.UUID) -> bool:
        """Whether *principal* may see the customer now.

        Raises:
            PermissionDenied: ``portal.not_signed_in``.
        """
        return customer_id in portal_scope(self._session, principal).customer_ids

    # -- the rules, once each ---------------------------------------------------------------

    @property
    def _accounts(self) -> PortalAccountRepository:
        return self._session.transaction.portal_accounts

    def _keyring(self) -> Keyring:
        keyring = self._session.portal_config.secret_keys
        if keyring is None:
            raise ConfigurationError(
                "secret_keys",
                "required",
                "TOTP secrets are stored encrypted: open the store with "
                "PortalConfig(secret_keys=Keyring(...))",
            )
        return keyring

    def _with_access(self, contact_id: uuid.UUID) -> PortalAccount:
        contact = self._contacts.get(contact_id)
        account = self._accounts.for_contact(contact.id, for_update=True)
        if account is None or not account.has_access:
            raise Conflict("contact_id", "no_portal_access", "this contact has no portal access")
        return account

    def _change(
        self, contact_id: uuid.UUID, kind: PortalEventKind, **changes: Any
    ) -> PortalAccount:
        """Change the account of a contact with access, and record it in its history."""
        changed = attrs.evolve(self._with_access(contact_id), **changes)
        self._accounts.update(changed)
        self._record(changed, kind)
        return changed

    def _new_username(self, chosen: str | None, name: str) -> str:
        if chosen is not None:
            username = check_username(chosen)
            if self._accounts.find_username(username_key(username)) is not None:
                raise Conflict("username", "unique_username", "this username is taken")
            return username
        stem = _username_stem(name)
        while True:
            candidate = f"{stem}.{secrets.randbelow(10_000):04d}"
            if self._accounts.find_username(username_key(candidate)) is None:
                return candidate

    def _issue(
        self, account: PortalAccount, email: str | None, purpose: TokenPurpose
    ) -> IssuedPortalToken:
        now = self._session.now()
        tokens = self._session.transaction.portal_tokens
        tokens.withdraw(account.id, at=now)
        issued = issue_token(
            purpose,
            lifetime=self._session.portal_config.token_lifetimes.get(purpose),
            clock=lambda: now,
        )
        tokens.add(PortalToken(account_id=account.id, record=issued.record))
        kind = (
            PortalEventKind.ACTIVATION_ISSUED
            if purpose is TokenPurpose.ACTIVATION
            else PortalEventKind.PASSWORD_RESET_ISSUED
        )
        self._record(account, kind)
        announced = IssuedPortalToken(
            account=account,
            email=email or "",
            purpose=purpose,
            token=issued.token,
            expires_at=issued.record.expires_at,
        )
        plugins = self._session.plugins
        if plugins is not None:
            # Issuing is the last write of every method that issues, so a token queued
            # here is one the method stored; the session drops the queue on rollback.
            self._session.after_commit(lambda: plugins.portal_token_issued(announced))
        return announced

    def _set_password(
        self, token: str | Secret, password: str, purpose: TokenPurpose
    ) -> PortalAccount:
        now = self._session.now()
        tokens = self._session.transaction.portal_tokens
        text = token.reveal() if isinstance(token, Secret) else token
        stored = tokens.find(token_digest(text)) if isinstance(text, str) else None
        if stored is None:
            raise ValidationError("token", "invalid", "is not a valid token")
        verify_token(stored.record, text, purpose, clock=lambda: now)
        account = self._accounts.get(stored.account_id, for_update=True)
        if not account.has_access:  # revoking withdraws tokens; kept for safety
            raise ValidationError("token", "used", "has already been used")
        contact = self._contacts.get(account.contact_id)
        config = self._session.portal_config
        check_password_policy(
            password, username=account.username, email=contact.email, policy=config.password_policy
        )
        if not tokens.consume(stored.record.digest, at=now):
            raise ValidationError("token", "used", "has already been used")
        updated = attrs.evolve(
            account,
            password_hash=hash_password(password, parameters=config.password_parameters),
            activated_at=account.activated_at or now,
            failed_logins=0,
            locked_at=None,
        )
        self._accounts.update(updated)
        self._record(
            updated,
            PortalEventKind.ACTIVATED
            if purpose is TokenPurpose.ACTIVATION
            else PortalEventKind.PASSWORD_RESET,
            by=account.username,
        )
        return updated

    def _check_password(self, username: str, password: str, *, enrolled: bool) -> PortalAccount:
        """Return the account if the password is right and it may proceed, else fail."""
        account, contact_ok = self._candidate(username)
        check = verify_password(
            account.password_hash if account is not None else None,
            password if isinstance(password, str) else "",
            parameters=self._session.portal_config.password_parameters,
        )
        usable = (
            account is not None
            and check.matches
            and contact_ok
            and account.has_access
            and not account.locked
            and account.totp_enrolled == enrolled
        )
        if not usable:
            self._fail(account)
        assert account is not None  # _fail raised otherwise
        return self._rehashed(account, password, check.needs_rehash)

    def _login(
        self, username: str, password: str, code: str, *, confirming: bool
    ) -> PortalPrincipal:
        keyring = self._keyring()
        account, contact_ok = self._candidate(username)
        config = self._session.portal_config
        check = verify_password(
            account.password_hash if account is not None else None,
            password if isinstance(password, str) else "",
            parameters=config.password_parameters,
        )
        step = None
        if check.matches and account is not None and account.totp_secret is not None:
            step = verify_totp(
                keyring.open(account.totp_secret, field=TOTP_SECRET, owner=account.id),
                code,
                self._session.now(),
                account.totp_last_step,
                account.totp_config,
            )
        enrolled = account is not None and account.totp_confirmed_at is not None
        usable = (
            account is not None
            and check.matches
            and step is not None
            and contact_ok
            and account.has_access
            and not account.locked
            and enrolled != confirming
        )
        if not usable:
            self._fail(account)
        assert account is not None  # _fail raised otherwise
        now = self._session.now()
        account = attrs.evolve(
            self._rehashed(account, password, check.needs_rehash),
            totp_last_step=step,
            totp_confirmed_at=account.totp_confirmed_at or now,
            failed_logins=0,
            last_login_at=now,
        )
        self._accounts.update(account)
        if confirming:
            self._record(account, PortalEventKind.TOTP_ENROLLED, by=account.username)
        scope = account_scope(self._session, account)
        return PortalPrincipal(
            account_id=account.id,
            contact_id=account.contact_id,
            customer_id=scope.contact.customer_id,
            username=account.username,
            customer_ids=scope.customer_ids,
        )

    def _candidate(self, username: str) -> tuple[PortalAccount | None, bool]:
        if not isinstance(username, str):
            return None, False
        account = self._accounts.find_username(username_key(username), for_update=True)
        if account is None:
            return None, False
        return account, not self._contacts.get(account.contact_id).archived

    def _rehashed(self, account: PortalAccount, password: str, needs_rehash: bool) -> PortalAccount:
        if not needs_rehash:
            return account
        parameters = self._session.portal_config.password_parameters
        rehashed = attrs.evolve(
            account, password_hash=hash_password(password, parameters=parameters)
        )
        self._accounts.update(rehashed)
        return rehashed

    def _fail(self, account: PortalAccount | None) -> NoReturn:
        if account is not None:
            threshold = self._session.transaction.portal_settings.get().lockout_threshold
            failed = account.failed_logins + 1
            locks = failed >= threshold and not account.locked
            updated = attrs.evolve(
                account,
                failed_logins=failed,
                locked_at=self._session.now() if locks else account.locked_at,
            )
            self._accounts.update(updated)
            if locks:
                self._record(updated, PortalEventKind.LOCKED, by="commtrak")
        raise PortalLoginFailed()

    def _record(
        self, account: PortalAccount, kind: PortalEventKind, *, by: str | None = None
    ) -> None:
        record_portal_event(self._session, account, kind, by=by)


def _username_stem(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() else " " for c in ascii_name.lower()).split()
    return ".".join(words)[:40].strip(".") or "contact"
