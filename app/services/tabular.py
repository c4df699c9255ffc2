"""CSV and XLSX: one row per capability with the institution's columns repeated ("flat"), or, in XLSX,
two sheets `institutions` and `capabilities` joined by `institution_ref`. Columns are documented in
resources/templates/README.md, with templates beside it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from database import Store
from matching.types import Institution

from .encodings import decode_text_file
from .interchange import decode_utf8
from .records import ImportProblem, ImportValidationError, ParsedImport, RawRecord, Validator

INSTITUTION_COLUMNS = ["institution_ref", "institution_name", "name_zh", "name_ru", "name_en", "aliases",
                       "country", "region", "city", "type", "website", "notes"]
CAPABILITY_COLUMNS = ["capability_ref", "kind", "lang", "title", "description", "keywords", "fields", "trl",
                      "ip_status", "cooperation"]
FLAT_COLUMNS = INSTITUTION_COLUMNS + CAPABILITY_COLUMNS
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


# ---- reading ---------------------------------------------------------------------------------------

def _parse_aliases(cell: str) -> list[dict[str, str]]:
    out = []
    for part in cell.replace("；", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        bits = part.split(":", 2)
        if len(bits) == 3:
            out.append({"lang": bits[0].strip(), "kind": bits[1].strip(), "name": bits[2].strip()})
        else:
            out.append({"lang": "", "kind": "short", "name": part})
    return out


def _institution_from_row(row: dict[str, str]) -> dict[str, Any]:
    names = {lang: row.get(f"name_{lang}", "") for lang in ("zh", "ru", "en") if row.get(f"name_{lang}")}
    return {
        "ref": row.get("institution_ref", ""), "name": row.get("institution_name", ""), "names": names,
        "aliases": _parse_aliases(row.get("aliases", "")), "country": row.get("country", ""),
        "region": row.get("region", ""), "city": row.get("city", ""), "type": row.get("type", ""),
        "website": row.get("website", ""), "notes": row.get("notes", ""), "capabilities": [],
    }


def _capability_from_row(row: dict[str, str]) -> dict[str, Any]:
    return {
        "ref": row.get("capability_ref", ""), "kind": row.get("kind", ""), "lang": row.get("lang", ""),
        "title": row.get("title", ""), "description": row.get("description", ""),
        "keywords": row.get("keywords", ""), "fields": row.get("fields", ""), "trl": row.get("trl", ""),
        "ip_status": row.get("ip_status", ""), "cooperation": row.get("cooperation", ""),
    }


def _has_capability(row: dict[str, str]) -> bool:
    return any(row.get(c) for c in CAPABILITY_COLUMNS)


def _records_from_flat(rows: Iterable[tuple[str, dict[str, str]]], v: Validator) -> list[RawRecord]:
    records: dict[str, RawRecord] = {}
    order: list[RawRecord] = []
    for loc, row in rows:
        ref = row.get("institution_ref", "")
        if not ref:
            v.problem(loc, "institution_ref", "missing (every row needs the institution's ref)")
            continue
        rec = records.get(ref)
        if rec is None:
            rec = RawRecord(_institution_from_row(row), loc)
            records[ref] = rec
            order.append(rec)
        else:
            for key, value in _institution_from_row(row).items():
                if key in ("names", "aliases", "capabilities"):
                    continue
                if value and not rec.data.get(key):
                    rec.data[key] = value
        if _has_capability(row):
            rec.data["capabilities"].append(_capability_from_row(row))
            rec.cap_locations.append(loc)
    return order


def _clean_row(header: list[str], values: list[Any]) -> dict[str, str]:
    row = {}
    for key, value in zip(header, values, strict=False):
        if not key:
            continue
        text = "" if value is None else (str(int(value)) if isinstance(value, float) and value.is_integer() else str(value))
        row[key] = unneutralise(text.strip())
    return row


def _check_header(header: list[str], required: list[str], source: str, where: str) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportValidationError(
            [ImportProblem(source, f"{where}row 1", "header", f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")]
        )


def read_csv(path: Path) -> ParsedImport:
    source = path.name
    data = path.read_bytes()
    decoded = decode_text_file(data)
    if decoded is None:
        decode_utf8(data, source)  # raises, naming the line of the first bad byte
    text, encoding = decoded
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ImportValidationError([ImportProblem(source, "row 1", "", "the file is empty")]) from None
    _check_header(header, ["institution_ref", "country", "type"], source, "")
    rows = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            rows.append((f"row {reader.line_num}", _clean_row(header, values)))
    except csv.Error as exc:
        raise ImportValidationError([ImportProblem(source, f"row {reader.line_num}", "", f"bad CSV: {exc}")]) from None
    v = Validator(source)
    records = _records_from_flat(rows, v)
    institutions = v.institutions(records)
    if v.problems:
        raise ImportValidationError(v.problems)
    return ParsedImport(source, "csv", institutions, locations=_locations(records), encoding=encoding)


def read_xlsx(path: Path) -> ParsedImport:
    import zipfile

    from openpyxl import load_workbook

    source = path.name
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportValidationError([ImportProblem(source, "", "", f"not a readable XLSX workbook ({exc})")]) from None
    sheets = {ws.title.strip().lower(): ws for ws in wb.worksheets}

    def rows_of(ws, where: str) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
        it = ws.iter_rows(values_only=True)
        try:
            header = [str(h or "").strip().lower() for h in next(it)]
        except StopIteration:
            return [], []
        out = []
        for n, values in enumerate(it, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            out.append((f"{where}row {n}", _clean_row(header, list(values))))
        return header, out

    v = Validator(source)
    if "institutions" in sheets and "capabilities" in sheets:
        header, inst_rows = rows_of(sheets["institutions"], "sheet institutions, ")
        _check_header(header, ["institution_ref", "country", "type"], source, "sheet institutions, ")
        cheader, cap_rows = rows_of(sheets["capabilities"], "sheet capabilities, ")
        _check_header(cheader, ["institution_ref", "capability_ref"], source, "sheet capabilities, ")
        records = _records_from_flat(inst_rows, v)
        by_ref = {r.data["ref"]: r for r in records}
        for loc, row in cap_rows:
            rec = by_ref.get(row.get("institution_ref", ""))
            if rec is None:
                v.problem(loc, "institution_ref", f"{row.get('institution_ref')!r} is not on the institutions sheet")
                continue
            rec.data["capabilities"].append(_capability_from_row(row))
            rec.cap_locations.append(loc)
    else:
        ws = wb.worksheets[0]
        header, rows = rows_of(ws, "")
        _check_header(header, ["institution_ref", "country", "type"], source, "")
        records = _records_from_flat(rows, v)
    wb.close()
    institutions = v.institutions(records)
    if v.problems:
        raise ImportValidationError(v.problems)
    return ParsedImport(source, "xlsx", institutions, locations=_locations(records))


def _locations(records: list[RawRecord]) -> dict[str, str]:
    """Where each institution starts in the file, for messages such as duplicate questions."""
    return {str(r.data.get("ref", "")): r.location for r in records}


# ---- writing ---------------------------------------------------------------------------------------

def _institution_cells(inst: Institution) -> dict[str, str]:
    official = {}
    aliases = []
    for n in inst.names:
        if n.kind == "official" and n.lang in ("zh", "ru", "en") and n.lang not in official:
            official[n.lang] = n.name
        else:
            aliases.append(f"{n.lang}:{n.kind}:{n.name}")
    return {
        "institution_ref": inst.ref, "institution_name": inst.name, "name_zh": official.get("zh", ""),
        "name_ru": official.get("ru", ""), "name_en": official.get("en", ""), "aliases": "; ".join(aliases),
        "country": inst.country, "region": inst.region, "city": inst.city, "type": inst.type,
        "website": inst.website, "notes": inst.notes,
    }


def _capability_cells(cap) -> dict[str, Any]:
    return {
        "capability_ref": cap.ref, "kind": cap.kind, "lang": cap.lang, "title": cap.title,
        "description": cap.description, "keywords": "; ".join(cap.keywords), "fields": "; ".join(cap.fields),
        "trl": cap.trl if cap.trl is not None else "", "ip_status": cap.ip_status or "",
        "cooperation": "; ".join(cap.cooperation),
    }


def flat_rows(institutions: list[Institution]) -> list[list[Any]]:
    rows = []
    for inst in institutions:
        icells = _institution_cells(inst)
        caps = inst.capabilities or [None]
        for cap in caps:
            cells = {**icells, **(_capability_cells(cap) if cap else {})}
            rows.append([neutralise(cells.get(c, "")) for c in FLAT_COLUMNS])
    return rows


def write_csv(store: Store, path: Path) -> int:
    institutions = store.institutions.all()
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel then reads UTF-8 correctly
        w = csv.writer(fh)
        w.writerow(FLAT_COLUMNS)
        w.writerows(flat_rows(institutions))
    tmp.replace(path)
    return len(institutions)


def write_xlsx(store: Store, path: Path, *, two_sheets: bool = True) -> int:
    from openpyxl import Workbook

    institutions = store.institutions.all()
    wb = Workbook()
    ws = wb.active
    if two_sheets:
        ws.title = "institutions"
        ws.append(INSTITUTION_COLUMNS)
        for inst in institutions:
            cells = _institution_cells(inst)
            _append(ws, [cells[c] for c in INSTITUTION_COLUMNS])
        cs = wb.create_sheet("capabilities")
        cs.append(["institution_ref"] + CAPABILITY_COLUMNS)
        for inst in institutions:
            for cap in inst.capabilities:
                cells = _capability_cells(cap)
                _append(cs, [inst.ref] + [cells[c] for c in CAPABILITY_COLUMNS])
    else:
        ws.title = "capabilities"
        ws.append(FLAT_COLUMNS)
        for row in flat_rows(institutions):
            _append(ws, row, already=True)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return len(institutions)


def _append(ws, values: list[Any], already: bool = False) -> None:
    ws.append([v if already else neutralise(v) for v in values])
    # openpyxl treats any string starting with "=" as a formula; force plain strings.
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
