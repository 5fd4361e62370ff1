"""The documentation covers what exists: every hook is documented."""

from __future__ import annotations

from pathlib import Path

from commtrak import hookspecs

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_hook_is_documented() -> None:
    hooks = [name for name in vars(hookspecs) if name.startswith("commtrak_")]
    assert hooks
    page = (DOCS / "reference" / "hooks.md").read_text(encoding="utf-8")
    missing = [name for name in hooks if f"commtrak.hookspecs.{name}" not in page]
    assert not missing, f"hooks missing from docs/reference/hooks.md: {missing}"


def test_the_architecture_page_is_in_the_docs() -> None:
    assert (DOCS / "architecture.md").is_file()
    assert "\narchitecture\n" in (DOCS / "index.md").read_text(encoding="utf-8")


def test_every_public_name_is_in_the_api_reference() -> None:
    import commtrak

    pages = "".join(
        (DOCS / "reference" / name).read_text(encoding="utf-8") for name in ("api.md", "errors.md")
    )
    missing = [
        name
        for name in commtrak.__all__
        if f"commtrak.{name}\n" not in pages and f":: {name}\n   :module: commtrak\n" not in pages
    ]
    assert not missing, f"public names missing from docs/reference: {missing}"
