"""PDF briefs from the GUI: options → generation on the store worker → preview, save as, print.

`BriefRequest` says what to brief: one pairing (institution ↔ partner) or a whole project shortlist.
`BriefExporter.start(request)` asks the language and the bilingual option, runs
`app.brief.service.make_brief` on the store worker (never on the UI thread) into a temporary file and
then opens `BriefPreviewDialog`. The preview owns that temporary file and deletes it when it closes;
"Save as…" copies it where the user wants it, "Print…" sends the pages to a printer (or, when the
machine has no printer, offers to save the PDF instead).
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.context import AppContext
from app.gui.errors import show_error
from app.gui.icons import icon
from app.gui.texts import UiTexts
from app.gui.widgets import CodeCombo
from app.i18n import LANGUAGE_NAMES, LANGUAGES

BILINGUAL = ("auto", "yes", "no")
PRINT_DPI_MAX = 300  # rendering a page for the printer above this only costs memory (A4 at 300 dpi ≈ 35 MB)

_temp_dirs: set[Path] = set()  # temporary PDFs still on disk; removed on close, or at exit at the latest


@atexit.register
def _remove_temp_dirs() -> None:
    for d in list(_temp_dirs):
        shutil.rmtree(d, ignore_errors=True)
    _temp_dirs.clear()


def _new_temp_dir() -> Path:
    d = Path(tempfile.mkdtemp(prefix="qiaomost-brief-"))
    _temp_dirs.add(d)
    return d


def _drop_temp_dir(d: Path | None) -> None:
    if d is not None:
        shutil.rmtree(d, ignore_errors=True)
        _temp_dirs.discard(d)


def safe_file_stem(text: str, fallback: str = "brief") -> str:
    """A file name stem from a title: path separators and shell-hostile characters become dashes."""
    stem = re.sub(r'[\\/:*?"<>|\s]+', "-", text).strip("-.")[:80]
    return stem or fallback


@dataclass(frozen=True)
class BriefRequest:
    """What to brief: `project_id` (the whole shortlist) or `institution_ref` ↔ `partner_ref`."""

    institution_ref: str | None = None
    partner_ref: str | None = None
    project_id: int | None = None
    title: str = ""  # shown in the dialogs, e.g. "MSU — Tsinghua University"
    file_stem: str = "brief"  # suggested name for "Save as…"


def brief_op(request: BriefRequest, lang: str, bilingual: str, output: Path, db_path: Path | None):
    """The op `fn(store) -> Path`: writes the brief to `output`. Runs on the store worker."""

    def op(store) -> Path:
        from app.brief.service import make_brief  # reportlab is loaded on the worker, on first use

        if request.project_id is not None:
            return make_brief(store, db_path, output=output, project_id=request.project_id, lang=lang,
                              bilingual=bilingual)
        return make_brief(store, db_path, output=output, institution_ref=request.institution_ref,
                          partner_ref=request.partner_ref, lang=lang, bilingual=bilingual)

    return op


# ---- options ---------------------------------------------------------------------------------------

class BriefOptionsDialog(QDialog):
    """Language (zh/ru/en, the UI language by default) and bilingual labels (auto/yes/no)."""

    def __init__(self, texts: UiTexts, request: BriefRequest, parent: QWidget | None = None):
        super().__init__(parent)
        t = texts
        self.setObjectName("briefOptions")
        self.setWindowTitle(t("gui.brief.options.title"))
        self.request = request
        self.subject = QLabel(f"<b>{_html(request.title)}</b>" if request.title else "")
        self.subject.setWordWrap(True)
        self.language = CodeCombo(LANGUAGES, lambda c: language_choice(texts, c))
        self.language.setObjectName("briefLanguage")
        self.language.set_code(texts.lang)
        self.bilingual = CodeCombo(BILINGUAL, lambda c: t(f"gui.brief.bilingual.{c}"))
        self.bilingual.setObjectName("briefBilingual")
        self.bilingual.set_code("auto")
        hint = QLabel(t("gui.brief.bilingual.hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form = QFormLayout()
        form.addRow(t("gui.brief.options.language"), self.language)
        form.addRow(t("gui.brief.options.bilingual"), self.bilingual)
        buttons = QDialogButtonBox()  # own buttons: Qt relabels standard ones when its translations change
        self.preview_btn = buttons.addButton(t("gui.brief.options.preview"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.preview_btn.setDefault(True)
        buttons.addButton(t("gui.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if request.title:
            layout.addWidget(self.subject)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def choice(self) -> tuple[str, str]:
        return self.language.code() or "en", self.bilingual.code() or "auto"


def language_choice(texts: UiTexts, code: str) -> str:
    """"Russian · Русский": the name in the UI language and the language's own name."""
    native = LANGUAGE_NAMES.get(code, code)
    local = texts.lang_label(code)
    return native if local.casefold() == native.casefold() or code == texts.lang else f"{local} · {native}"


