"""Table model and filter proxy for the institutions list (data from `InstitutionRow` summaries).

The model holds plain rows loaded by an op on the store worker; it never touches the store itself.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.gui.texts import UiTexts

_NO_PARENT = QModelIndex()  # the default parent of a flat table
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the InstitutionRow itself
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
REF_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS = ("name", "country", "type", "region", "offers", "needs", "research", "fields")
NUMERIC = {"offers", "needs", "research"}


def display_name(row, lang: str) -> str:
    """The official (else short) name in `lang`, falling back to the display name."""
    for kind in ("official", "short"):
        for n in row.names:
            if n.kind == kind and (n.lang == lang or (lang == "zh" and n.lang.startswith("zh"))):
                return n.name
    return row.name


class InstitutionTableModel(QAbstractTableModel):
    def __init__(self, texts: UiTexts, parent=None):
        super().__init__(parent)
        self.t = texts
        self._rows: list = []
        self._names: list[str] = []
        self._by_ref: dict[str, int] = {}

    # ---- data ------------------------------------------------------------------------------------
    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._names = [display_name(r, self.t.lang) for r in self._rows]
        self._apply_sort()
        self.endResetModel()

    def retranslate(self) -> None:
        self._names = [display_name(r, self.t.lang) for r in self._rows]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))
        self.sort(*self._sort)  # names and labels sort differently in another language

    # ---- sorting ---------------------------------------------------------------------------------
    # The model sorts itself with one key per row: a QSortFilterProxyModel would call data() twice per
    # comparison (about 470,000 calls into Python for 20,000 institutions, 3 s at start-up).
    _sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()  # selection and current row follow their institution
        refs = [self._rows[i.row()].ref for i in old]
        self._sort = (column, order)
        self._apply_sort()
        self.changePersistentIndexList(old, [self.index(self._by_ref[ref], i.column()) for ref, i in zip(refs, old, strict=True)])
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        col = COLUMNS[column]
        keys = [self._sort_key(r, col, i) for i, r in enumerate(self._rows)]
        perm = sorted(range(len(self._rows)), key=keys.__getitem__,
                      reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = [self._rows[i] for i in perm]
        self._names = [self._names[i] for i in perm]
        self._by_ref = {r.ref: i for i, r in enumerate(self._rows)}

    def _sort_key(self, r, col: str, row: int):
        if col in NUMERIC:
            return (getattr(r, col), self._names[row].casefold())
        return (str(self._display(r, col, row)).casefold(), self._names[row].casefold())

    def row_at(self, row: int):
        return self._rows[row]

    def rows(self) -> list:
        return list(self._rows)

    def row_for_ref(self, ref: str) -> int:
        return self._by_ref.get(ref, -1)

    # ---- Qt model API ------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.t(f"gui.col.{COLUMNS[section]}")
            if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[section] in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or not (0 <= index.column() < len(COLUMNS)):
            return None
        r = self._rows[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col, index.row())
        if role == SORT_ROLE:
            if col in NUMERIC:
                return getattr(r, col)
            return self._display(r, col, index.row()).casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "name":
                return "\n".join(f"{n.name}  [{n.lang}, {self.t(f'gui.namekind.{n.kind}')}]" for n in r.names) or r.name
            if col == "fields":
                return "\n".join(self.t.field_label(f) for f in r.fields)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return r
        if role == REF_ROLE:
            return r.ref
        return None

    def _display(self, r, col: str, row: int) -> str | int:
        if col == "name":
            return self._names[row]
        if col == "country":
            return r.country
        if col == "type":
            return self.t.type_label(r.type)
        if col == "region":
            return r.region or r.city
        if col == "fields":
            return ", ".join(self.t.field_label(f) for f in r.fields)
        return getattr(r, col)


class InstitutionFilterProxy(QSortFilterProxyModel):
    """Search hits (ids from Store.search) and the country/type/field/kind filters, combined. Sorting is
    left to the source model (see InstitutionTableModel.sort): the proxy keeps its order."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self._ids: set[int] | None = None
        self._country = ""
        self._type = ""
        self._field = ""
        self._kind = ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def set_search_ids(self, ids: list[int] | None) -> None:
        self.beginFilterChange()
        self._ids = None if ids is None else set(ids)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_filters(self, *, country: str = "", type: str = "", field: str = "", kind: str = "") -> None:  # noqa: A002
        self.beginFilterChange()
        self._country, self._type, self._field, self._kind = country, type, field, kind
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        r = model.row_at(source_row)
        if self._ids is not None and r.id not in self._ids:
            return False
        if self._country and r.country != self._country:
            return False
        if self._type and r.type != self._type:
            return False
        if self._field and self._field not in r.fields:
            return False
        if self._kind:
            count = {"offer": r.offers, "need": r.needs, "research": r.research}.get(self._kind, 0)
            if not count:
                return False
        return True
