"""Email form and domain checks, and the email key, with a fake resolver and no network."""

from __future__ import annotations

import errno
import socket
import string
from collections.abc import Callable, Iterator
from typing import Any

import dns.rdata
import dns.resolver
import email_validator
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from commtrak.errors import ValidationError
from commtrak.model import _email_dns
from commtrak.model.emails import (
    CheckedEmail,
    EmailChecker,
    EmailPolicy,
    EmailStatus,
    _key,
    _plain_form,
    check_email,
    email_key,
    normalize_email,
)
from commtrak.testing.dns import FakeResolver
from commtrak.testing.strategies import emails

# --- no network -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail any test that opens a socket or reaches for a real resolver.

    dnspython and email-validator both swallow network errors (they become "no
    nameserver answered"), so refusing is not enough: every attempt is recorded and the
    test fails at teardown if there was one.
    """
    attempts: list[str] = []

    def refuse(what: str) -> Callable[..., Any]:
        def refused(*args: object, **kwargs: object) -> Any:
            attempts.append(what)
            raise OSError(errno.ENETUNREACH, f"tests must not use the network ({what})")

        return refused

    monkeypatch.setattr(socket.socket, "__init__", refuse("socket"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    monkeypatch.setattr(dns.resolver, "get_default_resolver", refuse("dnspython default"))
    monkeypatch.setattr(_email_dns._SHARED_DEFAULT, "get", refuse("commtrak default"))
    yield attempts
    assert attempts == [], f"a test tried to use the network: {attempts}"


def test_the_guard_notices_the_default_resolver_and_sockets(no_network: list[str]) -> None:
    # Without a resolver of its own, a checker reaches for the shared default. The guard
    # refuses it, the refusal reads as an unreachable network and the address is merely
    # unverified: only the record shows that the network was asked for.
    assert EmailChecker().check("me@mx.example").status is EmailStatus.UNVERIFIED
    with pytest.raises(OSError, match="network"):
        socket.socket()
    assert no_network == ["commtrak default", "socket"]
    no_network.clear()


# --- a fake resolver (commtrak.testing.dns) ----------------------------------------------


@pytest.fixture
def resolver() -> FakeResolver:
    return FakeResolver()


# --- each resolver outcome under each policy --------------------------------------------

V, U, N = EmailStatus.VERIFIED, EmailStatus.UNVERIFIED, EmailStatus.NOT_CHECKED
DOMAIN, UNVERIFIED = "email_domain", "email_domain_unverified"

#: domain -> (strict, lenient, offline): the status, or the rule of the ValidationError.
OUTCOMES: dict[str, tuple[EmailStatus | str, EmailStatus | str, EmailStatus | str]] = {
    "mx.example": (V, V, N),
    "bücher.example": (V, V, N),
    "a-only.example": (V, V, N),
    "aaaa-only.example": (V, V, N),
    "null-mx.example": (DOMAIN, DOMAIN, N),
    "does-not-exist.example": (DOMAIN, DOMAIN, N),
    "private-a.example": (DOMAIN, DOMAIN, N),
    "spf-reject.example": (DOMAIN, DOMAIN, N),
    "no-mail.example": (DOMAIN, DOMAIN, N),
    "slow.example": (UNVERIFIED, U, N),
    "lame.example": (UNVERIFIED, U, N),
    "unreachable.example": (UNVERIFIED, U, N),
    "unconfigured.example": (UNVERIFIED, U, N),
}
POLICIES = (EmailPolicy.STRICT, EmailPolicy.LENIENT, EmailPolicy.OFFLINE)
CASES = [
    pytest.param(domain, policy, expected[i], id=f"{domain}-{policy.value}")
    for domain, expected in OUTCOMES.items()
    for i, policy in enumerate(POLICIES)
]


@pytest.mark.parametrize(("domain", "policy", "expected"), CASES)
def test_each_resolver_outcome_under_each_policy(
    resolver: FakeResolver, domain: str, policy: EmailPolicy, expected: EmailStatus | str
) -> None:
    checker = EmailChecker(policy, resolver)
    address = f"Fran.James+crm@{domain}"
    if isinstance(expected, EmailStatus):
        checked = checker.check(address)
        assert checked == CheckedEmail(
            address=normalize_email(address).address, key=email_key(address), status=expected
        )
    else:
        with pytest.raises(ValidationError) as caught:
            checker.check(address)
        assert (caught.value.field, caught.value.rule) == ("email", expected)
    assert bool(resolver.queries) is (policy is not EmailPolicy.OFFLINE)


def test_the_resolver_is_asked_the_idna_form_and_mx_first(resolver: FakeResolver) -> None:
    EmailChecker(EmailPolicy.STRICT, resolver).check("user@BÜCHER.example")
    assert resolver.queries == [("xn--bcher-kva.example", "MX")]


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ("null-mx.example", "The domain name null-mx.example does not accept email."),
        ("nowhere.example", "The domain name nowhere.example does not exist."),
    ],
)
def test_an_undeliverable_domain_keeps_email_validators_message(
    resolver: FakeResolver, domain: str, message: str
) -> None:
    with pytest.raises(ValidationError, match="email_domain") as caught:
        EmailChecker(resolver=resolver).check(f"me@{domain}", field="portal_email")
    assert caught.value.field == "portal_email"
    assert caught.value.message == f"is not a deliverable email address: {message}"


def test_strict_names_the_domain_it_could_not_check(resolver: FakeResolver) -> None:
    with pytest.raises(ValidationError) as caught:
        EmailChecker("strict", resolver).check("me@Slow.example")
    assert "slow.example" in caught.value.message
    assert "try again later" in caught.value.message


def test_an_unverified_address_can_be_checked_again(
    monkeypatch: pytest.MonkeyPatch, resolver: FakeResolver
) -> None:
    zones = dict(resolver.zones)
    resolver.zones = zones
    checker = EmailChecker(resolver=resolver)
    first = checker.check("me@slow.example")
    assert first.status is EmailStatus.UNVERIFIED
    monkeypatch.setitem(zones, "slow.example", {"MX": ["10 mail.slow.example."]})
    again = checker.check(first.address)
    assert again == CheckedEmail(first.address, first.key, EmailStatus.VERIFIED)


def test_lenient_is_the_default_policy(resolver: FakeResolver) -> None:
    assert EmailChecker().policy is EmailPolicy.LENIENT
    assert check_email("me@slow.example", resolver=resolver).status is EmailStatus.UNVERIFIED


def test_the_policy_may_be_named_by_its_value(resolver: FakeResolver) -> None:
    assert EmailChecker("offline").policy is EmailPolicy.OFFLINE
    assert check_email("me@slow.example", policy="offline").status is EmailStatus.NOT_CHECKED
    with pytest.raises(ValueError, match="sloppy"):
        EmailChecker("sloppy")


def test_a_form_error_is_reported_before_any_lookup(resolver: FakeResolver) -> None:
    for policy in POLICIES:
        with pytest.raises(ValidationError) as caught:
            EmailChecker(policy, resolver).check("fran@@mx.example")
        assert (caught.value.field, caught.value.rule) == ("email", "email_form")
    assert resolver.queries == []


# --- the default resolver ---------------------------------------------------------------


def test_without_a_resolver_the_shared_default_is_used(
    monkeypatch: pytest.MonkeyPatch, resolver: FakeResolver
) -> None:
    monkeypatch.setattr(_email_dns._SHARED_DEFAULT, "get", lambda: resolver)
    assert EmailChecker().check("me@mx.example").status is EmailStatus.VERIFIED
    assert check_email("me@a-only.example").status is EmailStatus.VERIFIED
    assert resolver.queries[0] == ("mx.example", "MX")


def test_the_default_is_created_once_lazily_and_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[FakeResolver] = []

    def make() -> FakeResolver:
        made.append(FakeResolver())
        return made[-1]

    monkeypatch.setattr(_email_dns, "_make_default_resolver", make)
    lazy = _email_dns._LazyDefaultResolver()
    assert made == []
    list(lazy.resolve("mx.example", "MX"))
    list(lazy.resolve("a-only.example", "A"))
    assert len(made) == 1
    assert made[0].queries == [("mx.example", "MX"), ("a-only.example", "A")]


def test_a_failed_creation_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    outcomes: list[Callable[[], FakeResolver]] = [
        _unconfigured,
        FakeResolver,
    ]
    monkeypatch.setattr(_email_dns, "_make_default_resolver", lambda: outcomes.pop(0)())
    lazy = _email_dns._LazyDefaultResolver()
    with pytest.raises(dns.resolver.NoResolverConfiguration):
        lazy.get()
    assert isinstance(lazy.get(), FakeResolver)


def _unconfigured() -> FakeResolver:
    raise dns.resolver.NoResolverConfiguration


def test_the_default_is_a_short_caching_resolver_of_its_own() -> None:
    before = dns.resolver.default_resolver
    try:
        made = _email_dns._make_default_resolver()
    except dns.resolver.NoResolverConfiguration:
        pytest.skip("this machine names no nameserver")
    assert isinstance(made, dns.resolver.Resolver)
    assert made.lifetime == _email_dns.DEFAULT_DNS_TIMEOUT < 15
    assert isinstance(made.cache, dns.resolver.LRUCache)
    assert dns.resolver.default_resolver is before
    assert made is not before


# --- email-validator's documented examples ----------------------------------------------

#: (address as entered, normalized address, email key). From email-validator's README
#: (Quick Start, Normalization, Examples) and its documented test suite
#: (tests/test_syntax.py: valid ASCII and internationalized addresses).
DOCUMENTED_VALID = [
    ("my+address@example.org", "my+address@example.org", "my+address@example.org"),
    ("test@joshdata.me", "test@joshdata.me", "test@joshdata.me"),
    ("me@Ｄｏｍａｉｎ.com", "me@domain.com", "me@domain.com"),  # noqa: RUF001 (fullwidth on purpose)
    ("example@ツ.ⓁⒾⒻⒺ", "example@ツ.life", "example@xn--bdk.life"),
    ("example@xn--bdk.life", "example@ツ.life", "example@xn--bdk.life"),
    ("ツ-test@joshdata.me", "ツ-test@joshdata.me", "ツ-test@joshdata.me"),
    ("POSTMASTER@example.com", "postmaster@example.com", "postmaster@example.com"),
    ("Abc@example.tld", "Abc@example.tld", "abc@example.tld"),
    ("Abc.123@test-example.com", "Abc.123@test-example.com", "abc.123@test-example.com"),
    (
        "user+mailbox/department=shipping@example.tld",
        "user+mailbox/department=shipping@example.tld",
        "user+mailbox/department=shipping@example.tld",
    ),
    ("!#$%&'*+-/=?^_`.{|}~@example.tld", "!#$%&'*+-/=?^_`.{|}~@example.tld", None),
    ("jeff@臺網中心.tw", "jeff@臺網中心.tw", "jeff@xn--fiqq24b10vi0d.tw"),
    ("伊昭傑@郵件.商務", "伊昭傑@郵件.商務", "伊昭傑@xn--5nqv22n.xn--lhr59c"),
    ("राम@मोहन.ईन्फो", "राम@मोहन.ईन्फो", "राम@xn--l2bl7a9d.xn--o1b8dj2ki"),
    ("юзер@екзампл.ком", "юзер@екзампл.ком", "юзер@xn--80ajglhfv.xn--j1aef"),
    ("θσερ@εχαμπλε.ψομ", "θσερ@εχαμπλε.ψομ", "θσερ@xn--mxahbxey0c.xn--xxaf0a"),
    ("葉士豪@臺網中心.台灣", "葉士豪@臺網中心.台灣", "葉士豪@xn--fiqq24b10vi0d.xn--kpry57d"),
    ("ñoñó@example.tld", "ñoñó@example.tld", "ñoñó@example.tld"),
    ("我買@example.tld", "我買@example.tld", "我買@example.tld"),
    ("ιωάννης@εεττ.gr", "ιωάννης@εεττ.gr", "ιωάννης@xn--qxaa9ba.gr"),
    ("test@xn--hxajbheg2az3al.xn--jxalpdlp", None, "test@xn--hxajbheg2az3al.xn--jxalpdlp"),
    ("xn--test@iana.org", "xn--test@iana.org", "xn--test@iana.org"),
]


@pytest.mark.parametrize(("entered", "normalized", "key"), DOCUMENTED_VALID)
def test_documented_valid_address(entered: str, normalized: str | None, key: str | None) -> None:
    checked = check_email(entered, policy=EmailPolicy.OFFLINE)
    assert checked.status is EmailStatus.NOT_CHECKED
    assert checked.address == (normalized or checked.address)
    assert checked.key == (key or checked.address.lower())
    assert normalize_email(entered) == normalize_email(checked.address)
    assert email_key(entered) == checked.key


#: (address, the end of email-validator's message). From its README (quoted local parts,
#: bracketed IP addresses, special-use domains, obsolete syntax: all rejected by default)
#: and its documented test suite (tests/test_syntax.py).
DOCUMENTED_INVALID = [
    ('"unnecessarily.quoted.local.part"@example.com', "Quoting the part before the @-sign"),
    ('"quoted with space"@example.com', "Quoting the part before the @-sign is not allowed here."),
    ('"quoted.with.at@"@example.com', "Quoting the part before the @-sign is not allowed here."),
    ('"test"@iana.org', "Quoting the part before the @-sign is not allowed here."),
    ("me@[127.0.0.1]", "A bracketed IP address after the @-sign is not allowed here."),
    ("me@[IPv6:::1]", "A bracketed IP address after the @-sign is not allowed here."),
    ("my@localhost", "It should have a period."),
    ("me@link.local", "is a special-use or reserved name that cannot be used with email."),
    ("me@anything.arpa", "is a special-use or reserved name that cannot be used with email."),
    ("me@valid.invalid", "is a special-use or reserved name that cannot be used with email."),
    ("me@host.localhost", "is a special-use or reserved name that cannot be used with email."),
    ("me@onion.onion.onion", "is a special-use or reserved name that cannot be used with email."),
    ("me@test.test.test", "is a special-use or reserved name that cannot be used with email."),
    ("(comment)test@iana.org", "invalid characters before the @-sign: '(', ')'."),
    ("Fred <fred@example.com>", "A display name and angle brackets around the email address"),
    ("@example.com", "There must be something before the @-sign."),
    ("test@", "There must be something after the @-sign."),
    ("test", "An email address must have an @-sign."),
    (".leadingdot@domain.com", "An email address cannot start with a period."),
    ("twodots..here@domain.com", "An email address cannot have two periods in a row."),
    ("trailingdot.@domain.email", "cannot have a period immediately before the @-sign."),
    ("my@twodots..com", "An email address cannot have two periods in a row."),
    ("my@trailingdot.com.", "An email address cannot end with a period."),
    ("me@-leadingdash", "cannot have a hyphen immediately after the @-sign."),
    ('bad"quotes"@example.com', "invalid characters before the @-sign: '\"'."),
    ("white space@test", "invalid characters before the @-sign: SPACE."),
    ("my@example.com\n", "The part after the @-sign contains invalid characters: U+000A."),
    ("me@⒈wouldbeinvalid.com", "The part after the @-sign contains invalid characters"),
    ("me@xn--0.tld", "The part after the @-sign is not valid IDNA (Invalid A-label)."),
    ("me@1.2.3.4", "It is not within a valid top-level domain."),
    ("\u200bme@example.com", "The email address contains unsafe characters: ZERO WIDTH SPACE."),
]


@pytest.mark.parametrize(("entered", "message"), DOCUMENTED_INVALID)
@pytest.mark.parametrize("policy", POLICIES, ids=[policy.value for policy in POLICIES])
def test_documented_invalid_address(
    resolver: FakeResolver, policy: EmailPolicy, entered: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        EmailChecker(policy, resolver).check(entered)
    error = caught.value
    assert (error.field, error.rule) == ("email", "email_form")
    assert error.message.startswith("is not a valid email address: ")
    assert message in error.message
    assert resolver.queries == []


# --- the email key ----------------------------------------------------------------------


def test_unicode_and_punycode_domains_give_one_key() -> None:
    spellings = [
        "user@bücher.example",
        "user@xn--bcher-kva.example",
        "User@BÜCHER.Example",
        "USER@XN--BCHER-KVA.EXAMPLE",
    ]
    assert {email_key(spelling) for spelling in spellings} == {"user@xn--bcher-kva.example"}


def test_dots_and_tags_are_kept() -> None:
    keys = {email_key(a) for a in ["fran@x.example", "f.ran@x.example", "fran+crm@x.example"]}
    assert len(keys) == 3


#: Internationalized domains in both spellings, from email-validator's documentation.
IDN_PAIRS = [
    ("bücher.example", "xn--bcher-kva.example"),
    ("ツ.life", "xn--bdk.life"),
    ("臺網中心.tw", "xn--fiqq24b10vi0d.tw"),
    ("郵件.商務", "xn--5nqv22n.xn--lhr59c"),
    ("εεττ.gr", "xn--qxaa9ba.gr"),
    ("екзампл.ком", "xn--80ajglhfv.xn--j1aef"),
]

ascii_locals = st.text(string.ascii_letters + string.digits + "._+-", min_size=1, max_size=16)
unicode_locals = st.text(
    st.characters(categories=["Lu", "Ll", "Lt", "Lo", "Nd"]), min_size=1, max_size=12
)
any_domain = st.sampled_from([domain for pair in IDN_PAIRS for domain in pair])


def _key_or_none(address: str) -> str | None:
    try:
        return email_key(address)
    except ValidationError:
        return None


def _mixed_case(data: st.DataObject, text: str) -> str:
    flips = data.draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if flip else c.lower() for c, flip in zip(text, flips, strict=True))


@given(emails() | st.builds("{}@{}".format, unicode_locals, any_domain))
def test_the_key_is_idempotent(address: str) -> None:
    key = _key_or_none(address)
    assume(key is not None)
    assert email_key(key) == key
    assert email_key(normalize_email(address).address) == key


@given(st.data(), ascii_locals, st.sampled_from(IDN_PAIRS))
def test_case_and_domain_spelling_variants_give_one_key(
    data: st.DataObject, local: str, pair: tuple[str, str]
) -> None:
    key = _key_or_none(f"{local}@{pair[0]}")
    assume(key is not None)
    for domain in pair:
        assert email_key(f"{_mixed_case(data, local)}@{_mixed_case(data, domain)}") == key


@given(unicode_locals, st.sampled_from(IDN_PAIRS))
def test_a_unicode_local_part_keys_alike_on_either_spelling_of_the_domain(
    local: str, pair: tuple[str, str]
) -> None:
    key = _key_or_none(f"{local}@{pair[0]}")
    assume(key is not None)
    assert email_key(f"{local}@{pair[1]}") == key
    assert key.endswith("@" + pair[1])


@given(emails())
def test_offline_checking_agrees_with_the_form_check(address: str) -> None:
    checked = check_email(address, policy="offline")
    assert (checked.address, checked.key) == (
        normalize_email(address).address,
        email_key(address),
    )


# --- the plain-address fast path --------------------------------------------------------

ATEXT_CHARS = string.ascii_letters + string.digits + "!#$%&'*+-/=?^_`{|}~"
plain_locals = st.text(ATEXT_CHARS + ".", min_size=0, max_size=80) | st.sampled_from(
    ["info", "Sales", "POSTMASTER", "a" * 64, "a" * 65, "x.y", ".x", "x.", "x..y"]
)
domain_labels = st.text(string.ascii_letters + string.digits + "-", min_size=1, max_size=20)
top_levels = st.sampled_from(["com", "AU", "example", "xn--p1ai", "local", "test", "123", "c-"])
plain_domains = (
    st.builds(
        "{}.{}".format, st.lists(domain_labels, min_size=1, max_size=4).map(".".join), top_levels
    )
    | st.text(string.ascii_letters + string.digits + ".-", max_size=30)
    | st.sampled_from(
        [
            "example.com",
            "EXAMPLE.COM",
            "realpeach.com.au",
            "xn--bcher-kva.example",
            "xn--zz.example",
            "a.local",
            "localhost",
            "x.test",
            "x.invalid",
            "example.123",
            "-a.com",
            "a-.com",
            "a..com",
            "a.com.",
            ("a" * 63 + ".") * 3 + "com",
            ("a" * 60 + ".") * 4 + "com",
            "a" * 64 + ".com",
        ]
    )
)
plain_addresses = st.builds("{}@{}".format, plain_locals, plain_domains) | st.text(
    ATEXT_CHARS + '.@ "<>[]\\ü', max_size=40
)


def _by_email_validator(address: str) -> tuple[str, str] | None:
    """The normalized address and key as email-validator gives them, or ``None`` if refused."""
    try:
        validated = email_validator.validate_email(address, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return None
    return validated.normalized, _key(validated)


@given(plain_addresses)
def test_the_plain_address_fast_path_agrees_with_email_validator(address: str) -> None:
    fast = _plain_form(address)
    if fast is not None:
        assert fast == _by_email_validator(address)
    checked = _or_refusal(lambda: check_email(address, policy="offline"))
    expected = _by_email_validator(address)
    assert (None if checked is None else (checked.address, checked.key)) == expected


def _or_refusal(check: Callable[[], CheckedEmail]) -> CheckedEmail | None:
    """The checked address, or ``None`` when the form check refused it."""
    try:
        return check()
    except ValidationError as error:
        refusal = error
    assert refusal.rule == "email_form"
    return None


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("contact1@realpeach.com.au", ("contact1@realpeach.com.au", "contact1@realpeach.com.au")),
        ("Fran.James+x@Example.COM", ("Fran.James+x@example.com", "fran.james+x@example.com")),
        ("a@xn--bcher-kva.example", ("a@bücher.example", "a@xn--bcher-kva.example")),
    ],
)
def test_a_plain_address_takes_the_fast_path(address: str, expected: tuple[str, str]) -> None:
    assert _plain_form(address) == expected == _by_email_validator(address)


@pytest.mark.parametrize(
    "address",
    ["info@example.com", "a@b.local", "a@bücher.example", '"a b"@example.com', "x@@y.com"],
)
def test_other_addresses_are_left_to_email_validator(address: str) -> None:
    assert _plain_form(address) is None
