"""The `qiaomost/v1` JSON interchange format: reading (with line numbers) and writing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from database import Store
from matching.types import Institution

from .records import ImportProblem, ImportValidationError, ParsedImport, RawRecord, Validator

FORMAT = "qiaomost/v1"


def decode_utf8(data: bytes, source: str) -> str:
    """UTF-8 (BOM allowed); a broken byte is reported with its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportValidationError(
            [ImportProblem(source, f"line {line}", "", f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")]
        ) from None


def read_json(path: Path) -> ParsedImport:
    source = path.name
    text = decode_utf8(path.read_bytes(), source)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportValidationError(
            [ImportProblem(source, f"line {exc.lineno}, column {exc.colno}", "", f"bad JSON: {exc.msg}")]
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        found = doc.get("format") if isinstance(doc, dict) else type(doc).__name__
        raise ImportValidationError(
            [ImportProblem(source, "line 1", "format", f"expected \"{FORMAT}\", found {found!r}")]
        )
    raw = doc.get("institutions")
    if not isinstance(raw, list):
        raise ImportValidationError([ImportProblem(source, "", "institutions", "missing or not a list")])

    lines = _ref_lines(text)
    starts = _element_lines(text, "institutions")

    def loc(obj: Any, fallback: str) -> str:
        ref = obj.get("ref") if isinstance(obj, dict) else None
        line = lines.get(str(ref)) if ref is not None else None
        return f"line {line}" if line else fallback

    records = []
    for i, inst in enumerate(raw):
        start = f"line {starts[i]}" if i < len(starts) else f"institution {i + 1}"
        iloc = loc(inst, start)
        caps = inst.get("capabilities") if isinstance(inst, dict) else None
        cap_locs = [loc(c, iloc) for c in caps] if isinstance(caps, list) else []
        records.append(RawRecord(inst, iloc, cap_locs))
    v = Validator(source)
    institutions = v.institutions(records)
    projects = v.projects(doc.get("projects"), lambda p: loc(p, "projects"))
    if v.problems:
        raise ImportValidationError(v.problems)
    return ParsedImport(source, "json", institutions, projects, {r.data.get("ref", ""): r.location for r in records if isinstance(r.data, dict)})


class _LineCounter:
    """Line numbers for increasing offsets in one pass (counting from the start each time is quadratic)."""

    def __init__(self, text: str):
        self.text, self.pos, self.line = text, 0, 1

    def at(self, offset: int) -> int:
        if offset < self.pos:
            self.pos, self.line = 0, 1
        self.line += self.text.count("\n", self.pos, offset)
        self.pos = offset
        return self.line


def _element_lines(text: str, key: str) -> list[int]:
    """Line where each element of the top-level array `key` starts (for records without a ref)."""
    m = re.search(r'"' + key + r'"\s*:\s*\[', text)
    if not m:
        return []
    decoder = json.JSONDecoder()
    lines = _LineCounter(text)
    pos, out = m.end(), []
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return out
        out.append(lines.at(pos))
        try:
            _, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return out


def _ref_lines(text: str) -> dict[str, int]:
    """Line of the first `"ref": "…"` for each ref value: good enough to point a person at a record."""
    out: dict[str, int] = {}
    lines = _LineCounter(text)
    for m in re.finditer(r'"ref"\s*:\s*"((?:[^"\\]|\\.)*)"', text):
        try:
            ref = json.loads(f'"{m.group(1)}"')
        except ValueError:
            continue
        line = lines.at(m.start())
        out.setdefault(ref, line)
    return out


def institution_to_json(inst: Institution) -> dict[str, Any]:
    names: dict[str, str] = {}
    aliases = []
    for n in inst.names:
        if n.kind == "official" and n.lang not in names:
            names[n.lang] = n.name
        else:
            aliases.append({"lang": n.lang, "name": n.name, "kind": n.kind})
    out: dict[str, Any] = {
        "ref": inst.ref, "name": inst.name, "names": names, "aliases": aliases, "country": inst.country,
        "region": inst.region, "city": inst.city, "type": inst.type, "website": inst.website, "notes": inst.notes,
    }
    if inst.contacts:
        out["contacts"] = [
            {"person": c.person, "role": c.role, "email": c.email, "phone": c.phone, "languages": c.languages}
            for c in inst.contacts
        ]
    out["capabilities"] = [
        {
            "ref": c.ref, "kind": c.kind, "lang": c.lang, "title": c.title, "description": c.description,
            "keywords": c.keywords, "fields": c.fields, "trl": c.trl, "ip_status": c.ip_status,
            "cooperation": c.cooperation, **c.extra,
        }
        for c in inst.capabilities
    ]
    out.update(inst.extra)
    return out


def export_document(store: Store) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT, "institutions": [institution_to_json(i) for i in store.institutions.all()]}
    projects = store.projects.all()
    if projects:
        doc["projects"] = [
            {
                "title": p.title, "description": p.description, "lead": p.lead_institution_ref, "status": p.status,
                "shortlist": [
                    {"institution": e.institution_ref, "capability": e.capability_ref, "score": e.score,
                     "reasons": e.reasons, "status": e.status, "note": e.note, "due_date": e.due_date}
                    for e in p.shortlist
                ],
            }
            for p in projects
        ]
    return doc


def write_json(store: Store, path: Path) -> int:
    doc = export_document(store)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return len(doc["institutions"])
