"""One status column of a project's pipeline board: shortlist entries are dragged from one column to
another to change their status (the store is updated; the board is then redrawn from it)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # the shortlist entry id of an item
ENTRY_MIME = "application/x-qiaomost-shortlist-entry"


class PipelineColumn(QListWidget):
    entry_dropped = Signal(int, str)  # entry id, the status of the column it was dropped on

    def __init__(self, status: str, parent=None):
        super().__init__(parent)
        self.status = status
        self.setObjectName(f"column_{status}")
        self.setWordWrap(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def mimeTypes(self) -> list[str]:
        return [ENTRY_MIME]

    def mimeData(self, items) -> QMimeData:
        data = QMimeData()
        if items:
            data.setData(ENTRY_MIME, str(items[0].data(ENTRY_ROLE)).encode("ascii"))
        return data

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def _accepts(self, event) -> bool:
        return event.mimeData().hasFormat(ENTRY_MIME) and event.source() is not self

    def dragEnterEvent(self, event) -> None:
        event.acceptProposedAction() if self._accepts(event) else event.ignore()

    def dragMoveEvent(self, event) -> None:
        event.acceptProposedAction() if self._accepts(event) else event.ignore()

    def dropEvent(self, event) -> None:
        if not self._accepts(event):
            event.ignore()
            return
        entry_id = int(bytes(event.mimeData().data(ENTRY_MIME)).decode("ascii"))
        # Copy, not Move: the source column must not delete its item; the board is redrawn from the store.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.entry_dropped.emit(entry_id, self.status)
