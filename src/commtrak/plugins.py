"""Plugin loading, the backend registry, and :func:`open_store`.

The shipped backends register exactly as a third-party plugin would: through the
``commtrak.backends`` entry-point group and the
:func:`~commtrak.hookspecs.commtrak_register_backends` hook. A plugin that fails to
import is recorded by name and reported in :class:`~commtrak.UnsupportedURL`; the
others still load. ``COMMTRAK_DISABLED_PLUGINS`` (comma-separated entry-point names)
keeps plugins from loading at all.
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import pluggy

from commtrak import hookspecs
from commtrak.errors import PluginError, UnsupportedURL, ValidationError
from commtrak.model.templates import TagRegistry
from commtrak.ports import Backend
from commtrak.references import ContactReference, ReferenceRegistry

if TYPE_CHECKING:
    from commtrak.model.portal_accounts import IssuedPortalToken

__all__ = [
    "DEFAULT_URL",
    "ENTRY_POINT_GROUP",
    "BackendRegistry",
    "PluginHost",
    "default_plugins",
    "mask_url",
]

#: The entry-point group plugins are discovered through.
ENTRY_POINT_GROUP = "commtrak.backends"

#: The store :func:`~commtrak.open_store` opens when neither an argument nor
#: ``COMMTRAK_URL`` names one: a SQLite file in the working directory.
DEFAULT_URL = "sqlite:///commtrak.db"

UrlFactory = Callable[[str], Backend]
SourceFactory = Callable[[Any], Backend]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_PASSWORD = re.compile(r"(?<=://)([^:/@]*):([^@/]*)@")


def mask_url(url: str) -> str:
    """Return *url* with any password replaced by ``***``, for messages and logs."""
    return _PASSWORD.sub(r"\1:***@", url)


def url_scheme(url: str) -> str:
    """Return the lowercased scheme of *url*.

    Raises:
        ValidationError: ``url``/``url_form`` when *url* has no scheme.
    """
    match = _SCHEME.match(url)
    if match is None:
        raise ValidationError(
            "url", "url_form", f"{mask_url(url)!r} has no scheme such as memory://"
        )
    return match.group(1).lower()


class BackendRegistry:
    """Collects the backend factories plugins register, by URL scheme and source type."""

    def __init__(self) -> None:
        self._schemes: dict[str, tuple[str, UrlFactory]] = {}
        self._source_types: dict[str, tuple[str, SourceFactory]] = {}
        self._plugin = "<unknown>"

    def add_scheme(self, scheme: str, factory: UrlFactory) -> None:
        """Serve URLs of *scheme* (``"memory"``, ``"postgresql"``) with *factory*.

        A URL whose scheme has a driver suffix (``postgresql+psycopg``) is served by
        the factory of its full scheme if there is one, else by that of its base
        (``postgresql``). The factory receives the whole URL.

        Raises:
            PluginError: when another plugin already serves *scheme*.
        """
        self._claim(self._schemes, scheme.lower(), factory, "URL scheme")

    def add_source_type(self, qualified_name: str, factory: SourceFactory) -> None:
        """Open objects of the class *qualified_name* (``"sqlalchemy.engine.base.Engine"``).

        Naming the class by its qualified name lets commtrak accept such objects
        without importing the package that defines them.

        Raises:
            PluginError: when another plugin already handles that type.
        """
        self._claim(self._source_types, qualified_name, factory, "source type")

    @property
    def schemes(self) -> tuple[str, ...]:
        """Every registered scheme, sorted."""
        return tuple(sorted(self._schemes))

    def plugin_for_scheme(self, scheme: str) -> str:
        """Return the name of the plugin that serves *scheme*.

        Raises:
            KeyError: when no plugin does.
        """
        return self._schemes[scheme][0]

    def factory_for_url(self, url: str) -> UrlFactory | None:
        """Return the factory that serves *url*, or ``None``."""
        scheme = url_scheme(url)
        for candidate in (scheme, scheme.split("+", 1)[0]):
            if candidate in self._schemes:
                return self._schemes[candidate][1]
        return None

    def factory_for_source(self, source: object) -> SourceFactory | None:
        """Return the factory that opens *source* by its class or a base class."""
        for cls in type(source).__mro__:
            entry = self._source_types.get(f"{cls.__module__}.{cls.__qualname__}")
            if entry is not None:
                return entry[1]
        return None

    def _claim(self, table: dict[str, tuple[str, Any]], key: str, factory: Any, what: str) -> None:
        if key in table and table[key][0] != self._plugin:
            raise PluginError(
                f"plugins {table[key][0]!r} and {self._plugin!r} both register the {what} {key!r}"
            )
        table[key] = (self._plugin, factory)

    def _registering(self, plugin: str) -> BackendRegistry:
        self._plugin = plugin
        return self


class _Registry(Protocol):
    """A registry that records which plugin adds each entry."""

    def _registering(self, plugin: str) -> object: ...


class PluginHost:
    """The loaded plugins: a typed facade over pluggy's ``PluginManager``.

    Core code asks this object, never ``pm.hook`` directly, so every call site is typed
    and every hook is called one way.

    Args:
        load_entry_points: Load the plugins of the ``commtrak.backends`` group.
        plugins: Further plugin objects to register, as ``(name, plugin)`` pairs;
            tests and applications use it to add a plugin without packaging it.
        disabled: Entry-point names not to load; defaults to the names in
            ``COMMTRAK_DISABLED_PLUGINS``.

    Raises:
        PluginError: when a plugin implements a ``commtrak_`` hook that is not
            specified, or two plugins claim one scheme.
    """

    def __init__(
        self,
        *,
        load_entry_points: bool = True,
        plugins: Iterable[tuple[str, object]] = (),
        disabled: Iterable[str] | None = None,
    ) -> None:
        self._pm = pluggy.PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        self.failed: dict[str, str] = {}
        """Plugins that could not be loaded, by name, with the reason."""
        if disabled is None:
            disabled = _disabled_from_environment()
        self.disabled = frozenset(disabled)
        if load_entry_points:
            self._load_entry_points()
        for name, plugin in plugins:
            self._register(name, plugin)
        try:
            self._pm.check_pending()
        except pluggy.PluginValidationError as error:
            raise PluginError(str(error), rule="unknown_hook") from None
        self.backends = BackendRegistry()
        self._call_registering(self._pm.hook.commtrak_register_backends, self.backends)
        self._template_tags = TagRegistry()
        self._call_registering(self._pm.hook.commtrak_register_template_tags, self._template_tags)

    @property
    def names(self) -> tuple[str, ...]:
        """The names of the loaded plugins, sorted."""
        return tuple(sorted(name for name, _ in self._pm.list_name_plugin() if name))

    def plugin(self, name: str) -> object | None:
        """Return the loaded plugin called *name*, or ``None``."""
        return self._pm.get_plugin(name)

    def contact_references(self) -> tuple[ContactReference, ...]:
        """Return the contact references the plugins register, by kind.

        Raises:
            PluginError: when two plugins register the same kind.
        """
        registry = ReferenceRegistry()
        self._pm.hook.commtrak_contact_references(registry=registry)
        return registry.references

    def portal_token_issued(self, issued: IssuedPortalToken) -> None:
        """Hand a committed portal token to the plugins that send it."""
        self._pm.hook.commtrak_portal_token_issued(issued=issued)

    def service_jobs_requested(self, requests: Sequence[object]) -> None:
        """Hand a committed batch's requested service jobs to the plugins that add them."""
        self._pm.hook.commtrak_service_jobs_requested(requests=requests)

    def jobs_invoiced(self, invoiced: object) -> None:
        """Hand a committed invoice's closed jobs (``finance.JobsInvoiced``) to the plugins."""
        self._pm.hook.commtrak_jobs_invoiced(invoiced=invoiced)

    def open_backend(self, source: object) -> Backend:
        """Return a backend for *source*, a URL or an object a plugin accepts.

        Raises:
            UnsupportedURL: when no plugin serves it.
        """
        if isinstance(source, str):
            url_factory = self.backends.factory_for_url(source)
            if url_factory is not None:
                return url_factory(source)
            raise UnsupportedURL(mask_url(source), self.backends.schemes, self.failed)
        source_factory = self.backends.factory_for_source(source)
        if source_factory is not None:
            return source_factory(source)
        raise UnsupportedURL(
            f"<{type(source).__module__}.{type(source).__qualname__} object>",
            self.backends.schemes,
            self.failed,
        )

    def template_tags(self) -> Mapping[str, str]:
        """Return every tag invoice-address templates may use, with its description.

        The built-in tags and those the plugins add, by name, sorted; pass it as
        ``tags`` to :func:`~commtrak.model.templates.compile_template`.
        """
        return self._template_tags.tags

    def _load_entry_points(self) -> None:
        for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if entry_point.name in self.disabled or self._pm.has_plugin(entry_point.name):
                continue
            try:
                plugin = entry_point.load()
            except Exception as error:
                self.failed[entry_point.name] = f"{type(error).__name__}: {error}"
                continue
            self._register(entry_point.name, plugin)

    def _register(self, name: str, plugin: object) -> None:
        try:
            self._pm.register(plugin, name=name)
        except (pluggy.PluginValidationError, ValueError) as error:
            self.failed[name] = f"{type(error).__name__}: {error}"

    def _call_registering(self, hook: pluggy.HookCaller, registry: _Registry) -> None:
        """Call *hook* of each plugin with *registry*, telling it which plugin is calling."""
        for impl in hook.get_hookimpls():
            try:
                impl.function(registry=registry._registering(impl.plugin_name))
            except PluginError:
                raise
            except Exception as error:
                self.failed[impl.plugin_name] = f"{type(error).__name__}: {error}"


def _disabled_from_environment() -> frozenset[str]:
    raw = os.environ.get("COMMTRAK_DISABLED_PLUGINS", "")
    return frozenset(name.strip() for name in raw.split(",") if name.strip())


@functools.cache
def default_plugins() -> PluginHost:
    """Return the plugins installed in this environment, loaded once per process."""
    return PluginHost()
