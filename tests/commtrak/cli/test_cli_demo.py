"""``commtrak demo``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Invoke


def test_the_demo_builds_and_shows_the_seed_group(invoke: Invoke) -> None:
    result = invoke("demo", "--url", "memory://")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Built the group 'Real Peach Real Estate'" in text
    assert "Real Peach Real Estate Head Office - Perth  (Head Office)" in text
    assert "previous: Real Peach Real Estate Adelaide" in text
    assert "next:     Real Peach Real Estate Perth" in text
    assert "fran@realpeach.example: 3 contacts" in text
    assert "Fran James <fran@realpeach.example> (Head Office contact)" in text


def test_the_demo_on_sqlite_twice_builds_once(invoke: Invoke, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'commtrak.db'}"
    first, second = invoke("demo", "--url", url), invoke("demo", "--url", url)
    assert first.exit_code == second.exit_code == 0
    assert "Built the group" in first.stdout
    assert "is already in" in second.stdout
    assert first.stdout.split("Members", 1)[1] == second.stdout.split("Members", 1)[1]


def test_the_demo_uses_commtrak_url_when_no_url_is_given(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMMTRAK_URL", f"sqlite:///{tmp_path / 'from-env.db'}")
    assert invoke("demo").exit_code == 0
    assert (tmp_path / "from-env.db").is_file()
    assert not (tmp_path / "commtrak.db").exists()


def test_without_url_nor_commtrak_url_the_store_is_commtrak_db(
    invoke: Invoke, tmp_path: Path
) -> None:
    assert invoke("demo").exit_code == 0
    assert (tmp_path / "commtrak.db").is_file()
