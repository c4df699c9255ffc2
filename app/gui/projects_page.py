"""Projects and their shortlists as a pipeline: proposed → contacted → meeting → agreement / declined."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.gui.brief_dialog import BriefExporter, BriefOptionsDialog, BriefRequest, safe_file_stem
from app.gui.context import AppContext
from app.gui.errors import show_error
from app.gui.icons import icon
from app.gui.institution_models import display_name
from app.gui.institutions_page import ask_yes_no
from app.gui.pipeline_board import ENTRY_ROLE, PipelineColumn
from app.gui.widgets import CodeCombo
from app.reason_text import stored_reason_text
from matching.types import SHORTLIST_STATUSES

PIPELINE = ("proposed", "contacted", "meeting", "agreement")


class ProjectsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.t = ctx.texts
        self.ask = ask_yes_no
        self.projects: list = []
        self._current_id: int | None = None
        self._entry = None
        self.name_for = lambda ref, fallback: fallback  # the window supplies names in the UI language
        self._rows: list = []  # institution summaries, for the lead-institution picker
        self.briefs = BriefExporter(ctx, self)

        self.list = QListWidget()
        self.list.setObjectName("projectList")
        self.new_btn = QPushButton(icon("add"), "")
        self.new_btn.setObjectName("newProject")
        self.delete_btn = QPushButton(icon("delete"), "")
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.list_label = QLabel()
        ll.addWidget(self.list_label)
        ll.addWidget(self.list, 1)
        lb = QHBoxLayout()
        lb.addWidget(self.new_btn)
        lb.addWidget(self.delete_btn)
        ll.addLayout(lb)

        self.title = QLineEdit()
        self.title.setObjectName("projectTitle")
        self.description = QPlainTextEdit()
        self.description.setMaximumHeight(60)
        self.lead = QComboBox()
        self.lead.setObjectName("projectLead")
        self.lead.setEditable(True)
        self.lead.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.lead.setMinimumContentsLength(24)
        self.lead.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.lead.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.lead.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.lead.currentIndexChanged.connect(lambda _i: self.lead.lineEdit().setCursorPosition(0))
        self.save_project_btn = QPushButton(icon("save"), "")
        self.brief_btn = QPushButton(icon("brief"), "")
        self.brief_btn.setObjectName("exportBrief")
        self.xlsx_btn = QPushButton(icon("export"), "")
        self.xlsx_btn.setObjectName("exportShortlist")
        head = QFormLayout()
        self._title_label = QLabel()
        self._desc_label = QLabel()
        self._lead_label = QLabel()
        head.addRow(self._title_label, self.title)
        head.addRow(self._lead_label, self.lead)
        head.addRow(self._desc_label, self.description)
        hb = QHBoxLayout()
        hb.addWidget(self.save_project_btn)
        hb.addStretch()
        hb.addWidget(self.xlsx_btn)
        hb.addWidget(self.brief_btn)
        head.addRow(hb)

        # the board: one column per status
        self.columns: dict[str, QListWidget] = {}
        self.column_labels: dict[str, QLabel] = {}
        board = QHBoxLayout()
        for status in SHORTLIST_STATUSES:
            col = QVBoxLayout()
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("font-weight: bold; padding: 4px;")
            lw = PipelineColumn(status)
            lw.itemSelectionChanged.connect(lambda lw=lw: self._entry_selected(lw))
            lw.entry_dropped.connect(self.drop_entry)
            col.addWidget(label)
            col.addWidget(lw, 1)
            board.addLayout(col)
            self.columns[status] = lw
            self.column_labels[status] = label
        board_w = QWidget()
        board_w.setLayout(board)

        self.entry_box = QGroupBox()
        self.entry_name = QLabel()
        self.entry_name.setWordWrap(True)
        self.entry_reasons = QLabel()
        self.entry_reasons.setWordWrap(True)
        self.entry_reasons.setStyleSheet("color: #555;")
        self.status = CodeCombo(SHORTLIST_STATUSES, self.t.status_label)
        self.status.setObjectName("entryStatus")
        self.note = QPlainTextEdit()
        self.note.setObjectName("entryNote")
        self.note.setMaximumHeight(70)
        self.has_date = QCheckBox()
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.due.setDate(QDate.currentDate())
        self.due.setEnabled(False)
        self.has_date.toggled.connect(self.due.setEnabled)
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.due, 1)
        self.back_btn = QPushButton(icon("prev"), "")
        self.advance_btn = QPushButton(icon("next"), "")
        self.advance_btn.setObjectName("advanceEntry")
        self.decline_btn = QPushButton("")
        self.save_entry_btn = QPushButton(icon("save"), "")
        self.save_entry_btn.setObjectName("saveEntry")
        self.remove_entry_btn = QPushButton(icon("delete"), "")
        self.entry_brief_btn = QPushButton(icon("brief"), "")
        self.entry_brief_btn.setObjectName("entryBrief")
        ef = QFormLayout(self.entry_box)
        self._elabels = {k: QLabel() for k in ("status", "note", "due")}
        ef.addRow(self.entry_name)
        ef.addRow(self.entry_reasons)
        ef.addRow(self._elabels["status"], self.status)
        ef.addRow(self._elabels["note"], self.note)
        ef.addRow(self._elabels["due"], date_row)
        eb = QHBoxLayout()
        for b in (self.back_btn, self.advance_btn, self.decline_btn, self.save_entry_btn):
            eb.addWidget(b)
        eb.addStretch()
        eb.addWidget(self.entry_brief_btn)
        eb.addWidget(self.remove_entry_btn)
        ef.addRow(eb)
        self.entry_box.setEnabled(False)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(head)
        self.right_split = QSplitter(Qt.Orientation.Vertical)
        self.right_split.setObjectName("pipelineSplitter")
        self.right_split.addWidget(board_w)
        self.right_split.addWidget(self.entry_box)
        self.right_split.setSizes([280, 380])  # the entry needs room for its reasons (up to six lines)
        rl.addWidget(self.right_split, 1)
        self.empty_hint = QLabel()
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: #555;")
        rl.addWidget(self.empty_hint)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("projectsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.list.currentRowChanged.connect(self._project_selected)
        self.new_btn.clicked.connect(self._ask_new_project)
        self.delete_btn.clicked.connect(self.delete_project)
        self.save_project_btn.clicked.connect(self.save_project)
        self.brief_btn.clicked.connect(lambda: self.export_brief())
        self.xlsx_btn.clicked.connect(lambda: self.export_shortlist())
        self.entry_brief_btn.clicked.connect(lambda: self.export_entry_brief())
        self.back_btn.clicked.connect(lambda: self.move_entry(-1))
        self.advance_btn.clicked.connect(lambda: self.move_entry(+1))
        self.decline_btn.clicked.connect(lambda: self.set_entry_status("declined"))
        self.save_entry_btn.clicked.connect(self.save_entry)
        self.remove_entry_btn.clicked.connect(self.remove_entry)
        self.retranslate()
        self._show_project(None)

    # ---- translation -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        t = self.t
        self.list_label.setText(t("gui.projects.list"))
        self.new_btn.setText(t("gui.projects.new"))
        self.delete_btn.setText(t("gui.projects.delete"))
        self._title_label.setText(t("gui.projects.title"))
        self._desc_label.setText(t("gui.projects.description"))
        self._lead_label.setText(t("gui.projects.lead"))
        self.entry_brief_btn.setText(t("gui.entry.brief"))
        self.save_project_btn.setText(t("gui.projects.save"))
        self.brief_btn.setText(t("gui.projects.brief"))
        self.xlsx_btn.setText(t("gui.projects.export_xlsx"))
        self.xlsx_btn.setToolTip(t("gui.projects.export_xlsx.tip"))
        self.entry_box.setTitle(t("gui.entry.box"))
        for key, label in self._elabels.items():
            label.setText(t(f"gui.entry.{key}"))
        self.has_date.setText(t("gui.entry.has_due"))
        self.back_btn.setText(t("gui.entry.back"))
        self.advance_btn.setText(t("gui.entry.advance"))
        self.decline_btn.setText(t("gui.entry.decline"))
        self.save_entry_btn.setText(t("gui.entry.save"))
        self.remove_entry_btn.setText(t("gui.entry.remove"))
        self.status.retranslate()
        self.empty_hint.setText(t("gui.projects.hint"))
        self._fill_leads()
        self._show_project(self.current_project())

    # ---- the lead-institution picker ----------------------------------------------------------------
    def set_institutions(self, rows: list) -> None:
        """Institution summaries for the lead picker (the window passes them after every reload)."""
        self._rows = list(rows)
        self._fill_leads()
        p = self.current_project()
        self._set_lead(p.lead_institution_ref if p else None)

    def _fill_leads(self) -> None:
        keep = self.current_lead()
        self.lead.blockSignals(True)
        self.lead.clear()
        self.lead.addItem(self.t("gui.projects.lead.none"), "")
        for r in sorted(self._rows, key=lambda r: display_name(r, self.t.lang).casefold()):
            self.lead.addItem(f"{display_name(r, self.t.lang)}  [{r.country}]", r.ref)
        self.lead.blockSignals(False)
        self._set_lead(keep)

    def _set_lead(self, ref: str | None) -> None:
        i = self.lead.findData(ref or "")
        if i < 0 and ref:  # not loaded yet (or deleted): show the ref rather than pretend there is none
            self.lead.addItem(ref, ref)
            i = self.lead.count() - 1
        self.lead.setCurrentIndex(max(0, i))

    def current_lead(self) -> str:
        i = self.lead.currentIndex()
        if i < 0 or self.lead.currentText() != self.lead.itemText(i):
            return ""
        return self.lead.itemData(i) or ""
    # ---- loading ---------------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else self._current_id
        self.ctx.executor.submit(lambda store: store.projects.all(), on_done=lambda ps: self._loaded(ps, keep),
                                 on_error=self._error)

    on_store_changed = refresh

    def _loaded(self, projects: list, keep: int | None) -> None:
        self.projects = projects
        self.list.blockSignals(True)
        self.list.clear()
        row = -1
        for i, p in enumerate(projects):
            item = QListWidgetItem(f"{p.title}  ({len(p.shortlist)})")
            item.setData(ENTRY_ROLE, p.id)
            self.list.addItem(item)
            if p.id == keep:
                row = i
        if row < 0 and projects:
            row = 0
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        self._project_selected(row)

    def current_project(self):
        return next((p for p in self.projects if p.id == self._current_id), None)

    def _project_selected(self, row: int) -> None:
        p = self.projects[row] if 0 <= row < len(self.projects) else None
        typed = self._typed_edits() if p is None or p.id != self._current_id else None
        self._current_id = p.id if p else None
        self._show_project(p)
        if typed is not None:
            self._save_typed(typed)

    def _show_project(self, p) -> None:
        t = self.t
        keep_entry = self._entry.id if self._entry else None
        self.title.setText(p.title if p else "")
        self.description.setPlainText(p.description if p else "")
        self._set_lead(p.lead_institution_ref if p else None)
        for w in (self.title, self.lead, self.description, self.save_project_btn, self.brief_btn, self.xlsx_btn,
                  self.delete_btn):
            w.setEnabled(p is not None)
        entries = p.shortlist if p else []
        for status, lw in self.columns.items():
            lw.blockSignals(True)
            lw.clear()
            mine = [e for e in entries if e.status == status]
            for e in mine:
                score = f"{e.score * 100:.0f}%" if e.score is not None else ""
                lines = [self.name_for(e.institution_ref, e.institution_name), " · ".join(x for x in (score, e.due_date) if x)]
                if e.note:
                    lines.append(e.note.splitlines()[0][:60])
                item = QListWidgetItem("\n".join(x for x in lines if x))
                item.setData(ENTRY_ROLE, e.id)
                item.setToolTip("\n".join(stored_reason_text(t, r) for r in e.reasons))
                lw.addItem(item)
                if e.id == keep_entry:
                    item.setSelected(True)
            lw.blockSignals(False)
            self.column_labels[status].setText(f"{t.status_label(status)} ({len(mine)})")
            self.column_labels[status].setToolTip(t("gui.board.drag_hint"))
        self.empty_hint.setVisible(p is None or not entries)
        self._entry = next((e for e in entries if e.id == keep_entry), None)
        self._show_entry(self._entry)

    def _entry_selected(self, lw: QListWidget) -> None:
        items = lw.selectedItems()
        if not items:
            return
        for other in self.columns.values():
            if other is not lw:
                other.blockSignals(True)
                other.clearSelection()
                other.blockSignals(False)
        p = self.current_project()
        eid = items[0].data(ENTRY_ROLE)
        typed = self._typed_edits()
        self._entry = next((e for e in (p.shortlist if p else []) if e.id == eid), None)
        self._show_entry(self._entry)
        if typed is not None and typed[0] != eid:
            self._save_typed(typed)

    def _typed_edits(self) -> tuple[int, str, str] | None:
        """(entry id, note, due date) when the shown entry's note or date was changed and not saved."""
        e = self._entry
        if e is None:
            return None
        note, due = self._typed_values()
        return (e.id, note, due) if (note, due) != (e.note, e.due_date) else None

    def _typed_values(self) -> tuple[str, str]:
        """The note and due date as shown in the entry panel."""
        return self.note.toPlainText(), self.due.date().toString("yyyy-MM-dd") if self.has_date.isChecked() else ""

    def _save_typed(self, typed: tuple[int, str, str]) -> None:
        """Moving to another entry keeps what was typed for the previous one (as a board, not a form)."""
        eid, note, due = typed

        def op(store):
            with store.transaction():
                store.projects.update_entry(eid, note=note, due_date=due)
        self.ctx.executor.submit(op, writes=True, on_error=self._error)

    def select_entry(self, entry_id: int) -> None:
        for lw in self.columns.values():
            for i in range(lw.count()):
                if lw.item(i).data(ENTRY_ROLE) == entry_id:
                    lw.setCurrentRow(i)
                    lw.item(i).setSelected(True)
                    self._entry_selected(lw)
                    return

    def _show_entry(self, e) -> None:
        self.entry_box.setEnabled(e is not None)
        self.entry_name.setText(f"<b>{escape(self.name_for(e.institution_ref, e.institution_name))}</b>" if e else "")
        self.entry_reasons.setText("<br>".join(f"· {escape(stored_reason_text(self.t, r))}" for r in e.reasons[:6]) if e else "")
        self.status.set_code(e.status if e else "proposed")
        self.note.setPlainText(e.note if e else "")
        has = bool(e and e.due_date)
        self.has_date.setChecked(has)
        if has:
            d = QDate.fromString(e.due_date, "yyyy-MM-dd")
            if d.isValid():
                self.due.setDate(d)
        if e:
            self.back_btn.setEnabled(e.status in PIPELINE[1:] or e.status == "declined")
            self.advance_btn.setEnabled(e.status in PIPELINE[:-1])

    # ---- project actions ----------------------------------------------------------------------------
    def _ask_new_project(self) -> None:
        title, ok = QInputDialog.getText(self, self.t("gui.projects.new"), self.t("gui.projects.title"))
        if ok and title.strip():
            self.create_project(title.strip())

    def create_project(self, title: str, description: str = "") -> None:
        def op(store):
            with store.transaction():
                return store.projects.create(title, description)
        self.ctx.executor.submit(op, writes=True, on_done=lambda pid: self.refresh(pid), on_error=self._error)

    def save_project(self) -> None:
        p = self.current_project()
        title = self.title.text().strip()
        if p is None:
            return
        if not title:
            self.title.setStyleSheet("border: 1px solid #d32f2f;")
            self.title.setToolTip(self.t("gui.val.project_title"))
            return
        self.title.setStyleSheet("")
        desc = self.description.toPlainText()
        lead = self.current_lead()  # "" clears it

        def op(store):
            with store.transaction():
                store.projects.update(p.id, title=title, description=desc, lead_ref=lead)
        self.ctx.executor.submit(op, writes=True, on_error=self._error)

    def delete_project(self) -> None:
        p = self.current_project()
        if p is None or not self.ask(self, self.t("gui.projects.delete"), self.t("gui.projects.delete.confirm", title=p.title)):
            return

        def op(store):
            with store.transaction():
                store.projects.delete(p.id)
        self._current_id = None
        self.ctx.executor.submit(op, writes=True, on_error=self._error)

    # ---- entry actions ------------------------------------------------------------------------------
    def move_entry(self, step: int) -> None:
        e = self._entry
        if e is None:
            return
        if e.status == "declined":
            target = "proposed" if step < 0 else None
        else:
            i = PIPELINE.index(e.status) + step if e.status in PIPELINE else 0
            target = PIPELINE[i] if 0 <= i < len(PIPELINE) else None
        if target:
            self.set_entry_status(target)

    def drop_entry(self, entry_id: int, status: str) -> None:
        """An entry dragged onto another column takes that column's status."""
        if self._entry is not None and self._entry.id == entry_id:
            self.set_entry_status(status)  # the selected entry: its note and date edits are saved with it
            return

        typed = self._typed_edits()  # the board is redrawn after the write: keep what is typed for the selected entry

        def op(store):
            with store.transaction():
                store.projects.update_entry(entry_id, status=status)
                if typed is not None:
                    store.projects.update_entry(typed[0], note=typed[1], due_date=typed[2])
        self.ctx.executor.submit(op, writes=True, on_error=self._error)

    def set_entry_status(self, status: str) -> None:
        self.status.set_code(status)
        self.save_entry()

    def save_entry(self) -> None:
        e = self._entry
        if e is None:
            return
        status = self.status.code()
        note, due = self._typed_values()
        eid = e.id

        def op(store):
            with store.transaction():
                store.projects.update_entry(eid, status=status, note=note, due_date=due)
        self.ctx.executor.submit(op, writes=True, on_error=self._error)

    def remove_entry(self) -> None:
        e = self._entry
        if e is None or not self.ask(self, self.t("gui.entry.remove"), self.t("gui.entry.remove.confirm", name=e.institution_name)):
            return
        eid = e.id
        self._entry = None

        def op(store):
            with store.transaction():
                store.projects.remove_entry(eid)
        self.ctx.executor.submit(op, writes=True, on_error=self._error)

    # ---- spreadsheet of the shortlist ---------------------------------------------------------------
    def export_shortlist(self, path: str | None = None) -> None:
        """Save the shortlist as an .xlsx for managers, in the interface language."""
        p = self.current_project()
        if p is None:
            return
        if path is None:
            default = Path.home() / f"{safe_file_stem(p.title, 'shortlist')}.xlsx"
            path, _ = QFileDialog.getSaveFileName(self, self.t("gui.projects.export_xlsx"), str(default), "Excel (*.xlsx)")
            if not path:
                return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        t, pid = self.t, p.id

        def op(store):
            from app.services.shortlist_export import write_shortlist_xlsx

            return write_shortlist_xlsx(store, pid, path, t.lang, lambda r: stored_reason_text(t, r))

        def done(count: int) -> None:
            self.last_export = path
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(t("gui.projects.export_xlsx.done", count=count, path=path), 8000)

        self.ctx.executor.submit(op, on_done=done, on_error=self._error)

    # ---- brief ------------------------------------------------------------------------------------
    def _needs_lead(self, p) -> bool:
        """A brief says whom the partners are proposed to: without a lead, explain how to set one."""
        if p.lead_institution_ref:
            return False
        box = QMessageBox(QMessageBox.Icon.Information, self.t("gui.brief.options.title"), self.t("gui.brief.needs_lead"),
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("briefNeedsLead")
        box.open()
        self.lead.setFocus()
        return True

    def export_brief(self) -> BriefOptionsDialog | None:
        """The whole shortlist as one PDF (a cover page, then one brief per partner)."""
        p = self.current_project()
        if p is None or self._needs_lead(p):
            return None
        return self.briefs.start(BriefRequest(project_id=p.id, title=p.title,
                                              file_stem=safe_file_stem(f"brief-{p.title}", f"brief-project-{p.id}")))

    def export_entry_brief(self) -> BriefOptionsDialog | None:
        """The selected shortlist entry alone: the project's lead institution ↔ that partner."""
        p, e = self.current_project(), self._entry
        if p is None or e is None or self._needs_lead(p):
            return None
        lead_name = self.name_for(p.lead_institution_ref, p.lead_institution_ref)
        title = f"{lead_name} — {self.name_for(e.institution_ref, e.institution_name)}"
        return self.briefs.start(BriefRequest(institution_ref=p.lead_institution_ref, partner_ref=e.institution_ref,
                                              title=title,
                                              file_stem=safe_file_stem(f"brief-{p.lead_institution_ref}-{e.institution_ref}")))

    def _error(self, exc: BaseException) -> None:
        show_error(self, self.t, exc)
