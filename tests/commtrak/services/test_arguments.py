"""The argument checks the services derive from their type hints."""

from __future__ import annotations

import datetime
import inspect
import uuid
from collections.abc import Collection, Iterable, Iterator, Mapping

import pytest

import commtrak.finance.services  # noqa: F401  (the finance services subclass Service too)
from commtrak import Actor, EmailChecker, ValidationError, open_store
from commtrak.services._arguments import ArgumentPlan, check_text, checked, plan_of
from commtrak.services._base import Service
from commtrak.services.customers import CustomerService


def _services(cls: type[Service] = Service) -> Iterator[type[Service]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _services(sub)


METHODS = sorted(
    {
        (service.__qualname__, name, function)
        for service in _services()
        for name, function in vars(service).items()
        if not name.startswith("_") and inspect.isfunction(function)
    },
    key=lambda item: (item[0], item[1]),
)


def test_the_finance_services_are_checked_too() -> None:
    assert {"CreditNoteService", "ReceiptService", "LedgerService"} <= {m[0] for m in METHODS}


@pytest.mark.parametrize(("service", "name", "function"), METHODS, ids=lambda v: str(v))
def test_every_public_method_has_a_plan_from_its_hints(
    service: str, name: str, function: object
) -> None:
    plan = plan_of(function)  # type: ignore[arg-type]
    assert isinstance(plan, ArgumentPlan)


def test_the_wrapper_keeps_the_methods_name_signature_and_docs() -> None:
    method = CustomerService.get
    assert method.__name__ == "get"
    assert "customer_id" in inspect.signature(method).parameters
    assert method.__doc__
    assert "Raises" in method.__doc__


class _Example:
    def method(
        self,
        flag: bool,
        count: int,
        on: datetime.date,
        keys: Collection[str] | None = None,
        ids: Iterable[uuid.UUID] = (),
        values: Mapping[str, str] | None = None,
        anything: object = None,
    ) -> tuple[object, ...]:
        return (flag, count, on, keys, ids, values, anything)


_checked = checked(_Example.method)
_DAY = datetime.date(2026, 2, 1)


def _call(*args: object, **kwargs: object) -> tuple[object, ...]:
    result: tuple[object, ...] = _checked(_Example(), *args, **kwargs)
    return result


@pytest.mark.parametrize(
    ("args", "kwargs", "field", "rule"),
    [
        ((1, 1, _DAY), {}, "flag", "type"),  # an int is not a bool
        ((True, True, _DAY), {}, "count", "type"),  # nor a bool an int
        ((True, 1, datetime.datetime(2026, 2, 1)), {}, "on", "type"),  # nor a datetime a date
        ((True, 1, _DAY), {"keys": "a@b.example"}, "keys", "type"),
        ((True, 1, _DAY), {"keys": ["a", 2]}, "keys[1]", "type"),
        ((True, 1, _DAY), {"keys": ["Fran\udc80"]}, "keys[0]", "surrogate"),
        ((True, 1, _DAY), {"ids": ["not-a-uuid"]}, "ids[0]", "type"),
        ((True, 1, _DAY), {"values": {"a": 1}}, "values[a]", "type"),
        ((True, 1, _DAY), {"values": ["a"]}, "values", "type"),
    ],
)
def test_a_wrong_argument_is_refused_with_its_parameter_and_rule(
    args: tuple[object, ...], kwargs: dict[str, object], field: str, rule: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _call(*args, **kwargs)
    assert (caught.value.field, caught.value.rule) == (field, rule)


def test_good_arguments_pass_and_iterables_arrive_as_tuples() -> None:
    one = uuid.uuid4()
    result = _call(True, 2, _DAY, keys={"a"}, ids=(i for i in [one]), anything=3.5)
    assert result == (True, 2, _DAY, ("a",), (one,), None, 3.5)


@pytest.mark.parametrize(
    ("text", "rule"), [("a\x00b", "control_character"), ("a\ud800", "surrogate")]
)
def test_text_no_backend_can_store_is_refused(text: str, rule: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_text("query", text)
    assert caught.value.rule == rule


def test_text_with_anything_else_passes() -> None:
    assert check_text("password", "\u202e\u200b\x07 ok") == "\u202e\u200b\x07 ok"


def test_a_hint_without_a_check_fails_when_the_plan_is_built() -> None:
    class Odd:
        def method(self, value: type[int]) -> None:
            pass

    with pytest.raises(TypeError, match="no argument check"):
        ArgumentPlan(Odd.method)


def test_the_issues_cases_are_refused_before_storage() -> None:
    store = open_store("memory://", email_checker=EmailChecker("offline"))
    with store.session(actor=Actor.system()) as s:
        for bad in ("not-a-uuid", 7, str(uuid.uuid4())):
            with pytest.raises(ValidationError) as caught:
                s.customers.get(bad)  # type: ignore[arg-type]
            assert (caught.value.field, caught.value.rule) == ("customer_id", "type")
        with pytest.raises(ValidationError) as caught:
            s.duplicates.preview(uuid.uuid4(), keys="a@b.example")
        assert (caught.value.field, caught.value.rule) == ("keys", "type")
