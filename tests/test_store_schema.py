"""Migrations and the store: a fresh database has the declared schema; data survives migrating."""

from __future__ import annotations

import sqlite3

from database import Store
from database.schema import migrations
from matching.types import Capability, Institution, InstitutionName

DECLARED_TABLES = {
    "imports": {"id", "source", "format", "started_at", "finished_at", "summary"},
    "institutions": {"id", "ref", "name", "country", "region", "city", "type", "website", "notes", "extra",
                     "created_at", "updated_at", "created_by_import", "updated_by_import"},
    "institution_refs": {"ref", "institution_id"},
    "institution_names": {"id", "institution_id", "lang", "name", "kind"},
    "capabilities": {"id", "ref", "institution_id", "kind", "lang", "title", "description", "keywords", "fields",
                     "trl", "ip_status", "cooperation", "extra", "position", "created_at", "updated_at",
                     "created_by_import", "updated_by_import"},
    "contacts": {"id", "institution_id", "person", "role", "email", "phone", "languages"},
    "projects": {"id", "title", "description", "lead_institution_id", "status", "created_at", "updated_at"},
    "shortlist_entries": {"id", "project_id", "institution_id", "capability_id", "score", "reasons", "status",
                          "note", "due_date", "created_at", "updated_at"},
    "provenance": {"id", "import_id", "entity", "ref", "action"},
    "meta": {"key", "value"},
    "search_index": {"text", "institution_id", "capability_id"},
}


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def test_fresh_database_has_declared_schema(db_path):
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
              if not r[0].startswith(("sqlite_", "_sqlite_migrations", "search_index_"))}
    assert tables == set(DECLARED_TABLES)
    for table, cols in DECLARED_TABLES.items():
        assert _columns(conn, table) == cols, table
    applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert applied == [m.name for m in migrations._migrations]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_on_and_cascade(store):
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with store.transaction():
        store.institutions.save(Institution("a", "A", "RU", "university", capabilities=[Capability("a-1", "offer", "T")]))
    assert store.capabilities.count() == 1
    with store.transaction():
        store.institutions.delete("a")
    assert store.capabilities.count() == 0
    assert store.search.institution_ids("a") == []


def test_data_survives_reopening_and_migration_reapply(db_path):
    with Store(db_path) as s, s.transaction():
        s.institutions.save(Institution("x", "X", "CN", "enterprise", names=[InstitutionName("华为", "zh")]))
    with Store(db_path) as s:
        assert s.applied_migrations == []  # nothing pending the second time
        assert s.institutions.get("x").names[0].name == "华为"


def test_migration_keeps_rows_written_before_later_migrations(db_path, monkeypatch):
    """Apply the schema up to m001 only, write data in that shape, then apply the rest."""
    from sqlite_utils import Database

    db = Database(sqlite3.connect(db_path, isolation_level=None))
    migrations.apply(db, stop_before=[m.name for m in migrations._migrations[1:]] or None)
    db.execute("INSERT INTO institutions (ref, name, country, type, created_at, updated_at) "
               "VALUES ('old', 'Old', 'RU', 'university', 't', 't')")
    db.conn.close()
    with Store(db_path) as s:
        assert s.institutions.get("old").name == "Old"


def test_transaction_rolls_back_on_error(store):
    import pytest

    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.institutions.save(Institution("ok", "OK", "RU", "university"))
        store.institutions.save(Institution("bad", "Bad", "RU", "not-a-type"))
    assert store.institutions.count() == 0


def test_search_finds_any_script_and_traditional(store):
    with store.transaction():
        store.institutions.save(Institution(
            "msu", "Lomonosov Moscow State University", "RU", "university",
            names=[InstitutionName("Московский государственный университет", "ru"), InstitutionName("莫斯科国立大学", "zh"),
                   InstitutionName("МГУ", "ru", "abbreviation")],
            capabilities=[Capability("msu-1", "offer", "Сверхпроводящие материалы", description="ВТСП ленты")]))
    iid = store.institutions.id_for("msu")
    for q in ("莫斯科", "莫斯科國立", "мгу", "сверхпровод", "lomonosov", "科"):
        assert store.search.institution_ids(q) == [iid], q
    assert store.search.institution_ids("ёлка") == []


def test_projects_and_shortlist_pipeline(store):
    with store.transaction():
        store.institutions.save(Institution("a", "A", "CN", "enterprise"))
        store.institutions.save(Institution("b", "B", "RU", "research_institute",
                                            capabilities=[Capability("b-1", "offer", "Laser")]))
        pid = store.projects.create("Laser line", lead_ref="a")
        eid = store.projects.add_to_shortlist(pid, "b", capability_ref="b-1", score=0.7, reasons=["shared: laser"])
        for status in ("contacted", "meeting", "agreement"):
            store.projects.update_entry(eid, status=status, note=f"now {status}", due_date="2026-12-01")
    p = store.projects.get(pid)
    assert p.lead_institution_ref == "a"
    (e,) = p.shortlist
    assert (e.institution_ref, e.capability_ref, e.status, e.note, e.reasons) == ("b", "b-1", "agreement", "now agreement", ["shared: laser"])
    import pytest

    with pytest.raises(ValueError):
        store.projects.update_entry(eid, status="won")


def test_json_columns_written_by_another_tool_still_load(store):
    with store.transaction():
        store.institutions.save(Institution("ru-x", "Институт", "RU", "research_institute", capabilities=[
            Capability("ru-x-1", "offer", "Лазеры", keywords=["лазер", "оптика"], fields=["equipment"],
                       extra={"source": "fair"})]))
    loaded = store.institutions.get("ru-x").capabilities[0]
    assert (loaded.keywords, loaded.fields, loaded.extra) == (["лазер", "оптика"], ["equipment"], {"source": "fair"})
    # a value with blanks around it (not how the app writes JSON) goes through the full parser
    store.db.execute("UPDATE capabilities SET keywords = ?, cooperation = ? WHERE ref = 'ru-x-1'",
                     ['  ["a", "b"] ', '\n[]'])
    cap = store.institutions.all()[0].capabilities[0]
    assert cap.keywords == ["a", "b"] and cap.cooperation == []


def test_statistics_equal_counts_over_the_loaded_records(demo_store):
    from collections import Counter

    want = {k: Counter() for k in ("country", "type", "kind", "trl", "field")}
    for inst in demo_store.institutions.all():
        want["country"][inst.country] += 1
        want["type"][inst.type] += 1
        for cap in inst.capabilities:
            want["kind"][cap.kind] += 1
            want["trl"][str(cap.trl) if cap.trl else "?"] += 1
            for f in cap.fields:
                want["field"][f] += 1
    got = demo_store.institutions.statistics()
    assert got == want
    assert sum(got["country"].values()) == 173 and sum(got["kind"].values()) == 559
