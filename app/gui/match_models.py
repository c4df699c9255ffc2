"""The ranked-partners table model and its score-bar delegate."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.gui.match_ops import MatchResult, best_name
from app.gui.texts import UiTexts

_NO_PARENT = QModelIndex()  # the default parent of a flat table
MATCH_ROLE = Qt.ItemDataRole.UserRole + 1
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2
MATCH_COLUMNS = ("rank", "partner", "country", "type", "score", "capability")


class MatchResultModel(QAbstractTableModel):
    def __init__(self, texts: UiTexts, parent=None):
        super().__init__(parent)
        self.t = texts
        self.result: MatchResult | None = None
        self._matches: list = []

    def set_result(self, result: MatchResult | None) -> None:
        self.beginResetModel()
        self.result = result
        self._matches = list(result.matches) if result else []
        self.endResetModel()

    def match_at(self, row: int):
        return self._matches[row] if 0 <= row < len(self._matches) else None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(MATCH_COLUMNS) - 1)
        if self._matches:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._matches) - 1, len(MATCH_COLUMNS) - 1))

    def partner_name(self, m) -> str:
        names = self.result.names.get(m.institution_ref, []) if self.result else []
        return best_name(names, self.t.lang, m.institution_name)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._matches)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(MATCH_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(MATCH_COLUMNS):
            return self.t(f"gui.match.col.{MATCH_COLUMNS[section]}")
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._matches)) or not (0 <= index.column() < len(MATCH_COLUMNS)):
            return None
        m = self._matches[index.row()]
        col = MATCH_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == "rank":
                return m.rank
            if col == "partner":
                return self.partner_name(m)
            if col == "country":
                return m.country
            if col == "type":
                return self.t.type_label(m.type)
            if col == "score":
                return f"{m.score * 100:.0f}%"
            if col == "capability":
                side = self.result.capabilities.get(m.capability_ref or "") if self.result else None
                return side.title if side else (m.capability_ref or "")
        if role == Qt.ItemDataRole.ToolTipRole and col == "partner" and self.result:
            return "\n".join(n for n, _l, _k in self.result.names.get(m.institution_ref, []))
        if role == SCORE_ROLE:
            return float(m.score)
        if role == MATCH_ROLE:
            return m
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("rank", "score"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ScoreBarDelegate(QStyledItemDelegate):
    """Paints the score as a horizontal bar with the percentage on top."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        score = index.data(SCORE_ROLE)
        if score is None:
            super().paint(painter, option, index)
            return
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        r = QRectF(option.rect.adjusted(4, 4, -4, -4))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e3e8ef"))
        painter.drawRoundedRect(r, 3, 3)
        filled = QRectF(r)
        filled.setWidth(r.width() * max(0.0, min(1.0, float(score))))
        painter.setBrush(QColor("#2e7d32") if score >= 0.5 else QColor("#f9a825") if score >= 0.25 else QColor("#ef6c00"))
        painter.drawRoundedRect(filled, 3, 3)
        painter.setPen(QColor("#111"))
        painter.drawText(r, int(Qt.AlignmentFlag.AlignCenter), f"{score * 100:.0f}%")
        painter.restore()
