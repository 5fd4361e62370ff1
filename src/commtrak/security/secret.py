"""A wrapper that keeps a secret out of every repr, str and log line.

Passwords, tokens, TOTP secrets and provisioning URIs pass through records, tracebacks
and debug logs. Holding them in :class:`Secret` means that printing, logging or
formatting the holder shows ``Secret('***')``; the value comes out only through an
explicit :meth:`Secret.reveal`, which is easy to find in a review.
"""

from __future__ import annotations

import hmac
from typing import Final, NoReturn

__all__ = ["Secret"]

_MASK: Final = "Secret('***')"


class Secret:
    """A secret text whose representation never shows it.

    Two secrets are equal when their texts are, compared in constant time so that
    comparing a guess against a stored secret does not tell how much of it was right.
    A secret is not hashable (it must not become a dictionary key that ends up in a
    repr) and cannot be pickled (a pickle would carry it out in the clear).
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            # The message names the type only: the value itself may be the secret.
            raise TypeError(f"a Secret holds text, not {type(value).__name__}")
        self._value = value

    def reveal(self) -> str:
        """Return the secret text; call it only where the text must be used."""
        return self._value

    def __repr__(self) -> str:
        return _MASK

    __str__ = __repr__

    def __format__(self, format_spec: str) -> str:
        return _MASK

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(_bytes(self._value), _bytes(other._value))

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled")


def _bytes(text: str) -> bytes:
    # surrogatepass: any str a Secret can hold encodes, so comparing never raises.
    return text.encode("utf-8", "surrogatepass")
