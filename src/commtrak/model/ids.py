"""Entity ids.

Ids are UUIDs made by the library, never by a database, so that a record keeps its id
when it moves from one backend to another (export, import, transfer). They are version 7
UUIDs (RFC 9562), which start with the time they were made: see :func:`new_id`.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

__all__ = ["new_id"]

#: The bits of a version 7 UUID after its 48-bit timestamp that are neither the version
#: nor the variant: 12 (``rand_a``) + 62 (``rand_b``).
_RANDOM_BITS = 74
_RAND_B_BITS = 62


class _Monotonic:
    """The last id's timestamp and random part, so that the next one can be greater."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.millisecond = 0
        self.random = 0

    def next(self) -> tuple[int, int]:
        """Return the timestamp and random part of a new id, greater than the last one's.

        A new millisecond takes fresh random bits; within the same millisecond (or when
        the system clock went back) the last id's random part is incremented, and when
        it would overflow, the timestamp moves one millisecond on.
        """
        now = time.time_ns() // 1_000_000
        with self.lock:
            if now > self.millisecond:
                self.millisecond, self.random = now, _fresh_random()
            elif self.random + 1 < 1 << _RANDOM_BITS:
                self.random += 1
            else:
                self.millisecond, self.random = self.millisecond + 1, _fresh_random()
            return self.millisecond, self.random


def _fresh_random() -> int:
    return int.from_bytes(os.urandom(10)) >> (80 - _RANDOM_BITS)


_STATE = _Monotonic()


def _forget_in_child() -> None:
    # A forked process must not continue its parent's sequence: both would then make
    # the same next id within the same millisecond. It starts over with fresh bits.
    global _STATE
    _STATE = _Monotonic()


os.register_at_fork(after_in_child=_forget_in_child)


def new_id() -> uuid.UUID:
    """Return a fresh UUID, version 7 (RFC 9562), greater than every id made before it.

    A version 7 UUID is a 48-bit Unix timestamp in milliseconds followed by 74 random
    bits (and the version and variant bits). Version 7 rather than random version 4
    ids, for two reasons:

    * **creation order breaks ties.** Listings ordered by a timestamp and then by id (a
      customer's journal) list records written at the same instant (a coarse or pinned
      clock) in the order they were written, on every backend, because every backend
      orders ids like their text and that is the order in which they were made;
    * **index locality.** New ids sort after the old ones, so a database inserts them
      at the end of its primary-key indexes instead of all over them.

    Ids are monotonic within the process: when the clock has not moved on since the
    last id (or went back), the random part of the last id is incremented, under a lock,
    so that ids made by several threads are unique too. Python 3.11 has no
    ``uuid.uuid7``, hence this function.
    """
    millisecond, random = _STATE.next()
    value = (
        millisecond << 80
        | 0x7 << 76  # version 7
        | (random >> _RAND_B_BITS) << 64  # rand_a: the top 12 random bits
        | 0b10 << 62  # the RFC 9562 variant
        | random & ((1 << _RAND_B_BITS) - 1)  # rand_b
    )
    return uuid.UUID(int=value)
