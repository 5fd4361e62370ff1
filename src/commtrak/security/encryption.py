"""Secrets sealed at rest: AES-GCM envelopes under a keyring the application holds.

A TOTP secret is the second factor itself, so a copy of the database (a backup, a
replica, a leaked dump) must not carry it in the clear. The application gives the store
a :class:`Keyring`: 256-bit AES keys, each under a short key id, one of them current.
:meth:`Keyring.seal` encrypts a secret with the current key into a
:class:`SealedSecret`, whose stored text is an *envelope*::

    aesgcm1$<key id>$<base64url of nonce, ciphertext and tag>

with a random 96-bit nonce per encryption. The envelope's version, its key id, the name
of the field and the id of the record that owns the secret are bound to the ciphertext as
associated data, so a ciphertext copied into another record or field, or relabelled with
another key id, does not decrypt. :meth:`Keyring.open` decrypts with whichever key the
envelope names, so older keys keep working while :meth:`Keyring.reseal` moves secrets
to the current one (key rotation).

Every failure is a :class:`~commtrak.errors.ConfigurationError` naming the field and
the rule, never an exception of ``cryptography``, and no message shows a key, a secret
or a ciphertext.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import uuid
from collections.abc import Mapping
from typing import Final, NoReturn

import attrs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from commtrak.errors import ConfigurationError
from commtrak.security.secret import Secret

__all__ = ["ENVELOPE_VERSION", "KEY_BYTES", "Keyring", "SealedSecret", "new_key"]

#: The first part of every envelope, which names its layout and cipher (AES-256-GCM).
ENVELOPE_VERSION: Final = "aesgcm1"
#: The length of every key in bytes (AES-256).
KEY_BYTES: Final = 32
_NONCE_BYTES: Final = 12
_TAG_BYTES: Final = 16
_SEPARATOR: Final = "$"
#: The field of a keyring's own errors (the name of the ``PortalConfig`` field).
_KEYRING: Final = "secret_keys"
_KEY_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
_BASE64URL: Final = re.compile(r"[A-Za-z0-9_-]+")


def new_key() -> bytes:
    """Return a new random 256-bit key, for a :class:`Keyring` (keep it in a secret store)."""
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


@attrs.frozen(repr=False)
class SealedSecret:
    """A secret as it is stored: an envelope, opened only by a :class:`Keyring`.

    The stored text is normally an envelope (see the module). Text in any other form is
    a secret stored in the clear, by a version of commtrak from before encryption at
    rest; :meth:`Keyring.open` refuses it and :meth:`Keyring.reseal` encrypts it.

    Attributes:
        stored: The text as the backend stores it.
    """

    stored: str

    @property
    def key_id(self) -> str | None:
        """The id of the key that sealed it, or ``None`` when it is stored in the clear."""
        parts = self.stored.split(_SEPARATOR)
        return parts[1] if len(parts) == 3 and parts[0] == ENVELOPE_VERSION else None

    @property
    def encrypted(self) -> bool:
        """Whether the stored text is an envelope (its form; only opening proves it)."""
        return self.stored.startswith(ENVELOPE_VERSION + _SEPARATOR)

    def __repr__(self) -> str:
        # The ciphertext is harmless without the key, but a repr needs none of it; and
        # text stored in the clear must never show.
        return f"SealedSecret(key_id={self.key_id!r})"


class Keyring:
    """The application's encryption keys: one current key, and the older ones.

    New secrets are sealed with the current key; any key of the ring opens the secrets
    it sealed. To rotate, the application adds a new key, makes it current, keeps the
    older ones until every stored secret was resealed (the portal's
    ``rotate_secret_keys``), and then drops them.

    The ring never shows its keys: its repr names the key ids only, and it cannot be
    pickled.

    Args:
        keys: Each key id (1 to 32 letters, digits, ``.``, ``_`` or ``-``, starting with
            a letter or digit) and its 32 random bytes (:func:`new_key`).
        current: The id of the key that seals new secrets.

    Raises:
        ConfigurationError: on ``secret_keys``: ``type`` when the keys are not a mapping
            of text to bytes, ``key_id`` for a malformed id, ``key_length`` for a key
            that is not 32 bytes, ``current_key`` when *current* is not among *keys*.
    """

    __slots__ = ("_ciphers", "_current")

    def __init__(self, keys: Mapping[str, bytes], *, current: str) -> None:
        if not isinstance(keys, Mapping) or not keys:
            raise ConfigurationError(_KEYRING, "type", "must map key ids to 32-byte keys")
        ciphers: dict[str, AESGCM] = {}
        for key_id, key in keys.items():
            if not isinstance(key_id, str) or not _KEY_ID.fullmatch(key_id):
                raise ConfigurationError(
                    _KEYRING, "key_id", "a key id is 1-32 letters, digits, '.', '_' or '-'"
                )
            if not isinstance(key, bytes) or len(key) != KEY_BYTES:
                # The message names the id only: the value may be the key itself.
                raise ConfigurationError(
                    _KEYRING, "key_length", f"key {key_id!r} must be {KEY_BYTES} bytes"
                )
            ciphers[key_id] = AESGCM(key)
        if current not in ciphers:
            raise ConfigurationError(
                _KEYRING, "current_key", "the current key id must be one of the keys"
            )
        self._ciphers = ciphers
        self._current = current

    @property
    def current(self) -> str:
        """The id of the key that seals new secrets."""
        return self._current

    @property
    def key_ids(self) -> tuple[str, ...]:
        """The ids of every key of the ring, sorted."""
        return tuple(sorted(self._ciphers))

    def seal(self, secret: Secret, *, field: str, owner: uuid.UUID) -> SealedSecret:
        """Encrypt *secret* with the current key, bound to *field* of record *owner*."""
        nonce = secrets.token_bytes(_NONCE_BYTES)  # 96 random bits, new for each encryption
        data = _associated_data(self._current, field, owner)
        sealed = self._ciphers[self._current].encrypt(nonce, _bytes(secret.reveal()), data)
        payload = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")
        return SealedSecret(_SEPARATOR.join((ENVELOPE_VERSION, self._current, payload)))

    def open(self, sealed: SealedSecret, *, field: str, owner: uuid.UUID) -> Secret:
        """Decrypt a secret sealed for *field* of record *owner*, with the key it names.

        Raises:
            ConfigurationError: on *field*: ``not_encrypted`` for text stored in the
                clear (reseal it first), ``envelope_form`` for a damaged envelope,
                ``unknown_key`` when the ring lacks the key it names, ``wrong_key``
                when that key does not open it (another key under the same id, or a
                ciphertext altered or copied from another record or field).
        """
        if not sealed.encrypted:
            raise ConfigurationError(
                field,
                "not_encrypted",
                "is stored unencrypted (written before encryption at rest); "
                "rotate the secret keys to encrypt it",
            )
        key_id, nonce, ciphertext = _parts(sealed, field)
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise ConfigurationError(
                field,
                "unknown_key",
                f"was encrypted with key {key_id!r}, which the keyring does not hold "
                f"(it holds {', '.join(map(repr, self.key_ids))})",
            )
        try:
            plain = cipher.decrypt(nonce, ciphertext, _associated_data(key_id, field, owner))
        except InvalidTag:
            _wrong_key(field, key_id)
        try:
            return Secret(plain.decode("utf-8", "surrogatepass"))
        except UnicodeDecodeError:  # pragma: no cover - authenticated, so never garbled
            _wrong_key(field, key_id)

    def needs_reseal(self, sealed: SealedSecret) -> bool:
        """Whether *sealed* is not (by its envelope) under the current key."""
        return sealed.key_id != self._current

    def reseal(self, sealed: SealedSecret, *, field: str, owner: uuid.UUID) -> SealedSecret:
        """Return *sealed* sealed again with the current key (text in the clear sealed).

        Raises:
            ConfigurationError: as :meth:`open`, except ``not_encrypted``.
        """
        if sealed.encrypted:
            secret = self.open(sealed, field=field, owner=owner)
        else:
            secret = Secret(sealed.stored)
        return self.seal(secret, field=field, owner=owner)

    def __repr__(self) -> str:
        return f"Keyring(current={self._current!r}, key_ids={self.key_ids!r})"

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Keyring cannot be pickled")


def _associated_data(key_id: str, field: str, owner: uuid.UUID) -> bytes:
    """What a ciphertext is bound to: the envelope version, the key, the field, the owner."""
    return _SEPARATOR.join((ENVELOPE_VERSION, key_id, field, str(owner))).encode("utf-8")


def _parts(sealed: SealedSecret, field: str) -> tuple[str, bytes, bytes]:
    """Split an envelope into its key id, nonce and ciphertext (with the tag)."""
    parts = sealed.stored.split(_SEPARATOR)
    if len(parts) == 3 and _KEY_ID.fullmatch(parts[1]) and _BASE64URL.fullmatch(parts[2]):
        try:
            raw = base64.urlsafe_b64decode(parts[2] + "=" * (-len(parts[2]) % 4))
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) >= _NONCE_BYTES + _TAG_BYTES:
            return parts[1], raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    raise ConfigurationError(field, "envelope_form", "is not a well-formed encrypted value")


def _wrong_key(field: str, key_id: str) -> NoReturn:
    raise ConfigurationError(
        field,
        "wrong_key",
        f"cannot be decrypted with key {key_id!r}: the key is not the one that encrypted "
        "it, or the stored value was altered or belongs to another record",
    ) from None


def _bytes(text: str) -> bytes:
    # surrogatepass, as Secret compares: any text a Secret holds can be sealed.
    return text.encode("utf-8", "surrogatepass")
