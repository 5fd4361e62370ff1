"""Argument checks derived from the type hints of the public service methods.

Every public method of every :class:`~commtrak.services._base.Service` subclass is
wrapped once, when its class is made, by :func:`checked`: before the method runs (before
the permission check and before any storage), each argument the caller passed is
compared with the parameter's type hint. So every backend sees only arguments of the
promised types and refuses the same inputs with the same error: an int or a text where a
``uuid.UUID`` belongs is ``ValidationError(<parameter>, "type")`` on memory and on SQL
alike, never ``NotFound`` on one and a driver error on another.

What the hints mean here:

* a class (``uuid.UUID``, ``Address``, ``Money``, an enum): an instance of it. ``bool``
  is not an ``int``, and a ``datetime.datetime`` is not a ``datetime.date``.
* ``str``: text, holding neither a lone surrogate (rule ``surrogate``: no database can
  encode one) nor NUL (rule ``control_character``: PostgreSQL cannot store it). The
  text rules of names and other stored text (:func:`commtrak.model._text.clean_text`)
  go further; passwords and search queries keep any other character.
* ``Iterable[X]``, ``Collection[X]``: a collection, not a single string (rule ``type``:
  ``keys="a@b.example"`` is refused, not read as eleven one-letter keys), each item an
  ``X`` (field ``name[i]``); the method is given the items as a tuple.
* ``Mapping[K, V]``: a mapping whose keys and values are checked; ``tuple[X, ...]``
  likewise; ``X | Y``: either; ``object``: anything.

Defaults are not checked (the method's own), nor are ``self`` and ``*args``. A hint of
a form not listed fails when the plan is built, which the unit tests do for every
service, so a new parameter cannot go unchecked by accident.
"""

from __future__ import annotations

import collections.abc
import datetime
import functools
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar

from commtrak.errors import ValidationError

__all__ = ["ArgumentPlan", "checked", "plan_of"]

F = TypeVar("F", bound=Callable[..., Any])

#: Checks one argument: given the parameter's name and the value, returns the value the
#: method is given (the same, or its items as a tuple) or raises.
Check = Callable[[str, object], object]

_ABSTRACT_COLLECTIONS = {
    collections.abc.Iterable,
    collections.abc.Collection,
    collections.abc.Sequence,
    collections.abc.Set,
}


class _Mismatch(Exception):
    """The value is not of the hinted type (a union then tries its next member)."""


def check_text(field: str, value: str) -> str:
    """Refuse text that no backend can store: a lone surrogate, or NUL.

    Raises:
        ValidationError: ``surrogate`` or ``control_character``.
    """
    if "\x00" in value:
        raise ValidationError(field, "control_character", "must not contain NUL (U+0000)")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            code = ord(value[error.start])
            raise ValidationError(
                field, "surrogate", f"must not contain the lone surrogate U+{code:04X}"
            ) from None
    return value


def _instance(cls: type) -> Check:
    refuse: tuple[type, ...] = ()
    if cls is int:
        refuse = (bool,)
    elif cls is datetime.date:
        refuse = (datetime.datetime,)

    def check(field: str, value: object) -> object:
        if not isinstance(value, cls) or isinstance(value, refuse):
            raise _Mismatch
        return value

    return check


def _text(field: str, value: object) -> object:
    if not isinstance(value, str):
        raise _Mismatch
    return check_text(field, value)


def _none(field: str, value: object) -> object:
    if value is not None:
        raise _Mismatch
    return value


def _items(item: Check | None, *, need: type) -> Check:
    """A collection of items; a single string is refused (never read as its letters)."""

    def check(field: str, value: object) -> object:
        if isinstance(value, (str, bytes)):
            raise ValidationError(
                field, "type", "must be a collection of values, not a single string"
            )
        if not isinstance(value, need):
            raise _Mismatch
        if item is None:
            return value
        items: collections.abc.Iterable[object] = value  # type: ignore[assignment]
        return tuple(_strict(item, f"{field}[{i}]", v) for i, v in enumerate(items))

    return check


def _mapping(key: Check | None, value_check: Check | None) -> Check:
    def check(field: str, value: object) -> object:
        if not isinstance(value, collections.abc.Mapping):
            raise _Mismatch
        if key is None and value_check is None:
            return value
        checked = {}
        for k, v in value.items():
            if key is not None:
                k = _strict(key, f"{field} key", k)
            checked[k] = v if value_check is None else _strict(value_check, f"{field}[{k}]", v)
        return checked

    return check


def _fixed_tuple(items: tuple[Check | None, ...]) -> Check:
    def check(field: str, value: object) -> object:
        if not isinstance(value, tuple) or len(value) != len(items):
            raise _Mismatch
        return tuple(
            v if c is None else _strict(c, f"{field}[{i}]", v)
            for i, (c, v) in enumerate(zip(items, value, strict=True))
        )

    return check


