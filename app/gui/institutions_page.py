"""The institutions screen: instant search, filters, a sortable table, and the detail editor."""

from __future__ import annotations

import copy
from collections.abc import Callable

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
from app.gui.texts import UiTexts
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


def ask_unsaved(parent: QWidget, texts: UiTexts, name: str) -> str:
    """Save / Discard / Cancel for unsaved editor changes: returns "save", "discard" or "cancel".

    Our own buttons rather than standard ones: Qt relabels standard buttons whenever its
    translations change ("Discard" became "Отклонить"), and ours read better."""
    text = texts("gui.unsaved.text_named", name=name) if name else texts("gui.unsaved.text")
    box = QMessageBox(QMessageBox.Icon.Question, texts("gui.unsaved.title"), text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("unsavedBox")
    save = box.addButton(texts("gui.unsaved.save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(texts("gui.unsaved.discard"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(texts("gui.cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    return "save" if clicked is save else "discard" if clicked is discard else "cancel"


class InstitutionsPage(QWidget):
    match_requested = Signal(str)  # institution ref
    rows_loaded = Signal(int)  # number of institutions in the store

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.t = ctx.texts
        self.ask = ask_yes_no  # replaceable in tests
        self.ask_unsaved: Callable[[QWidget, UiTexts, str], str] = ask_unsaved  # replaceable in tests
        self._saving_edits: int | None = None  # editor.edits when the pending save was submitted
        self._detail_ref: str | None = None  # the record the editor shows, or is loading
        self._switch_to: str | None = None  # a row the user clicked while the editor had unsaved edits
        self._restoring = False
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
            # a steady width whatever the language (the popup still shows the longest label in full)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(13)
            combo.currentIndexChanged.connect(self._apply_filters)
        self.count = QLabel()
        self.count.setObjectName("resultCount")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        for w in (self.country, self.type, self.field, self.kind):
            bar.addWidget(w)
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
        self.save_btn.clicked.connect(lambda: self.save_current())
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
        # room for "9999 of 9999" in every language, so the bar does not jump while filtering
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance(t("gui.search.count", shown=9999, total=9999)) + 8)

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
        if self._restoring:
            return
        ref = current.data(REF_ROLE) if current.isValid() else None
        if self.editor.original is not None and ref == self.editor.original.ref:
            self._switch_to = None
            return
        if self.has_unsaved():
            if ref is None:
                return  # the row was filtered out or the list reloaded: keep the edits on screen
            # Ask once the click or key press that moved the selection has been fully handled.
            first = self._switch_to is None
            self._switch_to = ref
            if first:
                QTimer.singleShot(0, self._resolve_switch)
            return
        self.load_detail(ref)

    def _resolve_switch(self) -> None:
        ref, self._switch_to = self._switch_to, None
        if ref is None or ref != self.current_ref():
            return
        if not self.has_unsaved():
            self.load_detail(ref)
            return
        answer = self.ask_unsaved(self, self.t, self.editing_name())
        if answer == "discard":
            self.load_detail(ref)
        elif answer == "save" and self.save_current(then=lambda: self._show_after_save(ref)):
            pass
        else:  # cancel, or the edits do not validate: stay on the record being edited
            self._restore_selection()

    def _show_after_save(self, ref: str) -> None:
        self._pending_select = ref
        self.load_detail(ref)

    def _restore_selection(self) -> None:
        """Put the table's selection back on the record in the editor (none for a new record)."""
        self._restoring = True
        try:
            original = self.editor.original
            if original is None or not self.select_ref(original.ref):
                self.table.selectionModel().clearCurrentIndex()
                self.table.clearSelection()
        finally:
            self._restoring = False
        self._update_buttons()

    # ---- unsaved edits ------------------------------------------------------------------------------
    def has_unsaved(self) -> bool:
        """The editor holds changes the user made that no save (done or pending) covers."""
        ed = self.editor
        return ed.isEnabled() and ed.dirty and ed.edits > 0 and ed.edits != self._saving_edits

    def editing_name(self) -> str:
        name = self.editor.name.text().strip()
        if not name and self.editor.original is not None:
            name = self.editor.original.name_in(self.t.lang)
        return name

    def confirm_leave(self) -> bool:
        """Before the edits could be lost or left behind (another record, screen, match, closing):
        ask Save / Discard / Cancel. True when the caller may go on."""
        if not self.has_unsaved():
            return True
        answer = self.ask_unsaved(self, self.t, self.editing_name())
        if answer == "save":
            return self.save_current()
        if answer == "discard":
            self.revert_current()
            return True
        return False

    def load_detail(self, ref: str | None) -> None:
        self._detail_gen += 1
        gen = self._detail_gen
        self._detail_ref = ref
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
        if self.has_unsaved():
            answer = self.ask_unsaved(self, self.t, self.editing_name())
            if answer == "save":
                self.save_current(then=self._start_new)
                return
            if answer != "discard":
                return
        self._start_new()

    def _start_new(self) -> None:
        self.table.clearSelection()
        self.editor.start_new(country=self.country.code() or "CN")
        self._update_buttons()

    def revert_current(self) -> None:
        if self.editor.original is not None:
            self.editor.load(self.editor.original)
        else:
            self.editor.load(None)
        self._update_buttons()

    def save_current(self, then: Callable[[], None] | None = None) -> bool:
        """Validate inline, then save through an op; pushes an undoable command once it succeeded.

        `then` runs after a successful save (e.g. show the record the user clicked meanwhile);
        without it the saved record stays selected."""
        if not self.editor.isEnabled():
            return False
        if not self.editor.validate():
            self.editor.tabs.setCurrentIndex(self.editor.first_invalid_tab())
            return False
        before = self.editor.original
        after = self.editor.value()
        text = self.t("gui.undo.edit" if before else "gui.undo.create", name=after.name)

        edits = self._saving_edits = self.editor.edits

        def done(_action) -> None:
            self._saving_edits = None
            self.ctx.undo_stack.push(SaveInstitutionCommand(self.ctx.executor, before, after, text, self._error))
            if self.editor.edits == edits:
                self.editor.load(after)
            else:  # typed on while the save ran: keep those edits, now on top of the saved record
                self.editor.original = copy.deepcopy(after)
            self._detail_ref = after.ref
            if then is not None:
                then()
            else:
                self._pending_select = after.ref
            self._update_buttons()

        def failed(exc: BaseException) -> None:
            self._saving_edits = None
            self._error(exc)

        self.ctx.executor.submit(save_institution_op(after), writes=True, on_done=done, on_error=failed)
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
            self._detail_ref = None
            self.editor.load(None)
            self._update_buttons()

        self.ctx.executor.submit(delete_institution_op(snapshot.ref), writes=True, on_done=done, on_error=self._error)

    def on_store_changed(self) -> None:
        """Another op wrote: reload rows; reload the open record unless the user is editing it."""
        self.refresh()
        ref = self._detail_ref  # the record shown, or the one still loading (not a stale original)
        if ref and not self.editor.dirty:
            self._detail_gen += 1
            gen = self._detail_gen

            def done(inst) -> None:
                if gen == self._detail_gen and not self.editor.dirty:
                    self.editor.load(inst)
                    self._update_buttons()

            self.ctx.executor.submit(lambda store: store.institutions.get(ref), on_done=done, on_error=self._error)

