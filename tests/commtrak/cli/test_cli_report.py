"""``commtrak customers list`` with filters, and ``commtrak report``: in and out of process."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from commtrak import Actor, Address, field_service, open_store

if TYPE_CHECKING:
    from conftest import EntryPoint, Invoke


@pytest.fixture
def filled_url(tmp_path: Path) -> str:
    """A SQLite file: a group, customers with departments, contracts and flags."""
    url = f"sqlite:///{tmp_path / 'filled.db'}"
    with open_store(url) as store, store.session(actor=Actor.system()) as s:
        s.departments.add("Sales")
        group = s.groups.create("Real Peach 100%")
        made = {}
        for name in ("Gas & Co", "100% Heat", "Under_score", "Plain"):
            made[name] = s.customers.add(name=name, address=Address(line1="1 St", postcode="6000"))
        s.groups.add_member(group.id, made["Gas & Co"].id)
        s.groups.add_member(group.id, made["100% Heat"].id)
        service = field_service.of(s)
        for name, kind in (
            ("Gas & Co", "Warranty"),
            ("100% Heat", "Warranty"),
            ("100% Heat", "Gas"),
        ):
            service.contracts.add(
                made[name].id,
                name=f"{kind} cover",
                contract_type=kind,
                starts_on=datetime.date(2026, 1, 31),
                duration_months=1,
            )
        service.flags.set(made["Plain"].id, ["VIP"])
        s.contacts.add(made["Plain"].id, name="Ann", departments=["Sales"])
    return url


def read(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def names(text: str) -> list[str]:
    known = ("Gas & Co", "100% Heat", "Under_score", "Plain")
    return [name for line in text.splitlines() for name in known if name in line]


def test_customers_list_filters_by_every_option(invoke: Invoke, filled_url: str) -> None:
    def listed(*options: str) -> list[str]:
        result = invoke("customers", "list", "--url", filled_url, *options)
        assert result.exit_code == 0, result.stderr
        return names(result.stdout)

    assert listed() == ["100% Heat", "Gas & Co", "Plain", "Under_score"]  # by name
    assert listed("--name", "%") == ["100% Heat"]
    assert listed("--name", "_") == ["Under_score"]
    assert listed("--group", "real peach 100%") == ["100% Heat", "Gas & Co"]
    assert listed("--contract-type", "warranty") == ["100% Heat", "Gas & Co"]
    assert listed("--contract-type", "warranty", "--contract-types-match", "equals") == ["Gas & Co"]
    assert listed("--contract-types-match", "equals") == ["Plain", "Under_score"]  # none
    assert listed("--flag", "vip") == ["Plain"]
    assert listed("--department", "SALES", "--departments-match", "equals") == ["Plain"]
    assert listed("--status", "dormant") == []


def test_the_next_page_command_repeats_the_filter(invoke: Invoke, filled_url: str) -> None:
    first = invoke("customers", "list", "--url", filled_url, "--limit", "1", "--name", "%")
    assert first.exit_code == 0
    assert first.stderr == ""
    result = invoke(
        "customers", "list", "--url", filled_url, "--limit", "1", "--group", "real peach 100%"
    )
    assert names(result.stdout) == ["100% Heat"]
    assert result.stderr.startswith(
        "More customers follow: commtrak customers list --group 'real peach 100%' --after "
    )
    after = result.stderr.split()[-1]
    rest = invoke(
        "customers", "list", "--url", filled_url, "--group", "real peach 100%", "--after", after
    )
    assert names(rest.stdout) == ["Gas & Co"]


def test_an_unknown_group_is_one_line_and_status_one(invoke: Invoke, filled_url: str) -> None:
    result = invoke("customers", "list", "--url", filled_url, "--group", "Nowhere")
    assert result.exit_code == 1
    assert result.stderr.startswith("commtrak: ")
    assert len(result.stderr.splitlines()) == 1


def test_the_group_report_counts_members_and_refuses_short_criteria(
    invoke: Invoke, filled_url: str
) -> None:
    result = invoke("report", "groups", "PEACH", "--url", filled_url, "--csv", "-")
    assert result.exit_code == 0, result.stderr
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["group"], row["member_count"]) == ("Real Peach 100%", "2")
    members = invoke("report", "groups", "00%", "--customers", "--url", filled_url)
    assert names(members.stdout) == ["100% Heat", "Gas & Co"]
    short = invoke("report", "groups", "pe", "--url", filled_url)
    assert short.exit_code == 1
    assert short.stderr == (
        "commtrak: query: a group search needs at least 3 consecutive characters [min_length]\n"
    )


def test_the_contract_report_writes_csv_and_keeps_an_existing_file(
    invoke: Invoke, filled_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "contracts.csv"
    done = invoke(
        "report",
        "contracts",
        "--url",
        filled_url,
        "--contract-type",
        "Warranty",
        "--csv",
        str(target),
    )
    assert done.exit_code == 0, done.stderr
    assert done.stderr == f"Wrote 2 rows to {target}\n"
    rows = read(target)
    assert [(r["customer"], r["contract_type"], r["contract_expiry"]) for r in rows] == [
        ("100% Heat", "Warranty", "2026-02-28"),
        ("Gas & Co", "Warranty", "2026-02-28"),
    ]
    assert rows[0]["contract_start"] == "2026-01-31"
    assert rows[0]["contract_duration_months"] == "1"
    again = invoke("report", "contracts", "--url", filled_url, "--csv", str(target))
    assert again.exit_code == 1
    assert "exists; pass --force" in again.stderr
    assert len(read(target)) == 2
    forced = invoke("report", "contracts", "--url", filled_url, "--csv", str(target), "--force")
    assert forced.exit_code == 0
    assert len(read(target)) == 5  # every customer
    table = invoke("report", "contracts", "--url", filled_url, "--flag", "VIP")
    assert names(table.stdout) == ["Plain"]


def test_reports_run_as_a_process(entry_point: EntryPoint, filled_url: str, tmp_path: Path) -> None:
    done = entry_point.run("report", "contracts", "--url", filled_url, "--csv", "-")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("customer_id,customer,group,contract,")
    short = entry_point.run("report", "groups", "ab", "--url", filled_url)
    assert (short.returncode, short.stderr.count("\n")) == (1, 1)
    missing = entry_point.run(
        "report", "groups", "peach", "--url", f"sqlite:///{tmp_path / 'no.db'}"
    )
    assert missing.returncode == 2
    assert not (tmp_path / "no.db").exists()
    listed = entry_point.run("customers", "list", "--url", filled_url, "--name", "100%")
    assert listed.returncode == 0
    assert names(listed.stdout) == ["100% Heat"]
    bad = entry_point.run("customers", "list", "--url", filled_url, "--flags-match", "maybe")
    assert bad.returncode == 2
