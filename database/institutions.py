"""Institutions, their names, contacts and capabilities: the repository behind `Store.institutions`."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from matching.types import Capability, Contact, Institution, InstitutionName

_raw_decode = json.JSONDecoder().raw_decode


def _loads(text: str) -> Any:
    """json.loads for the small JSON columns this module writes itself (compact, no surrounding blanks):
    empty lists and objects are most of them, and raw_decode skips json.loads' whitespace checks. Loading
    every institution calls this about 270,000 times for 20,000 institutions."""
    if text == "[]":
        return []
    if text == "{}":
        return {}
    try:
        return _raw_decode(text)[0]
    except ValueError:  # leading blanks (a value written by another tool): the full parser copes
        return json.loads(text)

if TYPE_CHECKING:
    from .store import Store


@dataclass
class InstitutionRow:
    """One line of the institutions table in the GUI: counts, not whole records."""

    id: int
    ref: str
    name: str
    country: str
    type: str
    region: str
    city: str
    offers: int
    needs: int
    research: int
    fields: list[str]
    names: list[InstitutionName]


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class InstitutionRepository:
    def __init__(self, store: Store):
        self.store = store
        self.db = store.db

    # ---- reading -------------------------------------------------------------------------------
    def id_for(self, ref: str) -> int | None:
        row = self.db.execute("SELECT id FROM institutions WHERE ref = ?", [ref]).fetchone()
        if row:
            return row[0]
        row = self.db.execute("SELECT institution_id FROM institution_refs WHERE ref = ?", [ref]).fetchone()
        return row[0] if row else None

    def primary_ref(self, ref: str) -> str | None:
        """The record's own ref when `ref` is a merged-in alias of it; None otherwise."""
        row = self.db.execute(
            "SELECT i.ref FROM institution_refs r JOIN institutions i ON i.id = r.institution_id WHERE r.ref = ?", [ref]
        ).fetchone()
        return row[0] if row else None

    def ref_for(self, institution_id: int) -> str | None:
        row = self.db.execute("SELECT ref FROM institutions WHERE id = ?", [institution_id]).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM institutions").fetchone()[0]

    def get(self, ref: str) -> Institution | None:
        iid = self.id_for(ref)
        if iid is None:
            return None
        found = self._load(f"WHERE i.id = {int(iid)}")
        return found[0] if found else None

    def get_by_id(self, institution_id: int) -> Institution | None:
        found = self._load(f"WHERE i.id = {int(institution_id)}")
        return found[0] if found else None

    def all(self) -> list[Institution]:
        return self._load("")

    def _load(self, where: str) -> list[Institution]:
        db = self.db
        rows = db.execute(
            f"SELECT i.id, i.ref, i.name, i.country, i.region, i.city, i.type, i.website, i.notes, i.extra, "
            f"i.created_at, i.updated_at FROM institutions i {where} ORDER BY i.id"
        ).fetchall()
        if not rows:
            return []
        ids = [r[0] for r in rows]
        id_filter = "" if not where else f"WHERE institution_id IN ({','.join(map(str, ids))})"
        names: dict[int, list[InstitutionName]] = defaultdict(list)
        for iid, lang, name, kind in db.execute(
            f"SELECT institution_id, lang, name, kind FROM institution_names {id_filter} ORDER BY id"
        ):
            names[iid].append(InstitutionName(name=name, lang=lang, kind=kind))
        contacts: dict[int, list[Contact]] = defaultdict(list)
        for iid, person, role, email, phone, langs in db.execute(
            f"SELECT institution_id, person, role, email, phone, languages FROM contacts {id_filter} ORDER BY id"
        ):
            contacts[iid].append(Contact(person, role, email, phone, _loads(langs)))
        caps: dict[int, list[Capability]] = defaultdict(list)
        ref_of = {r[0]: r[1] for r in rows}
        for r in db.execute(
            "SELECT institution_id, ref, kind, lang, title, description, keywords, fields, trl, ip_status, "
            f"cooperation, extra FROM capabilities {id_filter} ORDER BY institution_id, position, id"
        ):
            caps[r[0]].append(
                Capability(
                    ref=r[1], kind=r[2], lang=r[3], title=r[4], description=r[5],
                    keywords=_loads(r[6]), fields=_loads(r[7]), trl=r[8], ip_status=r[9],
                    cooperation=_loads(r[10]), extra=_loads(r[11]), institution_ref=ref_of[r[0]],
                )
            )
        return [
            Institution(
                ref=r[1], name=r[2], country=r[3], region=r[4], city=r[5], type=r[6], website=r[7],
                notes=r[8], extra=_loads(r[9]), created_at=r[10], updated_at=r[11],
                names=names[r[0]], contacts=contacts[r[0]], capabilities=caps[r[0]],
            )
            for r in rows
        ]

    def statistics(self) -> dict[str, Counter]:
        """Counts of institutions by country and type, and of capabilities by kind, TRL ("?" when unknown)
        and field, straight from SQL (the statistics screen; no records are built)."""
        stats = {k: Counter() for k in ("country", "type", "kind", "trl", "field")}
        for country, itype, n in self.db.execute("SELECT country, type, COUNT(*) FROM institutions GROUP BY 1, 2"):
            stats["country"][country] += n
            stats["type"][itype] += n
        for kind, trl, n in self.db.execute("SELECT kind, trl, COUNT(*) FROM capabilities GROUP BY 1, 2"):
            stats["kind"][kind] += n
            stats["trl"][str(trl) if trl else "?"] += n
        for fields, n in self.db.execute("SELECT fields, COUNT(*) FROM capabilities GROUP BY 1"):
            for f in _loads(fields):
                stats["field"][f] += n
        return stats

    def rows(self) -> list[InstitutionRow]:
        """Summary rows for tables, in one pass over the store."""
        db = self.db
        counts: dict[int, dict[str, int]] = defaultdict(lambda: {"offer": 0, "need": 0, "research": 0})
        fields: dict[int, dict[str, None]] = defaultdict(dict)
        for iid, kind, flds in db.execute("SELECT institution_id, kind, fields FROM capabilities"):
            counts[iid][kind] += 1
            for f in _loads(flds):
                fields[iid][f] = None
        names: dict[int, list[InstitutionName]] = defaultdict(list)
        for iid, lang, name, kind in db.execute(
            "SELECT institution_id, lang, name, kind FROM institution_names ORDER BY id"
        ):
            names[iid].append(InstitutionName(name, lang, kind))
        out = []
        for iid, ref, name, country, itype, region, city in db.execute(
            "SELECT id, ref, name, country, type, region, city FROM institutions ORDER BY name"
        ):
            c = counts[iid]
            out.append(
                InstitutionRow(iid, ref, name, country, itype, region, city, c["offer"], c["need"],
                               c["research"], list(fields[iid]), names[iid])
            )
        return out

    # ---- writing (callers wrap these in Store.transaction()) -----------------------------------
    def save(self, inst: Institution, import_id: int | None = None, *, replace_capabilities: bool = False) -> str:
        """Insert or update by ref (or a merged-in alias ref); returns "created" or "updated".

        Names and contacts are replaced by the record's; capabilities are upserted by ref, and with
        `replace_capabilities` the ones not in the record are deleted (the editor's semantics).
        """
        now = self.store.now()
        iid = self.id_for(inst.ref)
        values = {
            "name": inst.name, "country": inst.country, "region": inst.region or "", "city": inst.city or "",
            "type": inst.type, "website": inst.website or "", "notes": inst.notes or "",
            "extra": _j(inst.extra or {}), "updated_at": now, "updated_by_import": import_id,
        }
        if iid is None:
            cur = self.db.execute(
                "INSERT INTO institutions (ref, created_at, created_by_import, "
                + ", ".join(values) + ") VALUES (?, ?, ?, " + ", ".join("?" * len(values)) + ")",
                [inst.ref, now, import_id, *values.values()],
            )
            iid = cur.lastrowid
            action = "created"
        else:
            self.db.execute(
                "UPDATE institutions SET " + ", ".join(f"{k} = ?" for k in values) + " WHERE id = ?",
                [*values.values(), iid],
            )
            action = "updated"
        self._replace_names(iid, inst.names)
        self.db.execute("DELETE FROM contacts WHERE institution_id = ?", [iid])
        for c in inst.contacts:
            self.db.execute(
                "INSERT INTO contacts (institution_id, person, role, email, phone, languages) VALUES (?,?,?,?,?,?)",
                [iid, c.person, c.role or "", c.email or "", c.phone or "", _j(list(c.languages))],
            )
        keep = set()
        for pos, cap in enumerate(inst.capabilities):
            self.store.capabilities.save(iid, cap, import_id, position=pos)
            keep.add(cap.ref)
        if replace_capabilities:
            for (ref,) in self.db.execute("SELECT ref FROM capabilities WHERE institution_id = ?", [iid]).fetchall():
                if ref not in keep:
                    self.store.capabilities.delete(ref)
        self.store.search.index_institution(iid)
        if import_id is not None:
            self.store.imports.record(import_id, "institution", inst.ref, action)
        self.store.bump_revision()
        return action

    def _replace_names(self, iid: int, names: list[InstitutionName]) -> None:
        self.db.execute("DELETE FROM institution_names WHERE institution_id = ?", [iid])
        seen = set()
        for n in names:
            key = (n.lang, n.name)
            if not n.name or key in seen:
                continue
            seen.add(key)
            self.db.execute(
                "INSERT INTO institution_names (institution_id, lang, name, kind) VALUES (?,?,?,?)",
                [iid, n.lang, n.name, n.kind],
            )

    def merge_into(self, target_ref: str, incoming: Institution, import_id: int | None = None) -> None:
        """Fold an incoming duplicate into an existing record: names become aliases, empty fields are
        filled, capabilities attach to the target, and the incoming ref resolves to the target from now on."""
        target = self.get(target_ref)
        if target is None:
            raise KeyError(target_ref)
        have = {(n.lang, n.name) for n in target.names} | {("", target.name)}
        extra_names = [InstitutionName(incoming.name, _guess_lang(incoming), "official")] + incoming.names
        for n in extra_names:
            if (n.lang, n.name) not in have and n.name != target.name:
                kind = n.kind
                if kind == "official" and any(t.kind == "official" and t.lang == n.lang for t in target.names):
                    kind = "short"  # the target keeps its official name; the other becomes a variant
                target.names.append(InstitutionName(n.name, n.lang, kind))
                have.add((n.lang, n.name))
        for attr in ("region", "city", "website", "notes"):
            if not getattr(target, attr) and getattr(incoming, attr):
                setattr(target, attr, getattr(incoming, attr))
        known = {c.ref for c in target.capabilities}
        target.capabilities += [c for c in incoming.capabilities if c.ref not in known]
        if not target.contacts:
            target.contacts = incoming.contacts
        self.save(target, import_id)
        tid = self.id_for(target_ref)
        self.db.execute(
            "INSERT OR REPLACE INTO institution_refs (ref, institution_id) VALUES (?, ?)", [incoming.ref, tid]
        )
        if import_id is not None:
            self.store.imports.record(import_id, "institution", incoming.ref, "merged")

    def delete(self, ref: str) -> bool:
        iid = self.id_for(ref)
        if iid is None:
            return False
        self.store.search.remove_institution(iid)
        self.db.execute("DELETE FROM institutions WHERE id = ?", [iid])
        self.store.bump_revision()
        return True


