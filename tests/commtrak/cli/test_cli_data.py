"""``commtrak export``, ``import`` and ``transfer``."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from commtrak import Actor, open_store
from commtrak.cli.data import new_file

if TYPE_CHECKING:
    from conftest import Invoke


def customer_names(url: str) -> list[str]:
    with open_store(url) as store, store.session(actor=Actor.system()) as s:
        return sorted(c.name for c in s.transaction.customers.scan(None, 1000))


def test_export_writes_a_json_document(invoke: Invoke, demo_url: str, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    result = invoke("export", "--url", demo_url, str(path))
    assert result.exit_code == 0, result.stderr
    document = json.loads(path.read_text())
    assert document["format"] == "commtrak-export"
    assert len(document["customers"]) == 4
    assert "Exported 1 groups, 4 customers, 4 contacts" in result.stdout
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_export_refuses_to_replace_a_file_without_force(
    invoke: Invoke, demo_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "good.json"
    path.write_text("the good export")
    result = invoke("export", "--url", demo_url, str(path))
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"commtrak: path: {path} exists; pass --force to replace it [file_exists]\n"
    )
    assert path.read_text() == "the good export"
    assert invoke("export", "--url", demo_url, str(path), "--force").exit_code == 0
    assert json.loads(path.read_text())["format"] == "commtrak-export"


def test_export_dash_writes_to_standard_output(
    invoke: Invoke, demo_url: str, tmp_path: Path
) -> None:
    result = invoke("export", "--url", demo_url, "-")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "commtrak-export"
    assert "Exported 1 groups, 4 customers" in result.stderr
    assert not (tmp_path / "-").exists()


def test_export_of_a_sqlite_file_that_does_not_exist_is_refused(
    invoke: Invoke, tmp_path: Path
) -> None:
    result = invoke("export", "--url", "sqlite:///mistyped.db", "out.json")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"commtrak: there is no SQLite database at {tmp_path / 'mistyped.db'}"
    )
    assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_export_and_import_between_sqlite_files(
    invoke: Invoke, demo_url: str, tmp_path: Path
) -> None:
    document = tmp_path / "export.json"
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    assert invoke("export", "--url", demo_url, str(document)).exit_code == 0
    result = invoke("import", "--url", target, str(document))
    assert result.exit_code == 0, result.stderr
    assert "Imported 1 groups, 4 customers, 4 contacts" in result.stdout
    assert customer_names(target) == customer_names(demo_url)
    assert invoke("demo", "--url", target).stdout.startswith("The group")


def test_import_reads_standard_input(invoke: Invoke, demo_url: str, tmp_path: Path) -> None:
    exported = invoke("export", "--url", demo_url, "-").stdout
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    result = invoke("import", "--url", target, "-", input=exported)
    assert result.exit_code == 0, result.stderr
    assert len(customer_names(target)) == 4


def test_import_into_a_store_with_data_is_refused_and_writes_nothing(
    invoke: Invoke, demo_url: str, tmp_path: Path
) -> None:
    document = tmp_path / "export.json"
    assert invoke("export", "--url", demo_url, str(document)).exit_code == 0
    before = customer_names(demo_url)
    result = invoke("import", "--url", demo_url, str(document))
    assert result.exit_code == 1
    assert "store: import writes into an empty store only [store_not_empty]" in result.stderr
    assert customer_names(demo_url) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "other"}', "document: not a commtrak-export document of version 1 [format]"),
        ("not json at all", "document: export.json is not JSON: Expecting value"),
        ("null", "document: export.json holds a JSON null, not an object [format]"),
        ("[]", "document: export.json holds a JSON array, not an object [format]"),
        ("[" * 100_000 + "]" * 100_000, "document: export.json nests too deeply to read [json]"),
        (b"\xff\xfe".decode("latin-1"), "document: export.json is not JSON"),
    ],
    ids=["other-format", "not-json", "null", "list", "deep", "not-utf8"],
)
def test_a_document_that_is_not_an_export_is_one_line_and_status_one(
    invoke: Invoke, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "export.json"
    path.write_text(content, encoding="latin-1")
    result = invoke("import", "--url", "memory://", "export.json")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"commtrak: {message}")
    assert result.stderr.count("\n") == 1


def test_import_of_a_missing_file_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("import", "--url", "memory://", "nosuch.json")
    assert result.exit_code == 2
    assert result.stderr == (
        "commtrak: Invalid value for 'PATH': File 'nosuch.json' does not exist. "
        "(see 'commtrak import --help')\n"
    )


def test_transfer_copies_a_store_into_an_empty_one(
    invoke: Invoke, demo_url: str, tmp_path: Path
) -> None:
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    result = invoke("transfer", demo_url, target)
    assert result.exit_code == 0, result.stderr
    assert "Copied 1 groups, 4 customers, 4 contacts" in result.stdout
    assert customer_names(target) == customer_names(demo_url)
    again = invoke("transfer", demo_url, target)
    assert again.exit_code == 1
    assert "[store_not_empty]" in again.stderr
    assert len(customer_names(target)) == 4


def test_transfer_from_a_sqlite_file_that_does_not_exist_is_refused(
    invoke: Invoke, tmp_path: Path
) -> None:
    result = invoke("transfer", "sqlite:///mistyped.db", "sqlite:///copy.db")
    assert result.exit_code == 2
    assert "there is no SQLite database at" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_export_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    path = tmp_path / "good.json"
    path.write_text("the good export")

    def write_half() -> None:
        with new_file(path, replace=True) as file:
            file.write("half a docu")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_half()
    assert path.read_text() == "the good export"
    assert [p.name for p in tmp_path.iterdir()] == ["good.json"]


def test_a_zip_export_imports_back_through_import_archive(
    invoke: Invoke, demo_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "store.zip"
    result = invoke("export", "--url", demo_url, str(path))
    assert result.exit_code == 0, result.stderr
    assert "Exported 1 groups, 4 customers, 4 contacts" in result.stdout
    assert zipfile.ZipFile(path).read("manifest.json").startswith(b"{")
    again = invoke("export", "--url", demo_url, str(path))
    assert again.exit_code == 1
    assert "exists; pass --force to replace it [file_exists]" in again.stderr
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    imported = invoke("import-archive", "--url", target, str(path))
    assert imported.exit_code == 0, imported.stderr
    assert "Imported 1 groups, 4 customers" in imported.stdout
    assert customer_names(target) == customer_names(demo_url)


def test_import_archive_refuses_a_damaged_archive_in_one_line(
    invoke: Invoke, demo_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "store.zip"
    assert invoke("export", "--url", demo_url, "--zip", str(path)).exit_code == 0
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    result = invoke("import-archive", "--url", target, str(damaged))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("commtrak: ")
    assert "Traceback" not in result.stderr
    assert customer_names(target) == []
