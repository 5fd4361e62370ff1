from __future__ import annotations

import pytest

from commtrak.security import OtpAlgorithm, hotp_code

RFC4226_SECRET = b"12345678901234567890"

# RFC 4226, Appendix D: count, "Decimal" (the 31-bit truncated value), HOTP.
RFC4226_VECTORS = [
    (0, 1284755224, "755224"),
    (1, 1094287082, "287082"),
    (2, 137359152, "359152"),
    (3, 1726969429, "969429"),
    (4, 1640338314, "338314"),
    (5, 868254676, "254676"),
    (6, 1918287922, "287922"),
    (7, 82162583, "162583"),
    (8, 673399871, "399871"),
    (9, 645520489, "520489"),
]


@pytest.mark.parametrize(("count", "truncated", "hotp"), RFC4226_VECTORS)
def test_rfc4226_appendix_d(count: int, truncated: int, hotp: str) -> None:
    assert hotp_code(RFC4226_SECRET, count) == hotp
    # Eight digits check more of the truncated value than the six of the table.
    assert hotp_code(RFC4226_SECRET, count, digits=8) == f"{truncated % 10**8:08d}"


def test_leading_zeros_are_kept() -> None:
    # Count 7 truncates to 82162583: eight digits with a leading zero.
    assert hotp_code(RFC4226_SECRET, 7, digits=8) == "82162583"
    assert hotp_code(RFC4226_SECRET, 2, digits=8) == "37359152"
    assert len(hotp_code(b"k", 123, digits=8)) == 8


@pytest.mark.parametrize("counter", [-1, 2**64])
def test_the_counter_is_an_unsigned_64_bit_integer(counter: int) -> None:
    with pytest.raises(ValueError, match="64-bit"):
        hotp_code(RFC4226_SECRET, counter)
    hotp_code(RFC4226_SECRET, 2**64 - 1)


@pytest.mark.parametrize("digits", [5, 9])
def test_digits_are_six_to_eight(digits: int) -> None:
    with pytest.raises(ValueError, match="digits"):
        hotp_code(RFC4226_SECRET, 0, digits=digits)


def test_digest_sizes_are_the_recommended_key_sizes() -> None:
    sizes = {algorithm: algorithm.digest_size for algorithm in OtpAlgorithm}
    assert sizes == {OtpAlgorithm.SHA1: 20, OtpAlgorithm.SHA256: 32, OtpAlgorithm.SHA512: 64}
