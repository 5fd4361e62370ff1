"""Sphinx configuration of commtrak's documentation.

Build with ``nox -s docs`` or ``sphinx-build -W -n --keep-going -b html docs docs/_build/html``.
The build needs no network: there is no intersphinx, and references to other projects'
objects (the standard library, pytest, hypothesis, pluggy) are left as plain text.
"""

from __future__ import annotations

import enum
import importlib
from typing import TYPE_CHECKING, Any

import commtrak

if TYPE_CHECKING:  # so that pytest's --doctest-modules can import this file without Sphinx
    from docutils import nodes
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

project = "commtrak"
author = "The commtrak developers"
copyright = "2026, the commtrak developers"
release = commtrak.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# -- MyST --------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- autodoc and napoleon (Google-style docstrings) ----------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
napoleon_attr_annotations = True

# -- nitpicky references -------------------------------------------------------------------
# Objects of other projects are not linked (no network, no intersphinx): these modules'
# names are accepted as plain text. Every reference to commtrak itself must resolve.
_EXTERNAL = (
    "_pytest",
    "alembic",
    "attr",
    "attrs",
    "collections",
    "contextlib",
    "cryptography",
    "argon2",
    "cattrs",
    "datetime",
    "decimal",
    "dns",
    "email_validator",
    "enum",
    "hypothesis",
    "os",
    "pluggy",
    "pytest",
    "sqlalchemy",
    "types",
    "typing",
    "uuid",
)
nitpick_ignore_regex = [
    ("py:.*", rf"({'|'.join(_EXTERNAL)})(\..*)?"),
    # Private helpers (a name starting with "_", or in a module whose name does) appear in
    # signatures but are not documented. A public object defined in a private module is
    # sent to its documented name by _resolve_reexport first.
    ("py:.*", r"(.*\.)?_[A-Za-z][^.]*(\..*)?"),
]

# -- HTML ----------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"commtrak {release}"
html_static_path: list[str] = []


# The public names are re-exported from the modules that define them (commtrak.Customer is
# commtrak.model.customers.Customer). autodoc documents each object once, under its public
# name, and records the defining module as its canonical name; these are the public
# modules a reference to any other path of the same object is sent to.
_PUBLIC_MODULES = (
    "commtrak",
    "commtrak.model",
    "commtrak.services",
    "commtrak.unit_of_work",
    "commtrak.ports",
    "commtrak.plugins",
    "commtrak.hookspecs",
    "commtrak.clock",
    "commtrak.references",
    "commtrak.portability",
    "commtrak.cli",
    "commtrak.security",
    "commtrak.finance",
    "commtrak.field_service",
    "commtrak.testing.conformance",
    "commtrak.testing.dns",
    "commtrak_memory",
    "commtrak_sqlalchemy.references",
)


def _lookup(path: str) -> object:
    """Return the object at a dotted path: a module, then attributes of it."""
    parts = path.split(".")
    for split in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for name in parts[split:]:
                obj = getattr(obj, name)
        except AttributeError:
            break
        return obj
    raise LookupError(path)


def _resolve_reexport(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    """Send a reference to a private path of a public object to its documented name.

    A docstring may name an object by the path of the module that defines it
    (``commtrak.model.customers.Customer``), by a path it is re-exported from
    (``commtrak.model.Customer``), or by its bare name from within its own module
    (``DEFAULT_URL``, ``EmailStatus.UNVERIFIED``). Each resolves to the one place the
    object is documented, when that is the very same object.
    """
    if node.get("refdomain") != "py":
        return None
    target: str = node.get("reftarget", "")
    if not target.startswith("commtrak") and node.get("py:module"):
        target = f"{node['py:module']}.{target}"
    if not target.startswith("commtrak"):
        return None
    obj = _NOTHING
    # A bare name in a class's docstring may be a member the class inherits
    # (``count_for_customer`` of a repository): look in the class first.
    owner = node.get("py:class")
    bare = node.get("reftarget", "")
    paths = []
    if owner and "." not in bare:
        paths.append(f"{node.get('py:module')}.{owner}.{bare}")
        # ... or a name of the module that defines the class (``REQUIRABLE_FIELDS``).
        try:
            defining = getattr(_lookup(f"{node.get('py:module')}.{owner}"), "__module__", "")
            paths.append(f"{defining}.{bare}")
        except LookupError:
            pass
    for path in [*paths, target]:
        try:
            obj = _lookup(path)
            break
        except LookupError:
            continue
    domain: Any = env.get_domain("py")
    parts = target.split(".")
    # The documented name may be the last part (``Customer``) or a member of a class
    # (``EmailStatus.UNVERIFIED``): try each tail of the path under each public module.
    for start in range(len(parts) - 1, 0, -1):
        tail = ".".join(parts[start:])
        for module in _PUBLIC_MODULES:
            candidate = f"{module}.{tail}"
            if candidate == target or candidate not in domain.objects:
                continue
            try:
                public = _lookup(candidate)
            except LookupError:
                continue
            if obj is _NOTHING or public is obj:
                return domain.resolve_xref(
                    env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode
                )
    # Constants are documented under the module that defines them (autodoc finds their
    # ``#:`` comment only there): look for the very same object under any documented name.
    if obj is not _NOTHING:
        tail = f".{parts[-1]}"
        for candidate in list(domain.objects):
            if not candidate.endswith(tail) or candidate == target:
                continue
            try:
                found = _lookup(candidate)
            except LookupError:
                continue
            if found is obj:
                return domain.resolve_xref(
                    env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode
                )
    return None


_NOTHING = object()


def _public_bases(app: Sphinx, name: str, obj: object, options: object, bases: list[Any]) -> None:
    """Leave private base classes (``commtrak.services._base.Service``) out of "Bases"."""
    bases[:] = [
        base
        for base in bases
        if not any(part.startswith("_") for part in getattr(base, "__module__", "").split("."))
    ]


def _show_enum_members(
    app: Sphinx, what: str, name: str, obj: object, skip: bool, options: object
) -> bool | None:
    """Document enumeration members (``CustomerStatus.ACTIVE``), which have no docstring."""
    if isinstance(obj, enum.Enum) and what == "class":
        return False
    return None


def setup(app: Sphinx) -> None:
    """Register the re-export resolver, the base-class filter and the enum members."""
    app.connect("missing-reference", _resolve_reexport)
    app.connect("autodoc-process-bases", _public_bases)
    app.connect("autodoc-skip-member", _show_enum_members)
