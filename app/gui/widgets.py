"""Small reusable widgets: code combos with translated labels, checkable lists, inline validation."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem, QWidget

INVALID_STYLE = "border: 1px solid #d32f2f; background: #fff3f3;"


class CodeCombo(QComboBox):
    """A combo box of codes shown with translated labels; `codes` may start with "" (= any/none)."""

    def __init__(self, codes: Iterable[str], label: Callable[[str], str], parent: QWidget | None = None,
                 empty_label: Callable[[], str] | None = None):
        super().__init__(parent)
        self._label = label
        self._empty_label = empty_label
        self.set_codes(codes)

    def set_codes(self, codes: Iterable[str]) -> None:
        current = self.code()
        self.blockSignals(True)
        self.clear()
        for code in codes:
            self.addItem(self._text(code), code)
        self.blockSignals(False)
        self.set_code(current)
        self.fit_popup()

    def _text(self, code: str) -> str:
        if not code and self._empty_label:
            return self._empty_label()
        return self._label(code)

    def retranslate(self) -> None:
        self.blockSignals(True)  # relabelling is not an edit
        for i in range(self.count()):
            self.setItemText(i, self._text(self.itemData(i)))
        self.blockSignals(False)
        self.fit_popup()

    def fit_popup(self) -> None:
        """Let the drop-down list be wider than a narrow combo, so long labels (Russian field
        names) are never cut in the list itself."""
        view = self.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 8)

    def code(self) -> str:
        data = self.currentData()
        return data if isinstance(data, str) else ""

    def set_code(self, code: str | None) -> None:
        i = self.findData(code or "")
        if i < 0 and code and self.isEditable():
            self.setEditText(code)
            return
        self.setCurrentIndex(max(0, i))


class CheckList(QListWidget):
    """A list of checkable codes (fields, cooperation modes)."""

    def __init__(self, codes: Iterable[str], label: Callable[[str], str], parent: QWidget | None = None):
        super().__init__(parent)
        self._label = label
        for code in codes:
            item = QListWidgetItem(label(code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)

    def retranslate(self) -> None:
        self.blockSignals(True)  # relabelling is not an edit (itemChanged would mark the form dirty)
        for i in range(self.count()):
            item = self.item(i)
            item.setText(self._label(item.data(Qt.ItemDataRole.UserRole)))
        self.blockSignals(False)

    def checked(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, codes: Iterable[str]) -> None:
        wanted = set(codes)
        known = {self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())}
        for code in wanted - known:  # keep unknown codes from imported data instead of dropping them
            item = QListWidgetItem(code)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            self.addItem(item)
        self.blockSignals(True)
        for i in range(self.count()):
            item = self.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.blockSignals(False)


def mark_invalid(widget: QWidget, invalid: bool, message: str = "") -> None:
    widget.setStyleSheet(INVALID_STYLE if invalid else "")
    widget.setToolTip(message if invalid else "")
    widget.setProperty("invalid", invalid)
