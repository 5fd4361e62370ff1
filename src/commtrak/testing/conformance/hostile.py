"""Contract: every public service method refuses hostile input the same way on every store.

One table of hostile values (a float where anything else belongs, malformed ids, ints and
well-formed text for ids, lone surrogates, NUL, a string where a list belongs, an int
for a bool, a datetime for a date) is fed to every parameter of every public method of
every service a session offers, the finance services included. The services and their
methods are found by introspection, so a new method is covered without a line here.
Each outcome (the error's class, field and rule) must be the refusal of that parameter,
and the same as the in-memory store's for the same call, computed in the same test.

A second table feeds the text rules (bidi controls, zero-width characters, controls,
255 and 256 characters counted as the databases count them, folding that outgrows the
key columns, the zero-width joiners that are allowed) to the methods that store names;
a property does the same with random text.
"""

from __future__ import annotations

import collections.abc
import datetime
import decimal
import enum
import functools
import inspect
import types
import typing
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import hypothesis
import pytest
from hypothesis import strategies as st

from commtrak import Actor, Address, Session, Store
from commtrak.errors import CommtrakError
from commtrak.field_service import of as field_service_of
from commtrak.field_service.facade import FieldService
from commtrak.finance import currency
from commtrak.finance import of as finance_of
from commtrak.finance.facade import Finance
from commtrak.services._base import Service
from commtrak.services._unset import Unset
from commtrak.testing.conformance._base import STORE_PROPERTY, StoreContract, open_test_store

#: An outcome: ``("ok", "", "")`` or the error's class name, field and rule.
Outcome = tuple[str, str, str]


def _services(holder: type, path: str) -> Iterator[tuple[str, type]]:
    for name, attribute in sorted(vars(holder).items()):
        if isinstance(attribute, functools.cached_property) and not name.startswith("_"):
            service = typing.get_type_hints(attribute.func)["return"]
            if isinstance(service, type) and issubclass(service, Service):
                yield f"{path}{name}", service


def service_classes() -> dict[str, type]:
    """Every service a session offers, by the path that reaches it (``finance.invoices``).

    The core's, and those of the contexts' facades (finance, the service context).
    """
    found = dict(_services(Session, ""))
    found.update(_services(Finance, "finance."))
    found.update(_services(FieldService, "field_service."))
    return found


def reach(session: Session, path: str) -> Any:
    """Return the service at *path* on *session*."""
    context, _, name = path.rpartition(".")
    facades: dict[str, Callable[[Session], object]] = {
        "": lambda s: s,
        "finance": finance_of,
        "field_service": field_service_of,
    }
    return getattr(facades[context](session), name)


def public_methods(service: type) -> list[str]:
    """The public methods of *service*, by name."""
    return sorted(
        name
        for name, value in inspect.getmembers(service, inspect.isfunction)
        if not name.startswith("_")
    )


def _members(hint: object) -> tuple[object, ...]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _is_collection(hint: object) -> bool:
    origin = typing.get_origin(hint)
    return (
        isinstance(origin, type)
        and issubclass(origin, collections.abc.Iterable)
        and (origin is not tuple and not issubclass(origin, collections.abc.Mapping))
    )


def hostile_values(hint: object) -> list[tuple[str, object]]:
    """The hostile values for a parameter of type *hint*, each with its label.

    Every one is refused by the argument checks, before storage.
    """
    members = _members(hint)
    if object in members or Any in members:
        return []
    values: list[tuple[str, object]] = [("a float", 3.5)]
    if uuid.UUID in members:
        values += [
            ("a malformed id", "not-a-uuid"),
            ("an int for an id", 7),
            ("an id as text", "12345678-1234-5678-1234-567812345678"),
        ]
    if str in members:
        values += [("a lone surrogate", "Fran\udc80"), ("NUL", "Fran\x00k")]
    elif any(_is_collection(member) for member in members):
        values.append(("a key list given as a string", "a@b.example"))
    if bool in members and int not in members:
        values.append(("an int for a bool", 1))
    if int in members and bool not in members:
        values.append(("a bool for an int", True))
    if datetime.date in members and datetime.datetime not in members:
        values.append(("a datetime for a date", datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)))
    return values


