"""The documentation covers what exists: every hook is documented."""

from __future__ import annotations

import re
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


def test_every_model_name_is_in_the_api_reference() -> None:
    # commtrak.model's names that commtrak does not export are listed in the model's
    # automodule (autodoc, like the commtrak module's), or documented as constants.
    import commtrak
    import commtrak.model

    page = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    marker = ".. automodule:: commtrak.model\n   :members: "
    assert marker in page
    listed = set(page.split(marker, 1)[1].split("\n", 1)[0].split(", "))
    documented = {
        name
        for name in commtrak.model.__all__
        if name.isupper() and re.search(rf"\.\. autodata:: commtrak\.model\.\w+\.{name}\n", page)
    }
    missing = sorted(set(commtrak.model.__all__) - set(commtrak.__all__) - listed - documented)
    assert not missing, f"commtrak.model names missing from the API reference: {missing}"


# The promise: from the front page, at most two clicks to each of these.
FRONT_PAGE_TARGETS = {
    "installing": "install.md",
    "the tutorial": "tutorial.md",
    "merging duplicates": "howto/duplicates.md",
    "writing a backend": "plugins.md",
    "the API reference": "reference/api.md",
}


def _links(page: Path) -> set[str]:
    """The pages a Markdown page links to, as paths relative to docs/."""
    text = page.read_text(encoding="utf-8")
    found = set()
    for target in re.findall(r"\]\(([^)#\s]+\.md)", text):
        found.add(str((page.parent / target).resolve().relative_to(DOCS)))
    return found


def test_the_front_page_reaches_the_essentials_in_two_clicks() -> None:
    index = DOCS / "index.md"
    first = _links(index)
    second = set().union(*(_links(DOCS / page) for page in first if (DOCS / page).is_file()))
    reachable = first | second
    missing = [what for what, page in FRONT_PAGE_TARGETS.items() if page not in reachable]
    assert not missing, f"not reachable from the front page in two clicks: {missing}"
    # The API of open_store is one click away, linked from the front page itself.
    assert "{py:func}`commtrak.open_store`" in index.read_text(encoding="utf-8")
    for page in FRONT_PAGE_TARGETS.values():
        assert (DOCS / page).is_file(), page


def test_every_how_to_guide_is_in_the_how_to_index() -> None:
    index = (DOCS / "howto" / "index.md").read_text(encoding="utf-8")
    guides = [p.stem for p in (DOCS / "howto").glob("*.md") if p.stem != "index"]
    missing = [guide for guide in guides if f"\n{guide}\n" not in index]
    assert not missing, f"how-to guides missing from howto/index.md: {missing}"
