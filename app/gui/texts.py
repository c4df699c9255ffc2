"""The UI language of the running window, and translated labels for domain codes.

`UiTexts` is passed to every screen (no globals). Switching the language emits `language_changed`;
each screen then re-runs its `retranslate()`, so the whole window changes live.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.i18n import LANGUAGES, CodeLabels, tr


class UiTexts(QObject, CodeLabels):
    language_changed = Signal(str)

    def __init__(self, lang: str = "en", parent: QObject | None = None):
        super().__init__(parent)
        self.lang = lang if lang in LANGUAGES else "en"

    def set_language(self, lang: str) -> None:
        if lang in LANGUAGES and lang != self.lang:
            self.lang = lang
            self.language_changed.emit(lang)

    def __call__(self, key: str, **kwargs: object) -> str:
        return tr(key, self.lang, **kwargs)
