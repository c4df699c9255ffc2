"""The UI language of the running window, and translated labels for domain codes.

`UiTexts` is passed to every screen (no globals). Switching the language emits `language_changed`;
each screen then re-runs its `retranslate()`, so the whole window changes live.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.i18n import LANGUAGES, tr
from matching.fields import FIELDS, field_label


class UiTexts(QObject):
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

    # ---- domain codes ----------------------------------------------------------------------------
    def type_label(self, code: str) -> str:
        return self._code("type", code)

    def kind_label(self, code: str) -> str:
        return self._code("kind", code)

    def status_label(self, code: str) -> str:
        return self._code("status", code)

    def coop_label(self, code: str) -> str:
        return self._code("coop", code)

    def ip_label(self, code: str) -> str:
        return self._code("ip", code)

    def country_label(self, code: str) -> str:
        return self._code("country", code)

    def field_label(self, code: str) -> str:
        return field_label(code, self.lang) if code in FIELDS else code

    def lang_label(self, code: str) -> str:
        text = tr(f"gui.lang.{code}", self.lang)
        return code if text.startswith("gui.lang.") else text

    def _code(self, prefix: str, code: str | None) -> str:
        if not code:
            return ""
        key = f"{prefix}.{code}"
        text = tr(key, self.lang)
        return code if text == key else text
