"""Files attached to records: the seed's limits, file names, and what is kept of a file.

Seed 002: "The maximum file size is 32MB" and "File names must be no longer than 75
characters". Both are defaults of :class:`FileLimits`, which an application may change.
"""

from __future__ import annotations

import unicodedata
from typing import Final

import attrs

from commtrak.errors import ValidationError
from commtrak.model._text import clean_text

__all__ = ["DEFAULT_FILE_LIMITS", "MEBIBYTE", "FileLimits", "StoredBlob", "check_file_name"]

MEBIBYTE: Final = 1024 * 1024

#: Characters a file name may not hold: path separators, and those Windows refuses.
_FORBIDDEN: Final = frozenset('/\\:*?"<>|')


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 1:
        raise ValidationError(attribute.name, "positive", "must be a whole number above zero")


@attrs.frozen
class FileLimits:
    """How large a file and how long its name may be.

    Attributes:
        max_bytes: The largest file accepted (32 MiB, the seed's 32 MB).
        max_name: The longest file name accepted, in characters (75).
    """

    max_bytes: int = attrs.field(default=32 * MEBIBYTE, validator=_positive)
    max_name: int = attrs.field(default=75, validator=_positive)


#: The seed's limits: 32 MiB and 75-character names.
DEFAULT_FILE_LIMITS: Final = FileLimits()


def check_file_name(name: object, limits: FileLimits = DEFAULT_FILE_LIMITS) -> str:
    """Return *name* trimmed, or refuse it.

    A file name is one name, not a path: it may not hold a path separator or a
    character Windows refuses in names, a control character, or be ``.`` or ``..``.

    Raises:
        ValidationError: ``name`` with ``type``, ``required``, ``max_length`` (longer
            than ``limits.max_name`` characters), ``control_character`` or
            ``file_name`` (a separator, a reserved character, ``.`` or ``..``).
    """
    text = clean_text("name", name, max_length=limits.max_name)
    if not text:
        raise ValidationError("name", "required", "a file needs a name")
    bad = sorted({char for char in text if char in _FORBIDDEN})
    if bad or text in {".", ".."}:
        shown = "".join(bad) or text
        raise ValidationError("name", "file_name", f"a file name may not be or hold {shown!r}")
    if any(unicodedata.category(char) == "Cc" for char in text):  # tabs in a long limit
        raise ValidationError("name", "control_character", "a file name holds a control character")
    return text


@attrs.frozen
class StoredBlob:
    """What commtrak keeps of a stored file: where it is and what it was.

    Attributes:
        key: The blob store's key for the content.
        name: The file's name, as checked by :func:`check_file_name`.
        size: Its length in bytes.
        sha256: The SHA-256 digest of its content, in hexadecimal.
        content_type: Its media type, sniffed from its first bytes (or guessed from its
            name when the bytes say nothing).
    """

    key: str
    name: str
    size: int
    sha256: str
    content_type: str
