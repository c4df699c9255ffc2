"""Export to JSON / CSV / XLSX: a save dialog whose filter picks the format, and the export op."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.gui.texts import UiTexts

FORMATS = (("json", "JSON (qiaomost/v1)"), ("csv", "CSV"), ("xlsx", "Excel (XLSX)"))


def ask_export_path(parent: QWidget, texts: UiTexts) -> str | None:
    filters = ";;".join(f"{label} (*.{ext})" for ext, label in FORMATS)
    path, chosen = QFileDialog.getSaveFileName(parent, texts("gui.action.export"), str(Path.home() / "qiaomost-export.json"),
                                               filters)
    if not path:
        return None
    if Path(path).suffix.lower().lstrip(".") not in {ext for ext, _ in FORMATS}:
        ext = next((e for e, label in FORMATS if chosen.startswith(label)), "json")
        path += f".{ext}"
    return path


def export_op(path: Path):
    """An op with progress: writes the whole store to `path` (atomically, see exporter)."""

    def op(store, progress):
        from app.services.exporter import export_file

        progress(0.05, path.name)
        n = export_file(store, path)
        progress(1.0, path.name)
        return n

    return op
