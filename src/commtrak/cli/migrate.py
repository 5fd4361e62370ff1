"""``commtrak migrate``: bring a SQL store's tables to this version's schema."""

from __future__ import annotations

import click

from commtrak.cli._output import status
from commtrak.cli._store import opened, url_option

__all__ = ["migrate"]


@click.command(short_help="Bring a SQL store's tables to this version's schema.")
@url_option
def migrate(url: str) -> None:
    """Bring a SQL store's tables to this version's schema (Alembic migrations).

    Prints the schema revision before and after. A store that keeps no schema
    (memory://) says so and changes nothing. A SQLite file that does not exist yet is
    created.
    """
    with opened(url, must_exist=False) as store:
        run = getattr(store.backend, "migrate", None)
        if not callable(run):
            click.echo(f"{store.url} keeps no schema; nothing to migrate.")
            return
        with status(f"Migrating {store.url}"):
            before, after = run()
        click.echo(f"{store.url}: schema revision {before or 'none'} -> {after}")
