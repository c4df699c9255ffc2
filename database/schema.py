"""The schema, as named, recorded, transactional migrations (sqlite-utils `Migrations`).

Released migrations are never edited: change the schema by appending a new one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("qiaomost")


def _run(db: Database, script: str) -> None:
    # executescript() would COMMIT behind the migration's transaction, so run statement by statement.
    for stmt in script.split(";\n"):
        if stmt.strip():
            db.execute(stmt)


@migrations()
def m001_initial(db: Database) -> None:
    _run(db, """
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    summary TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE institutions (
    id INTEGER PRIMARY KEY,
    ref TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    country TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
    region TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL CHECK (type IN ('university','research_institute','enterprise','tech_park','intermediary','government')),
    website TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by_import INTEGER REFERENCES imports(id) ON DELETE SET NULL,
    updated_by_import INTEGER REFERENCES imports(id) ON DELETE SET NULL
);
CREATE TABLE institution_refs (
    ref TEXT PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id) ON DELETE CASCADE
);
CREATE TABLE institution_names (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('official','short','abbreviation','former','transliteration')),
    UNIQUE (institution_id, lang, name)
);
CREATE INDEX idx_institution_names_inst ON institution_names(institution_id);
CREATE TABLE capabilities (
    id INTEGER PRIMARY KEY,
    ref TEXT NOT NULL UNIQUE,
    institution_id INTEGER NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('offer','need','research')),
    lang TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    keywords TEXT NOT NULL DEFAULT '[]',
    fields TEXT NOT NULL DEFAULT '[]',
    trl INTEGER CHECK (trl IS NULL OR (trl BETWEEN 1 AND 9)),
    ip_status TEXT,
    cooperation TEXT NOT NULL DEFAULT '[]',
    extra TEXT NOT NULL DEFAULT '{}',
    position INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by_import INTEGER REFERENCES imports(id) ON DELETE SET NULL,
    updated_by_import INTEGER REFERENCES imports(id) ON DELETE SET NULL
);
CREATE INDEX idx_capabilities_inst ON capabilities(institution_id);
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    person TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX idx_contacts_inst ON contacts(institution_id);
CREATE TABLE projects (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    lead_institution_id INTEGER REFERENCES institutions(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','on_hold','closed')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE shortlist_entries (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    institution_id INTEGER NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
    capability_id INTEGER REFERENCES capabilities(id) ON DELETE SET NULL,
    score REAL,
    reasons TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed','contacted','meeting','agreement','declined')),
    note TEXT NOT NULL DEFAULT '',
    due_date TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (project_id, institution_id)
);
CREATE TABLE provenance (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    entity TEXT NOT NULL CHECK (entity IN ('institution','capability')),
    ref TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('created','updated','merged'))
);
CREATE INDEX idx_provenance_ref ON provenance(entity, ref);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE VIRTUAL TABLE search_index USING fts5(
    text, institution_id UNINDEXED, capability_id UNINDEXED, tokenize = 'trigram'
)
""")


def apply_migrations(db: Database) -> list[str]:
    """Apply pending migrations; returns the names applied."""
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        migrations.apply(db)
    return pending
