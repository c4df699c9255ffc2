"""Store operations off the UI thread (Anki-style "ops").

One store worker thread owns the `Store` (a SQLite connection belongs to the thread that opened it).
Widgets submit plain callables `fn(store) -> result` (or `fn(store, progress)`); the result or the
error comes back on the GUI thread through queued signals. Callables run on the worker: they must
never touch widgets. After a successful *write* op the executor emits `store_changed`, and every
screen decides for itself whether to refresh (widgets never call each other to say "data changed").

`SyncExecutor` runs the same ops inline on the calling thread: handy for tests and previews.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

Progress = Callable[[float, str], None]


@dataclass(eq=False)  # identity semantics: jobs travel through signals and sets
class Job:
    """One submitted operation. `cancel()` makes its progress callable raise `Cancelled`."""

    fn: Callable[..., Any]
    with_progress: bool = False
    writes: bool = False
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    on_progress: Callable[[float, str], None] | None = None
    label: str = ""
    cancelled: threading.Event = field(default_factory=threading.Event)
    finished: bool = False
    result: Any = None
    error: BaseException | None = None

    def cancel(self) -> None:
        self.cancelled.set()


class StoreContext:
    """What the worker keeps between ops: the open Store and small per-database caches.

    Lives on the worker thread only. `matcher()` keeps the fitted engine in memory, keyed on the
    store revision, so only the first match (or the first after an edit) pays for fitting/loading.
    """

    def __init__(self) -> None:
        self.store = None
        self.path: Path | None = None
        self._matcher = None
        self._matcher_revision: int | None = None

    def open(self, path: Path):
        from database import Store

        self.close()
        self.store = Store(path)
        self.path = Path(path)
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
        self.store = None
        self._matcher = None
        self._matcher_revision = None

    def matcher(self, progress: Progress | None = None):
        from app.services.matching import get_matcher

        rev = self.store.revision()
        if self._matcher is None or self._matcher_revision != rev:
            self._matcher = get_matcher(self.store, self.path, progress)
            self._matcher_revision = rev
        return self._matcher


def _make_progress(job: Job, emit: Callable[[Job, float, str], None]) -> Progress:
    """A Qt-free progress(fraction, message) that raises importer.Cancelled once the job is cancelled.

    Throttled to ~30 updates a second so a tight loop cannot flood the GUI event queue.
    """
    from app.services.importer import Cancelled

    last = [0.0]

    def progress(fraction: float, message: str = "") -> None:
        if job.cancelled.is_set():
            raise Cancelled()
        now = time.monotonic()
        if now - last[0] >= 0.03 or fraction >= 1.0:
            last[0] = now
            emit(job, float(fraction), str(message))

    return progress


class Executor(QObject):
    """The GUI-side face of the store worker (see the module docstring)."""

    store_changed = Signal()  # a write op succeeded
    store_opened = Signal(object)  # Path of the newly opened database
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pending: set[Job] = set()
        self.db_path: Path | None = None

    # ---- public API --------------------------------------------------------------------------------
    def submit(self, fn: Callable[..., Any], *, on_done=None, on_error=None, on_progress=None,
               with_progress: bool = False, writes: bool = False, label: str = "") -> Job:
        job = Job(fn, with_progress, writes, on_done, on_error, on_progress, label)
        self._pending.add(job)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        self._dispatch(job)
        return job

    def open_database(self, path: Path, on_done=None, on_error=None) -> Job:
        """Close the current store (if any) and open `path` on the worker."""
        path = Path(path)

        def opened(_result):
            self.db_path = path
            self.store_opened.emit(path)
            if on_done:
                on_done(path)

        return self.submit(_OpenStore(path), on_done=opened, on_error=on_error)

    def is_busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self) -> None:
        pass

    # ---- for subclasses -------------------------------------------------------------------------------
    def _dispatch(self, job: Job) -> None:
        raise NotImplementedError

    def _deliver(self, job: Job) -> None:
        """On the GUI thread: hand the result or the error to the job's callbacks."""
        self._pending.discard(job)
        job.finished = True
        try:
            if job.error is None:
                if job.on_done:
                    job.on_done(job.result)
                if job.writes:
                    self.store_changed.emit()
            elif job.on_error:
                job.on_error(job.error)
            else:
                self.unhandled_error.emit(job.error)
        finally:
            if not self._pending:
                self.busy_changed.emit(False)

    def _deliver_progress(self, job: Job, fraction: float, message: str) -> None:
        if job.on_progress and not job.finished:
            job.on_progress(fraction, message)

    unhandled_error = Signal(object)


class _OpenStore:
    """An op that (re)opens the worker's store; recognised by `_Worker` and `SyncExecutor`."""

    def __init__(self, path: Path):
        self.path = path


class _Worker(QObject):
    """Lives in the store thread; runs jobs one at a time, in submission order."""

    done = Signal(object)
    progress = Signal(object, float, str)

    def __init__(self) -> None:
        super().__init__()
        self.ctx = StoreContext()

    @Slot(object)
    def run(self, job: Job) -> None:
        if isinstance(job.fn, _OpenStore):
            try:
                self.ctx.open(job.fn.path)
            except BaseException as exc:  # noqa: BLE001
                job.error = exc
        elif isinstance(job.fn, _CloseStore):
            self.ctx.close()
            QThread.currentThread().quit()  # after every op queued before it has run (saves included)
            return
        else:
            _run_in(self.ctx, job, lambda j, f, m: self.progress.emit(j, f, m))
        self.done.emit(job)


class _CloseStore:
    pass


def _run_in(ctx: StoreContext, job: Job, emit_progress) -> None:
    try:
        if ctx.store is None:
            raise RuntimeError("no database is open")
        args = (ctx.store, _make_progress(job, emit_progress)) if job.with_progress else (ctx.store,)
        job.result = job.fn(*args)
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI as a message
        job.error = exc


class ThreadedExecutor(Executor):
    """The real thing: one QThread owns the store; results come back through queued signals."""

    _submit = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("qiaomost-store")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)  # queued: the worker lives in the other thread
        self._worker.done.connect(self._deliver)
        self._worker.progress.connect(self._deliver_progress)
        self._thread.start()

    def _dispatch(self, job: Job) -> None:
        self._submit.emit(job)

    def context(self) -> StoreContext:
        """For ops that need the worker's caches: call only from inside an op (worker thread)."""
        return self._worker.ctx

    def shutdown(self) -> None:
        """Close the store on its own thread, then stop the thread (blocks briefly; on quit only)."""
        if not self._thread.isRunning():
            return
        for job in list(self._pending):
            if job.with_progress:  # long imports/exports roll back; plain saves still complete
                job.cancel()
        self._submit.emit(Job(_CloseStore()))
        if not self._thread.wait(30000):
            self._thread.quit()
            self._thread.wait(2000)


class SyncExecutor(Executor):
    """Runs every op inline on the calling thread (tests, previews); same callbacks, same signals."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = StoreContext()

    def _dispatch(self, job: Job) -> None:
        if isinstance(job.fn, _OpenStore):
            try:
                self.ctx.open(job.fn.path)
            except BaseException as exc:  # noqa: BLE001
                job.error = exc
        else:
            _run_in(self.ctx, job, self._deliver_progress)
        self._deliver(job)

    def context(self) -> StoreContext:
        return self.ctx

    def shutdown(self) -> None:
        self.ctx.close()
