# ruff: noqa: F811  (pytest fixtures imported from gui_fixtures are redefined as arguments)
"""End-to-end workflows through the real widgets (offscreen, a real temporary database file)."""

from __future__ import annotations

import json
import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from gui_fixtures import demo_window, gui_demo_db, gui_demo_master, make_window, shutdown  # noqa: E402,F401
from helpers import cap, inst, write_doc  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402


def _store(path):
    from database import Store

    return Store(path)


def _visible_refs(page) -> list[str]:
    from app.gui.institution_models import REF_ROLE

    return [page.proxy.index(r, 0).data(REF_ROLE) for r in range(page.proxy.rowCount())]


# ---- institutions: search and filters ------------------------------------------------------------

def test_search_in_every_language_and_filters(qtbot, demo_window):
    page = demo_window.institutions
    total = page.model.rowCount()
    assert total > 100 and page.proxy.rowCount() == total
    for query in ("莫斯科", "МГУ", "Lomonosov", "莫斯科國立大學"):  # Simplified, Russian, English, Traditional
        if query.isascii():
            qtbot.keyClicks(page.search, query)  # real typing (QTest only types ASCII)
        else:
            page.search.setText(query)
        qtbot.waitUntil(lambda: "ru-msu" in _visible_refs(page) and page.proxy.rowCount() < total, timeout=2000)
        page.search.clear()
        qtbot.waitUntil(lambda: page.proxy.rowCount() == total, timeout=2000)
    # capability text is searched too
    page.search.setText("锂离子")
    qtbot.waitUntil(lambda: 0 < page.proxy.rowCount() < total, timeout=2000)
    page.search.clear()
    qtbot.waitUntil(lambda: page.proxy.rowCount() == total, timeout=2000)
    # filters combine
    page.country.set_code("RU")
    ru = page.proxy.rowCount()
    assert 0 < ru < total
    page.type.set_code("university")
    page.kind.set_code("offer")
    rows = [page.model.row_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row()) for r in range(page.proxy.rowCount())]
    assert rows and all(r.country == "RU" and r.type == "university" and r.offers > 0 for r in rows)
    page.field.set_code("aerospace")
    assert all("aerospace" in page.model.row_at(page.proxy.mapToSource(page.proxy.index(r, 0)).row()).fields
               for r in range(page.proxy.rowCount()))
    assert "of" in page.count.text()
    # sorting by number of offers (descending)
    for combo in (page.country, page.type, page.kind, page.field):
        combo.set_code("")
    page.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    offers = [page.proxy.index(r, 4).data() for r in range(page.proxy.rowCount())]
    assert offers == sorted(offers, reverse=True)


# ---- editor, validation, undo -------------------------------------------------------------------

def test_edit_validate_save_and_undo(qtbot, demo_window, gui_demo_db):
    w = demo_window
    page = w.institutions
    assert page.select_ref("ru-msu")
    ed = page.editor
    assert ed.original is not None and ed.original.ref == "ru-msu"
    old_name = ed.name.text()
    # inline validation: an empty name and a bad country mark the fields, no dialog
    ed.name.clear()
    ed.country.setText("R")
    assert page.save_current() is False
    assert ed.name.property("invalid") and ed.country.property("invalid")
    assert ed.errors.isVisible() and "name" in ed.errors.text().lower()
    # fix it, edit a capability, save
    ed.name.setText("Moscow State University (edited)")
    ed.country.setText("RU")
    assert not ed.name.property("invalid")
    ed.tabs.setCurrentIndex(1)
    ed.cap_list.setCurrentRow(0)
    ed.cap_editor.trl.setValue(6)
    qtbot.mouseClick(page.save_btn, Qt.MouseButton.LeftButton)
    with _store(gui_demo_db) as s:
        saved = s.institutions.get("ru-msu")
        assert saved.name == "Moscow State University (edited)" and saved.capabilities[0].trl == 6
    assert w.act_undo.isEnabled()
    # Ctrl+Z through the real action
    w.act_undo.trigger()
    with _store(gui_demo_db) as s:
        assert s.institutions.get("ru-msu").name == old_name
    w.act_redo.trigger()
    with _store(gui_demo_db) as s:
        assert s.institutions.get("ru-msu").name == "Moscow State University (edited)"


