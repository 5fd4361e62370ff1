"""Communication preferences: how a contact or customer agrees to be reached (seed 004)."""

from __future__ import annotations

import enum

__all__ = ["Channel"]


class Channel(enum.StrEnum):
    """A way of reaching someone."""

    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"
    PHONE = "phone"
