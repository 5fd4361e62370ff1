"""``commtrak reassign``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from commtrak import Actor, open_store

if TYPE_CHECKING:
    from conftest import Invoke


@pytest.fixture
def demo(demo_url: str) -> tuple[str, list[str]]:
    """The demo group's id and its members' ids."""
    with open_store(demo_url) as store, store.session(actor=Actor.system()) as s:
        (match,) = s.groups.search("Real Peach")
        members = [str(m.customer.id) for m in s.groups.members(match.group.id)]
        return str(match.group.id), members


def member_count(url: str) -> int:
    with open_store(url) as store, store.session(actor=Actor.system()) as s:
        (match,) = s.groups.search("Real Peach")
        return match.member_count


def test_out_and_back_in_keeps_a_head_office(
    invoke: Invoke, demo_url: str, demo: tuple[str, list[str]], tmp_path: Path
) -> None:
    group_id, members = demo
    out = invoke("reassign", "--url", demo_url, "--out", *members[:2])
    assert out.exit_code == 0, out.stderr
    assert out.stdout.startswith("Moved 2 customer(s) out of their groups; 0 already there.")
    assert member_count(demo_url) == 2
    (tmp_path / "ids.txt").write_text("\n".join(members) + "\n\n")
    back = invoke("reassign", "--url", demo_url, "--to", group_id, "--ids-file", "ids.txt")
    assert back.exit_code == 0, back.stderr
    assert back.stdout.startswith(
        "Moved 2 customer(s) into 'Real Peach Real Estate'; 2 already there."
    )
    (row,) = [line for line in back.stdout.splitlines() if group_id in line]
    assert "Real Peach Real Estate" in row
    assert member_count(demo_url) == 4


def test_ids_from_standard_input(
    invoke: Invoke, demo_url: str, demo: tuple[str, list[str]]
) -> None:
    _, members = demo
    result = invoke("reassign", "--url", demo_url, "--out", "--ids-file", "-", input=members[0])
    assert result.exit_code == 0, result.stderr
    assert member_count(demo_url) == 3


def test_a_line_that_is_no_id_is_rejected_naming_it(
    invoke: Invoke, demo_url: str, demo: tuple[str, list[str]], tmp_path: Path
) -> None:
    _, members = demo
    (tmp_path / "ids.txt").write_text(f"{members[0]}\nnot-an-id\n")
    result = invoke("reassign", "--url", demo_url, "--out", "--ids-file", "ids.txt")
    assert result.exit_code == 1
    assert result.stderr == (
        "commtrak: customer_ids: ids.txt line 2: 'not-an-id' is not a customer id [uuid]\n"
    )
    assert member_count(demo_url) == 4


def test_an_unknown_customer_moves_nobody(
    invoke: Invoke, demo_url: str, demo: tuple[str, list[str]]
) -> None:
    _, members = demo
    missing = "00000000-0000-0000-0000-000000000000"
    result = invoke("reassign", "--url", demo_url, "--out", members[0], missing)
    assert result.exit_code == 1
    assert result.stderr == f"commtrak: no customer with id {missing}\n"
    assert member_count(demo_url) == 4


@pytest.mark.parametrize("options", [[], ["--out", "--to", "00000000-0000-0000-0000-000000000000"]])
def test_exactly_one_destination_is_required(
    invoke: Invoke, demo_url: str, options: list[str]
) -> None:
    result = invoke("reassign", "--url", demo_url, *options)
    assert result.exit_code == 2
    assert result.stderr == (
        "commtrak: give either --to GROUP_ID or --out (see 'commtrak reassign --help')\n"
    )


def test_no_customer_is_rejected(invoke: Invoke, demo_url: str) -> None:
    result = invoke("reassign", "--url", demo_url, "--out")
    assert result.exit_code == 1
    assert "customer_ids: name at least one customer [required]" in result.stderr