def test_new_capability_needs_title_then_delete_and_undo(qtbot, demo_window, gui_demo_db):
    w = demo_window
    page = w.institutions
    page.ask = lambda *_a: True  # the confirmation dialog says yes
    w.new_institution()
    ed = page.editor
    ed.name.setText("Harbin Test Institute")
    ed.country.setText("CN")
    ed.add_capability()
    assert page.save_current() is False  # untitled capability
    assert ed.cap_editor.title.property("invalid") and ed.tabs.currentIndex() == 1
    ed.cap_editor.title.setText("石墨烯复合材料中试")
    ed.cap_editor.kind.set_code("need")
    assert page.save_current() is True
    ref = ed.original.ref
    with _store(gui_demo_db) as s:
        created = s.institutions.get(ref)
        assert created.capabilities[0].title == "石墨烯复合材料中试" and created.capabilities[0].kind == "need"
    assert ref in _visible_refs(page)
    # delete with confirmation, then undo restores it
    assert page.select_ref(ref)
    page.delete_current()
    with _store(gui_demo_db) as s:
        assert s.institutions.get(ref) is None
    assert ref not in _visible_refs(page)
    w.ctx.undo_stack.undo()
    with _store(gui_demo_db) as s:
        assert s.institutions.get(ref).capabilities[0].title == "石墨烯复合材料中试"
    assert ref in _visible_refs(page)


# ---- match workspace and shortlist pipeline -------------------------------------------------------

def test_match_from_institution_reasons_and_pipeline(qtbot, demo_window, gui_demo_db):
    w = demo_window
    w.institutions.select_ref("ru-msu")
    w.act_match.trigger()  # Ctrl+M from the table
    mp = w.match
    assert w.current_screen() == "match"
    qtbot.waitUntil(lambda: mp.model.rowCount() > 0, timeout=10000)
    assert all(mp.model.match_at(r).country == "CN" for r in range(mp.model.rowCount()))
    html = mp.reasons.toHtml()
    assert "Shared concepts" in mp.reasons.toPlainText()
    assert "background-color:#fff176" in mp.left_text.toHtml() and "background-color:#fff176" in mp.right_text.toHtml()
    assert html
    # the reasons follow the UI language
    w.t.set_language("ru")
    assert "Общие понятия" in mp.reasons.toPlainText()
    w.t.set_language("en")
    # add to a new project's shortlist and move it through the pipeline
    partner = mp.model.match_at(0).institution_ref
    assert mp.add_selected_to_project(None, "Supercomputing with Inspur")
    pp = w.projects
    w.show_screen("projects")
    assert pp.current_project().title == "Supercomputing with Inspur"
    entry = pp.current_project().shortlist[0]
    assert entry.institution_ref == partner and entry.reasons
    assert pp.columns["proposed"].count() == 1
    pp.select_entry(entry.id)
    # stored with their codes: the shortlist shows the reasons in the language of the moment
    assert entry.reasons[0]["code"] and "Shared concepts" in pp.entry_reasons.text()
    w.t.set_language("ru")
    pp.select_entry(entry.id)
    assert "Общие понятия" in pp.entry_reasons.text() and "Shared concepts" not in pp.entry_reasons.text()
    w.t.set_language("en")
    pp.select_entry(entry.id)
    pp.note.setPlainText("Call after the Harbin fair")
    pp.has_date.setChecked(True)
    qtbot.mouseClick(pp.advance_btn, Qt.MouseButton.LeftButton)
    assert pp.columns["contacted"].count() == 1 and pp.columns["proposed"].count() == 0
    pp.select_entry(entry.id)
    pp.move_entry(+1)
    pp.select_entry(entry.id)
    pp.move_entry(+1)
    assert pp.columns["agreement"].count() == 1
    with _store(gui_demo_db) as s:
        e = s.projects.all()[-1].shortlist[0]
        assert e.status == "agreement" and e.note == "Call after the Harbin fair" and len(e.due_date) == 10
    pp.select_entry(entry.id)
    pp.set_entry_status("declined")
    assert pp.columns["declined"].count() == 1
    # briefs of this shortlist: see test_gui_brief.py


