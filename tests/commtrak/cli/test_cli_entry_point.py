"""The command as people run it: a real process, its exit status, its standard error.

Each test runs ``python -m commtrak.cli`` (what the installed ``commtrak`` script
runs) and checks that no error, however it comes, prints a traceback.
"""

from __future__ import annotations

import hashlib
import json
import os
import pty
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from commtrak import Actor, open_store

if TYPE_CHECKING:
    from conftest import EntryPoint


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wait_for(condition: object, process: subprocess.Popen[str], timeout: float = 60) -> None:
    """Wait until *condition()* holds while *process* runs."""
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, "the command ended before it could be interrupted"
        assert time.monotonic() < deadline, "the command never got there"
        time.sleep(0.005)


def test_bad_arguments_are_one_line_and_status_two(entry_point: EntryPoint) -> None:
    done = entry_point.run("export")
    assert done.returncode == 2
    assert done.stderr == "commtrak: Missing argument 'PATH'. (see 'commtrak export --help')\n"


def test_a_missing_file_is_one_line_and_status_two(entry_point: EntryPoint) -> None:
    done = entry_point.run("import", "--url", "memory://", "nosuch.json")
    assert done.returncode == 2
    assert "File 'nosuch.json' does not exist." in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_wrong_url_scheme_is_one_line_and_status_two(entry_point: EntryPoint) -> None:
    done = entry_point.run("customers", "list", "--url", "sqlit:///crm.db")
    assert done.returncode == 2
    assert done.stderr.startswith("commtrak: no installed backend handles 'sqlit:///crm.db'")
    assert done.stderr.count("\n") == 1


def test_a_mistyped_sqlite_path_creates_no_database(
    entry_point: EntryPoint, tmp_path: Path
) -> None:
    for command in (["customers", "list"], ["export", "out.json"], ["groups", "search", "abc"]):
        done = entry_point.run(*command, "--url", "sqlite:///crn.db")
        assert done.returncode == 2
        assert done.stderr.startswith(
            f"commtrak: there is no SQLite database at {tmp_path / 'crn.db'}"
        )
        assert done.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_an_existing_export_file_is_kept(entry_point: EntryPoint, tmp_path: Path) -> None:
    assert entry_point.run("demo", "--url", "sqlite:///crm.db").returncode == 0
    (tmp_path / "good.json").write_text("the good export")
    done = entry_point.run("export", "--url", "sqlite:///crm.db", "good.json")
    assert done.returncode == 1
    assert (
        done.stderr
        == "commtrak: path: good.json exists; pass --force to replace it [file_exists]\n"
    )
    assert (tmp_path / "good.json").read_text() == "the good export"


def test_export_dash_writes_standard_output(entry_point: EntryPoint, tmp_path: Path) -> None:
    assert entry_point.run("demo", "--url", "sqlite:///crm.db").returncode == 0
    done = entry_point.run("export", "--url", "sqlite:///crm.db", "-")
    assert done.returncode == 0
    assert len(json.loads(done.stdout)["customers"]) == 4
    assert not (tmp_path / "-").exists()


