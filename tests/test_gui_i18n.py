# ruff: noqa: F811  (pytest fixtures imported from gui_fixtures are redefined as arguments)
"""Every GUI string is translated; switching the language changes what is on screen."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gui_fixtures import demo_window, gui_demo_db, gui_demo_master  # noqa: E402,F401

ROOT = Path(__file__).resolve().parent.parent
GUI_JSON = ROOT / "resources" / "translations" / "gui.json"


def test_every_gui_key_has_all_languages_and_same_placeholders():
    data = json.loads(GUI_JSON.read_text(encoding="utf-8"))
    assert data
    for key, texts in data.items():
        assert key.startswith("gui."), key
        assert set(texts) >= {"en", "zh", "ru"}, key
        for lang in ("en", "zh", "ru"):
            assert texts[lang].strip(), (key, lang)
        ph = {lang: sorted(set(re.findall(r"\{(\w+)\}", texts[lang]))) for lang in ("en", "zh", "ru")}
        assert ph["en"] == ph["zh"] == ph["ru"], key


def test_every_key_used_in_the_gui_code_exists():
    from app.i18n import catalogue

    known = catalogue()
    used = set()
    dynamic = set()
    for path in (ROOT / "app" / "gui").glob("*.py"):
        src = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""(?<![\w{])["'](gui\.[a-zA-Z0-9_.\-]*[a-zA-Z0-9_])["']""", src))
        dynamic |= set(re.findall(r"""f["'](gui\.[a-zA-Z0-9_.]*)\{""", src))
    missing = sorted(k for k in used if k not in known)
    assert not missing, missing
    for prefix in dynamic:  # f"gui.cap.{key}": at least the prefix family must exist
        assert any(k.startswith(prefix) for k in known), prefix


def test_switching_language_changes_visible_texts(qtbot, demo_window):
    w = demo_window
    before = (w.windowTitle(), w.sidebar.item(0).text(), w.menu_file.title(),
              w.institutions.model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal))
    assert before[1] == "Institutions"
    seen = {}
    for lang in ("zh", "ru", "en"):
        with qtbot.waitSignal(w.t.language_changed, timeout=1000):
            w.t.set_language(lang)
        seen[lang] = (w.windowTitle(), w.sidebar.item(0).text(), w.menu_file.title(), w.institutions.search.placeholderText(),
                      w.act_import.text(), w.match.run_btn.text(), w.stats.heading.text())
    assert seen["zh"][1] == "机构" and seen["ru"][1] == "Организации" and seen["en"][1] == "Institutions"
    for i in range(len(seen["en"])):
        assert len({seen[lang][i] for lang in ("zh", "ru", "en")}) == 3, i
    # the table follows: names in the UI language
    w.t.set_language("zh")
    row = w.institutions.model.row_for_ref("ru-msu")
    name = w.institutions.model.index(row, 0).data()
    assert re.search(r"[\u4e00-\u9fff]", name), name


def test_settings_dialog_switches_language_live(qtbot, demo_window):
    w = demo_window
    dlg = w.open_settings()
    dlg.language.setCurrentIndex(dlg.language.findData("ru"))
    dlg.officer.setText("Иван Петров")
    dlg.accept()
    assert w.sidebar.item(0).text() == "Организации"
    assert w.ctx.settings.ui_language == "ru"
    from app.config import Settings

    saved = Settings.load()
    assert saved.ui_language == "ru" and saved.officer_name == "Иван Петров"


def test_qt_standard_buttons_follow_the_ui_language(qtbot, demo_window):
    from PySide6.QtWidgets import QMessageBox

    def yes_text() -> str:
        box = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        text = box.button(QMessageBox.StandardButton.Yes).text().replace("&", "")
        box.deleteLater()
        return text

    w = demo_window
    assert yes_text() == "Yes"
    w.t.set_language("ru")
    assert w.qt_translations.installed == "ru" and yes_text() == "Да"
    w.t.set_language("zh")
    assert yes_text().startswith("是")
    w.t.set_language("en")
    assert w.qt_translations.installed == "" and yes_text() == "Yes"


def test_no_clipped_texts_in_any_language(qtbot, demo_window, tmp_path):
    """What the screenshot review found: the filter bar overlapping the count, the welcome text cut off."""
    from gui_fixtures import make_window, shutdown

    w = demo_window
    w.resize(1280, 800)
    page = w.institutions
    for lang in ("zh", "ru", "en"):
        w.t.set_language(lang)
        qtbot.wait(20)
        bar = [page.search, page.country, page.type, page.field, page.kind, page.count]
        for left, right in zip(bar, bar[1:], strict=False):
            assert left.geometry().right() < right.geometry().left(), (lang, left, right)
        assert page.count.fontMetrics().horizontalAdvance(page.count.text()) <= page.count.width(), lang
    empty = make_window(qtbot, tmp_path / "empty.db")
    try:
        assert empty.stack.currentWidget() is empty.welcome
        body = empty.welcome.body
        for lang in ("ru", "zh", "en"):
            empty.t.set_language(lang)
            qtbot.wait(20)
            assert body.height() >= body.heightForWidth(body.width()), lang
    finally:
        shutdown(empty)
