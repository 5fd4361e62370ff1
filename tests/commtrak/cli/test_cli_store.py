"""Which SQLite URLs name a file that must exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from commtrak.cli._output import UnusableStore
from commtrak.cli._store import opened, sqlite_file


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///crm.db", Path("crm.db")),
        ("sqlite:////var/data/crm.db", Path("/var/data/crm.db")),
        ("sqlite+pysqlite:///crm.db?timeout=5", Path("crm.db")),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("sqlite:///file:crm.db?mode=ro&uri=true", None),
        ("memory://", None),
        ("postgresql+psycopg://user@host/db", None),
        ("not a url", None),
    ],
)
def test_the_file_a_url_names(url: str, path: Path | None) -> None:
    assert sqlite_file(url) == path


def test_a_missing_file_is_refused_only_when_it_must_exist(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crm.db'}"
    with (
        pytest.raises(UnusableStore, match="there is no SQLite database at"),
        opened(url, must_exist=True),
    ):
        pass
    assert not (tmp_path / "crm.db").exists()
    with opened(url, must_exist=False) as store:
        assert store.url.endswith("crm.db")
    with opened(url, must_exist=True) as store:
        assert store.url.endswith("crm.db")
