"""The main window: menus, toolbar, sidebar of screens, status bar, shortcuts, remembered geometry.

The window wires screens together but owns no data: screens load through ops on the store worker
and refresh themselves when the executor says the store changed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QSplitter,
    QStackedWidget,
    QToolBar,
)

from app.config import config_dir
from app.gui.context import AppContext
from app.gui.errors import show_error
from app.gui.icons import icon
from app.gui.institutions_page import InstitutionsPage
from app.gui.match_page import MatchPage
from app.gui.projects_page import ProjectsPage
from app.gui.stats_page import StatsPage
from app.gui.welcome_page import WelcomePage

SCREENS = ("institutions", "match", "projects", "stats")


def window_settings() -> QSettings:
    """Geometry and splitter state: an INI file in the config folder ($QIAOMOST_CONFIG_DIR in tests)."""
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    database_ready = Signal(int)  # institution count after a database opened and its rows loaded

    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        self.t = ctx.texts
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        self._demo_on_empty = False
        self._progress: QProgressDialog | None = None
        self.count = -1
        self._leave_to: str | None = None  # a screen clicked in the sidebar while edits were unsaved
        self._sidebar_restoring = False

        # screens
        self.welcome = WelcomePage(self.t)
        self.institutions = InstitutionsPage(ctx)
        self.match = MatchPage(ctx)
        self.projects = ProjectsPage(ctx)
        self.stats = StatsPage(ctx)
        self.stack = QStackedWidget()
        for w in (self.welcome, self.institutions, self.match, self.projects, self.stats):
            self.stack.addWidget(w)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(28, 28))
        self.sidebar.setSpacing(2)
        self.sidebar.setMinimumWidth(150)
        for key in SCREENS:
            item = QListWidgetItem(icon(key), "")
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(150, 44))
            self.sidebar.addItem(item)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([170, 1100])
        self.setCentralWidget(self.splitter)

        self._make_actions()
        self._make_menus()
        self._make_toolbar()
        self.db_label = QLabel()
        self.count_label = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(12)
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.db_label)

        # wiring: Anki-style "operation did execute" → each screen refreshes itself
        ex = ctx.executor
        ex.store_changed.connect(self._store_changed)
        ex.busy_changed.connect(self.busy.setVisible)
        ex.unhandled_error.connect(lambda exc: show_error(self, self.t, exc))
        self.t.language_changed.connect(lambda _lang: self.retranslate())
        ctx.undo_stack.canUndoChanged.connect(self.act_undo.setEnabled)
        ctx.undo_stack.canRedoChanged.connect(self.act_redo.setEnabled)
        ctx.undo_stack.undoTextChanged.connect(self._retranslate_undo)
        ctx.undo_stack.redoTextChanged.connect(self._retranslate_undo)
        self.sidebar.currentRowChanged.connect(self._screen_changed)
        self.institutions.rows_loaded.connect(self._rows_loaded)
        self.projects.name_for = self._name_for
        self.match.can_start = self.institutions.confirm_leave  # unsaved edits are settled before a match
        self.institutions.match_requested.connect(self.match_institution)
        self.match.shortlist_changed.connect(lambda pid: self.projects.refresh(pid))
        self.welcome.demo_requested.connect(self.load_demo)
        self.welcome.import_requested.connect(self.import_file)
        self.welcome.open_requested.connect(self.open_database_dialog)

        self.retranslate()
        self.sidebar.setCurrentRow(0)
        self.resize(1280, 800)
        self._restore_state()

    # ---- actions, menus, toolbar -----------------------------------------------------------------
    def _action(self, name: str, slot, shortcut: QKeySequence | str | None = None, icon_name: str | None = None) -> QAction:
        act = QAction(self)
        act.setObjectName(f"act_{name}")
        if icon_name:
            act.setIcon(icon(icon_name))
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def _make_actions(self) -> None:
        a = self._action
        self.act_open = a("open", self.open_database_dialog, QKeySequence.StandardKey.Open)
        self.act_new_db = a("new_db", self.new_database_dialog)
        self.act_import = a("import", self.import_file, "Ctrl+I", "import")
        self.act_export = a("export", self.export_file, "Ctrl+E", "export")
        self.act_demo = a("demo", self.load_demo, None, "demo")
        self.act_quit = a("quit", self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = a("undo", self.ctx.undo_stack.undo, QKeySequence.StandardKey.Undo, "undo")
        self.act_redo = a("redo", self.ctx.undo_stack.redo, QKeySequence.StandardKey.Redo, "redo")
        self.act_undo.setEnabled(False)
        self.act_redo.setEnabled(False)
        self.act_find = a("find", self.focus_search, QKeySequence.StandardKey.Find, "search")
        self.act_new_institution = a("new_institution", self.new_institution, QKeySequence.StandardKey.New, "add")
        self.act_save = a("save", self.institutions.save_current, QKeySequence.StandardKey.Save, "save")
        self.act_match = a("match", self.match_current, "Ctrl+M", "match")
        self.act_settings = a("settings", self.open_settings, "Ctrl+,", "settings")
        self.act_about = a("about", self.about)
        self.screen_actions = []
        for i, key in enumerate(SCREENS):
            act = a(f"screen_{key}", lambda i=i: self.show_screen(SCREENS[i]), f"Ctrl+{i + 1}", key)
            self.screen_actions.append(act)

    def _make_menus(self) -> None:
        mb = self.menuBar()
        self.menu_file = mb.addMenu("")
        for act in (self.act_open, self.act_new_db, None, self.act_import, self.act_export, self.act_demo, None, self.act_quit):
            self.menu_file.addSeparator() if act is None else self.menu_file.addAction(act)
        self.menu_edit = mb.addMenu("")
        for act in (self.act_undo, self.act_redo, None, self.act_find, self.act_new_institution, self.act_save, None, self.act_settings):
            self.menu_edit.addSeparator() if act is None else self.menu_edit.addAction(act)
        self.menu_view = mb.addMenu("")
        for act in self.screen_actions:
            self.menu_view.addAction(act)
        self.menu_tools = mb.addMenu("")
        self.menu_tools.addAction(self.act_match)
        self.menu_help = mb.addMenu("")
        self.menu_help.addAction(self.act_about)

    def _make_toolbar(self) -> None:
        tb = QToolBar()
        tb.setObjectName("mainToolbar")
        tb.setIconSize(QSize(22, 22))
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setMovable(False)
        for act in (self.act_import, self.act_export, None, self.act_find, self.act_new_institution, self.act_match, None,
                    self.act_undo, self.act_redo, None, self.act_settings):
            tb.addSeparator() if act is None else tb.addAction(act)
        self.addToolBar(tb)
        self.toolbar = tb

    # ---- translation -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        t = self.t
        self.setWindowTitle(t("gui.window.title"))
        for name in ("open", "new_db", "import", "export", "demo", "quit", "find", "new_institution", "save", "match",
                     "settings", "about"):
            act: QAction = getattr(self, f"act_{name}")
            act.setText(t(f"gui.action.{name}"))
            tip = t(f"gui.action.{name}")
            if not act.shortcut().isEmpty():
                tip += f" ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            act.setToolTip(tip)
        self._retranslate_undo()
        for act, key in zip(self.screen_actions, SCREENS, strict=True):
            act.setText(t(f"gui.screen.{key}"))
        for i, key in enumerate(SCREENS):
            self.sidebar.item(i).setText(t(f"gui.screen.{key}"))
        self.menu_file.setTitle(t("gui.menu.file"))
        self.menu_edit.setTitle(t("gui.menu.edit"))
        self.menu_view.setTitle(t("gui.menu.view"))
        self.menu_tools.setTitle(t("gui.menu.tools"))
        self.menu_help.setTitle(t("gui.menu.help"))
        self.toolbar.setWindowTitle(t("gui.toolbar"))
        for page in (self.welcome, self.institutions, self.match, self.projects, self.stats):
            page.retranslate()
        self._update_status()

    def _retranslate_undo(self, *_args) -> None:
        stack = self.ctx.undo_stack
        self.act_undo.setText(self.t("gui.action.undo_named", what=stack.undoText()) if stack.canUndo() else self.t("gui.action.undo"))
        self.act_redo.setText(self.t("gui.action.redo_named", what=stack.redoText()) if stack.canRedo() else self.t("gui.action.redo"))
        self.act_undo.setIconText(self.t("gui.action.undo"))
        self.act_redo.setIconText(self.t("gui.action.redo"))

    def _update_status(self) -> None:
        path = self.ctx.executor.db_path
        self.db_label.setText(str(path) if path else "")
        self.db_label.setToolTip(self.t("gui.status.database"))
        self.count_label.setText(self.t("gui.status.count", count=self.count) if self.count >= 0 else self.t("gui.status.loading"))

    # ---- screens ---------------------------------------------------------------------------------
    def show_screen(self, key: str) -> bool:
        """Switch screens; leaving unsaved institution edits asks first (False: the user stayed)."""
        if not self._may_leave_for(key):
            return False
        self.sidebar.setCurrentRow(SCREENS.index(key))
        return True

    def current_screen(self) -> str:
        return SCREENS[max(0, self.sidebar.currentRow())]

    def _may_leave_for(self, key: str) -> bool:
        if key == "institutions" or self.stack.currentWidget() is not self.institutions:
            return True
        return self.institutions.confirm_leave()

    def _screen_changed(self, row: int) -> None:
        if self._sidebar_restoring:
            return
        key = SCREENS[max(0, row)]
        if (key != "institutions" and self.stack.currentWidget() is self.institutions
                and self.institutions.has_unsaved()):
            # A click in the sidebar: ask once the click has been handled, and stay until answered.
            first = self._leave_to is None
            self._leave_to = key
            if first:
                QTimer.singleShot(0, self._resolve_leave)
            return
        self._show_stack(key)

    def _resolve_leave(self) -> None:
        key, self._leave_to = self._leave_to, None
        if key is None or self.current_screen() != key:
            return
        if self._may_leave_for(key):
            self._show_stack(key)
            return
        self._sidebar_restoring = True
        try:
            self.sidebar.setCurrentRow(SCREENS.index("institutions"))
        finally:
            self._sidebar_restoring = False

    def _show_stack(self, key: str) -> None:
        if key == "institutions" and self.count == 0:
            self.stack.setCurrentWidget(self.welcome)
        else:
            self.stack.setCurrentWidget(getattr(self, key))

    def focus_search(self) -> None:
        self.show_screen("institutions")
        self.institutions.focus_search()

    def new_institution(self) -> None:
        self.show_screen("institutions")
        if self.count == 0:
            self.count = -2  # leave the welcome page: the user is typing the first record by hand
            self._screen_changed(0)
        self.institutions.new_institution()

    def match_institution(self, ref: str) -> None:
        if not self.show_screen("match"):
            return
        self.match.set_institution(ref)
        self.match.run()

    def match_current(self) -> None:
        if self.current_screen() == "institutions" and self.institutions.current_ref():
            self.match_institution(self.institutions.current_ref())
            return
        if self.show_screen("match"):
            self.match.run()

    # ---- database ---------------------------------------------------------------------------------
    def open_database(self, path: Path, demo_if_empty: bool = False) -> None:
        """Open `path` on the store worker; then load every screen (and the demo data if asked and empty)."""
        if not self.institutions.confirm_leave():
            return
        self._demo_on_empty = demo_if_empty
        self.count = -1
        self._update_status()
        self.ctx.undo_stack.clear()

        def opened(p: Path) -> None:
            self.ctx.settings.last_database = str(p)
            self.ctx.save_settings()
            self._update_status()
            self.refresh_all()

        def failed(exc: BaseException) -> None:
            show_error(self, self.t, exc)
            self.count = 0
            self._update_status()
            self._screen_changed(self.sidebar.currentRow())

        self.ctx.executor.open_database(Path(path), on_done=opened, on_error=failed)

    def refresh_all(self) -> None:
        self.institutions.refresh()
        self.projects.refresh()
        self.stats.stale = True
        if self.stats.isVisible():
            self.stats.refresh()

    def _rows_loaded(self, count: int) -> None:
        first = self.count < 0 and self.count != -2
        self.count = count
        self.match.set_institutions(self.institutions.model.rows())
        self.projects.set_institutions(self.institutions.model.rows())
        self._update_status()
        self._screen_changed(self.sidebar.currentRow())
        if first:
            self.database_ready.emit(count)
        if count == 0 and self._demo_on_empty:
            self._demo_on_empty = False
            self.load_demo()

    def _name_for(self, ref: str, fallback: str) -> str:
        from app.gui.institution_models import display_name

        model = self.institutions.model
        row = model.row_for_ref(ref)
        return display_name(model.row_at(row), self.t.lang) if row >= 0 else fallback

    def _store_changed(self) -> None:
        self.institutions.on_store_changed()
        self.projects.on_store_changed()
        self.stats.on_store_changed()

    def open_database_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.t("gui.action.open"), str(self.ctx.executor.db_path or Path.home()),
                                              self.t("gui.filter.database") + " (*.db *.sqlite *.sqlite3);;* (*)")
        if path:
            self.open_database(Path(path))

    def new_database_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.t("gui.action.new_db"), str(Path.home() / "qiaomost.db"),
                                              self.t("gui.filter.database") + " (*.db)")
        if path:
            if Path(path).exists():
                show_error(self, self.t, FileExistsError(f"{path}: {self.t('gui.err.exists')}"))
                return
            self.open_database(Path(path))

    # ---- long operations with a progress dialog -----------------------------------------------------
    def run_with_progress(self, fn, title: str, on_done=None, writes: bool = True, cancellable: bool = True):
        """Run `fn(store, progress)` on the worker behind a progress dialog with Cancel."""
        dlg = QProgressDialog(self)
        dlg.setObjectName("progressDialog")
        dlg.setWindowTitle(title)
        dlg.setLabelText(title)
        dlg.setRange(0, 100)
        dlg.setMinimumDuration(0)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        if cancellable:
            dlg.setCancelButtonText(self.t("gui.cancel"))
        else:
            dlg.setCancelButton(None)
        self._progress = dlg

        def progress(fraction: float, message: str) -> None:
            dlg.setValue(int(fraction * 100))
            if message:
                dlg.setLabelText(f"{title}\n{message[:80]}")

        def finish() -> None:
            self._progress = None
            dlg.reset()
            dlg.hide()
            dlg.deleteLater()

        def done(result) -> None:
            finish()
            if on_done:
                on_done(result)

        def failed(exc: BaseException) -> None:
            finish()
            if type(exc).__name__ == "Cancelled":
                self.statusBar().showMessage(self.t("gui.status.cancelled"), 5000)
                self.ctx.executor.store_changed.emit()  # partial work may have been committed file by file
            else:
                show_error(self, self.t, exc)

        job = self.ctx.executor.submit(fn, with_progress=True, writes=writes, on_done=done, on_error=failed,
                                       on_progress=progress)
        dlg.canceled.connect(job.cancel)
        if not job.finished:
            dlg.show()
        return job

    def load_demo(self) -> None:
        from app.services.demo import load_demo

        def done(totals: dict) -> None:
            self.statusBar().showMessage(self.t("gui.status.demo_loaded", count=totals.get("created", 0)), 8000)
            self.show_screen("institutions")

        self.run_with_progress(load_demo, self.t("gui.progress.demo"), on_done=done)

    # ---- import / export / settings ---------------------------------------------------------------------
    def import_file(self, path: str | None = None):
        from app.gui.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, self)
        if path:
            wizard.set_path(path)
        wizard.finished.connect(lambda _r: wizard.deleteLater())
        wizard.open()
        self.import_wizard = wizard
        return wizard

    def export_file(self, path: str | None = None) -> None:
        from app.gui.export_dialog import ask_export_path, export_op

        if path is None:
            path = ask_export_path(self, self.t)
            if not path:
                return

        def done(n: int) -> None:
            self.statusBar().showMessage(self.t("gui.status.exported", count=n, path=path), 8000)

        self.run_with_progress(export_op(Path(path)), self.t("gui.progress.export"), on_done=done, writes=False,
                               cancellable=False)

    def open_settings(self):
        from app.gui.settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.ctx, self)
        dlg.database_chosen.connect(lambda p: self.open_database(Path(p)))
        dlg.accepted.connect(self.match.apply_defaults)
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        dlg.open()
        self.settings_dialog = dlg
        return dlg

    def about(self) -> None:
        QMessageBox.about(self, self.t("gui.action.about"), self.t("gui.about.text"))

    # ---- geometry ---------------------------------------------------------------------------------
    def _splitters(self) -> list[QSplitter]:
        return [s for s in self.findChildren(QSplitter) if s.objectName()]

    def _restore_state(self) -> None:
        qs = window_settings()
        geo = qs.value("window/geometry")
        if isinstance(geo, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geo))
        state = qs.value("window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))

    def _restore_splitters(self) -> None:
        qs = window_settings()
        for s in self._splitters():
            value = qs.value(f"splitters/{s.objectName()}")
            if isinstance(value, QByteArray | bytes):
                s.restoreState(QByteArray(value))

    _shown_once = False

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._shown_once:  # splitters restore well only once the window has its real size
            self._shown_once = True
            self._restore_splitters()

    def save_state(self) -> None:
        qs = window_settings()
        qs.setValue("window/geometry", self.saveGeometry())
        qs.setValue("window/state", self.saveState())
        for s in self._splitters():
            qs.setValue(f"splitters/{s.objectName()}", s.saveState())
        qs.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self.institutions.confirm_leave():  # Save runs before the worker shuts down
            event.ignore()
            return
        self.save_state()
        self.ctx.save_settings()
        event.accept()
