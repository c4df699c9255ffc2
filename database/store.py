"""The `Store` facade: one SQLite file, its migrations, and the repositories over it.

Threading: a Store (and its connection) belongs to the thread that uses it; the GUI gives it to one
store worker. Every write runs inside `Store.transaction()`, so a failure leaves no half-written data.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from .imports import ImportRepository
from .institutions import CapabilityRepository, InstitutionRepository
from .projects import ProjectRepository
from .schema import apply_migrations
from .search import SearchRepository


class StoreError(Exception):
    """A store-level problem worth showing to a user (bad path, not a Qiao·Most database…)."""


class Store:
    def __init__(self, path: str | Path, *, check_same_thread: bool = True):
        self.path = Path(path)
        if str(path) != ":memory:":
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{self.path}: cannot create the folder ({exc.strerror})") from exc
        try:
            # isolation_level=None: no implicit transactions; Store.transaction() issues BEGIN/COMMIT.
            conn = sqlite3.connect(str(path), check_same_thread=check_same_thread, isolation_level=None)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
            if str(path) != ":memory:" and conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable SQLite database ({exc})") from exc
        self.db = Database(conn)
        try:
            self.applied_migrations = apply_migrations(self.db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot prepare the database ({exc})") from exc
        self.institutions = InstitutionRepository(self)
        self.capabilities = CapabilityRepository(self)
        self.projects = ProjectRepository(self)
        self.imports = ImportRepository(self)
        self.search = SearchRepository(self)

    @staticmethod
    def now() -> str:
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """All-or-nothing: commits on success, rolls back on any exception (nested = savepoint)."""
        with self.db.atomic():
            yield self

    def revision(self) -> int:
        """A counter bumped by every write: caches keyed on it are stale once it moves."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
        return int(row[0]) if row else 0

    def bump_revision(self) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES ('revision', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def is_empty(self) -> bool:
        return self.institutions.count() == 0

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
