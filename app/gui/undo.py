"""Undoable institution edits and deletes for the session (QUndoStack commands).

Each command holds whole `Institution` snapshots and replays them through ops on the store worker,
so undo is just another save: `store.transaction()` + `institutions.save(inst, replace_capabilities=True)`.
The first `redo()` (called by QUndoStack.push) is skipped: the change was already written when the
command is pushed, so a failed save never lands on the stack.
"""

from __future__ import annotations

import copy

from PySide6.QtGui import QUndoCommand

from app.gui.executor import Executor
from matching.types import Institution


def save_institution_op(inst: Institution):
    def op(store):
        with store.transaction():
            return store.institutions.save(copy.deepcopy(inst), replace_capabilities=True)
    return op


def delete_institution_op(ref: str):
    def op(store):
        with store.transaction():
            return store.institutions.delete(ref)
    return op


class _ReplayCommand(QUndoCommand):
    def __init__(self, executor: Executor, text: str, on_error=None):
        super().__init__(text)
        self.executor = executor
        self.on_error = on_error
        self._first = True

    def _run(self, op) -> None:
        self.executor.submit(op, writes=True, on_error=self.on_error)


class SaveInstitutionCommand(_ReplayCommand):
    """`before` is None for a newly created institution (undo deletes it)."""

    def __init__(self, executor: Executor, before: Institution | None, after: Institution, text: str, on_error=None):
        super().__init__(executor, text, on_error)
        self.before = copy.deepcopy(before)
        self.after = copy.deepcopy(after)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(save_institution_op(self.after))

    def undo(self) -> None:
        if self.before is None:
            self._run(delete_institution_op(self.after.ref))
        else:
            self._run(save_institution_op(self.before))


class DeleteInstitutionCommand(_ReplayCommand):
    def __init__(self, executor: Executor, snapshot: Institution, text: str, on_error=None):
        super().__init__(executor, text, on_error)
        self.snapshot = copy.deepcopy(snapshot)

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(delete_institution_op(self.snapshot.ref))

    def undo(self) -> None:
        self._run(save_institution_op(self.snapshot))
