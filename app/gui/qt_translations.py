"""Qt's own texts (standard buttons such as Yes / No / OK, file and print dialogs, the context menu of
text fields) in the UI language, from the translations shipped inside the PySide6 wheel.

Our texts come from the catalogue (UiTexts); without this, every standard dialog stayed English in a
Chinese or Russian window. Follows `UiTexts.language_changed`, so switching the language is live.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from app.gui.texts import UiTexts

QT_LOCALES = {"zh": "zh_CN", "ru": "ru", "en": "en"}


_installed: QTranslator | None = None  # one qtbase translator per application, whoever installed it


class QtTranslations(QObject):
    """Installs `qtbase_<locale>.qm` for the current UI language (English needs none)."""

    def __init__(self, texts: UiTexts, parent: QObject | None = None):
        super().__init__(parent)
        self.installed = ""  # the locale whose Qt texts are installed ("" = Qt's English)
        texts.language_changed.connect(self.apply)
        self.apply(texts.lang)

    def apply(self, lang: str) -> bool:
        global _installed
        app = QCoreApplication.instance()
        if app is None:
            return False
        if _installed is not None:
            app.removeTranslator(_installed)
            _installed = None
        self.installed = ""
        locale = QT_LOCALES.get(lang, "en")
        if locale == "en":
            return True
        translator = QTranslator(app)  # owned by the application: outlives any one window
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not translator.load(QLocale(locale), "qtbase", "_", folder):
            return False  # a bundle without Qt's translations: standard buttons stay English
        app.installTranslator(translator)
        _installed = translator
        self.installed = locale
        return True
