"""Application fonts: Kurinto Sans SC (from the weblate-fonts package) so Chinese and Cyrillic never
render as tofu boxes, whatever fonts the system has."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

KURINTO_DIR = "static/weblate_fonts/kurinto/ttf"
KURINTO_FILES = ("KurintoSansSC-Rg.ttf", "KurintoSansSC-Bd.ttf")


def kurinto_paths() -> list[Path]:
    try:
        base = importlib.resources.files("weblate_fonts") / KURINTO_DIR
    except ModuleNotFoundError:
        return []
    return [Path(str(base / name)) for name in KURINTO_FILES if (base / name).is_file()]


def load_fonts(app: QApplication, point_size: float | None = None) -> str | None:
    """Register the bundled fonts and make Kurinto the application font; returns its family name
    (None when the package is missing: then Qt falls back to system fonts)."""
    family = None
    for path in kurinto_paths():
        fid = QFontDatabase.addApplicationFont(str(path))
        if fid >= 0 and family is None:
            families = QFontDatabase.applicationFontFamilies(fid)
            family = families[0] if families else None
    if family:
        font = QFont(family)
        font.setPointSizeF(point_size or max(9.0, app.font().pointSizeF()))
        app.setFont(font)
    return family