def test_match_from_free_text_and_capability(qtbot, demo_window):
    w = demo_window
    mp = w.match
    w.show_screen("match")
    mp.mode_text.setChecked(True)
    mp.text.setPlainText("需要锂离子电池储能技术")
    qtbot.mouseClick(mp.run_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: mp.model.rowCount() > 0, timeout=10000)
    assert mp.model.match_at(0).country == "RU"  # a Chinese need looks for Russian partners
    text = mp.reasons.toPlainText()
    assert "Shared concepts" in text and "锂离子电池" in text and "литий-ионный" in text
    assert "锂离子电池" in mp.left_text.toPlainText()
    # a filter that excludes everything: a clear message, not an error dialog
    mp.kind.set_code("research")
    mp.trl_min.setValue(9)
    mp.run()
    assert mp.model.rowCount() == 0 and mp.status.text()
    mp.kind.set_code("")
    mp.trl_min.setValue(1)
    # from one capability of an institution
    mp.set_institution("ru-msu")
    mp.mode_cap.setChecked(True)
    assert mp.capability.count() > 0
    mp.capability.setCurrentIndex(0)
    mp.run()
    assert mp.model.rowCount() > 0
    assert all(mp.model.match_at(r).institution_ref != "ru-msu" for r in range(mp.model.rowCount()))


# ---- import wizard and export ------------------------------------------------------------------------

def test_import_wizard_bad_file_shows_row_problems(qtbot, demo_window, tmp_path, gui_demo_db):
    bad = write_doc(tmp_path / "bad.json", [inst("x-1", country="Russia", type="castle"),
                                            inst("x-2", capabilities=[cap("c1", kind="wish", trl=12)])])
    with _store(gui_demo_db) as s:
        before = s.institutions.count()
    wiz = demo_window.import_file(str(bad))
    assert wiz.file_page.isComplete()
    wiz.next()
    page = wiz.preview_page
    assert not page.isComplete()
    assert page.model.rowCount() >= 3
    messages = " ".join(page.model.index(r, 2).data() for r in range(page.model.rowCount()))
    assert "country" in " ".join(page.model.index(r, 1).data() for r in range(page.model.rowCount()))
    assert messages and "problems" in page.status.text()
    wiz.reject()
    with _store(gui_demo_db) as s:
        assert s.institutions.count() == before


def test_import_wizard_with_duplicates(qtbot, demo_window, tmp_path, gui_demo_db):
    doc = write_doc(tmp_path / "dups.json", [
        inst("ext-msu", name="МГУ", country="RU", type="university", website="https://www.msu.ru",
             capabilities=[cap("ext-msu-1", title="Квантовые вычисления", kind="research")]),
        inst("ext-new", name="Новый институт", country="RU", type="research_institute"),
    ])
    w = demo_window
    wiz = w.import_file(str(doc))
    wiz.next()
    assert wiz.preview_page.isComplete()
    assert wiz.plan.duplicates and wiz.currentId() == 1
    wiz.next()
    assert wiz.currentId() == 2  # duplicates page
    assert "ext-msu" in wiz.dup_page.choices
    wiz.dup_page.set_decision("ext-msu", "merge:ru-msu")
    wiz.next()
    ip = wiz.import_page
    assert ip.isComplete() and ip.report is not None
    assert ip.report.merged == 1 and ip.report.created == 1
    assert "1" in ip.summary.text()
    wiz.accept()
    with _store(gui_demo_db) as s:
        msu = s.institutions.get("ru-msu")
        assert any(c.ref == "ext-msu-1" for c in msu.capabilities)
        assert s.institutions.get("ext-new") is not None
    assert "ext-new" in _visible_refs(w.institutions)


