"""Turn exceptions from ops into a clear message that says what happened and what to do."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.gui.texts import UiTexts


def describe_error(texts: UiTexts, exc: BaseException) -> tuple[str, str]:
    """(what happened, what to do) in the UI language; the technical detail is kept in the first part."""
    from app.services.records import ImportValidationError

    name = type(exc).__name__
    if name == "StoreError":
        return texts("gui.err.store", detail=str(exc)), texts("gui.err.store.todo")
    if isinstance(exc, ImportValidationError):
        return texts("gui.err.import", detail=str(exc)), texts("gui.err.import.todo")
    if name == "ExportError":
        return texts("gui.err.export", detail=str(exc)), texts("gui.err.export.todo")
    if name == "MatchServiceError":
        return texts("gui.err.match", detail=str(exc)), texts("gui.err.match.todo")
    if name == "BriefError":
        return texts("gui.err.brief", detail=str(exc)), texts("gui.err.brief.todo")
    if isinstance(exc, PermissionError | OSError):
        return texts("gui.err.file", detail=str(exc)), texts("gui.err.file.todo")
    return texts("gui.err.unexpected", detail=f"{name}: {exc}"), texts("gui.err.unexpected.todo")


def show_error(parent: QWidget | None, texts: UiTexts, exc: BaseException, title_key: str = "gui.err.title") -> None:
    what, todo = describe_error(texts, exc)
    box = QMessageBox(QMessageBox.Icon.Warning, texts(title_key), what, QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(todo)
    box.setObjectName("errorBox")
    box.open()  # non-blocking: tests and the worker's event flow keep running
