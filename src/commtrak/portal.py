"""Deprecated: the portal's security primitives moved to :mod:`commtrak.security`.

They sit below the model now (the model's portal accounts hold their values), so they
have a package of their own. Importing ``commtrak.portal`` still gives the same names,
with a :class:`DeprecationWarning`; it will be removed in a later release.
"""

from __future__ import annotations

import warnings

from commtrak.security import *  # noqa: F403
from commtrak.security import __all__ as __all__

warnings.warn(
    "commtrak.portal moved to commtrak.security; import the security primitives from there",
    DeprecationWarning,
    stacklevel=2,
)
