"""Layers point down only: nothing below desktop/ui imports PySide6 (DESIGN.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "desktop"
BELOW_UI = ["domain", "store", "services", "documents", "exports"]

BLOCK_QT = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6.") or name.startswith("shiboken6"):
            raise ImportError(f"{name} is blocked below desktop/ui")
sys.meta_path.insert(0, Block())
import pkgutil, importlib
import desktop
for pkg in %r:
    mod = importlib.import_module("desktop." + pkg)
    for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + "."):
        if ".migrations" not in info.name:  # Alembic scripts run only inside Alembic
            importlib.import_module(info.name)
import desktop.context, desktop.cli
assert "PySide6" not in sys.modules
print("ok")
"""


def test_lower_layers_import_with_pyside6_blocked():
    result = subprocess.run([sys.executable, "-c", BLOCK_QT % (BELOW_UI,)], capture_output=True, text=True,
                            cwd=PACKAGE.parent, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_imports_nothing_of_ours_but_domain():
    for path in (PACKAGE / "domain").rglob("*.py"):
        ours = {n for n in _imports(path) if n.startswith("desktop")}
        assert all(n.startswith("desktop.domain") for n in ours), (path, ours)


def test_renderers_and_store_do_not_reach_up():
    rules = {"documents": ("desktop.services", "desktop.store", "desktop.ui", "desktop.cli"),
             "exports": ("desktop.services", "desktop.store", "desktop.ui", "desktop.cli"),
             "store": ("desktop.services", "desktop.ui", "desktop.cli", "desktop.documents"),
             "services": ("desktop.ui", "desktop.cli")}
    for layer, forbidden in rules.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            bad = {n for n in _imports(path) if n.startswith(forbidden)}
            assert not bad, (path, bad)