def test_import_wizard_shows_a_duplicate_within_the_file_next_to_the_earlier_row(qtbot, demo_window, tmp_path, gui_demo_db):
    from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel

    doc = write_doc(tmp_path / "merged_sheets.json", [
        inst("x-hpmi", name="Heihe Polar Materials Institute", country="CN", type="research_institute",
             names={"zh": "黑河极地材料研究所", "en": "Heihe Polar Materials Institute"},
             website="https://hpmi.example.cn", capabilities=[cap("x-hpmi-1", title="Cold-resistant polymers")]),
        inst("ext-msu", name="МГУ", country="RU", type="university", website="https://www.msu.ru"),
        inst("x-new", name="Новый институт", country="RU", type="research_institute"),
        inst("x-hpmi-2", name="黑河极地材料研究所", country="CN", type="research_institute", city="Heihe",
             aliases=[{"lang": "en", "name": "HPMI", "kind": "abbreviation"}],
             capabilities=[cap("x-hpmi-2-1", title="Ice-phobic coatings", kind="need")]),
    ])
    line = next(n for n, t in enumerate(doc.read_text("utf-8").splitlines(), 1) if '"ref": "x-hpmi"' in t)
    w = demo_window
    wiz = w.import_file(str(doc))
    wiz.next()
    preview = wiz.preview_page
    assert preview.isComplete()
    actions = {preview.model.index(r, 0).data(): preview.model.index(r, 5).data() for r in range(preview.model.rowCount())}
    assert actions == {"x-hpmi": "new", "ext-msu": "probable duplicate", "x-new": "new",
                       "x-hpmi-2": "probable duplicate within the file"}
    wiz.next()
    assert wiz.currentId() == 2
    page = wiz.dup_page
    assert set(page.choices) == {"ext-msu", "x-hpmi-2"}
    box = page.findChild(QGroupBox, "duplicate_x-hpmi-2")
    heading = box.findChild(QLabel, "candidateHeading").text()
    assert f"Earlier in this file (line {line})" in heading
    earlier = box.findChild(QLabel, "candidateRecord").text()  # the earlier row's data, beside the incoming one
    assert "Heihe Polar Materials Institute" in earlier and "hpmi.example.cn" in earlier and "x-hpmi" in earlier
    assert "Capabilities: 1" in earlier
    assert "same name" in box.findChild(QLabel, "candidateEvidence").text()
    assert box.title() == "黑河极地材料研究所  ↔  Heihe Polar Materials Institute"
    combo = box.findChild(QComboBox, "decision_x-hpmi-2")
    assert combo.itemText(0) == f"Merge into “Heihe Polar Materials Institute” (line {line} of this file)"
    assert combo.itemData(0) == "merge:x-hpmi"
    stored = page.findChild(QGroupBox, "duplicate_ext-msu")
    assert stored.findChild(QLabel, "candidateHeading").text() == "<b>In the database</b>"
    assert "of this file" not in page.findChild(QComboBox, "decision_ext-msu").itemText(0)
    page.set_decision("x-hpmi-2", "merge:x-hpmi")
    assert page.decisions() == {"ext-msu": "keep", "x-hpmi-2": "merge:x-hpmi"}
    wiz.next()
    report = wiz.import_page.report
    assert report is not None and (report.created, report.merged) == (3, 1)
    wiz.accept()
    with _store(gui_demo_db) as s:
        hpmi = s.institutions.get("x-hpmi")
        assert {c.ref for c in hpmi.capabilities} == {"x-hpmi-1", "x-hpmi-2-1"}
        assert hpmi.city == "Heihe" and s.institutions.get("x-hpmi-2").ref == "x-hpmi"
        assert s.institutions.get("ext-msu").ref == "ext-msu"  # kept as a separate record
    assert "x-hpmi" in _visible_refs(w.institutions) and "x-hpmi-2" not in _visible_refs(w.institutions)


