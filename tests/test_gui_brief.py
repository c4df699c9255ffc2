# ruff: noqa: F811  (pytest fixtures imported from gui_fixtures are redefined as arguments)
"""PDF briefs from the GUI: options dialog → generation on the store worker → preview → save / print."""

from __future__ import annotations

import os
import re
import threading

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gui_fixtures import demo_window, gui_demo_db, gui_demo_master, make_window, shutdown  # noqa: E402,F401
from PySide6.QtWidgets import QMessageBox  # noqa: E402


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)  # long names wrap across lines in the PDF


def _name(path, ref: str, lang: str) -> str:
    from database import Store

    with Store(path) as s:
        return s.institutions.get(ref).name_in(lang)


def _assert_names_in(pdf, db, refs, lang="en") -> None:
    text = _squash(_pdf_text(pdf))
    for ref in refs:
        assert _squash(_name(db, ref, lang)) in text, ref


def _dark_pixels(widget) -> int:
    """Pixels much darker than the grey desk behind the pages: rendered text."""
    img = widget.grab().toImage()
    step = 3
    return sum(1 for y in range(0, img.height(), step) for x in range(0, img.width(), step)
               if img.pixelColor(x, y).lightness() < 80)


def _run_match(qtbot, w, ref="ru-msu"):
    w.institutions.select_ref(ref)
    w.match_institution(ref)
    qtbot.waitUntil(lambda: w.match.model.rowCount() > 2, timeout=10000)
    return w.match


def _accept_options(dlg, lang="en", bilingual="no"):
    dlg.language.set_code(lang)
    dlg.bilingual.set_code(bilingual)
    dlg.accept()


def test_brief_from_match_previews_saves_and_has_both_names(qtbot, demo_window, gui_demo_db, tmp_path):
    w = demo_window
    mp = _run_match(qtbot, w)
    partner = mp.model.match_at(0).institution_ref
    assert mp.brief_btn.isEnabled()
    dlg = mp.export_brief()
    assert dlg is not None and dlg.isVisible() and dlg.objectName() == "briefOptions"
    assert dlg.language.code() == "en" and dlg.bilingual.code() == "auto"  # the UI language by default
    assert [dlg.bilingual.itemData(i) for i in range(dlg.bilingual.count())] == ["auto", "yes", "no"]
    _accept_options(dlg)
    preview = mp.briefs.preview
    assert preview is not None and preview.isVisible()
    assert preview.page_count() >= 1 and preview.pages.text() == "Page 1 of " + str(preview.page_count())
    # QPdfView renders asynchronously: the pages show text once the renderer has delivered
    qtbot.waitUntil(lambda: _dark_pixels(preview.view) > 200, timeout=10000)
    temp_pdf = preview.pdf
    assert temp_pdf.is_file()
    out = preview.save_as(str(tmp_path / "pair"))  # ".pdf" is added
    assert out == tmp_path / "pair.pdf" and out.is_file()
    assert str(out) in preview.message.text()
    _assert_names_in(out, gui_demo_db, ["ru-msu", partner])
    preview.close_btn.click()
    assert not temp_pdf.exists()  # the preview's temporary file goes with it


def test_brief_for_free_text_match_is_not_offered(qtbot, demo_window):
    mp = demo_window.match
    demo_window.show_screen("match")
    mp.mode_text.setChecked(True)
    mp.text.setPlainText("需要锂离子电池储能技术")
    mp.run()
    qtbot.waitUntil(lambda: mp.model.rowCount() > 0, timeout=10000)
    assert not mp.brief_btn.isEnabled() and mp.brief_btn.toolTip()
    assert mp.export_brief() is None and mp.status.text() == demo_window.t("gui.brief.needs_institution")


