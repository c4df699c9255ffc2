"""The import wizard: file → preview with per-row validation problems → probable duplicates side by
side (merge / keep both / skip) → import with progress and Cancel → summary.

A probable duplicate may be a stored institution or an earlier record of the same file; the duplicates
page says which, and where in the file ("line 12"), and shows the chosen candidate next to the incoming one.

Reading and planning run as one op (read-only); applying is one all-or-nothing op whose progress
callable raises `Cancelled` to roll back. Nothing is written before the last page.
"""

from __future__ import annotations

import html
import re
import threading
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.gui.context import AppContext
from app.gui.errors import describe_error

_NO_PARENT = QModelIndex()  # the default parent of a flat table
PAGE_FILE, PAGE_PREVIEW, PAGE_DUPLICATES, PAGE_IMPORT = range(4)


class RowsTableModel(QAbstractTableModel):
    """A read-only table of plain rows (tuples) with translated headers."""

    def __init__(self, headers: list[str], parent=None):
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple] = []
        self.problem_rows: set[int] = set()

    def set_rows(self, rows: list[tuple], problem_rows: set[int] | None = None) -> None:
        self.beginResetModel()
        self.rows = [tuple(r) for r in rows]
        self.problem_rows = set(problem_rows or ())
        self.endResetModel()

    def set_headers(self, headers: list[str]) -> None:
        self.headers = list(headers)
        if headers:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(headers) - 1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) or not (0 <= index.column() < len(self.headers)):
            return None
        row = self.rows[index.row()]
        value = row[index.column()] if index.column() < len(row) else ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(value)
        if role == Qt.ItemDataRole.ForegroundRole and index.row() in self.problem_rows:
            from PySide6.QtGui import QColor

            return QColor("#c62828")
        return None


def where_text(t, position) -> str:
    """A FilePosition in the UI language: "line 12", "row 5", or the record's number in the file."""
    loc = position.location
    if m := re.fullmatch(r"line (\d+)", loc):
        return t("gui.import.where.line", n=m[1])
    if m := re.fullmatch(r"row (\d+)", loc):
        return t("gui.import.where.row", n=m[1])
    if m := re.fullmatch(r"sheet (.+), row (\d+)", loc):
        return t("gui.import.where.sheet_row", sheet=m[1], n=m[2])
    return loc or t("gui.import.where.record", n=position.number)


def record_html(t, inst, capabilities: bool) -> str:
    """What a record holds, for the side-by-side view (capability counts only for records from the file:
    stored candidates are loaded without theirs)."""
    e = html.escape
    lines = [f"<b>{e(inst.name)}</b>"]
    lines += [f"{e(n.name)} <i>[{e(n.lang)}]</i>" if n.lang else e(n.name) for n in inst.names[:6]]
    lines.append(f"{e(inst.country)} · {e(t.type_label(inst.type))}" + (f" · {e(inst.city)}" if inst.city else ""))
    if inst.website:
        lines.append(e(inst.website))
    if capabilities:
        lines.append(f"{e(t('gui.import.col.capabilities'))}: {len(inst.capabilities)}")
    lines.append(f"<small>{e(inst.ref)}</small>")
    return "<br>".join(lines)


def read_and_plan(path: str):
    """The preview op: validate the whole file, then find updates and probable duplicates (read-only)."""

    def op(store, progress):
        from app.services.importer import plan_import, read_file

        progress(0.05, Path(path).name)
        parsed = read_file(path)
        progress(0.5, Path(path).name)
        return plan_import(store, parsed)

    return op


