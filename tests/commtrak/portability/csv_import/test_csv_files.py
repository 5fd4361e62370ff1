"""Files as people have them: short rows, stray bytes, NULs, huge cells, blank lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from commtrak import Actor, EmailChecker, Store, ValidationError, open_store
from commtrak.portability.csv_import import ImportProgress, import_customers

ACTOR = Actor.system()
HEADER = b"Name,Address Line 1,Postcode\n"


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store("memory://", email_checker=EmailChecker("offline")) as store:
        yield store


def test_a_row_with_the_wrong_number_of_cells_is_rejected(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(HEADER + b"A,1 St,6000\nB,2 St\n\nC,3 St,6000,extra\nD,4 St,6000\n")
    result = import_customers(store, path, actor=ACTOR)
    assert (result.read, result.imported) == (4, 2)  # the blank line is no row
    assert [(r.line, r.field, r.rule) for r in result.rejections] == [
        (3, "row", "column_count"),
        (5, "row", "column_count"),
    ]


def test_control_characters_and_long_values_are_refused_by_the_text_rules(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "c.csv"
    long_name = b"x" * 10_000
    path.write_bytes(
        HEADER + b"A\x00B,1 St,6000\n" + long_name + b',1 St,6000\n"Multi\nline",1 St,6000\n'
    )
    result = import_customers(store, path, actor=ACTOR)
    assert result.imported == 0
    assert [(r.line, r.rule) for r in result.rejections] == [
        (2, "control_character"),
        (3, "max_length"),
        (4, "control_character"),
    ]
    assert len(result.rejections[1].value) == 1003  # cut, with "..."


def test_a_file_that_is_not_utf8_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(HEADER + b"Caf\xe9,1 St,6000\n")
    with pytest.raises(ValidationError) as refused:
        import_customers(store, path, actor=ACTOR)
    assert (refused.value.field, refused.value.rule) == ("file", "encoding")
    assert "line 2" in refused.value.message


def test_an_empty_file_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"")
    with pytest.raises(ValidationError) as refused:
        import_customers(store, path, actor=ACTOR)
    assert refused.value.rule == "empty"


def test_a_byte_order_mark_is_not_part_of_the_first_header(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER + b"A,1 St,6000\r\n")
    assert import_customers(store, path, actor=ACTOR).imported == 1


def test_progress_is_reported_after_each_batch(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(HEADER + b"".join(b"C%d,1 St,6000\n" % n for n in range(5)))
    seen: list[ImportProgress] = []
    import_customers(store, path, actor=ACTOR, batch_size=2, progress=seen.append)
    assert [(p.read, p.imported) for p in seen] == [(2, 2), (4, 4), (5, 5)]
    assert seen[-1].bytes_read == seen[-1].total_bytes == path.stat().st_size
