"""``commtrak import FILE.csv`` as people run it: a real process, its status, its errors."""

from __future__ import annotations

import csv
import signal
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from commtrak import Actor, open_store

if TYPE_CHECKING:
    from conftest import EntryPoint

#: ``commtrak import`` into ``crm.db`` with offline email checks; the file follows.
IMPORT_INTO_CRM = ("import", "--url", "sqlite:///crm.db", "--email-check", "offline")
HEADER = ["Ref", "Company", "Address Line 1", "Postcode", "Contact", "Email"]


def write_customers(path: Path, count: int, *, bad: int | None = None) -> Path:
    """A CSV of *count* customers with contacts; row *bad* (if any) has no name."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for n in range(count):
            name = "" if n == bad else f"Customer {n:05}"
            writer.writerow([f"R{n}", name, f"{n} Peach St", "6000", f"C {n}", f"c{n}@x.example"])
    return path


def test_a_csv_file_is_imported_into_a_group(entry_point: EntryPoint, tmp_path: Path) -> None:
    write_customers(tmp_path / "c.csv", 3, bad=1)
    done = entry_point.run(
        *IMPORT_INTO_CRM,
        "c.csv",
        "--group",
        "Real Peach",
        "--create-group",
        "--rejects",
        "rejects.csv",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (
        "Imported 2 customers with 2 contacts into group 'Real Peach' from c.csv: "
        "3 rows read, 1 rejected, 0 skipped (imported before)"
    )
    assert "Rejected rows" in done.stdout
    assert "required" in done.stdout
    report = (tmp_path / "rejects.csv").read_text().splitlines()
    assert report[1].startswith("3,Company,,name,required,")
    again = entry_point.run(
        *IMPORT_INTO_CRM,
        "c.csv",
        "--rejects",
        "rejects.csv",
    )
    assert again.returncode == 1
    assert again.stderr == (
        "commtrak: path: rejects.csv exists; pass --force to replace it [file_exists]\n"
    )
    again = entry_point.run(
        "import", "c.csv", "--url", "sqlite:///crm.db", "--email-check", "offline"
    )
    assert again.returncode == 0
    assert "0 customers" in again.stdout
    assert "2 skipped" in again.stdout


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("Nope=name", "commtrak: mapping: column 'Nope' (for name) is not in the file's header"),
        ("Company=nickname", "commtrak: mapping: 'nickname' is not a field"),
        ("Company", "commtrak: mapping: 'Company' is not COLUMN=FIELD [mapping_syntax]"),
        ("Company=name", "commtrak: mapping: no column is mapped to address.line1"),
    ],
)
def test_a_bad_mapping_is_one_line_and_status_one_and_creates_no_database(
    entry_point: EntryPoint, tmp_path: Path, mapping: str, message: str
) -> None:
    write_customers(tmp_path / "c.csv", 2)
    done = entry_point.run("import", "c.csv", "--url", "sqlite:///crn.db", "--mapping", mapping)
    assert done.returncode == 1
    assert done.stderr.startswith(message)
    assert done.stderr.count("\n") == 1
    assert not (tmp_path / "crn.db").exists()


def test_a_mapping_file_is_read(entry_point: EntryPoint, tmp_path: Path) -> None:
    write_customers(tmp_path / "c.csv", 2)
    (tmp_path / "mapping.json").write_text(
        '{"name": "Company", "address.line1": "Address Line 1", "address.postcode": "Postcode"}'
    )
    done = entry_point.run(
        "import", "c.csv", "--url", "sqlite:///crm.db", "--mapping", "mapping.json"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Imported 2 customers from c.csv")  # no contacts mapped


def test_a_missing_file_is_one_line_and_status_two(entry_point: EntryPoint) -> None:
    done = entry_point.run("import", "--url", "memory://", "nosuch.csv")
    assert done.returncode == 2
    assert "File 'nosuch.csv' does not exist." in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_wrong_url_is_one_line_and_status_two(entry_point: EntryPoint, tmp_path: Path) -> None:
    write_customers(tmp_path / "c.csv", 2)
    done = entry_point.run("import", "c.csv", "--url", "sqlit:///crm.db")
    assert done.returncode == 2
    assert done.stderr.startswith("commtrak: no installed backend handles 'sqlit:///crm.db'")
    assert done.stderr.count("\n") == 1


def test_csv_options_need_a_csv_file(entry_point: EntryPoint, tmp_path: Path) -> None:
    (tmp_path / "doc.json").write_text("{}")
    done = entry_point.run("import", "doc.json", "--url", "memory://", "--group", "G")
    assert done.returncode == 2
    assert done.stderr.startswith("commtrak: the CSV options need a PATH ending in .csv")


def test_all_or_nothing_imports_nothing_when_a_row_is_rejected(
    entry_point: EntryPoint, tmp_path: Path
) -> None:
    write_customers(tmp_path / "c.csv", 50, bad=49)
    done = entry_point.run(
        *IMPORT_INTO_CRM,
        "c.csv",
        "--all-or-nothing",
        "--batch-size",
        "10",
    )
    assert done.returncode == 1
    assert done.stderr == (
        "commtrak: 1 of 50 rows rejected; nothing was imported (--all-or-nothing)\n"
    )
    assert count_customers(f"sqlite:///{tmp_path / 'crm.db'}") == 0


def test_ctrl_c_part_way_keeps_whole_batches_and_a_second_run_finishes(
    entry_point: EntryPoint, tmp_path: Path
) -> None:
    write_customers(tmp_path / "big.csv", 10_000)
    assert entry_point.run("migrate", "--url", "sqlite:///crm.db").returncode == 0
    process = entry_point.start(
        *IMPORT_INTO_CRM,
        "big.csv",
        "--batch-size",
        "500",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    journal = tmp_path / "crm.db-journal"
    wait_for_batches(process, journal, batches=2)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert (stdout, stderr) == ("", "")
    url = f"sqlite:///{tmp_path / 'crm.db'}"
    count = count_customers(url)
    assert count % 250 == 0  # whole batches only
    assert count < 10_000
    done = entry_point.run("import", "big.csv", "--url", url, "--email-check", "offline")
    assert done.returncode == 0, done.stderr
    assert f"Imported {10_000 - count} customers" in done.stdout
    assert f"{count} skipped" in done.stdout
    assert count_customers(url) == 10_000


def test_a_closed_pipe_ends_the_import_quietly(entry_point: EntryPoint, tmp_path: Path) -> None:
    write_customers(tmp_path / "c.csv", 200, bad=3)
    process = entry_point.start(
        *IMPORT_INTO_CRM,
        "c.csv",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # the reader is gone before the summary is written
    process.stdout = None
    _, stderr = process.communicate(timeout=60)
    assert (process.returncode, stderr) == (141, "")


def wait_for_batches(process: subprocess.Popen[str], journal: Path, *, batches: int) -> None:
    """Wait until *batches* batches were written (SQLite's journal came and went)."""
    seen, present = 0, False
    while seen < batches:
        assert process.poll() is None, "the import ended before it could be interrupted"
        now = journal.exists()
        if present and not now:
            seen += 1
        present = now


def count_customers(url: str) -> int:
    """How many customers the store at *url* holds."""
    with open_store(url) as store, store.session(actor=Actor.system()) as s:
        count, after = 0, None
        while page := s.transaction.customers.scan(after, 5000):
            count += len(page)
            after = page[-1].id
        return count
