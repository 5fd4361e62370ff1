from __future__ import annotations

import base64
import datetime
import urllib.parse

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from commtrak.errors import ValidationError
from commtrak.security import (
    OtpAlgorithm,
    Secret,
    TotpConfig,
    hotp_code,
    new_totp_secret,
    provisioning_uri,
    time_step,
    totp_code,
    totp_key,
    verify_totp,
)

UTC = datetime.UTC

# The seeds of RFC 6238's reference code: a key as long as the hash's output.
RFC6238_SEEDS = {
    OtpAlgorithm.SHA1: b"12345678901234567890",
    OtpAlgorithm.SHA256: b"12345678901234567890123456789012",
    OtpAlgorithm.SHA512: b"1234567890123456789012345678901234567890123456789012345678901234",
}

# RFC 6238, Appendix B: Unix time, T (hex), TOTP, mode. Eight digits, 30-second step.
RFC6238_VECTORS = [
    (59, 0x1, "94287082", OtpAlgorithm.SHA1),
    (59, 0x1, "46119246", OtpAlgorithm.SHA256),
    (59, 0x1, "90693936", OtpAlgorithm.SHA512),
    (1111111109, 0x23523EC, "07081804", OtpAlgorithm.SHA1),
    (1111111109, 0x23523EC, "68084774", OtpAlgorithm.SHA256),
    (1111111109, 0x23523EC, "25091201", OtpAlgorithm.SHA512),
    (1111111111, 0x23523ED, "14050471", OtpAlgorithm.SHA1),
    (1111111111, 0x23523ED, "67062674", OtpAlgorithm.SHA256),
    (1111111111, 0x23523ED, "99943326", OtpAlgorithm.SHA512),
    (1234567890, 0x273EF07, "89005924", OtpAlgorithm.SHA1),
    (1234567890, 0x273EF07, "91819424", OtpAlgorithm.SHA256),
    (1234567890, 0x273EF07, "93441116", OtpAlgorithm.SHA512),
    (2000000000, 0x3F940AA, "69279037", OtpAlgorithm.SHA1),
    (2000000000, 0x3F940AA, "90698825", OtpAlgorithm.SHA256),
    (2000000000, 0x3F940AA, "38618901", OtpAlgorithm.SHA512),
    (20000000000, 0x27BC86AA, "65353130", OtpAlgorithm.SHA1),
    (20000000000, 0x27BC86AA, "77737706", OtpAlgorithm.SHA256),
    (20000000000, 0x27BC86AA, "47863826", OtpAlgorithm.SHA512),
]

SECRET = Secret("JBSWY3DPEHPK3PXP")
AT = datetime.datetime(2026, 11, 23, 19, 0, 15, tzinfo=UTC)
STEP = time_step(AT)


def b32(key: bytes) -> Secret:
    return Secret(base64.b32encode(key).decode("ascii"))


def at_step(step: int, period: int = 30, offset: int = 0) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(step * period + offset, UTC)


def code_at(step: int, secret: Secret = SECRET, config: TotpConfig | None = None) -> str:
    return totp_code(secret, at_step(step, (config or TotpConfig()).period), config)


@pytest.mark.parametrize(("unix", "step", "totp", "algorithm"), RFC6238_VECTORS)
def test_rfc6238_appendix_b(unix: int, step: int, totp: str, algorithm: OtpAlgorithm) -> None:
    at = datetime.datetime.fromtimestamp(unix, UTC)
    config = TotpConfig(algorithm=algorithm, digits=8)
    secret = b32(RFC6238_SEEDS[algorithm])
    assert time_step(at) == step
    assert totp_code(secret, at, config) == totp
    assert verify_totp(secret, totp, at, None, config) == step


def test_the_defaults_are_sha1_six_digits_and_30_seconds() -> None:
    assert TotpConfig() == TotpConfig(algorithm=OtpAlgorithm.SHA1, digits=6, period=30)
    # The last six digits of the SHA-1 vector at T=1.
    secret = b32(RFC6238_SEEDS[OtpAlgorithm.SHA1])
    assert totp_code(secret, datetime.datetime.fromtimestamp(59, UTC)) == "287082"


def test_the_step_is_counted_from_the_epoch_whatever_the_time_zone() -> None:
    tz = datetime.timezone(datetime.timedelta(hours=8))
    assert time_step(AT.astimezone(tz)) == STEP
    assert time_step(at_step(STEP, offset=29)) == STEP
    assert time_step(at_step(STEP + 1)) == STEP + 1
    assert time_step(at_step(10, period=60), period=60) == 10


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        time_step(datetime.datetime(2026, 1, 1))
    assert (caught.value.field, caught.value.rule) == ("at", "timezone")


