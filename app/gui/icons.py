"""Icons: small SVGs from resources/icons/ when present, else Qt's standard icons."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from app.resources import resource

_STANDARD = {
    "institutions": QStyle.StandardPixmap.SP_DirHomeIcon,
    "match": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "projects": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "stats": QStyle.StandardPixmap.SP_FileDialogInfoView,
    "import": QStyle.StandardPixmap.SP_DialogOpenButton,
    "export": QStyle.StandardPixmap.SP_DialogSaveButton,
    "search": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "undo": QStyle.StandardPixmap.SP_ArrowBack,
    "redo": QStyle.StandardPixmap.SP_ArrowForward,
    "settings": QStyle.StandardPixmap.SP_FileDialogListView,
    "add": QStyle.StandardPixmap.SP_FileIcon,
    "delete": QStyle.StandardPixmap.SP_TrashIcon,
    "save": QStyle.StandardPixmap.SP_DialogSaveButton,
    "demo": QStyle.StandardPixmap.SP_DriveHDIcon,
    "brief": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "next": QStyle.StandardPixmap.SP_ArrowRight,
    "prev": QStyle.StandardPixmap.SP_ArrowLeft,
}


@lru_cache(maxsize=64)
def icon(name: str) -> QIcon:
    path = resource("icons", f"{name}.svg")
    if path.is_file():
        ic = QIcon(str(path))
        if not ic.isNull():
            return ic
    std = _STANDARD.get(name)
    style = QApplication.style()
    return style.standardIcon(std) if std is not None and style is not None else QIcon()
