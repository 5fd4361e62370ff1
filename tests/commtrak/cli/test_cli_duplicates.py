"""``commtrak duplicates list``, ``preview`` and ``merge``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from commtrak import Actor, open_store

if TYPE_CHECKING:
    from conftest import Invoke


@pytest.fixture
def head_office(demo_url: str) -> str:
    """The id of the demo group's Head Office."""
    with open_store(demo_url) as store, store.session(actor=Actor.system()) as s:
        (match,) = s.groups.search("Real Peach")
        return str(match.group.head_office_id)


def active_contacts(url: str) -> int:
    with open_store(url) as store, store.session(actor=Actor.system()) as s:
        return sum(not c.archived for c in s.transaction.contacts.scan(None, 1000))


def test_list_shows_the_duplicate_set(invoke: Invoke, demo_url: str, head_office: str) -> None:
    result = invoke("duplicates", "list", head_office, "--url", demo_url)
    assert result.exit_code == 0, result.stderr
    (row,) = [line for line in result.stdout.splitlines() if "fran@realpeach.example" in line]
    assert "│ 3 " in row
    assert "Fran James" in row


def test_preview_shows_the_plan_and_writes_nothing(
    invoke: Invoke, demo_url: str, head_office: str
) -> None:
    result = invoke("duplicates", "preview", head_office, "--url", demo_url)
    assert result.exit_code == 0, result.stderr
    (row,) = [line for line in result.stdout.splitlines() if "fran@realpeach." in line]
    assert "│ 2 " in row
    assert active_contacts(demo_url) == 4


def test_merge_with_yes_merges_and_is_journaled(
    invoke: Invoke, demo_url: str, head_office: str
) -> None:
    result = invoke("duplicates", "merge", head_office, "--url", demo_url, "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Merged 1 duplicate set(s).\n"
    assert active_contacts(demo_url) == 2
    after = invoke("duplicates", "list", head_office, "--url", demo_url)
    assert after.stdout == "No duplicate contacts.\n"
    again = invoke("duplicates", "merge", head_office, "--url", demo_url, "--yes")
    assert again.stdout == "No duplicate contacts to merge.\n"


def test_merge_without_a_terminal_nor_yes_is_refused(
    invoke: Invoke, demo_url: str, head_office: str
) -> None:
    result = invoke("duplicates", "merge", head_office, "--url", demo_url, input="y\n")
    assert result.exit_code == 2
    assert result.stderr == (
        "commtrak: standard input is not a terminal to confirm on; pass --yes "
        "(see 'commtrak duplicates merge --help')\n"
    )
    assert result.stdout == ""
    assert active_contacts(demo_url) == 4


def test_merge_of_a_set_not_chosen_by_key_leaves_it(
    invoke: Invoke, demo_url: str, head_office: str
) -> None:
    result = invoke(
        "duplicates", "merge", head_office, "--url", demo_url, "--yes", "--key", "x@y.example"
    )
    assert result.exit_code == 0, result.stderr
    assert active_contacts(demo_url) == 4


def test_an_unknown_customer_is_not_found(invoke: Invoke) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    result = invoke("duplicates", "list", missing, "--url", "memory://")
    assert result.exit_code == 1
    assert result.stderr == f"commtrak: no customer with id {missing}\n"
