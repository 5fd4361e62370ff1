"""Indexed group search: ``pg_trgm`` on PostgreSQL, an FTS5 trigram index on SQLite.

PostgreSQL answers the escaped ``LIKE`` of :func:`~commtrak_sqlalchemy.dialects.contains`
from a GIN index of trigrams (defined with the tables). SQLite has no such index for
``LIKE``; where its FTS5 extension has the trigram tokenizer (SQLite 3.34 and later), it
gets a full-text index of the groups' folded names, kept current by triggers:

* ``{prefix}groups_search``: one row per group, whose ``INTEGER PRIMARY KEY`` gives the
  group a rowid that ``VACUUM`` never renumbers (the groups table's own rowid may change);
* ``{prefix}groups_search_fts``: the FTS5 table of folded names under those rowids.

A search asks the index for candidates and confirms each with ``instr()``, so the result
is exactly Python's substring match. Without FTS5 it is ``instr()`` over the groups.
A host application that runs Alembic's autogenerate on the same database should leave
out the tables named ``{prefix}groups_search*`` (FTS5 adds shadow tables of its own).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, TextClause, exc, text, true
from sqlalchemy.engine import Connection

from commtrak_sqlalchemy.tables import SqlTables

__all__ = [
    "create_sqlite_search_index",
    "drop_sqlite_search_index",
    "has_sqlite_search_index",
    "sqlite_candidates",
]


def _names(tables: SqlTables) -> dict[str, str]:
    groups = tables.groups.name
    return {"groups": groups, "side": f"{groups}_search", "fts": f"{groups}_search_fts"}


def create_sqlite_search_index(connection: Connection, tables: SqlTables) -> bool:
    """Create the FTS5 trigram index of group names on SQLite, if SQLite has FTS5 trigrams.

    Returns:
        Whether the index exists afterwards.
    """
    if connection.dialect.name != "sqlite" or tables.groups.schema is not None:
        return False
    names = _names(tables)
    statements = [
        "CREATE TABLE IF NOT EXISTS {side} (rowid INTEGER PRIMARY KEY, group_id TEXT NOT NULL "
        "UNIQUE)",
        "CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(name_key, "
        "tokenize='trigram case_sensitive 1')",
        "CREATE TRIGGER IF NOT EXISTS {groups}_search_insert AFTER INSERT ON {groups} BEGIN "
        "INSERT INTO {side}(group_id) VALUES (new.id); "
        "INSERT INTO {fts}(rowid, name_key) "
        "SELECT rowid, new.name_key FROM {side} WHERE group_id = new.id; END",
        "CREATE TRIGGER IF NOT EXISTS {groups}_search_rename AFTER UPDATE OF name_key ON {groups} "
        "BEGIN UPDATE {fts} SET name_key = new.name_key "
        "WHERE rowid = (SELECT rowid FROM {side} WHERE group_id = new.id); END",
        "CREATE TRIGGER IF NOT EXISTS {groups}_search_delete AFTER DELETE ON {groups} BEGIN "
        "DELETE FROM {fts} WHERE rowid = (SELECT rowid FROM {side} WHERE group_id = old.id); "
        "DELETE FROM {side} WHERE group_id = old.id; END",
        # Groups that existed before the index (a database made by an older commtrak).
        "INSERT INTO {side}(group_id) SELECT id FROM {groups} "
        "WHERE id NOT IN (SELECT group_id FROM {side})",
        "INSERT INTO {fts}(rowid, name_key) SELECT s.rowid, g.name_key FROM {side} s "
        "JOIN {groups} g ON g.id = s.group_id WHERE s.rowid NOT IN (SELECT rowid FROM {fts})",
    ]
    savepoint = connection.begin_nested()
    try:
        for statement in statements:
            connection.execute(text(statement.format(**names)))
    except exc.OperationalError:  # no FTS5, or no trigram tokenizer
        savepoint.rollback()
        return False
    savepoint.commit()
    return True


def has_sqlite_search_index(connection: Connection, tables: SqlTables) -> bool:
    """Return whether the database has the FTS5 index of group names."""
    if connection.dialect.name != "sqlite" or tables.groups.schema is not None:
        return False
    found = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE name = :name"),
        {"name": _names(tables)["fts"]},
    )
    return found.first() is not None


def sqlite_candidates(tables: SqlTables, fragment: str) -> ColumnElement[bool] | TextClause:
    """Return the condition: the group is among the FTS5 index's matches for *fragment*.

    The trigram index matches fragments of three or more characters; the caller still
    confirms each candidate, so shorter fragments simply match every group here.
    """
    if len(fragment) < 3:
        return true()
    names = _names(tables)
    phrase = '"' + fragment.replace('"', '""') + '"'
    return text(
        f"{names['groups']}.id IN (SELECT s.group_id FROM {names['side']} s "
        f"JOIN {names['fts']} f ON f.rowid = s.rowid WHERE {names['fts']} MATCH :phrase)"
    ).bindparams(phrase=phrase)


def drop_sqlite_search_index(connection: Connection, tables: SqlTables) -> None:
    """Drop the FTS5 index of group names (its triggers go with the groups table)."""
    if connection.dialect.name == "sqlite":
        for table in ("fts", "side"):
            connection.execute(text(f"DROP TABLE IF EXISTS {_names(tables)[table]}"))