def test_import_wizard_shows_the_candidate_chosen_for_merging(qtbot, demo_window, tmp_path, gui_demo_db):
    from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel

    # the second HIT of the file looks like both the stored HIT and the first HIT of the file
    doc = write_doc(tmp_path / "two_hits.json", [
        inst("x-hit-a", name="Harbin Institute of Technology", country="CN", names={"zh": "哈尔滨工业大学"},
             capabilities=[cap("x-hit-a-1", title="Space robotics")]),
        inst("x-hit-b", name="哈尔滨工业大学", country="CN", city="Harbin"),
    ])
    line = next(n for n, t in enumerate(doc.read_text("utf-8").splitlines(), 1) if '"ref": "x-hit-a"' in t)
    wiz = demo_window.import_file(str(doc))
    wiz.next()
    wiz.next()
    page = wiz.dup_page
    box = page.findChild(QGroupBox, "duplicate_x-hit-b")
    combo = box.findChild(QComboBox, "decision_x-hit-b")
    heading, record = box.findChild(QLabel, "candidateHeading"), box.findChild(QLabel, "candidateRecord")
    assert [combo.itemData(i) for i in range(combo.count())] == ["merge:cn-hit", "merge:x-hit-a", "keep", "skip"]
    assert combo.itemText(1) == f"Merge into “Harbin Institute of Technology” (line {line} of this file)"
    assert heading.text() == "<b>In the database</b>" and "cn-hit" in record.text()  # the best candidate
    combo.setCurrentIndex(1)
    assert f"Earlier in this file (line {line})" in heading.text()
    assert "x-hit-a" in record.text() and "Capabilities: 1" in record.text() and page.shown["x-hit-b"] == "x-hit-a"
    combo.setCurrentIndex(0)
    assert heading.text() == "<b>In the database</b>" and page.shown["x-hit-b"] == "cn-hit"
    page.set_decision("x-hit-a", "keep")
    page.set_decision("x-hit-b", "merge:x-hit-a")
    wiz.next()
    assert (wiz.import_page.report.created, wiz.import_page.report.merged) == (1, 1)
    wiz.accept()
    with _store(gui_demo_db) as s:
        assert {c.ref for c in s.institutions.get("x-hit-a").capabilities} == {"x-hit-a-1"}
        assert s.institutions.get("x-hit-b").ref == "x-hit-a" and s.institutions.get("x-hit-a").city == "Harbin"


def test_import_cancel_rolls_back(qtbot, demo_window, tmp_path, gui_demo_db):
    doc = write_doc(tmp_path / "many.json", [inst(f"bulk-{i}", name=f"Bulk institute {i}") for i in range(120)])
    wiz = demo_window.import_file(str(doc))
    wiz.next()
    # cancel as soon as the first progress report arrives (the sync executor runs the op inline)
    original = wiz.import_page._progress

    def cancel_on_progress(fraction, message):
        original(fraction, message)
        wiz.import_page.cancel()

    wiz.import_page._progress = cancel_on_progress
    while wiz.currentId() != 3:
        assert wiz.currentPage().isComplete(), wiz.currentId()
        wiz.next()
    assert wiz.import_page.cancelled, wiz.import_page.label.text()
    with _store(gui_demo_db) as s:
        assert s.institutions.get("bulk-0") is None


@pytest.mark.parametrize("suffix", ["json", "csv", "xlsx"])
def test_export(qtbot, demo_window, tmp_path, suffix):
    out = tmp_path / f"out.{suffix}"
    demo_window.export_file(str(out))
    assert out.is_file() and out.stat().st_size > 1000
    if suffix == "json":
        assert len(json.loads(out.read_text(encoding="utf-8"))["institutions"]) > 100


# ---- statistics ---------------------------------------------------------------------------------

