"""The SQLAlchemy backend's plugin, registered through the ``commtrak.backends`` entry point.

This module imports neither SQLAlchemy nor a database driver, so that it loads in an
environment without them; opening a SQL URL there raises
:class:`~commtrak.BackendUnavailable` naming the extra to install.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from commtrak.errors import BackendUnavailable, ValidationError
from commtrak.hookspecs import hookimpl
from commtrak.plugins import BackendRegistry, url_scheme

if TYPE_CHECKING:
    from commtrak_sqlalchemy.backend import SqlBackend

__all__ = ["EXTRAS", "commtrak_register_backends", "open_engine", "open_url"]

#: The extra of ``commtrak`` that installs what each database needs.
EXTRAS = {
    "sqlite": "sqlalchemy",
    "postgresql": "postgresql",
    "mysql": "mysql",
    "mariadb": "mysql",
}


def _install_hint(scheme: str) -> str:
    extra = EXTRAS.get(scheme.split("+", 1)[0], "sqlalchemy")
    return f"pip install 'commtrak[{extra}]'"


def _backend(scheme: str, source: Any) -> SqlBackend:
    try:
        backend_module = importlib.import_module("commtrak_sqlalchemy.backend")
    except ImportError as error:
        raise BackendUnavailable(
            f"{scheme} stores need SQLAlchemy ({error}); install it with {_install_hint(scheme)}",
            rule="missing_dependency",
        ) from None
    from sqlalchemy import exc

    try:
        backend_class = backend_module.SqlBackend
        backend: SqlBackend = (
            backend_class.from_url(source) if isinstance(source, str) else backend_class(source)
        )
    except (ImportError, exc.NoSuchModuleError) as error:  # the driver, or Alembic
        raise BackendUnavailable(
            f"{scheme} stores need a package that is not installed ({error}); "
            f"install it with {_install_hint(scheme)}",
            rule="missing_dependency",
        ) from None
    except exc.ArgumentError as error:
        raise ValidationError("url", "url_form", f"is not a usable database URL: {error}") from None
    return backend


def open_url(url: str) -> SqlBackend:
    """Open the store at a SQL *url*.

    Raises:
        BackendUnavailable: when SQLAlchemy or the driver is missing (naming the extra
            to install) or the database does not answer.
        ValidationError: ``url``/``url_form`` when SQLAlchemy cannot read the URL.
    """
    return _backend(url_scheme(url), url)


def open_engine(engine: Any) -> SqlBackend:
    """Open a store on an SQLAlchemy ``Engine`` the host application made."""
    return _backend(engine.dialect.name, engine)


@hookimpl
def commtrak_register_backends(registry: BackendRegistry) -> None:
    """Serve ``sqlite``, ``postgresql``, ``mysql`` and ``mariadb`` URLs, and ``Engine`` objects."""
    for scheme in EXTRAS:
        registry.add_scheme(scheme, open_url)
    registry.add_source_type("sqlalchemy.engine.base.Engine", open_engine)
