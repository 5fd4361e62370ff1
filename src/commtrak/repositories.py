"""Deprecated: the ports moved to :mod:`commtrak.ports`, one module per concept.

Importing this module still works and gives the same protocols, with a
:class:`DeprecationWarning`; it will be removed in a later release. Import from
:mod:`commtrak.ports` instead.
"""

from __future__ import annotations

import warnings

from commtrak.ports import *  # noqa: F403
from commtrak.ports import __all__ as __all__

warnings.warn(
    "commtrak.repositories moved to commtrak.ports; import the protocols from there",
    DeprecationWarning,
    stacklevel=2,
)
