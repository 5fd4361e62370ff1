"""The pluggy hook specifications of commtrak: every hook a plugin may implement.

Plugins are modules or objects with functions named after these specifications and
marked with :data:`hookimpl`. They are found through the ``commtrak.backends``
entry-point group (see :mod:`commtrak.plugins`). Every hook name starts with
``commtrak_``; a plugin that implements a ``commtrak_`` hook which is not specified here
is refused when the plugins are loaded, because it is almost always a misspelling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from commtrak.plugins import BackendRegistry

__all__ = ["PROJECT", "commtrak_register_backends", "hookimpl", "hookspec"]

#: The pluggy project name; hook names are prefixed with it.
PROJECT = "commtrak"

#: Marks a hook specification (used here only).
hookspec = pluggy.HookspecMarker(PROJECT)

#: Marks a plugin's hook implementation, as in ``@hookimpl def commtrak_register_backends(...)``.
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def commtrak_register_backends(registry: BackendRegistry) -> None:
    """Register the storage backends a plugin provides.

    Called once for each plugin when the plugins are loaded. A plugin adds a factory
    for each URL scheme it serves with :meth:`~commtrak.plugins.BackendRegistry.add_scheme`,
    and may accept objects other than URLs (an SQLAlchemy ``Engine``, say) with
    :meth:`~commtrak.plugins.BackendRegistry.add_source_type`. Two plugins claiming
    the same scheme is an error at load time, not a silent shadowing.

    Args:
        registry: The registry to add to; it knows which plugin is registering.
    """
