"""Import: read and validate a whole file, look for probable duplicates, then write in one transaction.

Three steps so the GUI wizard can show each: `read_file` (validation, raises with every problem),
`plan_import` (read-only: which records are new, which update by ref, which look like duplicates), and
`apply_import` (all-or-nothing; `progress(fraction, message)` may raise `Cancelled` to roll back).

A new record is checked against the stored institutions and against the new records before it in the
same file (colleagues' spreadsheets merged into one often hold an institution twice). A candidate from
the file has `in_file` set, its ref is the earlier record's, and the question says where it is; "merge:"
with that ref folds the later record into the earlier one, created moments before in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from database import Store
from matching.dedupe import DuplicateCandidate, DuplicateFinder
from matching.types import Institution, InstitutionName

from .records import ImportProblem, ImportValidationError, ParsedImport

Progress = Callable[[float, str], None]
DUPLICATE_POLICIES = ("ask", "merge", "keep", "skip")


class Cancelled(Exception):
    """Raised by a progress callback to stop an import; nothing is written."""


def read_file(path: str | Path) -> ParsedImport:
    path = Path(path)
    if not path.is_file():
        raise ImportValidationError([ImportProblem(str(path), "", "", "no such file")])
    suffix = path.suffix.lower()
    if suffix == ".json":
        from .interchange import read_json

        return read_json(path)
    if suffix in (".csv", ".tsv", ".txt"):
        from .tabular import read_csv

        return read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        from .tabular import read_xlsx

        return read_xlsx(path)
    raise ImportValidationError(
        [ImportProblem(path.name, "", "", f"unknown file type {suffix or '(none)'}: use .json, .csv or .xlsx")]
    )


@dataclass(frozen=True)
class FilePosition:
    """Where a record is in the imported file: its number among the file's institutions, and the
    reader's location ("line 12") when it recorded one."""

    number: int
    location: str = ""

    def __str__(self) -> str:
        return self.location or f"record {self.number}"


@dataclass
class DuplicateQuestion:
    incoming: Institution
    candidates: list[DuplicateCandidate]  # best first
    existing: dict[str, Institution] = field(default_factory=dict)  # candidate ref → stored or earlier incoming record
    position: FilePosition | None = None  # of the incoming record
    in_file: dict[str, FilePosition] = field(default_factory=dict)  # candidates that are earlier records of the file

    def where(self, ref: str) -> FilePosition | None:
        """The position in the file of candidate `ref`; None for an institution already in the database."""
        return self.in_file.get(ref)


@dataclass
class ImportPlan:
    parsed: ParsedImport
    new: list[str] = field(default_factory=list)  # incoming refs
    updates: list[str] = field(default_factory=list)
    duplicates: list[DuplicateQuestion] = field(default_factory=list)


@dataclass
class ImportReport:
    source: str
    format: str
    import_id: int | None = None
    encoding: str = "UTF-8"
    created: int = 0
    updated: int = 0
    merged: int = 0
    skipped: int = 0
    capabilities: int = 0
    projects: int = 0
    duplicates: list[tuple[DuplicateCandidate, str]] = field(default_factory=list)  # (candidate, decision)
    positions: dict[str, FilePosition] = field(default_factory=dict)  # in-file candidates reported → where

    def summary(self) -> dict:
        return {"created": self.created, "updated": self.updated, "merged": self.merged, "skipped": self.skipped,
                "capabilities": self.capabilities, "projects": self.projects,
                "duplicates": [{"incoming": c.incoming_ref, "existing": c.existing_ref, "score": c.score,
                                "evidence": c.evidence, "decision": d, "in_file": c.in_file}
                               for c, d in self.duplicates]}


def _identity_records(store: Store) -> list[Institution]:
    """Just what duplicate detection needs (names, country, city, website), without capabilities."""
    rows = store.db.execute("SELECT id, ref, name, country, type, city, website FROM institutions").fetchall()
    names: dict[int, list[InstitutionName]] = {}
    for iid, lang, name, kind in store.db.execute("SELECT institution_id, lang, name, kind FROM institution_names"):
        names.setdefault(iid, []).append(InstitutionName(name, lang, kind))
    return [Institution(ref=r[1], name=r[2], country=r[3], type=r[4], city=r[5], website=r[6], names=names.get(r[0], []))
            for r in rows]


def plan_import(store: Store, parsed: ParsedImport, progress: Progress | None = None) -> ImportPlan:
    plan = ImportPlan(parsed)
    existing = _identity_records(store)
    by_ref = {i.ref: i for i in existing}
    finder = DuplicateFinder(existing)
    earlier: dict[str, tuple[Institution, FilePosition]] = {}  # new records of this file seen so far
    total = max(1, len(parsed.institutions))
    for n, inst in enumerate(parsed.institutions):
        if progress and n % 200 == 0:
            progress(n / total, "duplicates")
        if store.institutions.id_for(inst.ref) is not None:
            plan.updates.append(inst.ref)
            continue
        plan.new.append(inst.ref)
        position = FilePosition(n + 1, parsed.locations.get(inst.ref, ""))
        cands = finder.find_and_add(inst)  # the stored records and the new ones before it in the file
        earlier[inst.ref] = (inst, position)
        if cands:
            q = DuplicateQuestion(inst, cands, position=position)
            for c in cands:
                if c.in_file:
                    q.existing[c.existing_ref], q.in_file[c.existing_ref] = earlier[c.existing_ref]
                else:
                    q.existing[c.existing_ref] = by_ref[c.existing_ref]
            plan.duplicates.append(q)
    return plan