def _guess_lang(inst: Institution) -> str:
    from matching.text import detect_language

    return detect_language(inst.name) or "en"


class CapabilityRepository:
    def __init__(self, store: Store):
        self.store = store
        self.db = store.db

    def save(self, institution_id: int, cap: Capability, import_id: int | None = None, position: int = 0) -> str:
        now = self.store.now()
        values = {
            "institution_id": institution_id, "kind": cap.kind, "lang": cap.lang or "", "title": cap.title,
            "description": cap.description or "", "keywords": _j(list(cap.keywords)),
            "fields": _j(list(cap.fields)), "trl": cap.trl, "ip_status": cap.ip_status,
            "cooperation": _j(list(cap.cooperation)), "extra": _j(cap.extra or {}), "position": position,
            "updated_at": now, "updated_by_import": import_id,
        }
        row = self.db.execute("SELECT id FROM capabilities WHERE ref = ?", [cap.ref]).fetchone()
        if row is None:
            self.db.execute(
                "INSERT INTO capabilities (ref, created_at, created_by_import, " + ", ".join(values)
                + ") VALUES (?, ?, ?, " + ", ".join("?" * len(values)) + ")",
                [cap.ref, now, import_id, *values.values()],
            )
            action = "created"
        else:
            self.db.execute(
                "UPDATE capabilities SET " + ", ".join(f"{k} = ?" for k in values) + " WHERE id = ?",
                [*values.values(), row[0]],
            )
            action = "updated"
        if import_id is not None:
            self.store.imports.record(import_id, "capability", cap.ref, action)
        return action

    def id_for(self, ref: str) -> int | None:
        row = self.db.execute("SELECT id FROM capabilities WHERE ref = ?", [ref]).fetchone()
        return row[0] if row else None

    def ref_for(self, capability_id: int) -> str | None:
        row = self.db.execute("SELECT ref FROM capabilities WHERE id = ?", [capability_id]).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM capabilities").fetchone()[0]

    def delete(self, ref: str) -> bool:
        row = self.db.execute("SELECT institution_id, id FROM capabilities WHERE ref = ?", [ref]).fetchone()
        if row is None:
            return False
        self.store.search.remove_capability(row[1])
        self.db.execute("DELETE FROM capabilities WHERE ref = ?", [ref])
        self.store.search.index_institution(row[0])
        self.store.bump_revision()
        return True
