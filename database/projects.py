"""Technology-transfer projects and their partner shortlists (the cooperation pipeline)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from matching.types import SHORTLIST_STATUSES

if TYPE_CHECKING:
    from .store import Store

PROJECT_STATUSES = ("open", "on_hold", "closed")


@dataclass
class ShortlistEntry:
    id: int
    project_id: int
    institution_ref: str
    institution_name: str
    capability_ref: str | None
    score: float | None
    reasons: list[str]
    status: str
    note: str
    due_date: str
    created_at: str
    updated_at: str


@dataclass
class Project:
    id: int
    title: str
    description: str
    lead_institution_ref: str | None
    status: str
    created_at: str
    updated_at: str
    shortlist: list[ShortlistEntry] = field(default_factory=list)


class ProjectRepository:
    def __init__(self, store: Store):
        self.store = store
        self.db = store.db

    def create(self, title: str, description: str = "", lead_ref: str | None = None, status: str = "open") -> int:
        if not title.strip():
            raise ValueError("a project needs a title")
        if status not in PROJECT_STATUSES:
            raise ValueError(f"unknown project status {status!r}")
        lead_id = self._inst_id(lead_ref)
        now = self.store.now()
        cur = self.db.execute(
            "INSERT INTO projects (title, description, lead_institution_id, status, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [title.strip(), description, lead_id, status, now, now],
        )
        self.store.bump_revision()
        return int(cur.lastrowid)

    def update(self, project_id: int, *, title: str | None = None, description: str | None = None,
               lead_ref: str | None = None, status: str | None = None) -> None:
        sets, args = [], []
        if title is not None:
            if not title.strip():
                raise ValueError("a project needs a title")
            sets.append("title = ?")
            args.append(title.strip())
        if description is not None:
            sets.append("description = ?")
            args.append(description)
        if lead_ref is not None:
            sets.append("lead_institution_id = ?")
            args.append(self._inst_id(lead_ref) if lead_ref else None)
        if status is not None:
            if status not in PROJECT_STATUSES:
                raise ValueError(f"unknown project status {status!r}")
            sets.append("status = ?")
            args.append(status)
        if not sets:
            return
        sets.append("updated_at = ?")
        args.append(self.store.now())
        self.db.execute(f"UPDATE projects SET {', '.join(sets)} WHERE id = ?", [*args, project_id])
        self.store.bump_revision()

    def delete(self, project_id: int) -> None:
        self.db.execute("DELETE FROM projects WHERE id = ?", [project_id])
        self.store.bump_revision()

    def _inst_id(self, ref: str | None) -> int | None:
        if not ref:
            return None
        iid = self.store.institutions.id_for(ref)
        if iid is None:
            raise KeyError(f"unknown institution {ref!r}")
        return iid

    def all(self) -> list[Project]:
        projects = [self._project(r) for r in self.db.execute(self._SELECT + " ORDER BY p.id").fetchall()]
        entries = self._entries("")
        for p in projects:
            p.shortlist = [e for e in entries if e.project_id == p.id]
        return projects

    def get(self, project_id: int) -> Project | None:
        row = self.db.execute(self._SELECT + " WHERE p.id = ?", [project_id]).fetchone()
        if row is None:
            return None
        p = self._project(row)
        p.shortlist = self._entries("WHERE s.project_id = ?", [project_id])
        return p

    _SELECT = ("SELECT p.id, p.title, p.description, i.ref, p.status, p.created_at, p.updated_at "
               "FROM projects p LEFT JOIN institutions i ON i.id = p.lead_institution_id")

    @staticmethod
    def _project(r) -> Project:
        return Project(r[0], r[1], r[2], r[3], r[4], r[5], r[6])

    def _entries(self, where: str, args: list | None = None) -> list[ShortlistEntry]:
        rows = self.db.execute(
            "SELECT s.id, s.project_id, i.ref, i.name, c.ref, s.score, s.reasons, s.status, s.note, s.due_date, "
            "s.created_at, s.updated_at FROM shortlist_entries s JOIN institutions i ON i.id = s.institution_id "
            f"LEFT JOIN capabilities c ON c.id = s.capability_id {where} "
            "ORDER BY s.project_id, s.score IS NULL, s.score DESC, s.id",
            args or [],
        ).fetchall()
        return [ShortlistEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7], r[8], r[9], r[10], r[11])
                for r in rows]

    def add_to_shortlist(self, project_id: int, institution_ref: str, *, capability_ref: str | None = None,
                         score: float | None = None, reasons: list[str] | None = None, note: str = "") -> int:
        """Add a partner (or refresh its score and reasons if it is already on the shortlist)."""
        iid = self._inst_id(institution_ref)
        cid = self.store.capabilities.id_for(capability_ref) if capability_ref else None
        now = self.store.now()
        existing = self.db.execute(
            "SELECT id FROM shortlist_entries WHERE project_id = ? AND institution_id = ?", [project_id, iid]
        ).fetchone()
        if existing:
            self.db.execute(
                "UPDATE shortlist_entries SET capability_id = ?, score = ?, reasons = ?, updated_at = ? WHERE id = ?",
                [cid, score, json.dumps(reasons or [], ensure_ascii=False), now, existing[0]],
            )
            self.store.bump_revision()
            return int(existing[0])
        cur = self.db.execute(
            "INSERT INTO shortlist_entries (project_id, institution_id, capability_id, score, reasons, note, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [project_id, iid, cid, score, json.dumps(reasons or [], ensure_ascii=False), note, now, now],
        )
        self.store.bump_revision()
        return int(cur.lastrowid)

    def update_entry(self, entry_id: int, *, status: str | None = None, note: str | None = None,
                     due_date: str | None = None) -> None:
        sets, args = [], []
        if status is not None:
            if status not in SHORTLIST_STATUSES:
                raise ValueError(f"unknown shortlist status {status!r}")
            sets.append("status = ?")
            args.append(status)
        if note is not None:
            sets.append("note = ?")
            args.append(note)
        if due_date is not None:
            sets.append("due_date = ?")
            args.append(due_date)
        if not sets:
            return
        sets.append("updated_at = ?")
        args.append(self.store.now())
        self.db.execute(f"UPDATE shortlist_entries SET {', '.join(sets)} WHERE id = ?", [*args, entry_id])
        self.store.bump_revision()

    def remove_entry(self, entry_id: int) -> None:
        self.db.execute("DELETE FROM shortlist_entries WHERE id = ?", [entry_id])
        self.store.bump_revision()
