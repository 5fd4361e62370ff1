"""The communication-preference test of the ``eligible`` queries, in SQL.

Customers and work addresses keep their preferences as a JSON list of channel names.
:func:`accepts_channel` is :func:`commtrak.model.communication.accepts` as a ``WHERE``
condition: the list names the channel, or, for any channel, names one at all.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Text, cast

from commtrak.model.communication import Channel

__all__ = ["accepts_channel"]


def accepts_channel(column: Any, channel: Channel | None) -> ColumnElement[bool]:
    """Return the condition that the JSON list in *column* accepts *channel*.

    The list holds each channel as a quoted string, whatever the database's spacing,
    and channel names hold no quote, ``%`` or ``_``; an empty list (or ``NULL``, a
    customer stored before preferences existed) has no quote at all.
    """
    text = cast(column, Text)
    return text.like('%"%' if channel is None else f'%"{channel.value}"%')