def test_the_previous_current_and_next_step_are_accepted() -> None:
    for step in (STEP - 1, STEP, STEP + 1):
        assert verify_totp(SECRET, code_at(step), AT, None) == step


def test_a_code_two_steps_old_or_two_steps_ahead_is_refused() -> None:
    assert verify_totp(SECRET, code_at(STEP - 2), AT, None) is None
    assert verify_totp(SECRET, code_at(STEP + 2), AT, None) is None


def test_a_replayed_code_is_refused() -> None:
    code = code_at(STEP)
    last = verify_totp(SECRET, code, AT, None)
    assert last == STEP
    assert verify_totp(SECRET, code, AT, last) is None
    assert verify_totp(SECRET, code, AT + datetime.timedelta(seconds=30), last) is None


def test_a_code_older_than_the_last_used_step_is_refused_even_inside_the_window() -> None:
    assert verify_totp(SECRET, code_at(STEP - 1), AT, STEP - 1) is None
    assert verify_totp(SECRET, code_at(STEP - 1), AT, STEP) is None
    assert verify_totp(SECRET, code_at(STEP), AT, STEP - 1) == STEP
    assert verify_totp(SECRET, code_at(STEP + 1), AT, STEP) == STEP + 1


@pytest.mark.parametrize(
    ("entered", "accepted"),
    [
        ("{code}", True),
        (" {code} ", True),
        ("{a} {b}", True),
        ("{code}0", False),
        ("{a}", False),
        ("", False),
        ("abcdef", False),
        ("{fullwidth}", False),
        ("-{a}{b}", False),
    ],
)
def test_the_code_must_be_exactly_the_right_number_of_ascii_digits(
    entered: str, accepted: bool
) -> None:
    code = code_at(STEP)
    fullwidth = "".join(chr(ord(c) - ord("0") + 0xFF10) for c in code)
    text = entered.format(code=code, a=code[:3], b=code[3:], fullwidth=fullwidth)
    assert (verify_totp(SECRET, text, AT, None) == STEP) is accepted


def test_a_code_that_is_not_text_is_refused_not_raised() -> None:
    bad: object = 123456
    assert verify_totp(SECRET, bad, AT, None) is None  # type: ignore[arg-type]


def test_codes_of_another_configuration_do_not_verify() -> None:
    sha256 = TotpConfig(algorithm=OtpAlgorithm.SHA256)
    assert code_at(STEP, config=sha256) not in {code_at(s) for s in (STEP - 1, STEP, STEP + 1)}
    assert verify_totp(SECRET, code_at(STEP, config=sha256), AT, None) is None
    assert verify_totp(SECRET, code_at(STEP, config=sha256), AT, None, sha256) == STEP


keys = st.binary(min_size=10, max_size=64)
# From where the window of any drawn offset is after the epoch, to where the
# datetime of any drawn period is still before the year 10000.
steps = st.integers(min_value=4, max_value=4_000_000_000)
configs = st.builds(
    TotpConfig,
    algorithm=st.sampled_from(OtpAlgorithm),
    digits=st.integers(6, 8),
    period=st.sampled_from([15, 30, 60]),
)


@given(key=keys, step=steps, offset=st.integers(-3, 3), config=configs, second=st.data())
def test_exactly_the_window_is_accepted(
    key: bytes, step: int, offset: int, config: TotpConfig, second: st.DataObject
) -> None:
    secret = b32(key)
    at = at_step(step, config.period, second.draw(st.integers(0, config.period - 1)))
    code = hotp_code(key, step + offset, digits=config.digits, algorithm=config.algorithm)
    window = {
        s: hotp_code(key, s, digits=config.digits, algorithm=config.algorithm)
        for s in range(step - 1, step + 2)
    }
    # A code may by chance equal a code of another step; such draws say nothing.
    assume([s for s, c in window.items() if c == code] in ([], [step + offset]))
    expected = step + offset if abs(offset) <= 1 else None
    assert verify_totp(secret, code, at, None, config) == expected


@given(key=keys, step=steps, offset=st.integers(-1, 1), later=st.integers(0, 3))
def test_a_code_that_verified_never_verifies_again(
    key: bytes, step: int, offset: int, later: int
) -> None:
    secret = b32(key)
    code = hotp_code(key, step + offset)
    # A code may by chance equal the code of a later step, which is then a new code.
    assume(code not in {hotp_code(key, s) for s in range(step + offset + 1, step + later + 2)})
    matched = verify_totp(secret, code, at_step(step), None)
    assert matched is not None
    assert matched >= step + offset
    assert verify_totp(secret, code, at_step(step + later), matched) is None


