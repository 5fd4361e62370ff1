"""The documentation covers what exists: every hook is documented."""

from __future__ import annotations

from pathlib import Path

from commtrak import hookspecs

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_hook_is_documented() -> None:
    # docs/reference/hooks.md documents the whole hookspecs module with autodoc, so a hook
    # is documented when it has a docstring that says what a plugin does with it.
    hooks = {name: obj for name, obj in vars(hookspecs).items() if name.startswith("commtrak_")}
    assert hooks
    page = (DOCS / "reference" / "hooks.md").read_text(encoding="utf-8")
    assert ".. automodule:: commtrak.hookspecs\n   :members:\n" in page
    undocumented = [name for name, hook in hooks.items() if len((hook.__doc__ or "").strip()) < 20]
    assert not undocumented, f"hooks without a docstring: {undocumented}"


def test_the_architecture_page_is_in_the_docs() -> None:
    assert (DOCS / "architecture.md").is_file()
    assert "\narchitecture\n" in (DOCS / "index.md").read_text(encoding="utf-8")


def test_every_public_name_is_in_the_api_reference() -> None:
    # The reference documents commtrak with automodule and lists, in :exclude-members:,
    # the names it documents elsewhere: each of those must really be documented there.
    import commtrak

    pages = "".join(
        (DOCS / "reference" / name).read_text(encoding="utf-8") for name in ("api.md", "errors.md")
    )
    marker = ".. automodule:: commtrak\n   :members:\n   :exclude-members: "
    assert marker in pages
    excluded = pages.split(marker, 1)[1].split("\n", 1)[0].split(", ")
    elsewhere = [name for name in excluded if f"commtrak.{name}\n" not in pages]
    assert not elsewhere, f"excluded from the automodule but documented nowhere: {elsewhere}"
    unknown = sorted(set(excluded) - set(commtrak.__all__))
    assert not unknown, f"excluded names that are not public: {unknown}"
