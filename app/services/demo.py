"""The demo portfolio shipped in resources/demo/."""

from __future__ import annotations

from pathlib import Path

from app.resources import resource
from database import Store

from .importer import Progress, import_file


def demo_files() -> list[Path]:
    return sorted(resource("demo").glob("*.json"))


def load_demo(store: Store, progress: Progress | None = None) -> dict[str, int]:
    """Import every demo file (by ref, so loading twice changes nothing); never merges anything."""
    totals = {"files": 0, "created": 0, "updated": 0, "capabilities": 0}
    files = demo_files()
    for n, path in enumerate(files):
        def sub(fraction: float, message: str, n: int = n) -> None:
            if progress:
                progress((n + fraction) / len(files), message)
        report = import_file(store, path, on_duplicate="keep", progress=sub)
        totals["files"] += 1
        totals["created"] += report.created
        totals["updated"] += report.updated
        totals["capabilities"] += report.capabilities
    return totals