def test_statistics_render_and_png(qtbot, demo_window, tmp_path):
    w = demo_window
    w.show_screen("stats")
    st = w.stats
    qtbot.waitUntil(lambda: st.stats is not None, timeout=3000)
    assert st.stats["country"]["RU"] > 0 and st.stats["kind"]["offer"] > 0
    assert st.charts["country"].items and st.charts["trl"].items
    png = tmp_path / "stats.png"
    assert st.export_png(str(png))
    from PySide6.QtGui import QImage

    img = QImage(str(png))
    assert img.width() > 400 and img.height() > 300


# ---- first run: empty database, demo load in the worker with progress -------------------------------

def test_first_run_offers_demo_and_loads_it_in_the_worker(qtbot, tmp_path):
    w = make_window(qtbot, tmp_path / "empty.db", threaded=True)
    try:
        assert w.stack.currentWidget() is w.welcome
        assert w.welcome.demo_btn.isVisible() and w.welcome.import_btn.isVisible()
        qtbot.mouseClick(w.welcome.demo_btn, Qt.MouseButton.LeftButton)
        assert w._progress is not None and w._progress.isVisible()  # progress while the worker loads
        qtbot.waitUntil(lambda: w.count > 100, timeout=20000)
        assert w.stack.currentWidget() is w.institutions
        assert w.institutions.model.rowCount() == w.count
    finally:
        shutdown(w)


def test_bad_database_file_gives_a_clear_message(qtbot, tmp_path):
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    w = make_window(qtbot, bad)
    try:
        box = w.findChild(QMessageBox, "errorBox")
        assert box is not None and "database" in box.text().lower()
        assert "Open database" in box.informativeText()
    finally:
        shutdown(w)


def test_geometry_and_splitters_are_remembered(qtbot, gui_demo_db):
    from app.gui.window import window_settings

    w = make_window(qtbot, gui_demo_db)
    w.resize(w.width(), 700)
    w.institutions.splitter.setSizes([300, 600])
    sizes = w.institutions.splitter.sizes()
    w.close()
    shutdown(w)
    assert window_settings().value("splitters/institutionsSplitter") is not None
    w2 = make_window(qtbot, gui_demo_db)
    try:
        assert w2.height() == 700
        # the offscreen screen is narrower than the window, so compare proportions, not pixels
        restored = w2.institutions.splitter.sizes()
        assert abs(restored[0] / sum(restored) - sizes[0] / sum(sizes)) < 0.03
    finally:
        shutdown(w2)


@pytest.mark.parametrize("lang, said, not_said", [("zh", "名称相同", "same name"), ("ru", "одинаковое название", "same name")])
def test_import_wizard_gives_duplicate_evidence_in_the_ui_language(qtbot, gui_demo_db, tmp_path, lang, said, not_said):
    from PySide6.QtWidgets import QGroupBox, QLabel

    doc = write_doc(tmp_path / "dup.json", [inst("ext-msu", name="МГУ", country="RU", type="university",
                                                  website="https://www.msu.ru")])
    w = make_window(qtbot, gui_demo_db, lang)
    try:
        wiz = w.import_file(str(doc))
        wiz.next()
        wiz.next()
        box = wiz.dup_page.findChild(QGroupBox, "duplicate_ext-msu")
        text = box.findChild(QLabel, "candidateEvidence").text()
        assert said in text and not_said not in text, text
        wiz.reject()
    finally:
        shutdown(w)


def test_stored_shortlist_reasons_old_strings_as_written_new_records_in_the_ui_language(qtbot):
    from app.gui.texts import UiTexts
    from app.reason_text import reason_record, stored_reason_text
    from matching.types import Reason

    assert stored_reason_text(UiTexts("zh"), "written in 2025 <b>") == "written in 2025 <b>"
    rec = json.loads(json.dumps(reason_record(Reason("breadth", "3 matching capabilities", {"count": 3}),
                                              capability_title="", partner_type="enterprise")))
    assert rec == {"code": "breadth", "text": "3 matching capabilities", "data": {"count": 3}, "partner_type": "enterprise"}
    ru, zh = stored_reason_text(UiTexts("ru"), rec), stored_reason_text(UiTexts("zh"), rec)
    assert "3" in ru and re.search("[а-я]", ru) and "3" in zh and re.search("[\u4e00-\u9fff]", zh)
    unknown = {"code": "from_a_newer_version", "text": "kept as the engine wrote it", "data": {}}
    assert stored_reason_text(UiTexts("ru"), unknown) == "kept as the engine wrote it"