def filler(hint: object) -> object:
    """A value of type *hint* that the argument checks accept.

    It is never stored: the hostile value in another parameter is refused first.
    """
    members = _members(hint)
    if type(None) in members:
        return None
    first = members[0]
    origin = typing.get_origin(first)
    if origin is not None:
        return {} if issubclass(origin, collections.abc.Mapping) else ()
    simple: dict[object, object] = {
        uuid.UUID: uuid.UUID(int=1),
        str: "Filler",
        bool: False,
        int: 1,
        object: None,
        datetime.date: datetime.date(2026, 2, 1),
        datetime.datetime: datetime.datetime(2026, 2, 1, 9, 30, tzinfo=datetime.UTC),
        datetime.timedelta: datetime.timedelta(minutes=30),
        decimal.Decimal: decimal.Decimal("1.00"),
    }
    if first in simple:
        return simple[first]
    if isinstance(first, type) and issubclass(first, enum.Enum):
        return next(iter(first))
    if first is Unset:
        return Unset.UNSET
    if isinstance(first, type) and first.__name__ == "Currency":
        return currency("EUR")
    assert isinstance(first, type), first
    return object.__new__(first)


def hostile_calls(service: type) -> Iterator[tuple[str, str, str, dict[str, object]]]:
    """Each hostile call of *service*: method, parameter, label, keyword arguments."""
    for method in public_methods(service):
        function = getattr(service, method)
        hints = typing.get_type_hints(function)
        parameters = list(inspect.signature(function).parameters.values())[1:]
        for index, parameter in enumerate(parameters):
            for label, value in hostile_values(hints.get(parameter.name, object)):
                arguments = {
                    other.name: filler(hints.get(other.name, object))
                    for other in parameters[:index]
                    if other.default is inspect.Parameter.empty
                }
                arguments[parameter.name] = value
                for other in parameters[index + 1 :]:
                    if other.default is inspect.Parameter.empty:
                        arguments[other.name] = filler(hints.get(other.name, object))
                yield method, parameter.name, label, arguments


def outcome(store: Store, call: Callable[[Session], object]) -> Outcome:
    """Run *call* in a session of its own; return what happened."""
    try:
        with store.session(actor=Actor.staff("staff-1", "Sam Supervisor", "supervisor")) as s:
            call(s)
    except CommtrakError as error:
        return (type(error).__name__, error.field, error.rule)
    except Exception as error:  # a raw exception: reported as a difference, not a crash
        return (type(error).__name__, "", repr(error)[:80])
    return ("ok", "", "")


def _call(path: str, method: str, arguments: dict[str, object]) -> Callable[[Session], object]:
    return lambda s: getattr(reach(s, path), method)(**arguments)


#: The text rules: a label, the text, and the outcome expected of every method that
#: stores it as a name (``("ok", "", "")``: accepted, and read back equal).
TEXTS: list[tuple[str, str, tuple[str, str]]] = [
    ("a lone surrogate", "Fran\udc80", ("ValidationError", "surrogate")),
    ("NUL", "Fran\x00k", ("ValidationError", "control_character")),
    ("a C0 control", "Fran\x07k", ("ValidationError", "control_character")),
    ("a C1 control", "Fran\x9bk", ("ValidationError", "control_character")),
    ("DEL", "Fran\x7fk", ("ValidationError", "control_character")),
    ("a right-to-left override", "invoice\u202efdp.exe", ("ValidationError", "bidi_control")),
    ("a first-strong isolate", "Fran\u2068k", ("ValidationError", "bidi_control")),
    ("a zero-width space", "Fran\u200bk", ("ValidationError", "invisible_character")),
    ("a word joiner", "Fran\u2060k", ("ValidationError", "invisible_character")),
    ("a byte order mark", "\ufeffFrank", ("ValidationError", "invisible_character")),
    ("256 characters", "x" * 256, ("ValidationError", "max_length")),
    ("256 astral characters", "\U0001f600" * 256, ("ValidationError", "max_length")),
    ("a folded key longer than its column", "\ufdfa" * 42, ("ValidationError", "max_length")),
    ("255 characters", "y" * 255, ("ok", "")),
    ("255 two-byte characters", "\u00e9" * 255, ("ok", "")),
    ("255 astral characters", "\U0001f601" * 255, ("ok", "")),
    ("255 characters that fold longer", "\u00df" * 255, ("ok", "")),
    (
        "a zero-width non-joiner (Persian)",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        ("ok", ""),
    ),
    ("a zero-width joiner (an emoji sequence)", "Dev \U0001f469\u200d\U0001f4bb", ("ok", "")),
    ("a right-to-left mark", "\u05e9\u05dc\u05d5\u05dd\u200f Ltd", ("ok", "")),
]