def _html(text: str) -> str:
    from html import escape

    return escape(text)


# ---- generation ------------------------------------------------------------------------------------

class BriefExporter(QObject):
    """Runs the whole flow for one screen; `preview` is the last preview opened (tests look at it)."""

    preview_opened = Signal(object)  # BriefPreviewDialog

    def __init__(self, ctx: AppContext, parent_widget: QWidget):
        super().__init__(parent_widget)
        self.ctx = ctx
        self.t = ctx.texts
        self.widget = parent_widget
        self.preview: BriefPreviewDialog | None = None
        self.options: BriefOptionsDialog | None = None
        self._gen = 0

    def start(self, request: BriefRequest) -> BriefOptionsDialog:
        """Ask for the options (non-blocking); accepting them starts the generation."""
        dlg = BriefOptionsDialog(self.t, request, self.widget)
        dlg.accepted.connect(lambda: self.generate(request, *dlg.choice()))
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        self.options = dlg
        dlg.open()
        return dlg

    def generate(self, request: BriefRequest, lang: str, bilingual: str):
        """Make the PDF on the store worker behind a busy dialog; then open the preview."""
        self._gen += 1
        gen = self._gen
        tmp = _new_temp_dir()
        output = tmp / f"{safe_file_stem(request.file_stem)}.pdf"
        busy = QProgressDialog(self.t("gui.brief.generating"), self.t("gui.cancel"), 0, 0, self.widget)
        busy.setObjectName("briefProgress")
        busy.setWindowTitle(self.t("gui.brief.options.title"))
        busy.setWindowModality(Qt.WindowModality.WindowModal)
        busy.setMinimumDuration(300)  # a warm engine makes a one-page brief faster than that: no flicker
        busy.setAutoClose(False)
        busy.setAutoReset(False)

        def finish() -> bool:
            busy.reset()
            busy.hide()
            busy.deleteLater()
            return gen == self._gen

        def cancelled() -> None:
            self._gen += 1  # the worker finishes the PDF anyway; its result is simply dropped

        def done(path: Path) -> None:
            if not finish():
                _drop_temp_dir(tmp)
                return
            self.open_preview(Path(path or output), request, tmp)

        def failed(exc: BaseException) -> None:
            _drop_temp_dir(tmp)
            if finish():
                show_error(self.widget, self.t, exc)

        busy.canceled.connect(cancelled)
        job = self.ctx.executor.submit(brief_op(request, lang, bilingual, output, self.ctx.executor.db_path),
                                       on_done=done, on_error=failed, label="brief")
        if not job.finished:
            busy.setValue(0)  # starts the minimum-duration timer
        return job

    def open_preview(self, pdf: Path, request: BriefRequest, temp_dir: Path | None = None):
        dlg = BriefPreviewDialog(self.t, pdf, request, self.widget, temp_dir=temp_dir)
        self.preview = dlg
        dlg.show()
        self.preview_opened.emit(dlg)
        return dlg


# ---- preview -----------------------------------------------------------------------------------------

def render_page(document: QPdfDocument, page: int, size: QSize) -> QImage:
    """One page as an opaque image: QPdfDocument.render() leaves the paper transparent (black in
    most viewers and on some printers), so it is painted onto white."""
    raw = document.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(QPointF(0, 0), raw)
    painter.end()
    return image