def apply_op(plan, decisions: dict[str, str], cancel: threading.Event):
    """The import op; setting `cancel` makes the next progress report raise Cancelled (a rollback)."""

    def op(store, progress):
        from app.services.importer import Cancelled, apply_import

        def checked(fraction: float, message: str) -> None:
            if cancel.is_set():
                raise Cancelled()
            progress(fraction, message)

        return apply_import(store, plan, decisions, checked)

    return op


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.path = QLineEdit()
        self.path.setObjectName("importPath")
        self.browse = QPushButton()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        layout.addStretch()
        self.browse.clicked.connect(self._browse)
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())

    def retranslate(self) -> None:
        t = self.w.t
        self.setTitle(t("gui.import.file.title"))
        self.setSubTitle(t("gui.import.file.subtitle"))
        self.browse.setText(t("gui.import.browse"))
        self.hint.setText(t("gui.import.file.hint"))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.w.t("gui.import.file.title"), self.path.text() or str(Path.home()),
                                              self.w.t("gui.import.file.filter") + " (*.json *.csv *.xlsx)")
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return Path(self.path.text().strip()).is_file()


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.status = QLabel()
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.model = RowsTableModel([], self)
        self.table = QTableView()
        self.table.setObjectName("previewTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        self.ready = False
        self.problems: list = []
        self._gen = 0

    def retranslate(self) -> None:
        self.setTitle(self.w.t("gui.import.preview.title"))
        self._headers()

    def _headers(self) -> None:
        t = self.w.t
        if self.problems:
            self.model.set_headers([t("gui.import.col.location"), t("gui.import.col.field"), t("gui.import.col.problem")])
        else:
            self.model.set_headers([t("gui.import.col.ref"), t("gui.import.col.name"), t("gui.col.country"),
                                    t("gui.col.type"), t("gui.import.col.capabilities"), t("gui.import.col.action")])

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        self.ready = False
        self.problems = []
        self.w.plan = None
        self.model.set_rows([])
        self.busy.show()
        self.status.setStyleSheet("")
        self.status.setText(self.w.t("gui.import.preview.reading"))
        self._gen += 1
        gen = self._gen
        path = self.w.file_page.path.text().strip()
        self.w.ctx.executor.submit(read_and_plan(path), with_progress=True,
                                   on_done=lambda plan: gen == self._gen and self._planned(plan),
                                   on_error=lambda exc: gen == self._gen and self._failed(exc))
        self.completeChanged.emit()

    def _planned(self, plan) -> None:
        t = self.w.t
        self.busy.hide()
        self.w.plan = plan
        dups = {q.incoming.ref: q for q in plan.duplicates}
        dup_refs = set(dups)
        updates = set(plan.updates)
        rows, flagged = [], set()
        for i, inst in enumerate(plan.parsed.institutions):
            if inst.ref in dup_refs:
                in_file = dups[inst.ref].candidates[0].in_file
                action = t("gui.import.action.duplicate_in_file" if in_file else "gui.import.action.duplicate")
                flagged.add(i)
            elif inst.ref in updates:
                action = t("gui.import.action.update")
            else:
                action = t("gui.import.action.new")
            rows.append((inst.ref, inst.name, inst.country, t.type_label(inst.type), len(inst.capabilities), action))
        self._headers()
        self.model.set_rows(rows, flagged)
        self.table.resizeColumnsToContents()
        status = t("gui.import.preview.ok", count=len(rows), new=len(plan.new) - len(dup_refs),
                   updates=len(updates), duplicates=len(dup_refs))
        if plan.parsed.encoding != "UTF-8":  # a CSV saved in a legacy code page: say how it was read
            status += " " + t("gui.import.preview.encoding", encoding=plan.parsed.encoding)
        self.status.setText(status)
        self.ready = True
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        from app.services.records import ImportValidationError

        t = self.w.t
        self.busy.hide()
        self.status.setStyleSheet("color: #c62828;")
        if isinstance(exc, ImportValidationError):
            self.problems = list(exc.problems)
            self._headers()
            self.model.set_rows([(p.location or p.file, p.field, p.message) for p in self.problems],
                                set(range(len(self.problems))))
            self.table.resizeColumnsToContents()
            self.status.setText(t("gui.import.preview.problems", count=len(self.problems)))
        else:
            what, todo = describe_error(t, exc)
            self.status.setText(f"{what}\n{todo}")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.ready

    def nextId(self) -> int:  # noqa: N802 - Qt API
        plan = self.w.plan
        return PAGE_DUPLICATES if plan is not None and plan.duplicates else PAGE_IMPORT


class DuplicatesPage(QWizardPage):
    """One box per probable duplicate: the incoming record next to the existing one, and a choice."""

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.inner = QWidget()
        self.inner_layout = QVBoxLayout(self.inner)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.inner)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        self.choices: dict[str, QComboBox] = {}
        self.shown: dict[str, str] = {}  # incoming ref → the candidate shown next to it

    def retranslate(self) -> None:
        self.setTitle(self.w.t("gui.import.dups.title"))
        self.intro.setText(self.w.t("gui.import.dups.intro"))

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        while self.inner_layout.count():
            item = self.inner_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.choices = {}
        self.shown = {}
        for q in self.w.plan.duplicates:
            self.inner_layout.addWidget(self._question_box(q))
        self.inner_layout.addStretch()

    def _question_box(self, q) -> QGroupBox:
        t = self.w.t
        box = QGroupBox()
        box.setObjectName(f"duplicate_{q.incoming.ref}")
        grid = QGridLayout(box)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        here = (t("gui.import.dups.incoming_at", where=where_text(t, q.position)) if q.position
                else t("gui.import.dups.incoming"))
        left_head = QLabel(f"<b>{html.escape(here)}</b>")
        right_head = QLabel()
        right_head.setObjectName("candidateHeading")
        grid.addWidget(left_head, 0, 0)
        grid.addWidget(right_head, 0, 1)
        left = QLabel(record_html(t, q.incoming, True))
        right = QLabel()
        right.setObjectName("candidateRecord")
        for label in (left, right):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(left, 1, 0)
        grid.addWidget(right, 1, 1)
        evidence = QLabel()
        evidence.setObjectName("candidateEvidence")
        evidence.setWordWrap(True)
        evidence.setStyleSheet("color: #555;")
        grid.addWidget(evidence, 2, 0, 1, 2)
        combo = QComboBox()
        combo.setObjectName(f"decision_{q.incoming.ref}")
        for c in q.candidates:
            ex = q.existing.get(c.existing_ref)
            name = ex.name if ex else c.existing_ref
            where = q.where(c.existing_ref)
            text = (t("gui.import.dups.merge_in_file", name=name, where=where_text(t, where)) if where
                    else t("gui.import.dups.merge", name=name))
            combo.addItem(text, f"merge:{c.existing_ref}")
        combo.addItem(t("gui.import.dups.keep"), "keep")
        combo.addItem(t("gui.import.dups.skip"), "skip")
        combo.setCurrentIndex(combo.findData("keep"))
        grid.addWidget(combo, 3, 0, 1, 2)
        self.choices[q.incoming.ref] = combo

        def show(_index: int = 0) -> None:
            """Next to the incoming record: the candidate chosen for merging, else the best one."""
            from app.services.importer import evidence_text

            decision = combo.currentData() or ""
            ref = decision.split(":", 1)[1] if decision.startswith("merge:") else q.candidates[0].existing_ref
            cand = next((c for c in q.candidates if c.existing_ref == ref), q.candidates[0])
            ex = q.existing.get(cand.existing_ref)
            where = q.where(cand.existing_ref)
            head = t("gui.import.dups.earlier", where=where_text(t, where)) if where else t("gui.import.dups.existing")
            right_head.setText(f"<b>{html.escape(head)}</b>")
            right.setText(record_html(t, ex, where is not None) if ex else html.escape(cand.existing_ref))
            box.setTitle(f"{q.incoming.name}  ↔  {ex.name if ex else cand.existing_ref}")
            evidence.setText(t("gui.import.dups.evidence", score=f"{cand.score:.2f}", evidence=evidence_text(cand, t.lang)))
            self.shown[q.incoming.ref] = cand.existing_ref

        combo.currentIndexChanged.connect(show)
        show()
        return box

    def decisions(self) -> dict[str, str]:
        return {ref: combo.currentData() for ref, combo in self.choices.items()}

    def set_decision(self, incoming_ref: str, decision: str) -> None:
        combo = self.choices[incoming_ref]
        i = combo.findData(decision)
        if i < 0 and decision == "merge":
            i = 0
        combo.setCurrentIndex(i)


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.w = wizard
        self.label = QLabel()
        self.label.setObjectName("importStatus")
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.cancel_btn = QPushButton()
        self.cancel_btn.setObjectName("cancelImport")
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_btn, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.summary, 1)
        self.cancel_btn.clicked.connect(self.cancel)
        self.job = None
        self.done = False
        self.report = None
        self.cancelled = False
        self.setFinalPage(True)

    def retranslate(self) -> None:
        self.setTitle(self.w.t("gui.import.run.title"))
        self.cancel_btn.setText(self.w.t("gui.import.cancel"))

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        t = self.w.t
        self.done = False
        self.cancelled = False
        self.report = None
        self.summary.clear()
        self.bar.setValue(0)
        self.cancel_btn.setEnabled(True)
        self.label.setText(t("gui.import.run.running"))
        decisions = self.w.dup_page.decisions() if self.w.plan.duplicates else {}
        self.cancel_event = threading.Event()
        self.job = self.w.ctx.executor.submit(apply_op(self.w.plan, decisions, self.cancel_event), with_progress=True, writes=True,
                                              on_done=self._done, on_error=self._failed, on_progress=self._progress)
        self.completeChanged.emit()

    def _progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(int(fraction * 100))
        if message:
            self.label.setText(self.w.t("gui.import.run.item", item=message[:80]))

    cancel_event: threading.Event | None = None

    def cancel(self) -> None:
        if self.cancel_event is not None and not self.done:
            self.cancel_event.set()

    def _done(self, report) -> None:
        t = self.w.t
        self.report = report
        self.done = True
        self.bar.setValue(100)
        self.cancel_btn.setEnabled(False)
        self.label.setText(t("gui.import.run.done"))
        lines = [t("gui.import.summary", created=report.created, updated=report.updated, merged=report.merged,
                   skipped=report.skipped, capabilities=report.capabilities)]
        if report.projects:
            lines.append(t("gui.import.summary.projects", count=report.projects))
        self.summary.setText("<br>".join(lines))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        t = self.w.t
        self.done = True
        self.cancel_btn.setEnabled(False)
        if type(exc).__name__ == "Cancelled":
            self.cancelled = True
            self.label.setText(t("gui.import.run.cancelled"))
        else:
            what, todo = describe_error(t, exc)
            self.label.setText(f"<span style='color:#c62828'>{what}</span><br>{todo}<br>{t('gui.import.run.nothing')}")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.done


class ImportWizard(QWizard):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.ctx = ctx
        self.t = ctx.texts
        self.plan = None
        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.dup_page = DuplicatesPage(self)
        self.import_page = ImportPage(self)
        self.setPage(PAGE_FILE, self.file_page)
        self.setPage(PAGE_PREVIEW, self.preview_page)
        self.setPage(PAGE_DUPLICATES, self.dup_page)
        self.setPage(PAGE_IMPORT, self.import_page)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(900, 600)
        self.retranslate()

    def retranslate(self) -> None:
        t = self.t
        self.setWindowTitle(t("gui.import.title"))
        self.setButtonText(QWizard.WizardButton.NextButton, t("gui.next"))
        self.setButtonText(QWizard.WizardButton.BackButton, t("gui.back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, t("gui.cancel"))
        self.setButtonText(QWizard.WizardButton.FinishButton, t("gui.finish"))
        for page in (self.file_page, self.preview_page, self.dup_page, self.import_page):
            page.retranslate()

    def set_path(self, path: str) -> None:
        self.file_page.path.setText(str(path))

    def reject(self) -> None:
        self.import_page.cancel()  # a running import rolls back; nothing is written
        super().reject()
