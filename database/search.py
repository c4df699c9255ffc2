"""Quick search over every name variant and capability text (FTS5 trigram + LIKE for short terms).

The indexed text is normalised (case, ё→е, Traditional→Simplified), so 莫斯科 finds 莫斯科 and 莫斯科
written in Traditional characters alike. Trigram FTS needs three characters; shorter terms (two-character
Chinese words are common) fall back to LIKE over the same table.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from matching.text import normalize

if TYPE_CHECKING:
    from .store import Store


class SearchRepository:
    def __init__(self, store: Store):
        self.store = store
        self.db = store.db

    # Row ids: -institution_id for the names row, capability id for each capability row. FTS5 cannot
    # index its UNINDEXED columns, so deleting by rowid is what keeps re-indexing O(1) per record.

    def index_institution(self, institution_id: int) -> None:
        db = self.db
        cap_rows = db.execute(
            "SELECT id, title, description, keywords FROM capabilities WHERE institution_id = ?", [institution_id]
        ).fetchall()
        db.execute("DELETE FROM search_index WHERE rowid = ?", [-institution_id])
        for (cid, *_rest) in cap_rows:
            db.execute("DELETE FROM search_index WHERE rowid = ?", [cid])
        row = db.execute("SELECT name, region, city, ref FROM institutions WHERE id = ?", [institution_id]).fetchone()
        if row is None:
            return
        names = [row[0], row[1], row[2], row[3]] + [
            r[0] for r in db.execute("SELECT name FROM institution_names WHERE institution_id = ?", [institution_id])
        ]
        db.execute(
            "INSERT INTO search_index (rowid, text, institution_id, capability_id) VALUES (?, ?, ?, NULL)",
            [-institution_id, normalize(" | ".join(n for n in names if n)), institution_id],
        )
        for cid, title, desc, keywords in cap_rows:
            text = " | ".join([title, desc, " ; ".join(json.loads(keywords))])
            db.execute(
                "INSERT INTO search_index (rowid, text, institution_id, capability_id) VALUES (?, ?, ?, ?)",
                [cid, normalize(text), institution_id, cid],
            )

    def remove_capability(self, capability_id: int) -> None:
        self.db.execute("DELETE FROM search_index WHERE rowid = ?", [capability_id])

    def remove_institution(self, institution_id: int) -> None:
        self.db.execute("DELETE FROM search_index WHERE rowid = ?", [-institution_id])
        for (cid,) in self.db.execute("SELECT id FROM capabilities WHERE institution_id = ?", [institution_id]).fetchall():
            self.db.execute("DELETE FROM search_index WHERE rowid = ?", [cid])

    def rebuild(self) -> None:
        with self.store.transaction():
            self.db.execute("DELETE FROM search_index")
            for (iid,) in self.db.execute("SELECT id FROM institutions").fetchall():
                self.index_institution(iid)

    def institution_ids(self, query: str) -> list[int]:
        """Institutions whose names or capabilities contain every whitespace-separated term."""
        terms = [t for t in normalize(query).split() if t]
        if not terms:
            return []
        result: set[int] | None = None
        order: dict[int, float] = {}
        for term in terms:
            if len(term) >= 3:
                fts = '"' + term.replace('"', '""') + '"'
                rows = self.db.execute(
                    "SELECT institution_id, min(rank) FROM search_index WHERE search_index MATCH ? "
                    "GROUP BY institution_id",
                    [fts],
                ).fetchall()
            else:
                like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                rows = self.db.execute(
                    "SELECT institution_id, 0 FROM search_index WHERE text LIKE ? ESCAPE '\\' GROUP BY institution_id",
                    [like],
                ).fetchall()
            ids = {int(r[0]) for r in rows}
            for r in rows:
                order[int(r[0])] = order.get(int(r[0]), 0.0) + float(r[1] or 0.0)
            result = ids if result is None else result & ids
            if not result:
                return []
        return sorted(result or (), key=lambda i: order.get(i, 0.0))
