"""Entry point of the desktop application: `run_gui(db, demo)` (called by `qiaomost gui` and a bare
`qiaomost`). Also `build_window()`, used by tests and the startup benchmark."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import QApplication

from app.config import Settings, resolve_db_path
from app.gui.context import AppContext
from app.gui.executor import Executor, ThreadedExecutor
from app.gui.fonts import load_fonts
from app.gui.qt_translations import QtTranslations
from app.gui.texts import UiTexts
from app.gui.window import MainWindow
from app.i18n import system_language


def ensure_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("qiaomost")
        QCoreApplication.setApplicationName("Qiao·Most")
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
        load_fonts(app)
    return app


def choose_db_path(db: str | None, settings: Settings) -> Path:
    """--db, then $QIAOMOST_DB, then the database used last time, then the per-user default."""
    if db or os.environ.get("QIAOMOST_DB") or not settings.last_database:
        return resolve_db_path(db)
    return Path(settings.last_database)


def build_window(db_path: Path, *, demo: bool = False, executor: Executor | None = None,
                 settings: Settings | None = None) -> MainWindow:
    """The main window over `db_path` (opened on the store worker as soon as the event loop runs)."""
    settings = settings or Settings.load()
    texts = UiTexts(settings.ui_language or system_language())
    executor = executor or ThreadedExecutor()
    ctx = AppContext(executor=executor, texts=texts, settings=settings, undo_stack=QUndoStack())
    window = MainWindow(ctx)
    executor.setParent(window)
    texts.setParent(window)
    window.qt_translations = QtTranslations(texts, window)  # standard buttons and dialogs follow the UI language
    window.open_database(db_path, demo_if_empty=demo)
    return window


def run_gui(db: str | None = None, demo: bool = False) -> int:
    app = ensure_app()
    settings = Settings.load()
    window = build_window(choose_db_path(db, settings), demo=demo, settings=settings)
    window.show()
    app.aboutToQuit.connect(window.ctx.executor.shutdown)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(run_gui(sys.argv[1] if len(sys.argv) > 1 else None, demo="--demo" in sys.argv))