def test_brief_from_project_batch_and_single_entry(qtbot, demo_window, gui_demo_db, tmp_path):
    w = demo_window
    mp = _run_match(qtbot, w)
    partners = []
    for row in (0, 1):
        mp.table.selectRow(row)
        partners.append(mp.model.match_at(row).institution_ref)
        pid = w.projects.projects[-1].id if row else None
        assert mp.add_selected_to_project(pid, "Batch brief test")
    pp = w.projects
    w.show_screen("projects")
    p = pp.current_project()
    assert p.title == "Batch brief test" and p.lead_institution_ref == "ru-msu"
    assert pp.current_lead() == "ru-msu"
    # the whole shortlist
    _accept_options(pp.export_brief())
    batch = pp.briefs.preview
    batch_pages = batch.page_count()
    assert batch_pages >= 3  # a cover page and one brief per partner
    out = batch.save_as(str(tmp_path / "batch.pdf"))
    _assert_names_in(out, gui_demo_db, ["ru-msu", *partners])
    batch.reject()
    # the selected entry alone
    entry = next(e for e in p.shortlist if e.institution_ref == partners[1])
    pp.select_entry(entry.id)
    assert pp.entry_brief_btn.isEnabled()
    dlg = pp.export_entry_brief()
    assert "—" in dlg.subject.text()
    _accept_options(dlg)
    single = pp.briefs.preview
    assert single is not batch and 1 <= single.page_count() < batch_pages
    out = single.save_as(str(tmp_path / "single.pdf"))
    _assert_names_in(out, gui_demo_db, ["ru-msu", partners[1]])
    assert _squash(_name(gui_demo_db, partners[0], "en")) not in _squash(_pdf_text(out))
    single.reject()


def test_brief_in_chinese_by_default_when_the_ui_is_chinese(qtbot, gui_demo_db, tmp_path):
    w = make_window(qtbot, gui_demo_db, lang="zh")
    try:
        mp = _run_match(qtbot, w)
        partner = mp.model.match_at(0).institution_ref
        dlg = mp.export_brief()
        assert dlg.language.code() == "zh" and dlg.language.currentText() == "简体中文"
        dlg.accept()
        out = mp.briefs.preview.save_as(str(tmp_path / "zh.pdf"))
        _assert_names_in(out, gui_demo_db, ["ru-msu", partner], lang="zh")
        mp.briefs.preview.reject()
    finally:
        shutdown(w)


def test_no_printer_offers_save_as_pdf_and_printing_renders_every_page(qtbot, demo_window, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    mp = _run_match(qtbot, demo_window)
    _accept_options(mp.export_brief())
    preview = mp.briefs.preview
    preview.available_printers = list  # what Qt 6 reports where no CUPS server runs
    box = preview.print_brief()
    assert isinstance(box, QMessageBox) and box.objectName() == "noPrinterBox" and box.isVisible()
    assert box.text() == demo_window.t("gui.brief.no_printer")
    save = box.findChild(type(preview.save_btn), "savePdfInstead")
    assert save is not None and box.defaultButton() is save
    chosen = tmp_path / "instead.pdf"
    preview.ask_save_path = lambda default: str(chosen)
    save.click()
    assert chosen.is_file() and chosen.read_bytes() == preview.pdf.read_bytes()
    # with a printer: every page is painted (a PDF printer stands in for a real one)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(150)
    assert preview.print_to(printer) == preview.page_count()
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == preview.page_count()
    preview.reject()


def test_brief_errors_are_explained(qtbot, demo_window):
    w = demo_window
    pp = w.projects
    pp.create_project("No lead yet")
    w.show_screen("projects")
    assert pp.current_project().title == "No lead yet" and pp.current_lead() == ""
    assert pp.export_brief() is None
    box = pp.findChild(QMessageBox, "briefNeedsLead")
    assert box is not None and box.isVisible() and "lead" in box.text()
    box.close()
    # set the lead in the project header; with an empty shortlist the service's BriefError is shown
    pp.lead.setCurrentIndex(pp.lead.findData("ru-msu"))
    pp.save_project()
    assert pp.current_project().lead_institution_ref == "ru-msu"
    _accept_options(pp.export_brief())
    err = pp.findChild(QMessageBox, "errorBox")
    assert err is not None and err.text().startswith("The brief could not be written") and "shortlist" in err.text()
    assert pp.briefs.preview is None


def test_brief_is_generated_on_the_store_worker(qtbot, gui_demo_db, monkeypatch):
    import app.brief.service as service

    threads = []
    real = service.make_brief

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "make_brief", spy)
    w = make_window(qtbot, gui_demo_db, threaded=True)
    try:
        w.institutions.select_ref("ru-msu")
        w.match_institution("ru-msu")
        mp = w.match
        qtbot.waitUntil(lambda: mp.model.rowCount() > 0, timeout=20000)
        _accept_options(mp.export_brief())
        qtbot.waitUntil(lambda: mp.briefs.preview is not None, timeout=30000)
        assert threads and threads[0] is not threading.main_thread()
        assert mp.briefs.preview.page_count() >= 1
        mp.briefs.preview.reject()
    finally:
        shutdown(w)
