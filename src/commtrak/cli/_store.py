"""Opening the store a command works on: the ``--url`` option, and no accidental databases.

SQLite makes a new, empty database for any path it is given, so a mistyped path in a
command that only reads would silently read nothing (and an export would write an
empty document over a good one). Commands that only read open their store with
``must_exist=True``, which refuses a SQLite path that names no file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import click

from commtrak import DEFAULT_URL, Actor, EmailChecker, EmailPolicy, Session, Store, open_store
from commtrak.cli._output import UnusableStore
from commtrak.errors import ValidationError

__all__ = ["email_check_option", "opened", "sqlite_file", "system_session", "url_option"]

F = TypeVar("F", bound=Callable[..., object])

#: Where the store URL comes from when ``--url`` is not given.
URL_VARIABLE = "COMMTRAK_URL"


def url_option(function: F) -> F:
    """Add ``--url`` (default ``$COMMTRAK_URL``, else ``sqlite:///commtrak.db``)."""
    return click.option(
        "--url",
        envvar=URL_VARIABLE,
        default=DEFAULT_URL,
        show_default=True,
        show_envvar=True,
        metavar="URL",
        help="The store to use: sqlite:///FILE, postgresql+psycopg://USER@HOST/DB, "
        "mysql+pymysql://USER@HOST/DB or memory:// (which is empty each time).",
    )(function)


def email_check_option(default: EmailPolicy) -> Callable[[F], F]:
    """Add ``--email-check``: the policy the store checks new contacts' emails with."""
    return click.option(
        "--email-check",
        type=click.Choice([policy.value for policy in EmailPolicy]),
        default=default.value,
        show_default=True,
        help="How new contacts' emails are checked: strict (the domain must answer in "
        "DNS), lenient (a DNS failure leaves the address unverified) or offline (the "
        "form only, no DNS).",
    )


def sqlite_file(url: str) -> Path | None:
    """Return the file a SQLite *url* names, or ``None`` (not SQLite, or in memory).

    URLs in SQLite's ``file:`` URI form are left to SQLite, which reads their options.
    """
    try:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError
    except ImportError:  # opening the store will say which extra to install
        return None
    try:
        parsed = make_url(url)
    except ArgumentError:  # opening the store will say the URL is unusable
        return None
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def _refuse_missing_sqlite(url: str) -> None:
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        raise UnusableStore(
            f"there is no SQLite database at {path.resolve()} (from --url {url}); check "
            "the path (only commands that write, such as import and migrate, create one)"
        )


@contextlib.contextmanager
def opened(url: str, *, must_exist: bool, email_check: str | None = None) -> Iterator[Store]:
    """Open the store at *url* for one command, and close it when the command ends.

    Args:
        url: The ``--url`` given (or its default).
        must_exist: Refuse a SQLite path that names no file instead of creating an
            empty database: for commands that only read.
        email_check: The ``--email-check`` policy, for commands that add contacts.

    Raises:
        UnusableStore: the SQLite file is missing, or SQLAlchemy cannot read the URL.
        UnsupportedURL: no installed backend reads the URL.
        BackendUnavailable: the backend's packages are missing or its database does
            not answer.
    """
    if must_exist:
        _refuse_missing_sqlite(url)
    checker = EmailChecker(email_check) if email_check else None
    try:
        store = open_store(url, email_checker=checker)
    except ValidationError as error:  # SQLAlchemy could not read the URL
        raise UnusableStore(str(error)) from error
    with store:
        yield store


def system_session(store: Store) -> Session:
    """Return a session acting as the system actor: the command is the store's owner."""
    return store.session(actor=Actor.system())
