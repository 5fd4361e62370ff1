"""Text rules shared by the entities: trimming, required values, the folded search key.

:func:`fold` itself is defined in :mod:`commtrak._folding`, below the model, and
re-exported here.
"""

from __future__ import annotations

import unicodedata

from commtrak._folding import fold
from commtrak.errors import ValidationError

__all__ = ["MAX_NOTE", "MAX_TEXT", "clean_text", "fold", "required_text"]

#: The longest name, title or address line commtrak stores. SQL backends size their
#: columns from it, so a value that passes validation always fits the database.
MAX_TEXT = 255

#: The longest free-text note.
MAX_NOTE = 10_000


def clean_text(field: str, value: object, *, max_length: int = MAX_TEXT) -> str:
    """Return *value* with surrounding white space removed, or raise.

    Raises:
        ValidationError: ``type`` if the value is not a string, ``max_length`` if it is
            longer than *max_length*, ``control_character`` if it holds a control
            character other than a line break in a note.
    """
    if not isinstance(value, str):
        raise ValidationError(field, "type", f"must be text, not {type(value).__name__}")
    text = value.strip()
    if len(text) > max_length:
        raise ValidationError(
            field, "max_length", f"must be at most {max_length} characters, not {len(text)}"
        )
    allowed = "\n\t" if max_length > MAX_TEXT else ""
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in allowed:
            raise ValidationError(
                field, "control_character", f"must not contain the control character {char!r}"
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
