# ruff: noqa: F811  (pytest fixtures imported from gui_fixtures are redefined as arguments)
"""Unsaved institution edits: switching records or screens, starting a match or closing the window
asks Save / Discard / Cancel; Cancel keeps the selection and the edits."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gui_fixtures import demo_window, gui_demo_db, gui_demo_master, make_window, shutdown  # noqa: E402,F401
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

EDITED = "Moscow State University (unsaved edit)"


def _stored_name(db, ref: str) -> str:
    from database import Store

    with Store(db) as s:
        return s.institutions.get(ref).name


class Answer:
    """Stands in for the Save / Discard / Cancel question and remembers how often it was asked."""

    def __init__(self, answer: str):
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, _parent, _texts, name: str) -> str:
        self.asked.append(name)
        return self.answer


def _edit_msu(w, answer: str) -> Answer:
    page = w.institutions
    assert page.select_ref("ru-msu")
    page.editor.name.setText(EDITED)
    assert page.has_unsaved()
    page.ask_unsaved = Answer(answer)
    return page.ask_unsaved


def test_switching_institution_cancel_keeps_selection_and_edits(qtbot, demo_window, gui_demo_db):
    w = demo_window
    page = w.institutions
    ask = _edit_msu(w, "cancel")
    original = _stored_name(gui_demo_db, "ru-msu")
    from app.gui.institution_models import REF_ROLE

    other = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data(REF_ROLE) != "ru-msu")
    page.table.selectRow(other)  # as a click on another row does
    qtbot.waitUntil(lambda: bool(ask.asked), timeout=2000)
    assert ask.asked == [EDITED]
    qtbot.waitUntil(lambda: page.current_ref() == "ru-msu", timeout=2000)
    assert page.editor.name.text() == EDITED and page.has_unsaved()
    assert page.table.selectionModel().isRowSelected(page.table.currentIndex().row())
    assert _stored_name(gui_demo_db, "ru-msu") == original


def test_switching_institution_discard_and_save(qtbot, demo_window, gui_demo_db):
    w = demo_window
    page = w.institutions
    original = _stored_name(gui_demo_db, "ru-msu")
    ask = _edit_msu(w, "discard")
    page.select_ref("cn-tsinghua")
    qtbot.waitUntil(lambda: page.editor.original is not None and page.editor.original.ref == "cn-tsinghua", timeout=2000)
    assert ask.asked and not page.has_unsaved()
    assert _stored_name(gui_demo_db, "ru-msu") == original
    # Save: the edits are stored, then the clicked record is shown
    ask = _edit_msu(w, "save")
    page.select_ref("cn-tsinghua")
    qtbot.waitUntil(lambda: page.editor.original.ref == "cn-tsinghua", timeout=2000)
    assert ask.asked and _stored_name(gui_demo_db, "ru-msu") == EDITED
    assert page.current_ref() == "cn-tsinghua" and not page.has_unsaved()


def test_save_that_does_not_validate_keeps_the_record(qtbot, demo_window):
    page = demo_window.institutions
    ask = _edit_msu(demo_window, "save")
    page.editor.name.setText("")  # a name is required: the save stops at validation
    page.select_ref("cn-tsinghua")
    qtbot.waitUntil(lambda: bool(ask.asked), timeout=2000)
    qtbot.waitUntil(lambda: page.current_ref() == "ru-msu", timeout=2000)
    assert page.editor.errors.isVisible() and page.editor.original.ref == "ru-msu"


def test_changing_screen_asks_from_sidebar_and_shortcut(qtbot, demo_window, gui_demo_db):
    w = demo_window
    ask = _edit_msu(w, "cancel")
    w.sidebar.setCurrentRow(2)  # a click on "Projects"
    qtbot.waitUntil(lambda: bool(ask.asked), timeout=2000)
    qtbot.waitUntil(lambda: w.current_screen() == "institutions", timeout=2000)
    assert w.stack.currentWidget() is w.institutions and w.institutions.editor.name.text() == EDITED
    w.screen_actions[3].trigger()  # Ctrl+4 (statistics)
    assert len(ask.asked) == 2 and w.current_screen() == "institutions"
    # Save lets the user go, with the edits stored
    w.institutions.ask_unsaved = Answer("save")
    w.screen_actions[2].trigger()
    assert w.current_screen() == "projects" and w.stack.currentWidget() is w.projects
    assert _stored_name(gui_demo_db, "ru-msu") == EDITED
    # nothing unsaved: no question
    w.institutions.ask_unsaved = Answer("cancel")
    w.show_screen("institutions")
    w.show_screen("stats")
    assert w.current_screen() == "stats" and not w.institutions.ask_unsaved.asked


def test_starting_a_match_asks_first(qtbot, demo_window, gui_demo_db):
    w = demo_window
    original = _stored_name(gui_demo_db, "ru-msu")
    ask = _edit_msu(w, "cancel")
    w.institutions.match_btn.click()
    assert ask.asked and w.current_screen() == "institutions" and w.match.model.rowCount() == 0
    w.act_match.trigger()  # Ctrl+M
    assert len(ask.asked) == 2 and w.match.model.rowCount() == 0
    w.institutions.ask_unsaved = Answer("discard")
    w.act_match.trigger()
    assert w.current_screen() == "match"
    qtbot.waitUntil(lambda: w.match.model.rowCount() > 0, timeout=10000)
    assert w.institutions.editor.name.text() == original and not w.institutions.has_unsaved()


def test_new_institution_with_nothing_typed_is_not_unsaved(qtbot, demo_window):
    w = demo_window
    page = w.institutions
    page.ask_unsaved = Answer("cancel")
    w.new_institution()
    assert page.editor.is_new() and not page.has_unsaved()
    w.show_screen("stats")
    assert w.current_screen() == "stats" and not page.ask_unsaved.asked
    w.new_institution()
    page.editor.name.setText("Harbin Test Institute")
    w.new_institution()  # another new record over a typed one asks
    assert page.ask_unsaved.asked == ["Harbin Test Institute"]
    assert page.editor.name.text() == "Harbin Test Institute"


def test_closing_the_window_asks(qtbot, gui_demo_db):
    w = make_window(qtbot, gui_demo_db)
    try:
        ask = _edit_msu(w, "cancel")
        assert w.close() is False and w.isVisible()
        assert ask.asked and w.institutions.editor.name.text() == EDITED
        w.institutions.ask_unsaved = Answer("discard")
        assert w.close() is True
        assert _stored_name(gui_demo_db, "ru-msu") != EDITED
    finally:
        shutdown(w)


def test_the_real_question_has_translated_save_discard_cancel(qtbot, gui_demo_db):
    w = make_window(qtbot, gui_demo_db, lang="ru")
    seen = {}

    def answer_cancel() -> None:
        box = w.findChild(QMessageBox, "unsavedBox")
        if box is None or not box.isVisible():
            return
        seen["name"] = box.objectName()
        seen["text"] = box.text()
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == "Отмена").click()

    try:
        page = w.institutions
        assert page.select_ref("ru-msu")
        page.editor.name.setText(EDITED)
        timer = QTimer(w)
        timer.setInterval(50)
        timer.timeout.connect(answer_cancel)
        timer.start()
        assert w.show_screen("projects") is False
        timer.stop()
        assert seen["name"] == "unsavedBox" and EDITED in seen["text"]
        assert seen["buttons"] == sorted(["Сохранить", "Не сохранять", "Отмена"])
        assert w.current_screen() == "institutions" and page.editor.name.text() == EDITED
    finally:
        w.institutions.ask_unsaved = Answer("discard")  # never leave a real question open
        w.close()
        shutdown(w)