class BriefPreviewDialog(QDialog):
    """Shows a generated brief (QPdfView renders pages asynchronously) with Save as…, Print… and Close.

    Owns `temp_dir` (if given): it is deleted when the dialog closes, so save before closing.
    `ask_save_path` and `available_printers` are attributes so tests can replace them.
    """

    saved = Signal(str)

    def __init__(self, texts: UiTexts, pdf: Path, request: BriefRequest, parent: QWidget | None = None, *,
                 temp_dir: Path | None = None):
        super().__init__(parent)
        t = self.t = texts
        self.pdf = Path(pdf)
        self.request = request
        self.temp_dir = temp_dir
        self.ask_save_path: Callable[[str], str] = self._ask_save_path
        self.available_printers: Callable[[], list] = QPrinterInfo.availablePrinters
        self.setObjectName("briefPreview")
        self.setWindowTitle(t("gui.brief.preview.title", name=request.title or self.pdf.name))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("briefView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setStyleSheet("QPdfView { background: #7a7a7a; }")  # grey desk: white pages stand out
        self.pages = QLabel()
        self.pages.setObjectName("briefPages")
        self.fit_width = QPushButton(t("gui.brief.fit_width"))
        self.fit_page = QPushButton(t("gui.brief.fit_page"))
        for b in (self.fit_width, self.fit_page):
            b.setCheckable(True)
            b.setAutoExclusive(True)
        self.fit_width.setChecked(True)
        self.fit_width.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        self.message = QLabel()
        self.message.setObjectName("briefMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.save_btn = QPushButton(icon("save"), t("gui.brief.save_as"))
        self.save_btn.setObjectName("saveBrief")
        self.print_btn = QPushButton(t("gui.brief.print"))
        self.print_btn.setObjectName("printBrief")
        self.close_btn = QPushButton(t("gui.brief.close"))
        self.close_btn.setObjectName("closeBrief")
        self.save_btn.setDefault(True)
        self.save_btn.clicked.connect(lambda: self.save_as())
        self.print_btn.clicked.connect(lambda: self.print_brief())
        self.close_btn.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.pages)
        top.addStretch()
        top.addWidget(self.fit_width)
        top.addWidget(self.fit_page)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_btn)
        bottom.addWidget(self.print_btn)
        bottom.addWidget(self.close_btn)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.resize(860, 900)

        self.finished.connect(self._cleanup)
        error = self.document.load(str(self.pdf))
        self.view.setDocument(self.document)
        ok = error == QPdfDocument.Error.None_ and self.document.pageCount() > 0
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        self._show_page(0)
        if not ok:
            self.message.setStyleSheet("color: #d32f2f;")
            self.message.setText(t("gui.brief.unreadable", detail=error.name))
        for b in (self.save_btn, self.print_btn):
            b.setEnabled(ok)

    def page_count(self) -> int:
        return self.document.pageCount()

    def _show_page(self, page: int) -> None:
        count = self.document.pageCount()
        self.pages.setText(self.t("gui.brief.page_of", page=page + 1, count=count) if count else "")

    # ---- save ------------------------------------------------------------------------------------
    def _ask_save_path(self, default: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.t("gui.brief.save_as"), default, "PDF (*.pdf)")
        return path

    def save_as(self, path: str | None = None) -> Path | None:
        """Copy the previewed PDF to `path` (asked when None); the copy is atomic."""
        if path is None:
            path = self.ask_save_path(str(Path.home() / f"{safe_file_stem(self.request.file_stem)}.pdf"))
            if not path:
                return None
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        part = target.with_name(f".{target.name}.part")
        try:
            shutil.copyfile(self.pdf, part)
            part.replace(target)
        except OSError as exc:
            part.unlink(missing_ok=True)
            show_error(self, self.t, exc)
            return None
        self.message.setStyleSheet("")
        self.message.setText(self.t("gui.brief.done", path=str(target)))
        self.saved.emit(str(target))
        return target

    # ---- print -----------------------------------------------------------------------------------
    def print_brief(self) -> QMessageBox | bool:
        """The print dialog; where there is no printer at all, a message that offers "Save as PDF…"."""
        if not self.available_printers():
            return self._offer_save()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.request.title or self.pdf.stem)
        printer.setFromTo(0, 0)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(1, self.page_count()))
        dialog.setWindowTitle(self.t("gui.brief.print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.print_to(printer)
        return True

    def _offer_save(self) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Information, self.t("gui.brief.print"), self.t("gui.brief.no_printer"),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("noPrinterBox")
        box.setInformativeText(self.t("gui.brief.no_printer.todo"))
        save = box.addButton(self.t("gui.brief.save_pdf_instead"), QMessageBox.ButtonRole.AcceptRole)
        save.setObjectName("savePdfInstead")
        box.addButton(self.t("gui.cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        save.clicked.connect(lambda: self.save_as())
        box.open()
        self.no_printer_box = box
        return box

    def print_to(self, printer: QPrinter) -> int:
        """Paint every page (or the chosen range) onto `printer`, each scaled to fit the printable
        area; returns the number of pages sent."""
        count = self.page_count()
        first = max(1, printer.fromPage() or 1)
        last = min(count, printer.toPage() or count)
        painter = QPainter()
        if count == 0 or not painter.begin(printer):
            show_error(self, self.t, OSError(self.t("gui.brief.print_failed")))
            return 0
        dpi = min(printer.resolution(), PRINT_DPI_MAX)
        area = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
        area.moveTo(0, 0)  # the painter's origin is already the printable area's corner
        sent = 0
        try:
            for n in range(first - 1, last):
                if sent:
                    printer.newPage()
                points = self.document.pagePointSize(n)
                scale = min(area.width() / points.width(), area.height() / points.height())
                target = QRectF(0, 0, points.width() * scale, points.height() * scale)
                target.moveCenter(area.center())
                pixels = QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))
                painter.drawImage(target, render_page(self.document, n, pixels))
                sent += 1
        finally:
            painter.end()
        self.message.setStyleSheet("")
        self.message.setText(self.t("gui.brief.printed", count=sent))
        return sent

    # ---- closing ---------------------------------------------------------------------------------
    def _cleanup(self, _result: int = 0) -> None:
        self.document.close()  # the view follows the document's status; the file is no longer open
        _drop_temp_dir(self.temp_dir)
        self.temp_dir = None
