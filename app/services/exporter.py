"""Export the whole store as qiaomost/v1 JSON, CSV or XLSX (chosen by the file's extension)."""

from __future__ import annotations

from pathlib import Path

from database import Store


class ExportError(Exception):
    pass


def export_file(store: Store, path: str | Path) -> int:
    """Write the store to `path`; returns the number of institutions. Written atomically (temp + rename)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.parent.exists():
        raise ExportError(f"{path}: the folder {path.parent} does not exist")
    try:
        if suffix == ".json":
            from .interchange import write_json

            return write_json(store, path)
        if suffix == ".csv":
            from .tabular import write_csv

            return write_csv(store, path)
        if suffix == ".xlsx":
            from .tabular import write_xlsx

            return write_xlsx(store, path)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    raise ExportError(f"{path}: unknown export type {suffix or '(none)'}: use .json, .csv or .xlsx")
