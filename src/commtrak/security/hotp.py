"""HOTP, the HMAC-based one-time password of RFC 4226.

TOTP (:mod:`commtrak.security.totp`) is HOTP with a counter derived from the time. This
module holds the part the two share: the hash algorithms and the computation of one
code from a key and a counter.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import struct
from typing import Final

__all__ = ["MAX_DIGITS", "MIN_DIGITS", "OtpAlgorithm", "hotp_code"]

#: A code has at least six digits (RFC 4226, section 5.3).
MIN_DIGITS: Final = 6
#: The most digits commtrak makes. The truncated value has 31 bits (at most
#: 2,147,483,647), so a ninth or tenth digit would not be uniformly distributed.
MAX_DIGITS: Final = 8


class OtpAlgorithm(enum.StrEnum):
    """The HMAC hash functions RFC 6238 allows; the values are the ``otpauth://`` names."""

    SHA1 = "SHA1"
    SHA256 = "SHA256"
    SHA512 = "SHA512"

    @property
    def digest_size(self) -> int:
        """The output size of the hash in bytes, which is also the recommended key size."""
        return hashlib.new(self.name.lower()).digest_size


def hotp_code(
    key: bytes,
    counter: int,
    *,
    digits: int = MIN_DIGITS,
    algorithm: OtpAlgorithm = OtpAlgorithm.SHA1,
) -> str:
    """Return the HOTP code for *key* and *counter* (RFC 4226, section 5.3).

    Args:
        key: The shared secret, raw bytes.
        counter: The moving factor, an unsigned 64-bit integer.
        digits: The length of the code, from :data:`MIN_DIGITS` to :data:`MAX_DIGITS`.
        algorithm: The HMAC hash function.

    Returns:
        The code as a string of *digits* decimal digits, with leading zeros.

    Raises:
        ValueError: when *counter* or *digits* is out of range. Neither is user input,
            so this is a programming error, not a validation error.
    """
    if not 0 <= counter < 2**64:
        raise ValueError("counter must be an unsigned 64-bit integer")
    if not MIN_DIGITS <= digits <= MAX_DIGITS:
        raise ValueError(f"digits must be from {MIN_DIGITS} to {MAX_DIGITS}")
    mac = hmac.digest(key, struct.pack(">Q", counter), algorithm.name.lower())
    # Dynamic truncation: the low 4 bits of the last byte choose where 4 bytes are read.
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)
