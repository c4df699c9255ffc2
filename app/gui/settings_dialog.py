"""Settings: UI language (switches the window live), database location, officer, match defaults."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.gui.context import AppContext
from app.gui.widgets import CodeCombo
from app.i18n import LANGUAGE_NAMES, LANGUAGES, system_language


class SettingsDialog(QDialog):
    database_chosen = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.ctx = ctx
        self.t = ctx.texts
        s = ctx.settings
        t = self.t

        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        self.language.addItem("", "")
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(s.ui_language)))
        self.officer = QLineEdit(s.officer_name)
        self.organisation = QLineEdit(s.organisation)
        self.db_path = QLineEdit(str(ctx.executor.db_path or s.last_database or ""))
        self.db_path.setReadOnly(True)
        self.open_btn = QPushButton()
        self.new_btn = QPushButton()
        db_row = QHBoxLayout()
        db_row.addWidget(self.db_path, 1)
        db_row.addWidget(self.open_btn)
        db_row.addWidget(self.new_btn)
        self.country = CodeCombo(("", "CN", "RU"), t.country_label, empty_label=lambda: t("gui.match.other_side"))
        self.country.set_code(s.match.country)
        self.top = QSpinBox()
        self.top.setRange(1, 200)
        self.top.setValue(s.match.top)
        self.trl_min = QSpinBox()
        self.trl_min.setRange(1, 9)
        self.trl_min.setValue(s.match.trl_min)
        self.trl_max = QSpinBox()
        self.trl_max.setRange(1, 9)
        self.trl_max.setValue(s.match.trl_max)
        trl_row = QHBoxLayout()
        trl_row.addWidget(self.trl_min)
        trl_row.addWidget(QLabel("–"))
        trl_row.addWidget(self.trl_max)
        trl_row.addStretch()

        self.general = QGroupBox()
        gf = QFormLayout(self.general)
        self._labels = {k: QLabel() for k in ("language", "officer", "organisation", "database", "country", "top", "trl")}
        gf.addRow(self._labels["language"], self.language)
        gf.addRow(self._labels["officer"], self.officer)
        gf.addRow(self._labels["organisation"], self.organisation)
        gf.addRow(self._labels["database"], db_row)
        self.defaults = QGroupBox()
        mf = QFormLayout(self.defaults)
        mf.addRow(self._labels["country"], self.country)
        mf.addRow(self._labels["top"], self.top)
        mf.addRow(self._labels["trl"], trl_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general)
        layout.addWidget(self.defaults)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.open_btn.clicked.connect(self._open_db)
        self.new_btn.clicked.connect(self._new_db)
        self.retranslate()
        self.t.language_changed.connect(self.retranslate)
        self.resize(560, self.sizeHint().height())

    def retranslate(self, *_args) -> None:
        t = self.t
        self.setWindowTitle(t("gui.settings.title"))
        self.language.setItemText(0, t("gui.settings.language_system", name=LANGUAGE_NAMES[system_language()]))
        for key, label in self._labels.items():
            label.setText(t(f"gui.settings.{key}"))
        self.general.setTitle(t("gui.settings.general"))
        self.defaults.setTitle(t("gui.settings.defaults"))
        self.open_btn.setText(t("gui.settings.open_db"))
        self.new_btn.setText(t("gui.settings.new_db"))
        self.country.retranslate()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("gui.ok"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(t("gui.cancel"))

    def _open_db(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.t("gui.settings.open_db"), self.db_path.text(),
                                              self.t("gui.filter.database") + " (*.db *.sqlite *.sqlite3);;* (*)")
        if path:
            self.choose_database(path)

    def _new_db(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.t("gui.settings.new_db"), str(Path.home() / "qiaomost.db"),
                                              self.t("gui.filter.database") + " (*.db)")
        if path and not Path(path).exists():
            self.choose_database(path)

    def choose_database(self, path: str) -> None:
        self.db_path.setText(path)
        self._chosen_db = path

    _chosen_db: str | None = None

    def accept(self) -> None:
        s = self.ctx.settings
        s.ui_language = self.language.currentData() or ""
        s.officer_name = self.officer.text().strip()
        s.organisation = self.organisation.text().strip()
        s.match.country = self.country.code()
        s.match.top = self.top.value()
        s.match.trl_min = min(self.trl_min.value(), self.trl_max.value())
        s.match.trl_max = max(self.trl_min.value(), self.trl_max.value())
        self.ctx.save_settings()
        super().accept()
        self.t.set_language(s.ui_language or system_language())  # retranslates the whole window live
        if self._chosen_db and Path(self._chosen_db) != self.ctx.executor.db_path:
            self.database_chosen.emit(self._chosen_db)
