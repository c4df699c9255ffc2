"""Find bundled resources the same way from a source checkout, an installed wheel and a frozen bundle."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def resources_dir() -> Path:
    """The `resources/` folder: PyInstaller's _MEIPASS, else the checkout, else the wheel's package."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if (checkout / "vocabulary").is_dir():
        return checkout
    import importlib.util

    spec = importlib.util.find_spec("qiaomost_resources")
    if spec and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    raise FileNotFoundError("Qiao·Most resources folder not found (broken installation?)")


def resource(*parts: str) -> Path:
    """Path of one resource, e.g. resource("demo", "ru_academic.json")."""
    return resources_dir().joinpath(*parts)
