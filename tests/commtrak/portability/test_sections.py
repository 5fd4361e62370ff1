"""Contexts add export sections through entry points; a broken one is an error, not a gap."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest

from commtrak import Actor, PluginError, ValidationError
from commtrak.portability import FORMAT, VERSION, export_data, import_data
from commtrak.portability import sections as sections_module
from commtrak.portability.sections import SECTIONS, Section, all_sections, contributed_sections
from commtrak.testing.conformance._base import open_test_store

ACTOR = Actor.staff("staff-1", "Sam Supervisor", "supervisor")


@attrs.frozen
class Note:
    """A record of a pretend context."""

    id: str
    text: str


class Notes:
    """The pretend context's storage: a list the section writes into."""

    def __init__(self) -> None:
        self.rows: list[Note] = []


NOTES = Notes()


def _check(session: Any) -> Callable[[Note], Note]:
    def check(note: Note) -> Note:
        if not note.text:
            raise ValidationError("text", "required", "a note needs its text")
        return attrs.evolve(note, text=note.text.strip())

    return check


def _read(tx: Any) -> Iterator[Note]:
    return iter(NOTES.rows)


def _write(tx: Any) -> Callable[[Note], None]:
    return NOTES.rows.append


NOTE_SECTIONS = (Section("notes", Note, _read, _write, check=_check),)


class FakePoint:
    """An entry point whose ``load`` returns (or raises) what it was given."""

    def __init__(self, name: str, loaded: object) -> None:
        self.name = name
        self.value = f"tests:{name}"
        self._loaded = loaded

    def load(self) -> object:
        if isinstance(self._loaded, Exception):
            raise self._loaded
        return self._loaded


@pytest.fixture
def points(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[FakePoint]]:
    """The entry points the registry sees instead of the installed ones."""
    found: list[FakePoint] = []
    installed = importlib.metadata.entry_points

    def entry_points(*, group: str) -> Any:
        return found if group == sections_module.ENTRY_POINT_GROUP else installed(group=group)

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    contributed_sections.cache_clear()
    NOTES.rows.clear()
    yield found
    contributed_sections.cache_clear()


def test_the_installed_contexts_contribute_through_the_entry_point_group() -> None:
    points = importlib.metadata.entry_points(group="commtrak.export_sections")
    names = {point.name for point in points}
    assert {"finance", "field_service"} <= names
    assert all_sections()[: len(SECTIONS)] == SECTIONS


def test_a_contributed_section_is_exported_checked_and_imported(points: list[FakePoint]) -> None:
    points.append(FakePoint("notes", NOTE_SECTIONS))
    NOTES.rows.append(Note("n1", "  kept  "))
    with open_test_store("memory://") as store, store.session(actor=ACTOR) as s:
        document = export_data(s)
    assert document["notes"] == [{"id": "n1", "text": "  kept  "}]
    NOTES.rows.clear()
    with open_test_store("memory://") as store, store.session(actor=ACTOR) as s:
        counts = import_data(s, document)
    assert counts["notes"] == 1
    assert NOTES.rows == [Note("n1", "kept")]


def test_a_contributed_section_refuses_what_its_check_refuses(points: list[FakePoint]) -> None:
    points.append(FakePoint("notes", NOTE_SECTIONS))
    document = {"format": FORMAT, "version": VERSION, "notes": [{"id": "n1", "text": ""}]}
    with (
        open_test_store("memory://") as store,
        store.session(actor=ACTOR) as s,
        pytest.raises(ValidationError) as caught,
    ):
        import_data(s, document)
    assert (caught.value.field, caught.value.rule) == ("text", "required")


@pytest.mark.parametrize(
    ("loaded", "message"),
    [
        (ImportError("no module"), "could not be loaded"),
        (42, "could not be loaded"),
        ((object(),), "no Section"),
        ((attrs.evolve(NOTE_SECTIONS[0], name="customers"),), "repeat the section name"),
    ],
)
def test_a_broken_contribution_is_a_plugin_error(
    points: list[FakePoint], loaded: object, message: str
) -> None:
    points.append(FakePoint("broken", loaded))
    with pytest.raises(PluginError, match=message):
        all_sections()