def test_pipeline_entries_are_dragged_between_status_columns(qtbot, demo_window):
    import warnings

    from PySide6.QtCore import QMimeData, QPoint, QPointF
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    pp = _two_partners_on_a_new_project(qtbot, demo_window, "Drag and drop")
    first, second = pp.current_project().shortlist[:2]
    pp.select_entry(first.id)
    pp.note.setPlainText("met at the Harbin fair")  # the selected entry's unsaved edits go with it

    def drop(entry_id: int, column: str, mime_type: str = "application/x-qiaomost-shortlist-entry") -> None:
        """What a drag does on arrival: enter (Qt delivers a drop only where an enter was accepted), then drop."""
        data = QMimeData()
        data.setData(mime_type, str(entry_id).encode())
        viewport = pp.columns[column].viewport()
        buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
        with warnings.catch_warnings():  # PySide6 marks the QPoint constructor deprecated; Qt 6 has no other
            warnings.simplefilter("ignore", DeprecationWarning)
            enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.MoveAction, data, buttons, mods)
        QApplication.sendEvent(viewport, enter)
        QApplication.sendEvent(viewport, QDropEvent(QPointF(10, 10), Qt.DropAction.MoveAction, data, buttons, mods))

    drop(second.id, "meeting")  # not the selected one: only its status changes
    drop(first.id, "contacted")
    entries = {e.id: e for e in pp.current_project().shortlist}
    assert entries[second.id].status == "meeting" and entries[first.id].status == "contacted"
    assert entries[first.id].note == "met at the Harbin fair" and entries[second.id].note == ""
    assert pp.columns["meeting"].count() == 1 and pp.columns["contacted"].count() == 1
    assert pp.columns["proposed"].count() == 0
    drop(first.id, "declined", mime_type="text/plain")  # anything else dropped on the board is ignored
    assert {e.id: e.status for e in pp.current_project().shortlist}[first.id] == "contacted"


def test_import_wizard_reads_a_cp1251_csv_and_says_so(qtbot, demo_window, tmp_path):
    src = tmp_path / "excel-ru.csv"
    src.write_bytes(("institution_ref,institution_name,country,type\n"
                     "ru-new-x,Институт «Пример» № 7,RU,research_institute\n").encode("cp1251"))
    w = demo_window
    wiz = w.import_file(str(src))
    wiz.next()
    assert wiz.preview_page.isComplete()
    assert "CP1251" in wiz.preview_page.status.text()
    assert wiz.preview_page.model.index(0, 1).data() == "Институт «Пример» № 7"
    wiz.reject()


def test_a_note_typed_for_one_shortlist_entry_is_kept_when_another_is_selected(qtbot, demo_window):
    pp = _two_partners_on_a_new_project(qtbot, demo_window, "Notes")
    first, second = pp.current_project().shortlist[:2]
    pp.select_entry(first.id)
    pp.note.setPlainText("asked for the test report")
    pp.select_entry(second.id)
    assert pp.note.toPlainText() == ""  # the other entry's own (empty) note is shown
    entries = {e.id: e for e in pp.current_project().shortlist}
    assert entries[first.id].note == "asked for the test report" and entries[second.id].note == ""
    pp.select_entry(first.id)
    assert pp.note.toPlainText() == "asked for the test report"


