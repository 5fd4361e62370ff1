"""Text rules shared by the entities: trimming, required values, the folded search key.

:func:`fold` itself is defined in :mod:`commtrak._folding`, below the model, and
re-exported here.
"""

from __future__ import annotations

import re

from commtrak._folding import fold
from commtrak.errors import ValidationError

__all__ = [
    "BIDI_CONTROLS",
    "INVISIBLE_CHARACTERS",
    "MAX_KEY",
    "MAX_NOTE",
    "MAX_TEXT",
    "clean_text",
    "fold",
    "required_text",
]

#: The longest name, title or address line commtrak stores. SQL backends size their
#: columns from it, so a value that passes validation always fits the database.
MAX_TEXT = 255

#: The longest free-text note.
MAX_NOTE = 10_000


#: The longest folded key (:func:`fold`) of a text of :data:`MAX_TEXT` characters: SQL
#: backends size their key columns from it. Folding expands some characters (``ß`` is
#: ``ss``, the ligature U+FDFA eighteen letters), so a text may fit :data:`MAX_TEXT` and
#: its key not; :func:`clean_text` refuses it, on every backend alike.
MAX_KEY = 750

#: Bidirectional embeddings, overrides and isolates: they reorder how the text around
#: them is shown (``"invoice\u202efdp.exe"`` reads as ``invoiceexe.pdf``). The marks
#: LRM, RLM and ALM (U+200E, U+200F, U+061C) only hint a direction and are allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: Zero-width characters that hide or split text without showing: the zero-width space,
#: the word joiner and the zero-width no-break space (byte order mark). The zero-width
#: joiner and non-joiner (U+200D, U+200C) are *allowed*: Persian, the Indic scripts and
#: emoji sequences need them.
INVISIBLE_CHARACTERS = frozenset("\u200b\u2060\ufeff")

_REFUSED = "".join(sorted(BIDI_CONTROLS | INVISIBLE_CHARACTERS))
#: Any character a text may not hold: C0 and C1 controls and DEL, lone surrogates, the
#: above. A note (longer than :data:`MAX_TEXT`) may hold line breaks and tabs.
_REFUSED_IN_TEXT = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_REFUSED}]")
_REFUSED_IN_NOTE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_REFUSED}]")


def _refuse_character(field: str, char: str) -> ValidationError:
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return ValidationError(field, "surrogate", f"must not contain the lone surrogate {code}")
    if char in BIDI_CONTROLS:
        return ValidationError(
            field, "bidi_control", f"must not contain the bidirectional control {code}"
        )
    if char in INVISIBLE_CHARACTERS:
        return ValidationError(
            field, "invisible_character", f"must not contain the zero-width character {code}"
        )
    return ValidationError(
        field, "control_character", f"must not contain the control character {char!r}"
    )


def clean_text(field: str, value: object, *, max_length: int = MAX_TEXT) -> str:
    """Return *value* with surrounding white space removed, or raise.

    Lengths are counted in characters (code points), as PostgreSQL and MariaDB
    (``utf8mb4``) count a ``VARCHAR``; SQLite does not enforce a length, so this is
    where it is enforced for every backend.

    Raises:
        ValidationError: ``type`` if the value is not a string, ``max_length`` if it is
            longer than *max_length* (or, for a short text, its folded key longer than
            :data:`MAX_KEY`), ``surrogate`` for a lone surrogate, ``control_character``
            for a control character (C0, C1, DEL; a note may hold line breaks and
            tabs), ``bidi_control`` for one of :data:`BIDI_CONTROLS`,
            ``invisible_character`` for one of :data:`INVISIBLE_CHARACTERS`.
    """
    if not isinstance(value, str):
        raise ValidationError(field, "type", f"must be text, not {type(value).__name__}")
    text = value.strip()
    if len(text) > max_length:
        raise ValidationError(
            field, "max_length", f"must be at most {max_length} characters, not {len(text)}"
        )
    refused = (_REFUSED_IN_NOTE if max_length > MAX_TEXT else _REFUSED_IN_TEXT).search(text)
    if refused is not None:
        raise _refuse_character(field, refused.group())
    if max_length <= MAX_TEXT and not text.isascii() and len(fold(text)) > MAX_KEY:
        raise ValidationError(
            field,
            "max_length",
            f"folded for comparison (case and width) it would be {len(fold(text))} "
            f"characters, more than {MAX_KEY}",
        )
    return text


def required_text(field: str, value: object, *, max_length: int = MAX_TEXT) -> str:
    """Like :func:`clean_text`, and the result must not be blank.

    Raises:
        ValidationError: ``required`` if the value is blank, or any rule of
            :func:`clean_text`.
    """
    text = clean_text(field, value, max_length=max_length)
    if not text:
        raise ValidationError(field, "required", "is required and must not be blank")
    return text
