"""The match workspace: a starting point (institution, capability or free text) and filters on the
left; ranked partners, their reasons and a side-by-side view of the matched capabilities on the right."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.gui.brief_dialog import BriefExporter, BriefOptionsDialog, BriefRequest, safe_file_stem
from app.gui.context import AppContext
from app.gui.errors import show_error
from app.gui.icons import icon
from app.gui.institution_models import display_name
from app.gui.match_models import MatchResultModel, ScoreBarDelegate
from app.gui.match_ops import MatchQuery, MatchResult, SideText, best_name, run_query
from app.gui.widgets import CodeCombo
from app.reason_text import concept_label, reason_record, render_reason
from matching.fields import FIELDS
from matching.types import CAPABILITY_KINDS, INSTITUTION_TYPES

HIGHLIGHT = "#fff176"


def highlight_html(side: SideText, concept_ids: set[str]) -> str:
    """The text as HTML with the spans of the shared concepts highlighted."""
    out, pos = [], 0
    for cid, start, end in sorted(side.hits, key=lambda h: h[1]):
        if cid not in concept_ids or start < pos:
            continue
        out.append(escape(side.text[pos:start]))
        out.append(f"<span style='background:{HIGHLIGHT}' title='{escape(cid)}'>{escape(side.text[start:end])}</span>")
        pos = end
    out.append(escape(side.text[pos:]))
    body = "".join(out).replace("\n", "<br>")
    return body


class ShortlistDialog(QDialog):
    """Choose a project (or name a new one) for "Add to project shortlist"."""

    def __init__(self, texts, projects: list, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(texts("gui.shortlist.title"))
        self.combo = QComboBox()
        self.combo.addItem(texts("gui.shortlist.new_project"), None)
        for p in projects:
            self.combo.addItem(p.title, p.id)
        if projects:
            self.combo.setCurrentIndex(len(projects))
        self.title = QLineEdit()
        self.title.setPlaceholderText(texts("gui.shortlist.new_title"))
        form = QFormLayout(self)
        form.addRow(texts("gui.shortlist.project"), self.combo)
        form.addRow(texts("gui.shortlist.new_title"), self.title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.combo.currentIndexChanged.connect(lambda _i: self.title.setEnabled(self.combo.currentData() is None))
        self.title.setEnabled(self.combo.currentData() is None)

    def choice(self) -> tuple[int | None, str]:
        return self.combo.currentData(), self.title.text().strip()


class MatchPage(QWidget):
    shortlist_changed = Signal(int)  # project id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.t = ctx.texts
        self._gen = 0
        self._rows: list = []
        self.result: MatchResult | None = None
        self.running = False
        t = self.t

        # ---- left: the query ----
        self.source_box = QGroupBox()
        self.mode_inst = QRadioButton()
        self.mode_cap = QRadioButton()
        self.mode_text = QRadioButton()
        self.mode_inst.setChecked(True)
        self.modes = QButtonGroup(self)
        for i, b in enumerate((self.mode_inst, self.mode_cap, self.mode_text)):
            self.modes.addButton(b, i)
        self.institution = QComboBox()
        self.institution.setObjectName("matchInstitution")
        self.institution.setEditable(True)
        self.institution.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.institution.setMinimumContentsLength(18)
        self.institution.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        completer = self.institution.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.capability = QComboBox()
        self.capability.setObjectName("matchCapability")
        self.capability.setMinimumContentsLength(18)
        self.capability.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.text = QPlainTextEdit()
        self.text.setObjectName("matchText")
        self.text.setMaximumHeight(110)
        sl = QVBoxLayout(self.source_box)
        sl.addWidget(self.mode_inst)
        sl.addWidget(self.institution)
        sl.addWidget(self.mode_cap)
        sl.addWidget(self.capability)
        sl.addWidget(self.mode_text)
        sl.addWidget(self.text)

        self.filter_box = QGroupBox()
        self.country = CodeCombo(("", "CN", "RU"), self._country_label, empty_label=lambda: t("gui.match.other_side"))
        self.type = CodeCombo(("", *INSTITUTION_TYPES), t.type_label, empty_label=lambda: t("gui.filter.any"))
        self.field = CodeCombo(("", *FIELDS), t.field_label, empty_label=lambda: t("gui.filter.any"))
        self.kind = CodeCombo(("", *CAPABILITY_KINDS), t.kind_label, empty_label=lambda: t("gui.filter.any"))
        for combo in (self.country, self.type, self.field, self.kind):
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.trl_min = QSpinBox()
        self.trl_min.setRange(1, 9)
        self.trl_max = QSpinBox()
        self.trl_max.setRange(1, 9)
        self.top = QSpinBox()
        self.top.setRange(1, 200)
        trl_row = QHBoxLayout()
        trl_row.addWidget(self.trl_min)
        trl_row.addWidget(QLabel("–"))
        trl_row.addWidget(self.trl_max)
        self._flabels = {k: QLabel() for k in ("country", "type", "field", "kind", "trl", "top")}
        fl = QFormLayout(self.filter_box)
        fl.addRow(self._flabels["country"], self.country)
        fl.addRow(self._flabels["type"], self.type)
        fl.addRow(self._flabels["field"], self.field)
        fl.addRow(self._flabels["kind"], self.kind)
        fl.addRow(self._flabels["trl"], trl_row)
        fl.addRow(self._flabels["top"], self.top)
        self.apply_defaults()

        self.run_btn = QPushButton(icon("match"), "")
        self.run_btn.setObjectName("runMatch")
        self.run_btn.setDefault(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumHeight(10)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel()
        self.status.setObjectName("matchStatus")
        self.status.setWordWrap(True)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(self.source_box)
        ll.addWidget(self.filter_box)
        ll.addWidget(self.run_btn)
        ll.addWidget(self.busy)
        ll.addWidget(self.status)
        ll.addStretch()
        left_scroll = QScrollArea()
        left_scroll.setWidgetResizable(True)
        left_scroll.setWidget(left)
        left_scroll.setMinimumWidth(300)

        # ---- right: the results ----
        self.model = MatchResultModel(t, self)
        self.table = QTableView()
        self.table.setObjectName("matchTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(4, ScoreBarDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        h.resizeSection(1, 250)
        h.resizeSection(0, 44)
        h.resizeSection(2, 60)
        h.resizeSection(3, 120)
        h.resizeSection(4, 110)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_match(cur.row()))

        self.reasons = QTextBrowser()
        self.reasons.setObjectName("matchReasons")
        self.left_title = QLabel()
        self.left_title.setWordWrap(True)
        self.right_title = QLabel()
        self.right_title.setWordWrap(True)
        self.left_text = QTextBrowser()
        self.left_text.setObjectName("leftCapability")
        self.right_text = QTextBrowser()
        self.right_text.setObjectName("rightCapability")
        sbs = QWidget()
        sbl = QHBoxLayout(sbs)
        sbl.setContentsMargins(0, 0, 0, 0)
        for title, text in ((self.left_title, self.left_text), (self.right_title, self.right_text)):
            col = QVBoxLayout()
            col.addWidget(title)
            col.addWidget(text, 1)
            sbl.addLayout(col)
        self.detail_split = QSplitter(Qt.Orientation.Horizontal)
        self.detail_split.setObjectName("matchDetailSplitter")
        self.detail_split.addWidget(self.reasons)
        self.detail_split.addWidget(sbs)
        self.detail_split.setSizes([300, 600])

        self.shortlist_btn = QPushButton(icon("add"), "")
        self.shortlist_btn.setObjectName("addToShortlist")
        self.shortlist_btn.setEnabled(False)
        self.brief_btn = QPushButton(icon("brief"), "")
        self.brief_btn.setObjectName("matchBrief")
        self.brief_btn.setEnabled(False)
        self.briefs = BriefExporter(ctx, self)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.results_split = QSplitter(Qt.Orientation.Vertical)
        self.results_split.setObjectName("matchResultsSplitter")
        self.results_split.addWidget(self.table)
        self.results_split.addWidget(self.detail_split)
        self.results_split.setSizes([300, 300])
        rl.addWidget(self.results_split, 1)
        rb = QHBoxLayout()
        rb.addWidget(self.shortlist_btn)
        rb.addWidget(self.brief_btn)
        rb.addStretch()
        rl.addLayout(rb)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("matchSplitter")
        self.splitter.addWidget(left_scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.institution.currentIndexChanged.connect(self._institution_changed)
        # long names: show their beginning, not the end where the cursor was left
        self.institution.currentIndexChanged.connect(self._show_name_start)
        self.modes.idToggled.connect(self._mode_changed)
        self.text.textChanged.connect(lambda: self.text.hasFocus() and self.mode_text.setChecked(True))
        self.run_btn.clicked.connect(self.run)
        self.shortlist_btn.clicked.connect(self._ask_shortlist)
        self.brief_btn.clicked.connect(lambda: self.export_brief())
        self.retranslate()
        self._mode_changed()

    def _country_label(self, code: str) -> str:
        return self.t.country_label(code)

    def apply_defaults(self) -> None:
        d = self.ctx.settings.match
        self.country.set_code(d.country)
        self.trl_min.setValue(max(1, min(9, d.trl_min)))
        self.trl_max.setValue(max(1, min(9, d.trl_max)))
        self.top.setValue(max(1, d.top))

    # ---- translation -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        t = self.t
        self.source_box.setTitle(t("gui.match.start_from"))
        self.mode_inst.setText(t("gui.match.mode.institution"))
        self.mode_cap.setText(t("gui.match.mode.capability"))
        self.mode_text.setText(t("gui.match.mode.text"))
        self.text.setPlaceholderText(t("gui.match.text.placeholder"))
        self.institution.lineEdit().setPlaceholderText(t("gui.match.institution.placeholder"))
        self.filter_box.setTitle(t("gui.match.filters"))
        for key, label in self._flabels.items():
            label.setText(t(f"gui.match.filter.{key}"))
        for combo in (self.country, self.type, self.field, self.kind):
            combo.retranslate()
        self.run_btn.setText(t("gui.match.run"))
        self.shortlist_btn.setText(t("gui.match.add_shortlist"))
        self.brief_btn.setText(t("gui.match.brief"))
        self.model.retranslate()
        self._fill_institutions(keep=self.current_institution())
        if self.capability.count():
            self._fill_capabilities(self._caps_cache)
        self.show_match(self.table.currentIndex().row())
        if not self.result and not self.running:
            self.status.setText(t("gui.match.hint"))

    # ---- the institution / capability pickers ----------------------------------------------------
    _caps_cache: list = []

    def set_institutions(self, rows: list) -> None:
        self._rows = sorted(rows, key=lambda r: display_name(r, self.t.lang).casefold())
        self._fill_institutions(keep=self.current_institution())

    def _fill_institutions(self, keep: str | None) -> None:
        self.institution.blockSignals(True)
        self.institution.clear()
        rows = sorted(self._rows, key=lambda r: display_name(r, self.t.lang).casefold())
        for r in rows:
            self.institution.addItem(f"{display_name(r, self.t.lang)}  [{r.country}]", r.ref)
        self.institution.blockSignals(False)
        i = self.institution.findData(keep) if keep else -1
        self.institution.setCurrentIndex(i)
        if i < 0:
            self.institution.setEditText("")
        self._institution_changed()

    def _show_name_start(self, *_args) -> None:
        """Long names: show their beginning (not the end, where the cursor was left) and all of it on hover."""
        self.institution.lineEdit().setCursorPosition(0)
        self.institution.setToolTip(self.institution.currentText())

    def current_institution(self) -> str | None:
        i = self.institution.currentIndex()
        if i < 0 or self.institution.currentText() != self.institution.itemText(i):
            return None
        return self.institution.itemData(i)

    def set_institution(self, ref: str, capability_ref: str | None = None) -> None:
        i = self.institution.findData(ref)
        if i >= 0:
            self._want_cap = capability_ref
            self.institution.setCurrentIndex(i)
            (self.mode_cap if capability_ref else self.mode_inst).setChecked(True)

    _want_cap: str | None = None

    def _institution_changed(self, *_args) -> None:
        ref = self.current_institution()
        self._fill_capabilities([])
        if not ref:
            return

        def done(inst) -> None:
            if inst is not None and ref == self.current_institution():
                self._fill_capabilities(inst.capabilities)

        self.ctx.executor.submit(lambda store: store.institutions.get(ref), on_done=done, on_error=self._error)

    def _fill_capabilities(self, caps: list) -> None:
        keep = self._want_cap or self.capability.currentData()
        self._want_cap = None
        self._caps_cache = list(caps)
        self.capability.clear()
        for c in caps:
            trl = f", TRL {c.trl}" if c.trl else ""
            self.capability.addItem(f"[{self.t.kind_label(c.kind)}{trl}] {c.title}", c.ref)
        i = self.capability.findData(keep) if keep else -1
        if i >= 0:
            self.capability.setCurrentIndex(i)

    def _mode_changed(self, *_args) -> None:
        mode = self.mode()
        self.institution.setEnabled(mode in ("institution", "capability"))
        self.capability.setEnabled(mode == "capability")

    def mode(self) -> str:
        return ("institution", "capability", "text")[max(0, self.modes.checkedId())]

    # ---- running -----------------------------------------------------------------------------------
    def query(self) -> MatchQuery:
        return MatchQuery(
            mode=self.mode(), institution_ref=self.current_institution() or "",
            capability_ref=self.capability.currentData() or "", text=self.text.toPlainText(),
            country=self.country.code(), types=[self.type.code()] if self.type.code() else [],
            fields=[self.field.code()] if self.field.code() else [], kinds=[self.kind.code()] if self.kind.code() else [],
            trl_min=min(self.trl_min.value(), self.trl_max.value()), trl_max=max(self.trl_min.value(), self.trl_max.value()),
            top=self.top.value(),
        )

    can_start = staticmethod(lambda: True)  # the window settles unsaved institution edits first

    def run(self) -> None:
        if not self.can_start():
            return
        q = self.query()
        t = self.t
        if q.mode in ("institution", "capability") and not q.institution_ref:
            self._problem(t("gui.match.need_institution"))
            return
        if q.mode == "capability" and not q.capability_ref:
            self._problem(t("gui.match.need_capability"))
            return
        if q.mode == "text" and not q.text.strip():
            self._problem(t("gui.match.need_text"))
            return
        self._gen += 1
        gen = self._gen
        self.running = True
        self.busy.show()
        self.run_btn.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(t("gui.match.running"))
        context = self.ctx.executor.context()

        def progress(fraction: float, _message: str) -> None:
            if gen == self._gen:
                self.busy.setRange(0, 100)
                self.busy.setValue(int(fraction * 100))
                self.status.setText(t("gui.match.preparing"))

        def done(result: MatchResult) -> None:
            if gen != self._gen:
                return
            self._finish()
            self.set_result(result)

        def failed(exc: BaseException) -> None:
            if gen != self._gen:
                return
            self._finish()
            if type(exc).__name__ == "MatchServiceError":
                self._problem(str(exc))
            else:
                show_error(self, t, exc)

        self.ctx.executor.submit(lambda store, prog: run_query(store, context, q, prog), with_progress=True,
                                 on_done=done, on_error=failed, on_progress=progress)

    def _finish(self) -> None:
        self.running = False
        self.busy.hide()
        self.busy.setRange(0, 0)
        self.run_btn.setEnabled(True)

    def _problem(self, text: str) -> None:
        self.status.setStyleSheet("color: #d32f2f;")
        self.status.setText(text)

    def _error(self, exc: BaseException) -> None:
        show_error(self, self.t, exc)

    def set_result(self, result: MatchResult) -> None:
        self.result = result
        self.model.set_result(result)
        self.status.setStyleSheet("")
        if result.matches:
            self.status.setText(self.t("gui.match.found", count=len(result.matches)))
            self.table.selectRow(0)
        else:
            self.status.setText(self.t("gui.match.none"))
            self.show_match(-1)

    # ---- one partner ---------------------------------------------------------------------------------
    def show_match(self, row: int) -> None:
        m = self.model.match_at(row)
        self.shortlist_btn.setEnabled(m is not None)
        paired = m is not None and self.result is not None and bool(self.result.query.institution_ref)
        self.brief_btn.setEnabled(paired)
        self.brief_btn.setToolTip("" if paired or m is None else self.t("gui.brief.needs_institution"))
        if m is None or self.result is None:
            self.reasons.clear()
            self.left_text.clear()
            self.right_text.clear()
            self.left_title.clear()
            self.right_title.clear()
            return
        t = self.t
        caps = self.result.capabilities
        best = m.capability_matches[0] if m.capability_matches else None
        partner_side = caps.get(m.capability_ref or "")
        items = []
        for r in m.reasons:
            items.append("<li>" + render_reason(
                t, r, partner_type=m.type, capability_title=partner_side.title if partner_side else "",
                capability_kind=partner_side.kind if partner_side else "",
                capability_trl=partner_side.trl if partner_side else None) + "</li>")
        name = escape(self.model.partner_name(m))
        query_side = caps.get(best.query_ref or "") if best else None
        self.reasons.setHtml(
            f"<h3>{name}</h3><p>{escape(t('gui.match.score'))}: <b>{m.score * 100:.0f}%</b></p>"
            f"<ul>{''.join(items)}</ul>" + self._caution_html(m, query_side, partner_side))
        shared = {c.id for c in best.shared_concepts} if best else set()
        self._show_side(self.left_title, self.left_text, query_side, shared, query=True)
        self._show_side(self.right_title, self.right_text, partner_side, shared, query=False, partner=name)
        if best and best.shared_concepts:
            legend = "; ".join(concept_label({"id": c.id, **c.terms}, t.lang)[0] for c in best.shared_concepts)
            self.right_title.setText(self.right_title.text() + f"<br><small>{escape(t('gui.match.highlighted'))}: "
                                     f"<span style='background:{HIGHLIGHT}'>{escape(legend)}</span></small>")

    def _caution_html(self, m, query_side: SideText | None, partner_side: SideText | None) -> str:
        """The export-control caution the brief would print, shown while the officer reviews the match."""
        from app.brief.content import sensitive_topics
        from app.brief.texts import join_list
        from app.i18n import tr

        fields = {r.data.get("field") for r in m.reasons if r.code == "field" and r.data}
        concepts = {cid for side in (query_side, partner_side) if side for cid, _, _ in side.hits}
        topics = sensitive_topics({f for f in fields if f}, concepts)
        if not topics:
            return ""
        lang = self.t.lang
        names = join_list((tr(f"brief.topic.{x}", lang) for x in topics), lang)
        return (f"<p style='color:#8a5a00'>⚠ <b>{escape(tr('brief.cons.dual_use.title', lang))}</b>: "
                f"{escape(names)}</p>")

    def _show_side(self, title: QLabel, view: QTextBrowser, side: SideText | None, shared: set[str], *,
                   query: bool, partner: str = "") -> None:
        t = self.t
        if side is None:
            title.setText("")
            view.clear()
            return
        if query and not side.title:
            head = t("gui.match.your_text")
        else:
            owner = escape(partner) if not query else escape(self._query_owner())
            kind = t.kind_label(side.kind)
            trl = f", TRL {side.trl}" if side.trl else ""
            head = f"<b>{owner}</b><br>{escape(kind)}{trl}"
        title.setText(head)
        view.setHtml(highlight_html(side, shared))

    def _query_owner(self) -> str:
        if not self.result:
            return ""
        q = self.result.query
        return best_name(self.result.names.get(q.institution_ref, []), self.t.lang, self.result.query_name)

    # ---- brief ----------------------------------------------------------------------------------
    def brief_request(self) -> BriefRequest | None:
        """The pairing on screen: the query's institution ↔ the selected partner (None for a free text)."""
        m = self.model.match_at(self.table.currentIndex().row())
        if m is None or self.result is None or not self.result.query.institution_ref:
            return None
        ref = self.result.query.institution_ref
        return BriefRequest(institution_ref=ref, partner_ref=m.institution_ref,
                            title=f"{self._query_owner()} — {self.model.partner_name(m)}",
                            file_stem=safe_file_stem(f"brief-{ref}-{m.institution_ref}"))

    def export_brief(self) -> BriefOptionsDialog | None:
        request = self.brief_request()
        if request is None:
            self._problem(self.t("gui.brief.needs_institution"))
            return None
        return self.briefs.start(request)

    # ---- shortlist ------------------------------------------------------------------------------
    def _ask_shortlist(self) -> None:
        def got(projects) -> None:
            dlg = ShortlistDialog(self.t, projects, self)
            if dlg.exec() == QDialog.DialogCode.Accepted:
                pid, title = dlg.choice()
                self.add_selected_to_project(pid, title)

        self.ctx.executor.submit(lambda store: store.projects.all(), on_done=got, on_error=self._error)

    def add_selected_to_project(self, project_id: int | None, new_title: str = "") -> bool:
        m = self.model.match_at(self.table.currentIndex().row())
        if m is None or self.result is None:
            return False
        if project_id is None and not new_title:
            new_title = self.t("gui.shortlist.default_title", name=self._query_owner() or self.model.partner_name(m))
        side = self.result.capabilities.get(m.capability_ref or "")
        reasons = [reason_record(r, partner_type=m.type, capability_title=side.title if side else "",
                                 capability_kind=side.kind if side else "", capability_trl=side.trl if side else None)
                   for r in m.reasons]
        lead = self.result.query.institution_ref or None
        partner, cap, score = m.institution_ref, m.capability_ref, float(m.score)

        def op(store):
            with store.transaction():
                pid = project_id
                if pid is None:
                    pid = store.projects.create(new_title, "", lead_ref=lead)
                store.projects.add_to_shortlist(pid, partner, capability_ref=cap, score=score, reasons=reasons)
                return pid

        def done(pid: int) -> None:
            self.status.setStyleSheet("")
            self.status.setText(self.t("gui.match.added", name=self.model.partner_name(m)))
            self.shortlist_changed.emit(pid)

        self.ctx.executor.submit(op, writes=True, on_done=done, on_error=self._error)
        return True
