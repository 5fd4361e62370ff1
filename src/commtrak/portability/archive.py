"""The ZIP archive: every record of a store as JSON Lines, one member per section.

Layout (format ``commtrak-archive``, version 1)::

    manifest.json          {"format", "version", "contains_secrets", "members": {
                              "customers.jsonl": {"section": "customers",
                                                  "count": 3, "sha256": "..."}, ...}}
    groups.jsonl           one JSON object per line: a record, as the JSON document
    customers.jsonl        writes it (ids, ISO dates, decimal text)
    ...

Both ways stream: :func:`export_archive` pages through the repositories' ``scan``
methods and writes each member through :meth:`zipfile.ZipFile.open`, so its memory
does not grow with the store; :func:`import_archive` first reads every member once,
checking its SHA-256 and count against the manifest (a corrupted or truncated archive
is refused naming the member, before anything is written), then reads them again
record by record into the :class:`~commtrak.portability.importer.Importer`. The
portal's secrets are in an archive only when asked for (``include_secrets``), exactly
as in the JSON document (see :mod:`commtrak.portability.document`); an archive with
secrets must never be shared.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any

import attrs

from commtrak.errors import ValidationError
from commtrak.portability.codec import converter, with_secrets
from commtrak.portability.importer import Importer, refuse_store_with_data
from commtrak.portability.sections import Section, sections
from commtrak.session import Session

__all__ = [
    "ARCHIVE_FORMAT",
    "ARCHIVE_VERSION",
    "MANIFEST",
    "Manifest",
    "Member",
    "export_archive",
    "import_archive",
]

#: The ``format`` field of an archive's manifest.
ARCHIVE_FORMAT = "commtrak-archive"
#: The version of the archive layout this library writes and reads.
ARCHIVE_VERSION = 1
#: The manifest's member name.
MANIFEST = "manifest.json"

#: How many bytes of lines are gathered before one write to the member.
_CHUNK = 1 << 16

#: What reading a damaged archive raises, besides the errors of the JSON it holds.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, UnicodeDecodeError)

Target = str | os.PathLike[str] | IO[bytes]


@attrs.frozen
class Member:
    """One JSON Lines member as the manifest describes it.

    Attributes:
        section: The section its records belong to.
        count: How many records (lines) it holds.
        sha256: The SHA-256 of its bytes, in hexadecimal.
    """

    section: str
    count: int
    sha256: str


@attrs.frozen
class Manifest:
    """What an archive holds: its format, whether it has secrets, and each member.

    Attributes:
        contains_secrets: The archive holds the portal's credentials (a full backup).
        members: Each member, by name (``customers.jsonl``), in import order.
        format: Always ``commtrak-archive``.
        version: Always 1.
    """

    contains_secrets: bool
    members: dict[str, Member]
    format: str = ARCHIVE_FORMAT
    version: int = ARCHIVE_VERSION

    @property
    def counts(self) -> dict[str, int]:
        """How many records of each section the archive holds."""
        return {m.section: m.count for m in self.members.values()}


def _member_name(section: Section) -> str:
    return f"{section.name}.jsonl"


def export_archive(session: Session, target: Target, *, include_secrets: bool = False) -> Manifest:
    """Write every record of the store to *target* as a ZIP archive, streaming.

    Args:
        session: The session to read in.
        target: A path, or a binary file open for writing (not closed here).
        include_secrets: Also write the portal's credentials and token records (a full
            backup, which must never be shared), as :func:`export_data` does.

    Returns:
        The manifest written into the archive.
    """
    unstructure = (with_secrets if include_secrets else converter).unstructure
    members: dict[str, Member] = {}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for section in sections(include_secrets=include_secrets):
            name = _member_name(section)
            rows = (unstructure(row) for row in section.read(session.transaction))
            with archive.open(name, "w", force_zip64=True) as member:
                count, digest = _write_lines(member, rows)
            members[name] = Member(section.name, count, digest)
        manifest = Manifest(include_secrets, members)
        archive.writestr(MANIFEST, json.dumps(_manifest_data(manifest), indent=2))
    return manifest


def _write_lines(member: IO[bytes], rows: Iterator[Any]) -> tuple[int, str]:
    """Write each row as one line of JSON; return the count and the bytes' SHA-256."""
    digest = hashlib.sha256()
    chunk: list[bytes] = []
    size = count = 0
    for row in rows:
        line = (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        chunk.append(line)
        size += len(line)
        count += 1
        if size >= _CHUNK:
            _flush(member, digest, chunk)
            size = 0
    _flush(member, digest, chunk)
    return count, digest.hexdigest()


def _flush(member: IO[bytes], digest: Any, chunk: list[bytes]) -> None:
    data = b"".join(chunk)
    digest.update(data)
    member.write(data)
    chunk.clear()


def _manifest_data(manifest: Manifest) -> dict[str, Any]:
    return {
        "format": manifest.format,
        "version": manifest.version,
        "contains_secrets": manifest.contains_secrets,
        "members": {name: attrs.asdict(member) for name, member in manifest.members.items()},
    }


def import_archive(session: Session, source: Target) -> dict[str, int]:
    """Write an archive into the session's empty store, checking it first.

    Every member's SHA-256 and count are checked against the manifest before any
    record is written; then every record is checked by the services' rules as
    :func:`import_data` checks a document's. An archive with secrets gives back the
    portal's credentials.

    Args:
        session: The session to write in (empty store).
        source: A path, or a binary file open for reading.

    Returns:
        How many records of each kind were written.

    Raises:
        ValidationError: ``archive``/``format`` for a file that is no commtrak archive
            (or a manifest that does not describe one); ``{member}``/``missing_member``,
            ``{member}``/``checksum`` or ``{member}``/``count`` for a member that is
            missing, damaged or truncated; :class:`~commtrak.portability.RecordRejected`
            for a record that breaks a rule. Nothing is written.
        Conflict: ``store``/``store_not_empty``.
    """
    try:
        archive = zipfile.ZipFile(source)
    except _DAMAGE as error:
        raise ValidationError("archive", "format", f"not a ZIP archive: {error}") from None
    with archive:
        manifest = read_manifest(archive)
        for name, member in manifest.members.items():
            _verify(archive, name, member)
        refuse_store_with_data(session)
        importer = Importer(session, secrets=manifest.contains_secrets)
        by_name = {s.name: s for s in sections(include_secrets=manifest.contains_secrets)}
        for name, member in manifest.members.items():
            importer.load(by_name[member.section], _rows(archive, name), member=name)
        return importer.finish(member=MANIFEST)


def read_manifest(archive: zipfile.ZipFile) -> Manifest:
    """Read and check an open archive's manifest.

    Raises:
        ValidationError: ``archive``/``format`` when it is missing or malformed, names
            a section this library does not know, or lacks one it writes.
    """
    try:
        data = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise ValidationError(
            "archive", "format", f"no {MANIFEST}: not a commtrak archive"
        ) from None
    except (*_DAMAGE, ValueError) as error:
        raise ValidationError("archive", "format", f"{MANIFEST} is unreadable: {error}") from None
    if (
        not isinstance(data, dict)
        or data.get("format") != ARCHIVE_FORMAT
        or data.get("version") != ARCHIVE_VERSION
        or not isinstance(data.get("contains_secrets"), bool)
        or not isinstance(data.get("members"), dict)
    ):
        raise ValidationError(
            "archive", "format", f"not a {ARCHIVE_FORMAT} of version {ARCHIVE_VERSION}"
        )
    expected = {_member_name(s): s.name for s in sections(include_secrets=data["contains_secrets"])}
    members: dict[str, Member] = {}
    for name, section in expected.items():
        entry = data["members"].get(name)
        try:
            member = Member(**entry)
            valid = member.section == section and type(member.count) is int
        except TypeError:
            valid = False
        if not valid:
            raise ValidationError(
                "archive", "format", f"{MANIFEST} does not describe the member {name}"
            )
        members[name] = member
    unknown = sorted(set(data["members"]) - set(expected))
    if unknown:
        raise ValidationError("archive", "format", f"unknown member(s): {', '.join(unknown)}")
    return Manifest(data["contains_secrets"], members)


def _verify(archive: zipfile.ZipFile, name: str, member: Member) -> None:
    """Check a member's bytes and line count against the manifest."""
    digest = hashlib.sha256()
    count = 0
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                count += chunk.count(b"\n")
    except KeyError:
        raise ValidationError(name, "missing_member", "the archive lacks this member") from None
    except _DAMAGE as error:
        raise ValidationError(name, "checksum", f"the member is damaged: {error}") from None
    if digest.hexdigest() != member.sha256:
        raise ValidationError(
            name, "checksum", "the member's SHA-256 differs from the manifest's: damaged"
        )
    if count != member.count:
        raise ValidationError(
            name, "count", f"the manifest says {member.count} records, the member has {count}"
        )


def _rows(archive: zipfile.ZipFile, name: str) -> Iterator[object]:
    """Yield each line of a (verified) member as plain data."""
    with archive.open(name) as stream:
        for number, line in enumerate(stream):
            try:
                yield json.loads(line)
            except (ValueError, RecursionError) as error:
                raise ValidationError(
                    name, "format", f"line {number + 1} is not JSON: {error}"
                ) from None
