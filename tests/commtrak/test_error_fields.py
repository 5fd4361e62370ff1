"""Every error class commtrak raises carries a field and a rule, and no raise is bare."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import typing
import warnings
from pathlib import Path

import pytest

import commtrak
import commtrak_memory
import commtrak_sqlalchemy
from commtrak.errors import CommtrakError

SRC = Path(__file__).parents[2] / "src"


def _import_everything() -> None:
    for package in (commtrak, commtrak_memory, commtrak_sqlalchemy):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations." not in module.name and ".testing." not in module.name:
                with warnings.catch_warnings():  # the moved modules warn when imported
                    warnings.simplefilter("ignore", DeprecationWarning)
                    importlib.import_module(module.name)


def _subclasses(cls: type[CommtrakError]) -> list[type[CommtrakError]]:
    found = []
    for sub in cls.__subclasses__():
        if sub.__module__.split(".")[0] in ("commtrak", "commtrak_memory", "commtrak_sqlalchemy"):
            found.append(sub)
        found.extend(_subclasses(sub))
    return found


_import_everything()
CLASSES = sorted(set(_subclasses(CommtrakError)), key=lambda cls: cls.__qualname__)

#: A value of each parameter type the errors' constructors take.
_EXAMPLES: dict[str, object] = {"str": "x", "object": "x", "int": 1}


def _example(hint: object) -> object:
    if typing.get_origin(hint) is not None or "|" in str(hint):
        return None if "None" in str(hint) else ()
    return _EXAMPLES.get(getattr(hint, "__name__", ""), "x")


def _instance(cls: type[CommtrakError]) -> CommtrakError:
    hints = typing.get_type_hints(cls.__init__)
    arguments = {
        name: _example(hints.get(name, str))
        for name, parameter in inspect.signature(cls.__init__).parameters.items()
        if name != "self" and parameter.default is inspect.Parameter.empty
    }
    if "known" in arguments:  # TemplateError's tags
        arguments["known"] = ()
    return cls(**arguments)


def test_the_hierarchy_is_found() -> None:
    names = {cls.__name__ for cls in CLASSES}
    assert {"ValidationError", "NotFound", "BackendUnavailable", "SessionClosed"} <= names


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__qualname__)
def test_every_error_class_carries_a_field_and_a_rule(cls: type[CommtrakError]) -> None:
    if cls.__name__ == "RecordRejected":
        pytest.skip("made from the ValidationError it wraps, tested in portability")
    error = _instance(cls)
    assert isinstance(error.field, str)
    assert error.field
    assert isinstance(error.rule, str)
    assert error.rule
    assert error.rule != "unspecified", f"{cls.__qualname__} names no rule of its own"


def test_no_raise_site_raises_the_bare_base_class() -> None:
    bare = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                called = node.exc.func
                if isinstance(called, ast.Name) and called.id == "CommtrakError":
                    bare.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not bare, f"raise a CommtrakError subclass with a field and a rule: {bare}"


def test_an_applications_own_subclass_still_takes_a_message_alone() -> None:
    class Recorded(CommtrakError):
        pass

    error = Recorded("recorded on purpose")
    assert (str(error), error.field, error.rule) == ("recorded on purpose", "record", "unspecified")
