"""``commtrak groups search`` and ``groups show``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import Invoke

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_search_shows_the_matching_groups_in_a_table(invoke: Invoke, demo_url: str) -> None:
    result = invoke("groups", "search", "PEACH", "--url", demo_url)
    assert result.exit_code == 0, result.stderr
    (row,) = [line for line in result.stdout.splitlines() if "Real Peach" in line]
    assert re.search(r"Real Peach Real Estate\s*│\s*4\s*│\s*" + UUID.pattern, row)


def test_search_with_no_match_says_so(invoke: Invoke, demo_url: str) -> None:
    result = invoke("groups", "search", "plum", "--url", demo_url)
    assert result.exit_code == 0
    assert result.stdout == "No group matches 'plum'.\n"


def test_a_short_query_is_rejected_naming_the_rule(invoke: Invoke, demo_url: str) -> None:
    result = invoke("groups", "search", "pe", "--url", demo_url)
    assert result.exit_code == 1
    assert result.stderr.startswith("commtrak: query: ")
    assert result.stderr.rstrip().endswith("[min_length]")


def test_show_lists_the_members_in_navigation_order(invoke: Invoke, demo_url: str) -> None:
    found = invoke("groups", "search", "peach", "--url", demo_url).stdout
    (group_id,) = UUID.findall(found)
    result = invoke("groups", "show", group_id, "--url", demo_url)
    assert result.exit_code == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if UUID.search(line)]
    towns = [re.split(r"\s*│\s*", row)[2] for row in rows]
    assert towns == ["Adelaide", "Perth", "Perth", "Sydney"]
    (head_office,) = [row for row in rows if "yes" in row]
    assert "Real Peach Real Estate Head Office" in head_office


def test_show_of_an_unknown_group_is_not_found(invoke: Invoke, demo_url: str) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    result = invoke("groups", "show", missing, "--url", demo_url)
    assert result.exit_code == 1
    assert result.stderr == f"commtrak: no group with id {missing}\n"


def test_show_of_a_malformed_id_is_a_usage_error(invoke: Invoke, demo_url: str) -> None:
    result = invoke("groups", "show", "not-a-uuid", "--url", demo_url)
    assert result.exit_code == 2
    assert "'not-a-uuid' is not a valid UUID" in result.stderr
