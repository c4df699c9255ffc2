"""Fixtures for the GUI tests: a window over a private copy of the demo database (with the fitted
matcher cache copied along, so only the first test pays for fitting), on a synchronous executor."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def gui_demo_master(_demo_db_master) -> Path:
    """The session's demo database with its matcher cache built once."""
    from app.services.matching import get_matcher
    from database import Store

    with Store(_demo_db_master) as store:
        get_matcher(store, _demo_db_master)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return _demo_db_master


@pytest.fixture
def gui_demo_db(gui_demo_master, tmp_path) -> Path:
    dst = tmp_path / "demo.db"
    shutil.copy(gui_demo_master, dst)
    cache = gui_demo_master.parent / (gui_demo_master.name + ".cache")
    if cache.is_dir():
        shutil.copytree(cache, tmp_path / (dst.name + ".cache"))
    return dst


def make_window(qtbot, db_path: Path, lang: str = "en", *, threaded: bool = False, demo: bool = False):
    from app.config import Settings
    from app.gui.executor import SyncExecutor, ThreadedExecutor
    from app.gui.main import build_window, ensure_app

    ensure_app()
    settings = Settings()
    settings.ui_language = lang
    executor = ThreadedExecutor() if threaded else SyncExecutor()
    window = build_window(db_path, demo=demo, executor=executor, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    if threaded:
        qtbot.waitUntil(lambda: window.count >= 0, timeout=10000)
    return window


def shutdown(window) -> None:
    window.ctx.executor.shutdown()


@pytest.fixture
def demo_window(qtbot, gui_demo_db):
    window = make_window(qtbot, gui_demo_db)
    yield window
    shutdown(window)
