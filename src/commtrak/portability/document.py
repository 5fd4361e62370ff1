"""The JSON document: a whole store as one plain-data document, and back.

Export then import gives back equal data, on any pair of backends: ids are made by the
library, so every record keeps its id, and every value is written in a form that reads
back to the same Python value (UUIDs and dates as ISO text, numbers as exact decimal
text). Erased custom values are not in the store, so they are in no export.

The document is plain data (dicts, lists, strings, numbers, booleans), ready for
``json.dump``::

    with store.session(actor=actor) as s:
        document = export_data(s)
    with other_store.session(actor=actor) as s:
        import_data(s, document)

**By default the portal's secrets are not exported.** The document has the portal
accounts' public fields, their history, the portal settings, tickets with their notes,
data-sheet templates, their assignments and the sheets; it has no password hash, no TOTP
secret and no token (nor token digest: activation and reset tokens are not exported at
all). So an imported account comes back *without credentials*: no password (it is not
activated, whatever its ``activated_at`` says of its past) and no two-factor enrolment.
Staff give the contact a new activation token with ``portal.reissue_activation``; the
contact sets a password with it and enrols two-factor authentication again. Tokens
issued before the export do not work in the imported store. Such a document can be
handed to another system or kept as a backup without opening anyone's account.

**A full backup**, or a backend persisting its own state, needs the credentials too, or
every reopening would log every contact out for good:
``export_data(session, include_secrets=True)`` adds each account's password hash, TOTP
secret, TOTP confirmation and last accepted time step, and a ``portal_tokens`` section
with the record of every activation and reset token (its digest, purpose, expiry and
use; never the token itself), and marks the document with ``"contains_secrets": true``.
The lockout state (failed logins, when the account was locked) is in every export.
:func:`import_data` restores all of it from a marked document, so logins, two-factor
enrolment, lockouts and outstanding tokens keep working.

**TOTP secrets stay encrypted** in such a document: each is the envelope the store held
(see :mod:`commtrak.security.encryption`), written and restored as it is, never opened.
Since an envelope is bound to its account's id, which import keeps, the imported store
opens it with the same keys: open it with a :class:`~commtrak.Keyring` holding the key
that sealed each secret (an envelope names its key id). To move the secrets to another
key, import first, then rotate (``portal.rotate_secret_keys``). Import needs no key.
A secret a version from before encryption at rest stored (and exported) in the clear is
imported as it is and encrypted by the next rotation; until then it cannot be used.

**Such a document must never be shared**: it is as sensitive as the store itself (a
password hash can be attacked offline, and a TOTP secret opened with the store's key
*is* the second factor). Keep it where the store's own files are kept, readable by the
store's owner only, and never send, attach, log or commit it.
:func:`~commtrak.portability.transfer` takes the same option, for moving a store from one
backend to another.

The document is held in memory whole; for a large store write the ZIP archive of
:mod:`commtrak.portability.archive` instead, which streams. Both are read by the same
importer, which checks every record by the services' rules.
"""

from __future__ import annotations

from typing import Any

from commtrak.errors import ValidationError
from commtrak.portability.codec import converter, with_secrets
from commtrak.portability.importer import Importer, refuse_store_with_data
from commtrak.portability.sections import all_sections, sections
from commtrak.session import Session

__all__ = ["FORMAT", "SECRETS", "VERSION", "export_data", "import_data"]

#: The ``format`` field of every export document.
FORMAT = "commtrak-export"
#: The version of the document layout this library writes and reads.
VERSION = 1
#: The top-level field that is ``True`` in a document holding the portal's secrets.
SECRETS = "contains_secrets"

#: The member name errors give for a JSON document.
_MEMBER = "document"


def export_data(session: Session, *, include_secrets: bool = False) -> dict[str, Any]:
    """Return everything the store holds as one plain-data document.

    Large tables are read in pages, so the store is never loaded at once by a query;
    the document itself is in memory (see :func:`~commtrak.portability.export_archive`
    for a stream).

    Args:
        session: The session to read in.
        include_secrets: Also write the portal's credentials and token records, and mark
            the document as holding them (see the module's docstring). Only for a
            backend persisting its own state, or a move between backends: **a document
            with secrets must never be shared**, sent or logged. Off by default, so that
            an export can leave the store without opening any account.
    """
    unstructure = (with_secrets if include_secrets else converter).unstructure
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if include_secrets:
        document[SECRETS] = True
    for section in sections(include_secrets=include_secrets):
        document[section.name] = [unstructure(row) for row in section.read(session.transaction)]
    return document


def import_data(session: Session, document: object) -> dict[str, int]:
    """Write an exported document into an empty store, keeping every id.

    Every record is checked by the rules of the single-record services, and its
    derived values (email keys) are computed again (see
    ``commtrak.portability.checks``). A document exported with ``include_secrets``
    (marked ``"contains_secrets": true``) also gives back the portal's credentials and
    token records; one without the mark imports accounts without credentials (see the
    module's docstring). A section the document lacks is empty.

    Returns:
        How many records of each kind were written (``portal_tokens`` only from a
        document with secrets).

    Raises:
        ValidationError: ``document``/``format`` when it is not a commtrak export of a
            version this library reads; ``document``/``unknown_field`` for a top-level
            field that is no section; :class:`~commtrak.portability.RecordRejected`
            naming the record, its field and the rule for a record that does not fit
            or breaks a rule. Nothing is written (the session rolls back).
        Conflict: ``store``/``store_not_empty`` when the store already holds data.
    """
    secrets = check_header(document, known={s.name for s in all_sections()})
    assert isinstance(document, dict)  # check_header refused anything else
    refuse_store_with_data(session)
    importer = Importer(session, secrets=secrets)
    for section in sections(include_secrets=secrets):
        rows = document.get(section.name, [])
        if not isinstance(rows, list):
            raise ValidationError(
                section.name, "type", f"a section must be a list, not {type(rows).__name__}"
            )
        importer.load(section, rows, member=_MEMBER)
    return importer.finish(member=_MEMBER)


def check_header(document: object, *, known: set[str]) -> bool:
    """Check a document's (or manifest's) format, version and fields; return its mark.

    Returns:
        Whether it is marked as holding the portal's secrets.

    Raises:
        ValidationError: ``document``/``format`` or ``document``/``unknown_field``.
    """
    if not isinstance(document, dict):
        raise ValidationError(
            "document", "format", f"must be a {FORMAT} object, not {type(document).__name__}"
        )
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise ValidationError("document", "format", f"not a {FORMAT} document of version {VERSION}")
    secrets = document.get(SECRETS, False)
    if not isinstance(secrets, bool):
        raise ValidationError("document", "format", f"{SECRETS} must be true or false")
    unknown = sorted(set(document) - known - {"format", "version", SECRETS})
    if unknown:
        raise ValidationError(
            "document", "unknown_field", f"unknown field(s): {', '.join(map(str, unknown))}"
        )
    return secrets
