"""Shared fixtures: a real SQLite file per test, and a demo database built once and copied per test."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory, monkeypatch):
    cfg = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("QIAOMOST_CONFIG_DIR", str(cfg))
    monkeypatch.delenv("QIAOMOST_DB", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def store(db_path):
    from database import Store

    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def _demo_db_master(tmp_path_factory) -> Path:
    from app.services.demo import load_demo
    from database import Store

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store(path) as s:
        load_demo(s)
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def demo_db_path(_demo_db_master, tmp_path) -> Path:
    """A private copy of the demo database (the engine cache is built per copy)."""
    dst = tmp_path / "demo.db"
    shutil.copy(_demo_db_master, dst)
    return dst


@pytest.fixture
def demo_store(demo_db_path):
    from database import Store

    s = Store(demo_db_path)
    yield s
    s.close()
