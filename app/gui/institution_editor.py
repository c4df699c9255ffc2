"""The institution detail / editor: names, type, region, website, contacts, notes and capabilities.

Pure form logic: it shows an `Institution`, validates inline (red field + message) and returns an
edited copy from `value()`. Saving, deleting and undo are the page's job (through ops).
"""

from __future__ import annotations

import copy
import re
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.icons import icon
from app.gui.texts import UiTexts
from app.gui.widgets import CheckList, CodeCombo, mark_invalid
from matching.fields import FIELDS
from matching.types import (
    CAPABILITY_KINDS,
    COOPERATION_MODES,
    INSTITUTION_TYPES,
    IP_STATUSES,
    NAME_KINDS,
    Capability,
    Contact,
    Institution,
    InstitutionName,
)

COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TEXT_LANGS = ("zh", "ru", "en")


def new_ref(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class CapabilityEditor(QWidget):
    """Edits one `Capability` in place; emits `changed` so the list can refresh its title."""

    changed = Signal()

    def __init__(self, texts: UiTexts, parent: QWidget | None = None):
        super().__init__(parent)
        self.t = texts
        self.cap: Capability | None = None
        self._loading = False
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind = CodeCombo(CAPABILITY_KINDS, texts.kind_label)
        self.lang = CodeCombo(("", *TEXT_LANGS), texts.lang_label, empty_label=lambda: texts("gui.lang.auto"))
        self.title = QLineEdit()
        self.title.setObjectName("capTitle")
        self.description = QPlainTextEdit()
        self.description.setMinimumHeight(70)
        self.keywords = QLineEdit()
        self.fields = CheckList(FIELDS, texts.field_label)
        self.fields.setMaximumHeight(110)
        self.trl = QSpinBox()
        self.trl.setRange(0, 9)
        self.trl.setSpecialValueText("—")
        self.ip = CodeCombo(("", *IP_STATUSES), texts.ip_label, empty_label=lambda: "—")
        self.coop = CheckList(COOPERATION_MODES, texts.coop_label)
        self.coop.setMaximumHeight(110)
        self.title_error = QLabel()
        self.title_error.setStyleSheet("color: #d32f2f;")
        self.title_error.hide()
        self._labels = {}
        for key, w in (("kind", self.kind), ("lang", self.lang), ("title", self.title), ("", self.title_error),
                       ("description", self.description), ("keywords", self.keywords), ("fields", self.fields),
                       ("trl", self.trl), ("ip", self.ip), ("coop", self.coop)):
            if key:
                label = QLabel()
                self._labels[key] = label
                form.addRow(label, w)
            else:
                form.addRow("", w)
        for sig in (self.kind.currentIndexChanged, self.lang.currentIndexChanged, self.title.textChanged,
                    self.description.textChanged, self.keywords.textChanged, self.fields.itemChanged,
                    self.trl.valueChanged, self.ip.currentIndexChanged, self.coop.itemChanged):
            sig.connect(self._store_back)
        self.retranslate()
        self.setEnabled(False)

    def retranslate(self) -> None:
        for key, label in self._labels.items():
            label.setText(self.t(f"gui.cap.{key}"))
        self.keywords.setPlaceholderText(self.t("gui.cap.keywords.hint"))
        for w in (self.kind, self.lang, self.ip, self.fields, self.coop):
            w.retranslate()
        if self.title_error.isVisible():
            self.title_error.setText(self.t("gui.val.cap_title"))

    def load(self, cap: Capability | None) -> None:
        self._loading = True
        self.cap = cap
        self.setEnabled(cap is not None)
        c = cap or Capability(ref="", kind="offer", title="")
        self.kind.set_code(c.kind)
        self.lang.set_code(c.lang)
        self.title.setText(c.title)
        self.description.setPlainText(c.description)
        self.keywords.setText("; ".join(c.keywords))
        self.fields.set_checked(c.fields)
        self.trl.setValue(c.trl or 0)
        self.ip.set_code(c.ip_status or "")
        self.coop.set_checked(c.cooperation)
        for w in (self.title, self.keywords):
            w.setCursorPosition(0)  # show the beginning of long titles, not the end
        self._loading = False
        self.validate()

    def _store_back(self, *_args) -> None:
        if self._loading or self.cap is None:
            return
        c = self.cap
        c.kind = self.kind.code() or "offer"
        c.lang = self.lang.code()
        c.title = self.title.text().strip()
        c.description = self.description.toPlainText().strip()
        c.keywords = [k.strip() for k in re.split(r"[;；,，]", self.keywords.text()) if k.strip()]
        c.fields = self.fields.checked()
        c.trl = self.trl.value() or None
        c.ip_status = self.ip.code() or None
        c.cooperation = self.coop.checked()
        self.validate()
        self.changed.emit()

    def validate(self) -> bool:
        bad = self.cap is not None and not self.title.text().strip()
        mark_invalid(self.title, bad, self.t("gui.val.cap_title"))
        self.title_error.setText(self.t("gui.val.cap_title"))
        self.title_error.setVisible(bad)
        return not bad


class InstitutionEditor(QWidget):
    """The form. `value()` returns an edited deep copy; `validate()` marks problems inline."""

    edited = Signal()

    def __init__(self, texts: UiTexts, parent: QWidget | None = None):
        super().__init__(parent)
        self.t = texts
        self.original: Institution | None = None
        self._caps: list[Capability] = []
        self._loading = False
        self.dirty = False
        self.edits = 0  # user edits since the last load(): a fresh "new institution" form has none

        self.heading = QLabel()
        self.heading.setObjectName("editorHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)

        # general tab
        self.name = QLineEdit()
        self.name.setObjectName("instName")
        self.country = QLineEdit()
        self.country.setObjectName("instCountry")
        self.country.setMaxLength(2)
        self.country.setMaximumWidth(60)
        self.type = CodeCombo(INSTITUTION_TYPES, texts.type_label)
        self.region = QLineEdit()
        self.city = QLineEdit()
        self.website = QLineEdit()
        self.notes = QPlainTextEdit()
        self.notes.setMinimumHeight(60)
        general = QWidget()
        gform = QFormLayout(general)
        gform.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._glabels = {}
        for key, w in (("name", self.name), ("country", self.country), ("type", self.type), ("region", self.region),
                       ("city", self.city), ("website", self.website), ("notes", self.notes)):
            label = QLabel()
            self._glabels[key] = label
            gform.addRow(label, w)
        self.names_box = QGroupBox()
        nl = QVBoxLayout(self.names_box)
        self.names = QTableWidget(0, 3)
        self.names.setObjectName("namesTable")
        self.names.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):  # the language and kind combos keep their full labels ("официальное")
            self.names.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.names.verticalHeader().hide()
        self.names.setMinimumHeight(120)
        nl.addWidget(self.names)
        nb = QHBoxLayout()
        self.add_name = QPushButton(icon("add"), "")
        self.remove_name = QPushButton(icon("delete"), "")
        nb.addWidget(self.add_name)
        nb.addWidget(self.remove_name)
        nb.addStretch()
        nl.addLayout(nb)
        gform.addRow(self.names_box)

        # contacts tab
        contacts = QWidget()
        cl = QVBoxLayout(contacts)
        self.contacts = QTableWidget(0, 5)
        self.contacts.setObjectName("contactsTable")
        self.contacts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.contacts.verticalHeader().hide()
        cl.addWidget(self.contacts)
        cb = QHBoxLayout()
        self.add_contact = QPushButton(icon("add"), "")
        self.remove_contact = QPushButton(icon("delete"), "")
        cb.addWidget(self.add_contact)
        cb.addWidget(self.remove_contact)
        cb.addStretch()
        cl.addLayout(cb)

        # capabilities tab
        caps = QWidget()
        capl = QVBoxLayout(caps)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("capSplitter")
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        self.cap_list = QListWidget()
        self.cap_list.setObjectName("capList")
        self.cap_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tl.addWidget(self.cap_list)
        capb = QHBoxLayout()
        self.add_cap = QPushButton(icon("add"), "")
        self.add_cap.setObjectName("addCap")
        self.remove_cap = QPushButton(icon("delete"), "")
        self.remove_cap.setObjectName("removeCap")
        capb.addWidget(self.add_cap)
        capb.addWidget(self.remove_cap)
        capb.addStretch()
        tl.addLayout(capb)
        split.addWidget(top)
        self.cap_editor = CapabilityEditor(texts)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.cap_editor)
        split.addWidget(scroll)
        split.setSizes([150, 400])
        capl.addWidget(split)

        self.tabs = QTabWidget()
        gscroll = QScrollArea()
        gscroll.setWidgetResizable(True)
        gscroll.setWidget(general)
        self.tabs.addTab(gscroll, "")
        self.tabs.addTab(caps, "")
        self.tabs.addTab(contacts, "")

        self.errors = QLabel()
        self.errors.setObjectName("validationErrors")
        self.errors.setStyleSheet("color: #d32f2f;")
        self.errors.setWordWrap(True)
        self.errors.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.errors)

        for w in (self.name, self.country, self.region, self.city, self.website):
            w.textChanged.connect(self._touched)
        self.notes.textChanged.connect(self._touched)
        self.type.currentIndexChanged.connect(self._touched)
        self.names.itemChanged.connect(self._touched)
        self.contacts.itemChanged.connect(self._touched)
        self.add_name.clicked.connect(self._add_name_row)
        self.remove_name.clicked.connect(lambda: self._remove_row(self.names))
        self.add_contact.clicked.connect(lambda: self._add_contact_row(Contact("")))
        self.remove_contact.clicked.connect(lambda: self._remove_row(self.contacts))
        self.cap_list.currentRowChanged.connect(self._cap_selected)
        self.add_cap.clicked.connect(self.add_capability)
        self.remove_cap.clicked.connect(self.remove_capability)
        self.cap_editor.changed.connect(self._cap_changed)
        self.retranslate()
        self.load(None)

    # ---- translation -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        t = self.t
        for key, label in self._glabels.items():
            label.setText(t(f"gui.inst.{key}"))
        self.names_box.setTitle(t("gui.inst.names"))
        self.names.setHorizontalHeaderLabels([t("gui.inst.names.name"), t("gui.inst.names.lang"), t("gui.inst.names.kind")])
        self.contacts.setHorizontalHeaderLabels([t(f"gui.contact.{k}") for k in ("person", "role", "email", "phone", "languages")])
        self.add_name.setText(t("gui.inst.add_name"))
        self.remove_name.setText(t("gui.inst.remove_name"))
        self.add_contact.setText(t("gui.inst.add_contact"))
        self.remove_contact.setText(t("gui.inst.remove_contact"))
        self.add_cap.setText(t("gui.cap.add"))
        self.remove_cap.setText(t("gui.cap.remove"))
        self.tabs.setTabText(0, t("gui.inst.tab.general"))
        self.tabs.setTabText(1, t("gui.inst.tab.capabilities"))
        self.tabs.setTabText(2, t("gui.inst.tab.contacts"))
        self.country.setPlaceholderText("CN")
        self.website.setPlaceholderText("https://")
        self.type.retranslate()
        self.cap_editor.retranslate()
        for row in range(self.names.rowCount()):
            for col in (1, 2):
                combo = self.names.cellWidget(row, col)
                if isinstance(combo, CodeCombo):
                    combo.retranslate()
        self._refresh_cap_titles()
        self._update_heading()
        if self.errors.isVisible():
            self.validate()

    # ---- loading ---------------------------------------------------------------------------------
    def load(self, inst: Institution | None) -> None:
        """Show `inst` (a fresh copy is edited; the original stays as the undo snapshot)."""
        self._loading = True
        self.original = copy.deepcopy(inst) if inst else None
        work = copy.deepcopy(inst) if inst else Institution(ref="", name="", country="", type="university")
        self.name.setText(work.name)
        self.country.setText(work.country)
        self.type.set_code(work.type)
        self.region.setText(work.region)
        self.city.setText(work.city)
        self.website.setText(work.website)
        self.notes.setPlainText(work.notes)
        for w in (self.name, self.region, self.city, self.website):
            w.setCursorPosition(0)
        self.names.setRowCount(0)
        for n in work.names:
            self._add_name_row(n)
        self.contacts.setRowCount(0)
        for c in work.contacts:
            self._add_contact_row(c)
        self._caps = work.capabilities
        self._work_ref = work.ref
        self._work_extra = work.extra
        self.cap_list.clear()
        for _cap in self._caps:
            self.cap_list.addItem(QListWidgetItem(""))
        self._refresh_cap_titles()
        self.cap_editor.load(None)
        if self._caps:
            self.cap_list.setCurrentRow(0)
        self._loading = False
        self.dirty = False
        self.edits = 0
        self.setEnabled(inst is not None)
        self.tabs.setVisible(inst is not None)  # nothing selected: just the hint, not a greyed-out form
        self._clear_validation()
        self._update_heading()

    def start_new(self, country: str = "CN") -> None:
        """An empty record for a new institution (not saved until the user saves)."""
        self.load(Institution(ref=new_ref(), name="", country=country, type="university"))
        self.original = None
        self.setEnabled(True)
        self.tabs.setVisible(True)
        self.dirty = True
        self.tabs.setCurrentIndex(0)
        self.name.setFocus()
        self._update_heading()

    def is_new(self) -> bool:
        return self.original is None and self.isEnabled()

    def _update_heading(self) -> None:
        if not self.isEnabled() and self.original is None:
            self.heading.setText(self.t("gui.inst.none_selected"))
        elif self.original is None:
            self.heading.setText(self.t("gui.inst.new_heading"))
        else:
            self.heading.setText(self.original.name_in(self.t.lang))

    # ---- names and contacts rows ------------------------------------------------------------------
    def _add_name_row(self, n: InstitutionName | None = None) -> None:
        n = n if isinstance(n, InstitutionName) else InstitutionName("", self.t.lang, "short")
        row = self.names.rowCount()
        self.names.insertRow(row)
        self.names.setItem(row, 0, QTableWidgetItem(n.name))
        lang = CodeCombo(sorted({*TEXT_LANGS, "zh-Hant", n.lang} - {""}), self.t.lang_label)
        lang.set_code(n.lang)
        lang.setSizeAdjustPolicy(CodeCombo.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        lang.setMinimumContentsLength(9)  # "китайский"; the longer "(трад.)" label still fits the list
        kind = CodeCombo(NAME_KINDS, lambda k: self.t(f"gui.namekind.{k}"))
        kind.set_code(n.kind)
        lang.currentIndexChanged.connect(self._touched)
        kind.currentIndexChanged.connect(self._touched)
        self.names.setCellWidget(row, 1, lang)
        self.names.setCellWidget(row, 2, kind)
        self._touched()

    def _add_contact_row(self, c: Contact) -> None:
        row = self.contacts.rowCount()
        self.contacts.insertRow(row)
        for col, value in enumerate((c.person, c.role, c.email, c.phone, ", ".join(c.languages))):
            self.contacts.setItem(row, col, QTableWidgetItem(value))
        self._touched()

    def _remove_row(self, table: QTableWidget) -> None:
        row = table.currentRow()
        if row >= 0:
            table.removeRow(row)
            self._touched()

    # ---- capabilities ----------------------------------------------------------------------------
    def _cap_title(self, cap: Capability) -> str:
        trl = f" · TRL {cap.trl}" if cap.trl else ""
        return f"[{self.t.kind_label(cap.kind)}] {cap.title or self.t('gui.cap.untitled')}{trl}"

    def _refresh_cap_titles(self) -> None:
        for i, cap in enumerate(self._caps):
            item = self.cap_list.item(i)
            if item is not None:
                item.setText(self._cap_title(cap))
                item.setToolTip(cap.description[:400])

    def _cap_selected(self, row: int) -> None:
        self.cap_editor.load(self._caps[row] if 0 <= row < len(self._caps) else None)

    def _cap_changed(self) -> None:
        self._refresh_cap_titles()
        self._touched()

    def add_capability(self) -> None:
        base = self._work_ref or "cap"
        existing = {c.ref for c in self._caps}
        n = len(self._caps) + 1
        while f"{base}-{n}" in existing:
            n += 1
        cap = Capability(ref=f"{base}-{n}", kind="offer", title="", lang=self.t.lang)
        self._caps.append(cap)
        self.cap_list.addItem(QListWidgetItem(self._cap_title(cap)))
        self.cap_list.setCurrentRow(len(self._caps) - 1)
        self.tabs.setCurrentIndex(1)
        self.cap_editor.title.setFocus()
        self._touched()

    def remove_capability(self) -> None:
        row = self.cap_list.currentRow()
        if 0 <= row < len(self._caps):
            del self._caps[row]
            self.cap_list.takeItem(row)
            self._cap_selected(self.cap_list.currentRow())
            self._touched()

    # ---- value and validation -------------------------------------------------------------------
    def _touched(self, *_args) -> None:
        if self._loading:
            return
        self.dirty = True
        self.edits += 1
        if self.errors.isVisible():
            self.validate()
        self.edited.emit()

    def value(self) -> Institution:
        names = []
        for row in range(self.names.rowCount()):
            item = self.names.item(row, 0)
            text = item.text().strip() if item else ""
            if not text:
                continue
            lang = self.names.cellWidget(row, 1)
            kind = self.names.cellWidget(row, 2)
            names.append(InstitutionName(text, lang.code() if lang else "", kind.code() if kind else "official"))
        contacts = []
        for row in range(self.contacts.rowCount()):
            cells = [(self.contacts.item(row, c).text().strip() if self.contacts.item(row, c) else "") for c in range(5)]
            if any(cells):
                contacts.append(Contact(cells[0], cells[1], cells[2], cells[3],
                                        [x.strip() for x in re.split(r"[,;，]", cells[4]) if x.strip()]))
        caps = copy.deepcopy(self._caps)
        ref = self._work_ref or new_ref()
        for c in caps:
            c.institution_ref = ref
        base = self.original
        return Institution(
            ref=ref, name=self.name.text().strip(), country=self.country.text().strip().upper(),
            type=self.type.code() or "university", names=names, region=self.region.text().strip(),
            city=self.city.text().strip(), website=self.website.text().strip(), notes=self.notes.toPlainText().strip(),
            capabilities=caps, contacts=contacts, extra=copy.deepcopy(self._work_extra or {}),
            created_at=base.created_at if base else "", updated_at=base.updated_at if base else "",
        )

    def _clear_validation(self) -> None:
        for w in (self.name, self.country, self.website, self.contacts):
            mark_invalid(w, False)
        self.errors.hide()

    def validate(self) -> bool:
        """Mark every problem inline; True when the record can be saved."""
        t = self.t
        problems: list[str] = []

        def check(widget, bad: bool, key: str) -> None:
            mark_invalid(widget, bad, t(key))
            if bad:
                problems.append(t(key))

        check(self.name, not self.name.text().strip(), "gui.val.name")
        check(self.country, not COUNTRY_RE.match(self.country.text().strip().upper()), "gui.val.country")
        site = self.website.text().strip()
        check(self.website, bool(site) and ("." not in site or " " in site), "gui.val.website")
        bad_email = False
        for row in range(self.contacts.rowCount()):
            item = self.contacts.item(row, 2)
            email = item.text().strip() if item else ""
            if email and not EMAIL_RE.match(email):
                bad_email = True
        check(self.contacts, bad_email, "gui.val.email")
        untitled = [i for i, c in enumerate(self._caps) if not c.title.strip()]
        if untitled:
            problems.append(t("gui.val.cap_title"))
            self.cap_editor.validate()
        self.errors.setText("\n".join(f"• {p}" for p in problems))
        self.errors.setVisible(bool(problems))
        return not problems

    def first_invalid_tab(self) -> int:
        if any(not c.title.strip() for c in self._caps) and not self.name.property("invalid"):
            return 1
        if self.contacts.property("invalid") and not self.name.property("invalid") and not self.country.property("invalid"):
            return 2
        return 0
