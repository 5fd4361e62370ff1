"""The documentation covers what exists: every hook is documented."""

from __future__ import annotations

import ast
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


# The calls that raise (or declare) a rule, and the position of the rule among their
# arguments: ValidationError(field, rule, message), PermissionDenied(permission, message),
# TemplateError(rule, ...), the SQL backend's ConstraintRule(names, field, rule, ...), and
# the helpers that pass a rule on: check_choice(field, rule, ...), the parser's error(rule).
RULE_ARGUMENT = {
    "ValidationError": 1,
    "Conflict": 1,
    "PermissionDenied": 0,
    "TemplateError": 0,
    "ConstraintRule": 2,
    "check_choice": 1,
    "error": 0,  # the template parser's TemplateError factory
}


def _string_constants(trees: list[ast.Module]) -> dict[str, str]:
    """Module-level ``NAME = "text"`` constants of the shipped packages, by name."""
    constants: dict[str, str] = {}
    for tree in trees:
        for node in tree.body:
            target = node.target if isinstance(node, ast.AnnAssign) else None
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
            value = getattr(node, "value", None)
            if (
                isinstance(target, ast.Name)
                and isinstance(value, ast.Constant)
                and isinstance(value.value, str)
            ):
                constants[target.id] = value.value
    return constants


def _raised_rules() -> dict[str, str]:
    """Every rule the shipped packages raise, spelled out in the source, with a place."""
    sources = [
        path
        for package in ("commtrak", "commtrak_memory", "commtrak_sqlalchemy")
        for path in (DOCS.parent / "src" / package).rglob("*.py")
        if "testing" not in path.parts and "migrations" not in path.parts
    ]
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in sources]
    constants = _string_constants(trees)
    rules: dict[str, str] = {}
    for path, tree in zip(sources, trees, strict=True):
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", "")
            position = RULE_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                rule = argument.value
            elif isinstance(argument, ast.Name) and argument.id in constants:
                rule = constants[argument.id]
            else:
                continue  # made at run time (an f-string): the table names its pattern
            rules.setdefault(rule, f"{path.relative_to(DOCS.parent)}:{node.lineno}")
    return rules


def test_every_rule_the_library_raises_is_in_the_errors_table() -> None:
    # Programs branch on an error's rule, so the reference must list every one of them.
    rules = _raised_rules()
    assert len(rules) > 50
    page = (DOCS / "reference" / "errors.md").read_text(encoding="utf-8")
    missing = {rule: where for rule, where in rules.items() if f"`{rule}`" not in page}
    assert not missing, f"rules raised but missing from docs/reference/errors.md: {missing}"
