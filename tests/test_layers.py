"""The layers of docs/architecture.md hold, and the check that keeps them would notice a break.

`lint-imports` (import-linter, configured in pyproject.toml) runs in `nox -s lint`; these
tests run it on the tree as it is, and on a copy with one forbidden import added.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent))


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS, "import-linter is part of the test-sql extra"
    environment = {**os.environ, "PYTHONPATH": str(tree / "src")}
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _copy_of_the_tree(destination: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", destination / "pyproject.toml")
    shutil.copytree(ROOT / "src", destination / "src", ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def test_the_tree_keeps_every_layer_contract(tmp_path: Path) -> None:
    result = _lint_imports(_copy_of_the_tree(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "forbidden", "contract"),
    [
        ("commtrak/model/ids.py", "commtrak.services.groups", "commtrak's layers"),
        ("commtrak/services/groups.py", "commtrak.session", "commtrak's layers"),
        ("commtrak/security/totp.py", "commtrak.model", "commtrak's layers"),
        ("commtrak_sqlalchemy/groups.py", "commtrak.services", "backends depend on the ports"),
        ("commtrak/ports/groups.py", "commtrak_memory", "commtrak never imports a backend"),
        ("commtrak/services/customers.py", "commtrak.finance", "commtrak's layers"),
        (
            "commtrak_sqlalchemy/finance/ledger.py",
            "commtrak.finance.services",
            "backends depend on the ports",
        ),
    ],
)
def test_a_forbidden_import_breaks_the_check(
    tmp_path: Path, module: str, forbidden: str, contract: str
) -> None:
    tree = _copy_of_the_tree(tmp_path)
    path = tree / "src" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\nimport {forbidden}  # forbidden\n")
    result = _lint_imports(tree)
    assert result.returncode == 1, result.stdout + result.stderr
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {forbidden}" in result.stdout
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken
