"""Import runs and provenance: which import created, updated or merged each record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .store import Store


@dataclass
class ImportRun:
    id: int
    source: str
    format: str
    started_at: str
    finished_at: str | None
    summary: dict[str, Any]


@dataclass
class ProvenanceEntry:
    import_id: int
    source: str
    started_at: str
    action: str


class ImportRepository:
    def __init__(self, store: Store):
        self.store = store
        self.db = store.db

    def start(self, source: str, fmt: str) -> int:
        cur = self.db.execute(
            "INSERT INTO imports (source, format, started_at) VALUES (?, ?, ?)", [source, fmt, self.store.now()]
        )
        return int(cur.lastrowid)

    def finish(self, import_id: int, summary: dict[str, Any]) -> None:
        self.db.execute(
            "UPDATE imports SET finished_at = ?, summary = ? WHERE id = ?",
            [self.store.now(), json.dumps(summary, ensure_ascii=False), import_id],
        )

    def record(self, import_id: int, entity: str, ref: str, action: str) -> None:
        self.db.execute(
            "INSERT INTO provenance (import_id, entity, ref, action) VALUES (?, ?, ?, ?)",
            [import_id, entity, ref, action],
        )

    def runs(self) -> list[ImportRun]:
        return [
            ImportRun(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]))
            for r in self.db.execute(
                "SELECT id, source, format, started_at, finished_at, summary FROM imports ORDER BY id"
            )
        ]

    def provenance(self, entity: str, ref: str) -> list[ProvenanceEntry]:
        return [
            ProvenanceEntry(r[0], r[1], r[2], r[3])
            for r in self.db.execute(
                "SELECT p.import_id, i.source, i.started_at, p.action FROM provenance p "
                "JOIN imports i ON i.id = p.import_id WHERE p.entity = ? AND p.ref = ? ORDER BY p.id",
                [entity, ref],
            )
        ]
