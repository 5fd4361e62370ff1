"""The commtrak error hierarchy.

Every error the library raises on purpose derives from :class:`CommtrakError`, so an
application can catch the library's rejections by type without catching its own bugs.
Every error names the *field* that was wrong and the *rule* it broke, so that a user
interface can put the message beside the right field and a program can branch on the
rule without parsing text: the input's field for a rejection of input, and for the
others a fixed pair (``backend``/``unavailable``, ``session``/``session_closed``...).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "BackendUnavailable",
    "CommtrakError",
    "ConfigurationError",
    "Conflict",
    "NotFound",
    "PermissionDenied",
    "PluginError",
    "SessionClosed",
    "UnsupportedURL",
    "ValidationError",
]


class CommtrakError(Exception):
    """Base class of every error commtrak raises on purpose.

    Every commtrak error pickles and unpickles with its attributes (``field``,
    ``rule``, ``permission``...), so that it can cross a process boundary, e.g. from a
    worker of ``multiprocessing`` or ``concurrent.futures``: the default pickling
    of exceptions calls ``__init__`` again with the message alone, which fails for
    errors whose ``__init__`` takes their parts.

    Args:
        message: The human-readable explanation (the error's text).
        field: What the error is about: the offending field, or the part of the
            system (``backend``, ``session``, ``plugins``).
        rule: A short, stable identifier of the rule that was broken. Both default
            to ``record``/``unspecified`` for an application's own subclass that
            passes a message alone; every error of commtrak's names its own.

    Attributes:
        field: As given.
        rule: As given.
    """

    def __init__(
        self, message: str = "", *, field: str = "record", rule: str = "unspecified"
    ) -> None:
        super().__init__(message)
        self.field = field
        self.rule = rule

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(vars(self))))


def _rebuild(
    cls: type[CommtrakError], args: tuple[object, ...], state: dict[str, object]
) -> CommtrakError:
    """Remake an unpickled error from its class, ``args`` and attributes, without ``__init__``."""
    error = cls.__new__(cls)
    error.args = args
    vars(error).update(state)
    return error


class ValidationError(CommtrakError, ValueError):
    """A value broke a rule; nothing was written.

    Attributes:
        field: The name of the offending field, as the caller spelled it
            (``"name"``, ``"email"``, ``"address.postcode"``).
        rule: A short, stable identifier of the rule that was broken
            (``"required"``, ``"min_length"``, ``"email_form"``) for programs to branch on.
        message: The human-readable explanation.
    """

    def __init__(self, field: str, rule: str, message: str) -> None:
        super().__init__(f"{field}: {message} [{rule}]", field=field, rule=rule)
        self.message = message


class Conflict(CommtrakError):
    """The request contradicts the state of the store (a uniqueness or membership rule).

    Raised both by the services, which check first, and by backends, which map their
    unique-constraint violations to it, so that a race lost against another process
    surfaces exactly like the rule the services check.

    Attributes:
        field: The field whose value conflicts (``"name"``, ``"group_id"``).
        rule: A short, stable identifier of the rule (``"unique_group_name"``).
        message: The human-readable explanation.
    """

    def __init__(self, field: str, rule: str, message: str) -> None:
        super().__init__(f"{field}: {message} [{rule}]", field=field, rule=rule)
        self.message = message


class NotFound(CommtrakError, LookupError):
    """No entity of that kind has that id.

    Attributes:
        entity: The kind of entity looked up (``"customer"``, ``"group"``, ``"contact"``).
        id: The id that was looked up.
        field: ``{entity}_id`` (``customer_id``), unless the raiser names the argument.
        rule: ``not_found``.
    """

    def __init__(self, entity: str, id: object, *, field: str | None = None) -> None:
        super().__init__(
            f"no {entity} with id {id}", field=field or f"{entity}_id", rule="not_found"
        )
        self.entity = entity
        self.id = id


class PermissionDenied(CommtrakError):
    """The actor may not do this.

    Attributes:
        permission: The permission or rule that refused the call
            (``"contacts.edit_elsewhere"``, ``"portal.manage"``, ``"portal.scope"``).
        rule: The same as :attr:`permission`, so that a program can branch on ``rule``
            alone.
        field: ``actor``: who asked.
        message: The human-readable explanation.
    """

    def __init__(self, permission: str, message: str) -> None:
        super().__init__(f"{message} [{permission}]", field="actor", rule=permission)
        self.permission = permission
        self.message = message


class UnsupportedURL(CommtrakError, ValueError):
    """No installed backend handles the URL's scheme.

    Attributes:
        field: ``url``.
        rule: ``unsupported_scheme``.
        url: The URL as given (with any password masked).
        schemes: The schemes the installed plugins do handle, sorted.
        failed_plugins: Plugins that failed to load, by name, with the reason; one of
            them may be the plugin that would have handled the URL.
    """

    def __init__(
        self,
        url: str,
        schemes: Iterable[str],
        failed_plugins: dict[str, str] | None = None,
    ) -> None:
        self.url = url
        self.schemes = tuple(sorted(schemes))
        self.failed_plugins = dict(failed_plugins or {})
        message = f"no installed backend handles {url!r}; installed schemes: " + (
            ", ".join(self.schemes) or "none"
        )
        if self.failed_plugins:
            message += "; plugins that failed to load: " + "; ".join(
                f"{name} ({reason})" for name, reason in sorted(self.failed_plugins.items())
            )
        super().__init__(message, field="url", rule="unsupported_scheme")


class BackendUnavailable(CommtrakError):
    """A backend exists for the URL but cannot be used here.

    Raised when an optional dependency is missing (the message names the extra to
    install; rule ``missing_dependency``) or when the database does not answer (rule
    ``unavailable``). Never for a caller's input: the database refusing a value is a
    :class:`ValidationError`, a constraint a :class:`Conflict`.

    Attributes:
        field: ``backend``.
        rule: ``unavailable`` or ``missing_dependency``.
    """

    def __init__(self, message: str, *, rule: str = "unavailable") -> None:
        super().__init__(message, field="backend", rule=rule)


class PluginError(CommtrakError):
    """The installed plugins contradict each other or the hook specifications.

    For example two plugins claiming the same URL scheme, or a plugin implementing a hook
    that does not exist (usually a misspelling).

    Attributes:
        field: ``plugins``.
        rule: ``plugin_conflict`` unless the raiser says otherwise
            (``unknown_hook``).
    """

    def __init__(self, message: str, *, rule: str = "plugin_conflict") -> None:
        super().__init__(message, field="plugins", rule=rule)


class ConfigurationError(CommtrakError):
    """The store was not given what it needs to do this (a deployment error).

    Nothing was written. Not the caller's input: the application's configuration, such
    as the keys of :class:`~commtrak.PortalConfig` (``secret_keys``) when a stored TOTP
    secret must be sealed or opened and the store has no key, or not the right one.

    Attributes:
        field: The configuration or stored field concerned (``"secret_keys"``,
            ``"totp_secret"``).
        rule: A short, stable identifier of the rule (``"required"``, ``"unknown_key"``,
            ``"wrong_key"``).
        message: The human-readable explanation; it never shows a key or a secret.
    """

    def __init__(self, field: str, rule: str, message: str) -> None:
        super().__init__(f"{field}: {message} [{rule}]", field=field, rule=rule)
        self.message = message


class SessionClosed(CommtrakError):
    """A session was used after its ``with`` block ended (or entered twice).

    Attributes:
        field: ``session``.
        rule: ``session_closed``.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message, field="session", rule="session_closed")