def test_ctrl_c_during_an_import_leaves_the_store_unchanged(
    entry_point: EntryPoint, tmp_path: Path, customers_document: Callable[[int], Any]
) -> None:
    (tmp_path / "big.json").write_text(json.dumps(customers_document(5000)))
    assert entry_point.run("migrate", "--url", "sqlite:///target.db").returncode == 0
    before = digest(tmp_path / "target.db")
    process = entry_point.start(
        "import", "--url", "sqlite:///target.db", "big.json", stderr=subprocess.PIPE
    )
    # SQLite's rollback journal exists from the import's first write to its commit.
    wait_for((tmp_path / "target.db-journal").exists, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr == ""
    assert not (tmp_path / "target.db-journal").exists()
    assert digest(tmp_path / "target.db") == before
    with (
        open_store("sqlite:///" + str(tmp_path / "target.db")) as store,
        store.session(actor=Actor.system()) as s,
    ):
        assert s.transaction.customers.scan(None, 1) == []


def test_ctrl_c_during_an_export_ends_quietly_with_the_store_unchanged(
    entry_point: EntryPoint, many_customers: str
) -> None:
    store_file = Path(many_customers.removeprefix("sqlite:///"))
    before = digest(store_file)
    # Standard output is a pipe nobody reads: the export blocks on it, mid-document.
    process = entry_point.start(
        "export", "--url", many_customers, "-", stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.read(10)  # the export has begun: it is writing
    assert first.startswith("{")
    process.send_signal(signal.SIGINT)
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=60)
    assert process.returncode in (130, 141)  # Ctrl-C, unless the closed pipe came first
    assert "Traceback" not in stderr
    assert digest(store_file) == before


def test_a_reader_gone_before_the_output_ends_the_command_quietly(
    entry_point: EntryPoint, many_customers: str
) -> None:
    process = entry_point.start(
        "customers",
        "list",
        "--url",
        many_customers,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # the reader is gone before the table is written
    stderr = process.stderr.read()
    process.stderr.close()
    process.wait(timeout=60)
    assert process.returncode == 141
    assert stderr == ""


def test_a_closed_pipe_under_a_shell_is_quiet(entry_point: EntryPoint, many_customers: str) -> None:
    # `head` may leave before or after the table is written: either way, no word.
    line = " ".join(entry_point.argv("customers", "list", "--url", many_customers))
    done = entry_point.execute(f"{line} --limit 5000 | head -1", shell=True)
    assert done.returncode == 0
    assert done.stdout.count("\n") == 1
    assert done.stderr == ""


@pytest.mark.parametrize(("answer", "status", "merged"), [("y", 0, True), ("n", 1, False)])
def test_merge_asks_on_the_terminal(
    entry_point: EntryPoint, tmp_path: Path, answer: str, status: int, merged: bool
) -> None:
    url = f"sqlite:///{tmp_path / 'crm.db'}"
    assert entry_point.run("demo", "--url", url).returncode == 0
    with open_store(url) as store, store.session(actor=Actor.system()) as s:
        (match,) = s.groups.search("Real Peach")
        head_office = str(match.group.head_office_id)
    controller, terminal = pty.openpty()
    process = entry_point.start(
        "duplicates",
        "merge",
        head_office,
        "--url",
        url,
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.close(terminal)
    os.write(controller, f"{answer}\n".encode())
    stdout, stderr = process.communicate(timeout=60)
    os.close(controller)
    assert "Traceback" not in stderr
    assert "Merge 1 duplicate set(s)? [y/N]" in stderr
    assert process.returncode == status
    assert ("Merged 1 duplicate set(s)." in stdout) is merged
    with open_store(url) as store, store.session(actor=Actor.system()) as s:
        assert len(s.duplicates.find(match.group.head_office_id)) == (0 if merged else 1)


def test_without_the_cli_extra_the_command_says_what_to_install(
    entry_point: EntryPoint,
) -> None:
    hide_click = (
        "import sys; sys.modules['click'] = None; "
        "from commtrak.cli import main; raise SystemExit(main(['--help']))"
    )
    done = entry_point.execute([sys.executable, "-c", hide_click])
    assert done.returncode == 2
    assert done.stderr == (
        "commtrak: the command needs click, which is not installed; "
        "install it with: pip install 'commtrak[cli]'\n"
    )


def test_progress_shows_on_a_terminal_only(
    entry_point: EntryPoint, many_customers: str, tmp_path: Path
) -> None:
    controller, terminal = pty.openpty()
    process = entry_point.start(
        "export", "--url", many_customers, "out.json", stdout=subprocess.PIPE, stderr=terminal
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal's last writer is gone
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    stdout, _ = process.communicate(timeout=60)
    assert process.returncode == 0
    assert b"Reading sqlite:///" in shown
    assert b"Traceback" not in shown
    assert stdout.startswith("Exported 5000 customers")
    assert "Reading" not in stdout
    assert len(json.loads((tmp_path / "out.json").read_text())["customers"]) == 5000