@pytest.mark.parametrize(
    ("algorithm", "size"),
    [(OtpAlgorithm.SHA1, 20), (OtpAlgorithm.SHA256, 32), (OtpAlgorithm.SHA512, 64)],
)
def test_a_new_secret_is_base32_as_long_as_the_hash(algorithm: OtpAlgorithm, size: int) -> None:
    secret = new_totp_secret(algorithm)
    assert isinstance(secret, Secret)
    assert "=" not in secret.reveal()
    assert len(totp_key(secret)) == size
    assert repr(secret) == "Secret('***')"
    assert new_totp_secret(algorithm) != secret


@pytest.mark.parametrize(
    "written",
    ["JBSWY3DPEHPK3PXP", "jbswy3dpehpk3pxp", "JBSW Y3DP EHPK 3PXP", "JBSW-Y3DP-EHPK-3PXP"],
)
def test_secrets_are_read_as_people_copy_them(written: str) -> None:
    assert totp_key(Secret(written)) == b"Hello!\xde\xad\xbe\xef"


def test_padding_may_be_given_or_left_out() -> None:
    assert totp_key(Secret("MFRGG===")) == totp_key(Secret("MFRGG")) == b"abc"


@pytest.mark.parametrize("written", ["", "not base32!", "JBSWY3DPEHPK3PX1", "===="])
def test_a_secret_that_is_not_base32_is_refused_without_quoting_it(written: str) -> None:
    with pytest.raises(ValidationError) as caught:
        totp_key(Secret(written))
    assert (caught.value.field, caught.value.rule) == ("secret", "base32")
    if written:
        assert written not in str(caught.value)


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [("digits", {"digits": 5}), ("digits", {"digits": 9}), ("period", {"period": 0})],
)
def test_a_config_out_of_range_is_refused(field: str, kwargs: dict[str, int]) -> None:
    with pytest.raises(ValidationError) as caught:
        TotpConfig(**kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_the_algorithm_may_be_given_by_name() -> None:
    assert TotpConfig(algorithm="SHA512").algorithm is OtpAlgorithm.SHA512  # type: ignore[arg-type]


def parse(uri: Secret) -> tuple[str, str, str, dict[str, list[str]]]:
    parts = urllib.parse.urlsplit(uri.reveal())
    issuer, _, account = urllib.parse.unquote(parts.path.removeprefix("/")).partition(":")
    assert parts.scheme == "otpauth"
    assert parts.netloc == "totp"
    return issuer, account, parts.path, urllib.parse.parse_qs(parts.query, strict_parsing=True)


def test_the_provisioning_uri_is_the_key_uri_format() -> None:
    uri = provisioning_uri(SECRET, account="fran@realpeach.example", issuer="Real Peach CRM")
    assert uri.reveal() == (
        "otpauth://totp/Real%20Peach%20CRM:fran%40realpeach.example"
        "?secret=JBSWY3DPEHPK3PXP&issuer=Real%20Peach%20CRM&algorithm=SHA1&digits=6&period=30"
    )
    assert repr(uri) == "Secret('***')"


label_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters=":"), min_size=1
).filter(str.strip)


@given(key=keys, account=label_text, issuer=label_text, config=configs)
def test_the_provisioning_uri_parses_back(
    key: bytes, account: str, issuer: str, config: TotpConfig
) -> None:
    uri = provisioning_uri(b32(key), account=account, issuer=issuer, config=config)
    parsed_issuer, parsed_account, path, query = parse(uri)
    assert (parsed_issuer, parsed_account) == (issuer, account)
    assert "+" not in path
    assert query == {
        "secret": [base64.b32encode(key).decode().rstrip("=")],
        "issuer": [issuer],
        "algorithm": [config.algorithm.value],
        "digits": [str(config.digits)],
        "period": [str(config.period)],
    }
    assert totp_key(Secret(query["secret"][0])) == key


@pytest.mark.parametrize(
    ("field", "rule", "account", "issuer"),
    [
        ("account", "colon", "fran:james", "Real Peach"),
        ("issuer", "colon", "fran", "Real:Peach"),
        ("account", "required", "  ", "Real Peach"),
        ("issuer", "required", "fran", ""),
    ],
)
def test_a_label_part_with_a_colon_or_blank_is_refused(
    field: str, rule: str, account: str, issuer: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        provisioning_uri(SECRET, account=account, issuer=issuer)
    assert (caught.value.field, caught.value.rule) == (field, rule)
    assert SECRET.reveal() not in str(caught.value)
