"""The explicit package list in pyproject.toml covers every package in the tree."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "desktop").rglob("__init__.py")}
    found.add("desktop.resources")
    assert found <= listed, f"add to pyproject.toml: {sorted(found - listed)}"
    assert listed <= found, f"listed in pyproject.toml but missing: {sorted(listed - found)}"