def _union(members: list[Check], description: str) -> Check:
    def check(field: str, value: object) -> object:
        # A member's own refusal (a single string where items belong) stands only when
        # no other member takes the value (``bytes`` beside ``Iterable[bytes]``).
        refused: ValidationError | None = None
        for member in members:
            try:
                return member(field, value)
            except _Mismatch:
                continue
            except ValidationError as error:
                refused = refused or error
        if refused is not None:
            raise refused
        raise _Mismatch

    return _named(check, description)


def _named(check: Check, description: str) -> Check:
    check.__doc__ = description
    return check


def _strict(check: Check, field: str, value: object) -> object:
    """Run *check*, turning a mismatch into the ``type`` refusal of *field*."""
    try:
        return check(field, value)
    except _Mismatch:
        raise ValidationError(
            field, "type", f"must be {check.__doc__}, not {type(value).__name__}"
        ) from None


def _compile(hint: object) -> Check | None:
    """Return the check of values of *hint*, or ``None`` when anything goes.

    Raises:
        TypeError: a hint of a form the checks do not know.
    """
    if hint is object or hint is Any or isinstance(hint, TypeVar):
        return None
    if hint is type(None) or hint is None:
        return _named(_none, "None")
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        members = [_compile(arg) for arg in args]
        if any(member is None for member in members):
            return None
        checks = [m for m in members if m is not None]
        return _union(checks, " or ".join(str(check.__doc__) for check in checks))
    if origin in _ABSTRACT_COLLECTIONS or origin in (list, set, frozenset):
        need = collections.abc.Collection if origin is not collections.abc.Iterable else origin
        return _named(_items(_compile(args[0]) if args else None, need=need), "a collection")
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _named(_items(_compile(args[0]), need=tuple), "a tuple")
        return _named(_fixed_tuple(tuple(_compile(arg) for arg in args)), "a tuple")
    if origin in (collections.abc.Mapping, dict):
        key, value = (_compile(arg) for arg in args) if args else (None, None)
        return _named(_mapping(key, value), "a mapping")
    if origin is None and isinstance(hint, type):
        if hint is str:
            return _named(_text, "text")
        if getattr(hint, "_is_protocol", False) and not getattr(
            hint, "_is_runtime_protocol", False
        ):
            return None  # a structural type cannot be checked at run time
        described = f"{hint.__module__}.{hint.__qualname__}"
        if hint.__module__ == "builtins":
            described = hint.__qualname__
        return _named(_instance(hint), described)
    raise TypeError(f"no argument check for the type hint {hint!r}")


class ArgumentPlan:
    """The checks of one method's parameters, by position and by name.

    Args:
        method: The undecorated method (with ``self`` first).
    """

    def __init__(self, method: Callable[..., Any]) -> None:
        hints = typing.get_type_hints(method)
        parameters = list(inspect.signature(method).parameters.values())[1:]
        positional: list[tuple[int, str, Check]] = []
        self.by_name: dict[str, Check] = {}
        for index, parameter in enumerate(parameters):
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            check = _compile(hints.get(parameter.name, object))
            if check is None:
                continue
            if parameter.kind is not parameter.KEYWORD_ONLY:
                positional.append((index, parameter.name, check))
            if parameter.kind is not parameter.POSITIONAL_ONLY:
                self.by_name[parameter.name] = check
        self.positional = tuple(positional)

    def apply(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """Return the arguments the method is given, checked (*kwargs* is updated).

        Raises:
            ValidationError: the first argument, in the signature's order of the
                positional ones and then the keywords', that breaks its hint.
        """
        if args:
            given: list[Any] | None = None
            for index, name, check in self.positional:
                if index >= len(args):
                    break
                value = args[index]
                kept = _strict(check, name, value)
                if kept is not value:  # items made a tuple: copy the arguments once
                    given = list(args) if given is None else given
                    given[index] = kept
            if given is not None:
                args = tuple(given)
        if kwargs:
            for name, value in kwargs.items():
                by_name = self.by_name.get(name)
                if by_name is not None:
                    kwargs[name] = _strict(by_name, name, value)
        return args, kwargs


def checked(method: F) -> F:
    """Wrap the service method *method* so that its arguments are checked first.

    The plan is built from the type hints at the first call (when every module the
    hints name is imported) and kept.
    """
    plan: ArgumentPlan | None = None

    def run(self: object, /, *args: Any, **kwargs: Any) -> Any:
        nonlocal plan
        if plan is None:
            plan = ArgumentPlan(method)
        args, kwargs = plan.apply(args, kwargs)
        return method(self, *args, **kwargs)

    functools.update_wrapper(run, method)
    run.__commtrak_plan__ = lambda: plan or ArgumentPlan(method)  # type: ignore[attr-defined]
    return typing.cast(F, run)


def plan_of(method: Callable[..., Any]) -> ArgumentPlan:
    """Return the argument plan of a wrapped service method (built if it was not yet).

    Raises:
        TypeError: the method is not wrapped, or one of its hints has no check.
    """
    build = getattr(method, "__commtrak_plan__", None)
    if build is None:
        raise TypeError(f"{method!r} is not a checked service method")
    plan: ArgumentPlan = build()
    return plan
