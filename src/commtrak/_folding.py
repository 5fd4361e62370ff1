"""The folded comparison key of text, below every other layer of commtrak.

It lives here, and not in the model, because the security primitives (the password
policy compares passwords with folded words) sit below the model and need it too.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Return the case- and width-insensitive key of *text*.

    The key is the NFKC normal form, case-folded. It is what group search matches
    against and the first part of every name-ordered listing, so that the order and
    the matches are the same on every backend: a database is never asked to compare
    with its own collation.
    """
    return unicodedata.normalize("NFKC", text).casefold()
