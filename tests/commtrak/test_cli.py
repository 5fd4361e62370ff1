"""The ``commtrak`` command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from commtrak.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def test_the_demo_builds_and_shows_the_seed_group() -> None:
    status, text = run("--url", "memory://", "demo")
    assert status == 0
    assert "Built the group 'Real Peach Real Estate'" in text
    assert "Real Peach Real Estate Head Office - Perth  (Head Office)" in text
    assert "previous: Real Peach Real Estate Adelaide" in text
    assert "next:     Real Peach Real Estate Perth" in text
    assert "fran@realpeach.example: 3 contacts" in text
    assert "Fran James <fran@realpeach.example> (Head Office contact)" in text


def test_export_writes_a_json_document(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    status, text = run("--url", "memory://", "export", str(path))
    assert status == 0
    document = json.loads(path.read_text())
    assert document["format"] == "commtrak-export"
    assert "Exported" in text


def test_library_errors_are_one_line_and_status_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "other"}))
    assert run("--url", "memory://", "import", str(path))[0] == 2
    assert "document: not a commtrak-export document" in capsys.readouterr().err
    assert run("--url", "nosuch://", "demo")[0] == 2
    error = capsys.readouterr().err
    assert "no installed backend handles 'nosuch://'" in error
    assert "memory" in error
    assert run("--url", "memory://", "merge", "not-a-uuid")[0] == 2


def test_the_demo_on_sqlite_twice_builds_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'commtrak.db'}"
    first = run("--url", url, "demo")
    second = run("--url", url, "demo")
    assert first[0] == second[0] == 0
    assert "Built the group" in first[1]
    assert "is already in" in second[1]
    assert first[1].split("Members", 1)[1] == second[1].split("Members", 1)[1]
    status, text = run("--url", url, "migrate")
    assert status == 0
    assert "schema revision" in text


def test_export_and_import_between_sqlite_files(tmp_path: Path) -> None:
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    document = tmp_path / "export.json"
    assert run("--url", f"sqlite:///{source}", "demo")[0] == 0
    assert run("--url", f"sqlite:///{source}", "export", str(document))[0] == 0
    status, text = run("--url", f"sqlite:///{target}", "import", str(document))
    assert status == 0
    assert "'customers': 4" in text
    assert run("--url", f"sqlite:///{target}", "demo")[1].startswith("The group")
