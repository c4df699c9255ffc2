"""The institutions screen: instant search, filters, a sortable table, and the detail editor."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui.context import AppContext
from app.gui.errors import show_error
from app.gui.icons import icon
from app.gui.institution_editor import InstitutionEditor
from app.gui.institution_models import REF_ROLE, InstitutionFilterProxy, InstitutionTableModel
from app.gui.undo import (
    DeleteInstitutionCommand,
    SaveInstitutionCommand,
    delete_institution_op,
    save_institution_op,
)
from app.gui.widgets import CodeCombo
from matching.fields import FIELDS
from matching.types import CAPABILITY_KINDS, INSTITUTION_TYPES

SEARCH_DELAY_MS = 120  # debounce: one search per pause in typing, not one per keystroke


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class InstitutionsPage(QWidget):
    match_requested = Signal(str)  # institution ref
    rows_loaded = Signal(int)  # number of institutions in the store

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.t = ctx.texts
        self.ask = ask_yes_no  # replaceable in tests
        self._search_gen = 0
        self._detail_gen = 0
        self._pending_select: str | None = None
        self.loaded = False

        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.country = CodeCombo(("",), self._country_label, empty_label=lambda: self.t("gui.filter.all_countries"))
        self.type = CodeCombo(("", *INSTITUTION_TYPES), self.t.type_label, empty_label=lambda: self.t("gui.filter.all_types"))
        self.field = CodeCombo(("", *FIELDS), self.t.field_label, empty_label=lambda: self.t("gui.filter.all_fields"))
        self.kind = CodeCombo(("", *CAPABILITY_KINDS), lambda k: self.t(f"gui.filter.has.{k}"),
                              empty_label=lambda: self.t("gui.filter.all_kinds"))
        for combo in (self.country, self.type, self.field, self.kind):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._apply_filters)
        self.count = QLabel()
        self.count.setObjectName("resultCount")
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for w in (self.country, self.type, self.field, self.kind):
            bar.addWidget(w, 1)
        bar.addWidget(self.count)

        self.model = InstitutionTableModel(self.t, self)
        self.proxy = InstitutionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("institutionTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(0, 270)
        for col, width in ((1, 56), (2, 120), (3, 125), (4, 56), (5, 56), (6, 56)):
            header.resizeSection(col, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _i: self.editor.name.setFocus())

        self.new_btn = QPushButton(icon("add"), "")
        self.new_btn.setObjectName("newInstitution")
        self.match_btn = QPushButton(icon("match"), "")
        self.match_btn.setObjectName("matchInstitution")
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.table)
        lb = QHBoxLayout()
        lb.addWidget(self.new_btn)
        lb.addWidget(self.match_btn)
        lb.addStretch()
        ll.addLayout(lb)

        self.editor = InstitutionEditor(self.t)
        self.save_btn = QPushButton(icon("save"), "")
        self.save_btn.setObjectName("saveInstitution")
        self.revert_btn = QPushButton("")
        self.delete_btn = QPushButton(icon("delete"), "")
        self.delete_btn.setObjectName("deleteInstitution")
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.editor, 1)
        rb = QHBoxLayout()
        rb.addWidget(self.save_btn)
        rb.addWidget(self.revert_btn)
        rb.addStretch()
        rb.addWidget(self.delete_btn)
        rl.addLayout(rb)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("institutionsSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([660, 440])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.new_btn.clicked.connect(self.new_institution)
        self.match_btn.clicked.connect(self._match_current)
        self.save_btn.clicked.connect(self.save_current)
        self.revert_btn.clicked.connect(self.revert_current)
        self.delete_btn.clicked.connect(self.delete_current)
        self.editor.edited.connect(self._update_buttons)
        self.retranslate()
        self._update_buttons()

    def _country_label(self, code: str) -> str:
        label = self.t.country_label(code)
        return f"{code} · {label}" if label != code else code

    # ---- translation -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        t = self.t
        self.search.setPlaceholderText(t("gui.search.placeholder"))
        for combo in (self.country, self.type, self.field, self.kind):
            combo.retranslate()
        self.new_btn.setText(t("gui.inst.new"))
        self.match_btn.setText(t("gui.inst.match"))
        self.save_btn.setText(t("gui.inst.save"))
        self.revert_btn.setText(t("gui.inst.revert"))
        self.delete_btn.setText(t("gui.inst.delete"))
        self.model.retranslate()
        self.editor.retranslate()
        self._update_count()

    # ---- loading ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the summary rows (an op on the store worker), keeping the selection."""
        self.ctx.executor.submit(lambda store: store.institutions.rows(), on_done=self._rows_loaded,
                                 on_error=self._error)

    def _rows_loaded(self, rows: list) -> None:
        keep = self._pending_select or self.current_ref()
        self._pending_select = None
        self.model.set_rows(rows)
        countries = sorted({r.country for r in rows}, key=lambda c: (c not in ("CN", "RU"), c))
        self.country.set_codes(["", *countries])
        self.loaded = True
        if self.search.text().strip():
            self.run_search()
        self._update_count()
        if keep:
            self.select_ref(keep)
        self.rows_loaded.emit(len(rows))

    def _error(self, exc: BaseException) -> None:
        show_error(self, self.t, exc)

    # ---- search and filters ------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_search(self) -> None:
        query = self.search.text().strip()
        self._search_gen += 1
        gen = self._search_gen
        if not query:
            self.proxy.set_search_ids(None)
            self._update_count()
            return

        def done(ids: list[int]) -> None:
            if gen == self._search_gen:  # a newer search has started: drop this stale answer
                self.proxy.set_search_ids(ids)
                self._update_count()

        self.ctx.executor.submit(lambda store: store.search.institution_ids(query), on_done=done, on_error=self._error)

    def _apply_filters(self) -> None:
        self.proxy.set_filters(country=self.country.code(), type=self.type.code(), field=self.field.code(),
                               kind=self.kind.code())
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(self.t("gui.search.count", shown=self.proxy.rowCount(), total=self.model.rowCount()))

    # ---- selection and detail --------------------------------------------------------------------------
    def current_ref(self) -> str | None:
        idx = self.table.currentIndex()
        return idx.data(REF_ROLE) if idx.isValid() else None

    def select_ref(self, ref: str) -> bool:
        row = self.model.row_for_ref(ref)
        if row < 0:
            return False
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if not idx.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(idx)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ref = current.data(REF_ROLE) if current.isValid() else None
        if self.editor.original is not None and ref == self.editor.original.ref:
            return
        self.load_detail(ref)

    def load_detail(self, ref: str | None) -> None:
        self._detail_gen += 1
        gen = self._detail_gen
        if not ref:
            self.editor.load(None)
            self._update_buttons()
            return

        def done(inst) -> None:
            if gen == self._detail_gen:
                self.editor.load(inst)
                self._update_buttons()

        self.ctx.executor.submit(lambda store: store.institutions.get(ref), on_done=done, on_error=self._error)

    def _update_buttons(self) -> None:
        has = self.editor.isEnabled()
        self.save_btn.setEnabled(has and self.editor.dirty)
        self.revert_btn.setEnabled(has and self.editor.dirty)
        self.delete_btn.setEnabled(self.editor.original is not None)
        self.match_btn.setEnabled(self.current_ref() is not None)

    def _match_current(self) -> None:
        ref = self.current_ref()
        if ref:
            self.match_requested.emit(ref)

    # ---- editing ---------------------------------------------------------------------------------
    def new_institution(self) -> None:
        self.table.clearSelection()
        self.editor.start_new(country=self.country.code() or "CN")
        self._update_buttons()

    def revert_current(self) -> None:
        if self.editor.original is not None:
            self.editor.load(self.editor.original)
        else:
            self.editor.load(None)
        self._update_buttons()

    def save_current(self) -> bool:
        """Validate inline, then save through an op; pushes an undoable command once it succeeded."""
        if not self.editor.isEnabled():
            return False
        if not self.editor.validate():
            self.editor.tabs.setCurrentIndex(self.editor.first_invalid_tab())
            return False
        before = self.editor.original
        after = self.editor.value()
        text = self.t("gui.undo.edit" if before else "gui.undo.create", name=after.name)

        def done(_action) -> None:
            self.ctx.undo_stack.push(SaveInstitutionCommand(self.ctx.executor, before, after, text, self._error))
            self.editor.load(after)
            self._pending_select = after.ref
            self._update_buttons()

        self.ctx.executor.submit(save_institution_op(after), writes=True, on_done=done, on_error=self._error)
        return True

    def delete_current(self) -> None:
        snapshot = self.editor.original
        if snapshot is None:
            return
        name = snapshot.name_in(self.t.lang)
        if not self.ask(self, self.t("gui.inst.delete.title"), self.t("gui.inst.delete.confirm", name=name)):
            return
        text = self.t("gui.undo.delete", name=name)

        def done(_ok) -> None:
            self.ctx.undo_stack.push(DeleteInstitutionCommand(self.ctx.executor, snapshot, text, self._error))
            self.editor.load(None)
            self._update_buttons()

        self.ctx.executor.submit(delete_institution_op(snapshot.ref), writes=True, on_done=done, on_error=self._error)

    def on_store_changed(self) -> None:
        """Another op wrote: reload rows; reload the open record unless the user is editing it."""
        self.refresh()
        if self.editor.original is not None and not self.editor.dirty:
            self._detail_gen += 1
            gen = self._detail_gen
            ref = self.editor.original.ref

            def done(inst) -> None:
                if gen == self._detail_gen and not self.editor.dirty:
                    self.editor.load(inst)
                    self._update_buttons()

            self.ctx.executor.submit(lambda store: store.institutions.get(ref), on_done=done, on_error=self._error)

