"""Where the bundled resources are: the repository's resources/ in a source tree, or the
installed package desktop.resources (pyproject maps one onto the other)."""

from __future__ import annotations

import importlib.util
from pathlib import Path


def resources_dir() -> Path:
    source_tree = Path(__file__).resolve().parent.parent / "resources"
    if source_tree.is_dir():
        return source_tree
    spec = importlib.util.find_spec("desktop.resources")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    raise FileNotFoundError("CounterDesk resources are missing from this installation")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def cjk_font_path() -> Path:
    """The bundled WenQuanYi Micro Hei (Apache-2.0), so Chinese renders on a machine with no fonts."""
    return resource_path("fonts", "wqy-microhei.ttc")
