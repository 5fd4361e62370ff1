"""``commtrak migrate``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import Invoke


def test_a_store_without_schema_has_nothing_to_migrate(invoke: Invoke) -> None:
    result = invoke("migrate", "--url", "memory://")
    assert result.exit_code == 0
    assert result.stdout == "memory:// keeps no schema; nothing to migrate.\n"


def test_migrate_creates_a_sqlite_file_and_prints_its_revisions(
    invoke: Invoke, tmp_path: Path
) -> None:
    result = invoke("migrate", "--url", "sqlite:///new.db")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("sqlite:///new.db: schema revision ")
    assert (tmp_path / "new.db").is_file()