def test_a_typed_note_is_kept_when_another_project_is_opened(qtbot, demo_window):
    w = demo_window
    w.institutions.select_ref("ru-msu")
    w.act_match.trigger()
    mp = w.match
    qtbot.waitUntil(lambda: mp.model.rowCount() > 1, timeout=10000)
    assert mp.add_selected_to_project(None, "First project")
    mp.table.selectRow(1)
    assert mp.add_selected_to_project(None, "Second project")
    pp = w.projects
    w.show_screen("projects")
    titles = [p.title for p in pp.projects]
    pp.list.setCurrentRow(titles.index("First project"))
    entry = pp.current_project().shortlist[0]
    pp.select_entry(entry.id)
    pp.note.setPlainText("send the NDA first")
    pp.list.setCurrentRow(titles.index("Second project"))
    assert pp.current_project().title == "Second project"
    pp.list.setCurrentRow(titles.index("First project"))
    assert pp.current_project().shortlist[0].note == "send the NDA first"


def test_match_details_caution_on_export_control_only_where_it_applies(qtbot, demo_window):
    w = demo_window
    mp = w.match
    w.show_screen("match")
    mp.mode_text.setChecked(True)

    def top_details(text: str) -> str:
        mp.text.setPlainText(text)
        mp.run()
        qtbot.waitUntil(lambda: mp.model.rowCount() > 0, timeout=10000)
        mp.table.selectRow(0)
        return mp.reasons.toPlainText()

    nuclear = top_details("寻求快中子反应堆燃料组件与核燃料循环技术合作")
    assert "Dual-use and export control" in nuclear and "nuclear technology" in nuclear, nuclear
    crops = top_details("寻求适合黑龙江寒地种植的早熟大豆品种与育种合作")
    assert "Dual-use and export control" not in crops, crops
    w.t.set_language("zh")
    mp.text.setPlainText("寻求快中子反应堆燃料组件与核燃料循环技术合作")
    mp.run()
    mp.table.selectRow(0)
    assert "两用物项与出口管制" in mp.reasons.toPlainText() and "核技术" in mp.reasons.toPlainText()
    w.t.set_language("en")


def test_shortlist_exported_to_excel_in_the_ui_language(qtbot, demo_window, tmp_path):
    from openpyxl import load_workbook

    w = demo_window
    w.institutions.select_ref("ru-msu")
    w.act_match.trigger()
    mp = w.match
    qtbot.waitUntil(lambda: mp.model.rowCount() > 1, timeout=10000)
    assert mp.add_selected_to_project(None, "Квантовые технологии =1+1")
    partner = mp.model.match_at(0)
    pp = w.projects
    w.show_screen("projects")
    entry = pp.current_project().shortlist[0]
    pp.select_entry(entry.id)
    pp.note.setPlainText('=HYPERLINK("http://x")')  # a formula-looking note stays text
    pp.save_entry()
    w.t.set_language("zh")
    out = tmp_path / "shortlist.xlsx"
    pp.export_shortlist(str(out))
    assert pp.last_export == str(out)
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("合作伙伴", "编号") and rows[0][-1] == "推荐理由"
    assert len(rows) == 2
    row = rows[1]
    assert row[1] == partner.institution_ref and row[5] == "已提议" and row[4] == round(partner.score * 100)
    assert "共同概念" in row[-1]  # reasons rendered in Chinese from the stored codes
    assert row[8] == "'=HYPERLINK(\"http://x\")"  # neutralised as in every export
    assert ws.title.startswith("Квантовые технологии")
    w.t.set_language("en")


def _two_partners_on_a_new_project(qtbot, w, title: str):
    """Match from MSU, put the two best partners on a new project, open it; returns the projects page."""
    w.institutions.select_ref("ru-msu")
    w.act_match.trigger()
    mp = w.match
    qtbot.waitUntil(lambda: mp.model.rowCount() > 1, timeout=10000)
    assert mp.add_selected_to_project(None, title)
    mp.table.selectRow(1)
    assert mp.add_selected_to_project(w.projects.current_project().id)
    w.show_screen("projects")
    return w.projects
