"""A file's media type, from its first bytes (its *magic number*), else from its name.

The bytes decide, not the name a user gave: a ``report.pdf`` that starts like a Windows
executable is not a PDF. The table covers what field-service records carry (photos,
documents, spreadsheets, archives); anything else is ``application/octet-stream``,
unless it is text.
"""

from __future__ import annotations

import mimetypes
from typing import Final

__all__ = ["SNIFF_BYTES", "sniff_content_type"]

#: How many leading bytes :func:`sniff_content_type` looks at.
SNIFF_BYTES: Final = 512

_MAGIC: Final = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"BM", "image/bmp"),
    (b"\x1f\x8b", "application/gzip"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"MZ", "application/vnd.microsoft.portable-executable"),
    (b"\x7fELF", "application/x-executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
)

#: Office and other formats that are ZIP archives inside: the name tells which.
_ZIP_FAMILY: Final = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/zip",
    }
)

#: Media types that are text though not ``text/*``: kept when the name says so.
_TEXT_TYPES: Final = frozenset({"application/json", "application/xml", "image/svg+xml"})

_OLE_FAMILY: Final = frozenset(
    {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True


def sniff_content_type(head: bytes, name: str) -> str:
    """Return the media type of a file that starts with *head* and is called *name*.

    Args:
        head: The file's first bytes (up to :data:`SNIFF_BYTES`).
        name: The file's name, used to tell apart formats that share a magic number
            (a ``.docx`` and a ``.xlsx`` are both ZIP archives) and to name text.
    """
    guessed = mimetypes.guess_type(name, strict=False)[0]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return guessed if guessed in _ZIP_FAMILY else "application/zip"
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            if media_type == "application/x-ole-storage":
                return guessed if guessed in _OLE_FAMILY else media_type
            return media_type
    if head and _is_text(head):
        if (guessed is not None and guessed.startswith("text/")) or guessed in {
            "application/json",
            "application/xml",
            "image/svg+xml",
        }:
            return guessed
        return "text/plain"
    return "application/octet-stream"