def _address() -> Address:
    return Address(line1="1 Peach Street", town="Perth", postcode="6000")


def _owner(s: Session) -> uuid.UUID:
    return s.customers.add(name="Owner", address=_address()).id


#: The methods that store a name: each adds a record named *text* and returns what it
#: reads back, as (field of the refusal, add-and-read).
NAMERS: dict[str, tuple[str, Callable[[Session, str], str]]] = {
    "customers.add": (
        "name",
        lambda s, t: s.customers.get(s.customers.add(name=t, address=_address()).id).name,
    ),
    "groups.create": ("name", lambda s, t: s.groups.get(s.groups.create(t).id).name),
    "departments.add": ("name", lambda s, t: s.departments.add(t).name),
    "landlords.add": ("name", lambda s, t: s.landlords.get(s.landlords.add(name=t).id).name),
    "contacts.add": (
        "name",
        lambda s, t: s.contacts.get(s.contacts.add(_owner(s), name=t).id).name,
    ),
    "branches.add": (
        "name",
        lambda s, t: s.branches.get(s.branches.add(_owner(s), name=t, address=_address()).id).name,
    ),
    "address.line1": (
        "address.line1",
        lambda s, t: (
            s.customers.get(
                s.customers.add(
                    name="Lines", address=Address(line1=t, town="Perth", postcode="6000")
                ).id
            ).address.line1
        ),
    ),
    "custom_fields.define": ("name", lambda s, t: s.custom_fields.define(t, "text").name),
}


def _record(
    into: list[str], add_and_read: Callable[[Session, str], str], text: str, s: Session
) -> None:
    into.append(add_and_read(s, text))


class HostileInputContract(StoreContract):
    """The same hostile inputs, refused or accepted alike, on every store."""

    @pytest.fixture
    def memory_store(self) -> Iterator[Store]:
        """An in-memory store: what every other store must agree with."""
        with open_test_store("memory://") as store:
            yield store

    @pytest.mark.parametrize("path", sorted(service_classes()))
    def test_every_method_refuses_hostile_arguments_as_the_memory_store_does(
        self, store: Store, memory_store: Store, path: str
    ) -> None:
        service = service_classes()[path]
        differences = []
        calls = 0
        for method, parameter, label, arguments in hostile_calls(service):
            call = _call(path, method, arguments)
            got, expected = outcome(store, call), outcome(memory_store, call)
            calls += 1
            refused = got[0] == "ValidationError" and (
                got[1] == parameter or got[1].startswith(f"{parameter}[")
            )
            if got != expected or not refused:
                differences.append(
                    f"{path}.{method}({parameter}=<{label}>): {got} vs memory {expected}"
                )
        assert calls > 0
        assert not differences, "\n".join(differences)

    @pytest.mark.parametrize("namer", sorted(NAMERS))
    def test_the_text_rules_are_the_same_on_every_store(self, store: Store, namer: str) -> None:
        field, add_and_read = NAMERS[namer]
        differences = []
        for label, text, (kind, rule) in TEXTS:
            read: list[str] = []
            got = outcome(store, functools.partial(_record, read, add_and_read, text))
            expected = (kind, field if kind != "ok" else "", rule)
            if got != expected or (kind == "ok" and read != [text]):
                differences.append(f"{namer} <{label}>: {got} {read!r:.40} expected {expected}")
        assert not differences, "\n".join(differences)

    @hypothesis.given(
        name=st.text(
            st.one_of(
                st.characters(),
                st.characters(categories=["Cs", "Cc", "Cf", "Zs", "Mn"]),
                st.sampled_from(
                    ["\udc80", "\x00", "\u202e", "\u200b", "\u200d", "\ufdfa", "\u00df", " "]
                ),
            ),
            max_size=300,
        )
    )
    @hypothesis.settings(max_examples=40, **STORE_PROPERTY)
    def test_random_text_is_accepted_and_read_back_or_refused_alike(
        self, store: Store, memory_store: Store, name: str
    ) -> None:
        results: dict[str, list[str]] = {"store": [], "memory": []}

        def add(into: list[str]) -> Callable[[Session], object]:
            return lambda s: into.append(
                s.customers.get(s.customers.add(name=name, address=_address()).id).name
            )

        got = outcome(store, add(results["store"]))
        expected = outcome(memory_store, add(results["memory"]))
        assert got == expected
        assert got[0] in ("ok", "ValidationError")
        assert results["store"] == results["memory"]
        if got[0] == "ok":
            assert results["store"] == [name.strip()]
