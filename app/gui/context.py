"""What every screen receives (instead of globals): the store executor, the UI texts, the user's
settings and the session's undo stack."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QUndoStack

from app.config import Settings
from app.gui.executor import Executor
from app.gui.texts import UiTexts


@dataclass
class AppContext:
    executor: Executor
    texts: UiTexts
    settings: Settings
    undo_stack: QUndoStack

    def save_settings(self) -> None:
        try:
            self.settings.save()
        except OSError:
            pass  # settings are a convenience: never lose work because the config folder is read-only
