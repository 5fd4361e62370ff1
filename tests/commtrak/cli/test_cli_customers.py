"""``commtrak customers list``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import Invoke

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def ids(text: str) -> list[str]:
    return UUID.findall(text)


def test_the_list_pages_through_every_customer_once(invoke: Invoke, demo_url: str) -> None:
    first = invoke("customers", "list", "--url", demo_url, "--limit", "3")
    assert first.exit_code == 0, first.stderr
    page = ids(first.stdout)
    assert len(page) == 3
    assert first.stderr == f"More customers follow: commtrak customers list --after {page[-1]}\n"
    rest = invoke("customers", "list", "--url", demo_url, "--limit", "3", "--after", page[-1])
    assert rest.exit_code == 0
    assert rest.stderr == ""
    everyone = ids(invoke("customers", "list", "--url", demo_url).stdout)
    assert page + ids(rest.stdout) == everyone
    assert len(set(everyone)) == 4
    assert "Real Peach Real Estate Sydney" in invoke("customers", "list", "--url", demo_url).stdout


def test_a_row_is_one_line_when_the_output_is_not_a_terminal(invoke: Invoke, demo_url: str) -> None:
    rows = list(invoke("customers", "list", "--url", demo_url).stdout.splitlines())
    customers = [row for row in rows if UUID.search(row)]
    assert len(customers) == 4
    assert all("Real Peach Real Estate" in row for row in customers)


def test_an_empty_store_says_so(invoke: Invoke) -> None:
    result = invoke("customers", "list", "--url", "memory://")
    assert result.exit_code == 0
    assert result.stdout == "No customers.\n"


def test_the_page_size_is_bounded(invoke: Invoke) -> None:
    result = invoke("customers", "list", "--url", "memory://", "--limit", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--limit'" in result.stderr