def evidence_text(candidate: DuplicateCandidate, lang: str = "en") -> str:
    """Why two records look like one institution, in the user's language."""
    from app.i18n import Translator

    t = Translator(lang)
    parts = []
    for fact in candidate.facts:
        values = {k: v for k, v in fact.items() if k != "code"}
        if fact["code"] == "different_types":
            values = {k: t.type_label(v) for k, v in values.items()}
        parts.append(t(f"dedupe.{fact['code']}", **values))
    return "; ".join(parts) if parts else "; ".join(candidate.evidence)


def decide_all(plan: ImportPlan, policy: str) -> dict[str, str]:
    """Decisions per incoming ref: "keep" (a separate record), "merge:<existing ref>", or "skip".

    "merge" picks the best candidate, which may be an earlier record of the same file.
    """
    if policy not in ("merge", "keep", "skip"):
        raise ValueError(policy)
    out = {}
    for q in plan.duplicates:
        out[q.incoming.ref] = f"merge:{q.candidates[0].existing_ref}" if policy == "merge" else policy
    return out


def apply_import(store: Store, plan: ImportPlan, decisions: dict[str, str] | None = None,
                 progress: Progress | None = None) -> ImportReport:
    decisions = decisions or {}
    parsed = plan.parsed
    report = ImportReport(parsed.source, parsed.format, encoding=parsed.encoding)
    dup_by_ref = {q.incoming.ref: q for q in plan.duplicates}
    skipped: set[str] = set()
    total = max(1, len(parsed.institutions))
    with store.transaction():
        import_id = store.imports.start(parsed.source, parsed.format)
        report.import_id = import_id
        for n, inst in enumerate(parsed.institutions):
            if progress and n % 50 == 0:
                progress(n / total, inst.name)
            q = dup_by_ref.get(inst.ref)
            decision = decisions.get(inst.ref, "keep") if q else "keep"
            if q:
                chosen = q.candidates[0]
                if decision.startswith("merge:"):
                    target = decision.split(":", 1)[1]
                    chosen = next((c for c in q.candidates if c.existing_ref == target), chosen)
                    if target in skipped:
                        # to be merged into an earlier record of this file that is skipped: it takes its place
                        decision = "keep"
                report.duplicates.append((chosen, decision))
                where = q.where(chosen.existing_ref)
                if where is not None:
                    report.positions[chosen.existing_ref] = where
            if decision == "skip":
                skipped.add(inst.ref)
                report.skipped += 1
                continue
            alias_of = store.institutions.primary_ref(inst.ref)
            if alias_of and not decision.startswith("merge:"):
                decision = f"merge:{alias_of}"  # merged earlier: fold in again, never overwrite the record
            if decision.startswith("merge:"):
                store.institutions.merge_into(decision.split(":", 1)[1], inst, import_id)
                report.merged += 1
            else:
                action = store.institutions.save(inst, import_id)
                if action == "created":
                    report.created += 1
                else:
                    report.updated += 1
            report.capabilities += len(inst.capabilities)
        for p in parsed.projects:
            _import_project(store, p)
            report.projects += 1
        store.imports.finish(import_id, report.summary())
        if progress:
            progress(1.0, "")
    return report


def _import_project(store: Store, p: dict) -> None:
    existing = next((x for x in store.projects.all() if x.title == p["title"].strip()), None)
    lead = p.get("lead") or None
    if lead and store.institutions.id_for(lead) is None:
        lead = None
    if existing is None:
        pid = store.projects.create(p["title"], p.get("description") or "", lead, p.get("status") or "open")
    else:
        pid = existing.id
        store.projects.update(pid, description=p.get("description") or "", lead_ref=lead or "",
                              status=p.get("status") or "open")
    for e in p.get("shortlist", []):
        if store.institutions.id_for(e["institution"]) is None:
            raise ImportValidationError(
                [ImportProblem("", "projects", "shortlist.institution", f"unknown institution {e['institution']!r}")]
            )
        cap = e.get("capability")
        if cap and store.capabilities.id_for(cap) is None:
            cap = None
        eid = store.projects.add_to_shortlist(pid, e["institution"], capability_ref=cap, score=e.get("score"),
                                              reasons=list(e.get("reasons") or []))
        store.projects.update_entry(eid, status=e["status"], note=e.get("note") or "", due_date=e.get("due_date") or "")


def import_file(store: Store, path: str | Path, on_duplicate: str = "keep",
                ask: Callable[[DuplicateQuestion], str] | None = None,
                progress: Progress | None = None) -> ImportReport:
    """Read, validate, plan and apply one file. With on_duplicate="ask", `ask` decides each case."""
    parsed = read_file(path)
    plan = plan_import(store, parsed)
    if on_duplicate == "ask" and ask is not None:
        decisions = {q.incoming.ref: ask(q) for q in plan.duplicates}
    else:
        decisions = decide_all(plan, "keep" if on_duplicate == "ask" else on_duplicate)
    return apply_import(store, plan, decisions, progress)
