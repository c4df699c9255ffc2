"""Import and export through the real CLI and a real database file: every format, round trips,
idempotence, and every kind of bad input leaving the database byte-for-byte unchanged."""

from __future__ import annotations

import csv
import json

import pytest
from helpers import cap, inst, run_cli, write_doc

from database import Store

GOOD = [
    inst("ru-msu", name="Lomonosov Moscow State University", country="RU", region="Moscow",
         names={"ru": "Московский государственный университет имени М. В. Ломоносова", "zh": "莫斯科国立大学",
                "en": "Lomonosov Moscow State University"},
         aliases=[{"lang": "ru", "name": "МГУ", "kind": "abbreviation"}],
         website="https://www.msu.ru", custom_key={"kept": True},
         contacts=[{"person": "Иван Петров", "role": "ТТО", "email": "tto@example.org", "languages": ["ru", "en"]}],
         capabilities=[cap("ru-msu-1", kind="offer", lang="ru", title="Сверхпроводящие ленты",
                           description="Технология ВТСП-лент <2-го поколения> & кабели", keywords=["ВТСП", "кабель"],
                           fields=["materials"], trl=4, ip_status="patented", cooperation=["licensing"])]),
    inst("cn-hit", name="Harbin Institute of Technology", country="CN", names={"zh": "哈尔滨工业大学"},
         aliases=[{"lang": "zh", "name": "哈工大", "kind": "short"}],
         capabilities=[cap("cn-hit-1", kind="need", lang="zh", title="=HYPERLINK(\"http://x\")", trl=None)]),
]


def snapshot(path):
    return path.read_bytes()


@pytest.fixture
def loaded_db(tmp_path):
    db = tmp_path / "q.db"
    src = write_doc(tmp_path / "good.json", GOOD)
    r = run_cli("import", str(src), db=db)
    assert r.returncode == 0, r.stderr
    return db


def test_json_import_then_reimport_updates_by_ref(tmp_path, loaded_db):
    src = write_doc(tmp_path / "good.json", GOOD)
    r = run_cli("import", str(src), db=loaded_db)
    assert r.returncode == 0 and "0 new, 2 updated" in r.stdout
    with Store(loaded_db) as s:
        assert s.institutions.count() == 2 and s.capabilities.count() == 2
        msu = s.institutions.get("ru-msu")
        assert msu.name_in("zh") == "莫斯科国立大学"
        assert msu.contacts[0].person == "Иван Петров"
        assert msu.extra == {"custom_key": {"kept": True}}
        assert msu.capabilities[0].trl == 4
        prov = s.imports.provenance("institution", "ru-msu")
        assert [p.action for p in prov] == ["created", "updated"]


def test_json_round_trip_is_identical(tmp_path, loaded_db):
    with Store(loaded_db) as s, s.transaction():
        pid = s.projects.create("HTS cables", "pilot line", lead_ref="cn-hit")
        eid = s.projects.add_to_shortlist(pid, "ru-msu", capability_ref="ru-msu-1", score=0.5, reasons=["r"])
        s.projects.update_entry(eid, status="meeting", note="Dec")
    first = tmp_path / "first.json"
    assert run_cli("export", str(first), db=loaded_db).returncode == 0
    empty = tmp_path / "empty.db"
    r = run_cli("import", str(first), db=empty)
    assert r.returncode == 0, r.stderr
    second = tmp_path / "second.json"
    assert run_cli("export", str(second), db=empty).returncode == 0
    assert json.loads(first.read_text("utf-8")) == json.loads(second.read_text("utf-8"))
    assert first.read_text("utf-8") == second.read_text("utf-8")
    assert json.loads(second.read_text("utf-8"))["projects"][0]["shortlist"][0]["status"] == "meeting"


def test_csv_export_neutralises_formulas_and_reimports(tmp_path, loaded_db):
    out = tmp_path / "all.csv"
    assert run_cli("export", str(out), db=loaded_db).returncode == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    titles = {r["capability_ref"]: r["title"] for r in rows}
    assert titles["cn-hit-1"].startswith("'=HYPERLINK")
    assert titles["ru-msu-1"] == "Сверхпроводящие ленты"
    fresh = tmp_path / "fresh.db"
    r = run_cli("import", str(out), db=fresh)
    assert r.returncode == 0, r.stderr
    with Store(fresh) as s:
        assert s.institutions.get("cn-hit").capabilities[0].title == '=HYPERLINK("http://x")'
        msu = s.institutions.get("ru-msu")
        assert msu.capabilities[0].keywords == ["ВТСП", "кабель"]
        assert any(n.name == "МГУ" and n.kind == "abbreviation" for n in msu.names)


def test_xlsx_two_sheets_export_neutralised_and_reimports(tmp_path, loaded_db):
    from openpyxl import load_workbook

    out = tmp_path / "all.xlsx"
    assert run_cli("export", str(out), db=loaded_db).returncode == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["institutions", "capabilities"]
    cells = [c for row in wb["capabilities"].iter_rows() for c in row]
    formula = next(c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert formula.data_type == "s" and formula.value.startswith("'=")
    fresh = tmp_path / "fresh.db"
    assert run_cli("import", str(out), db=fresh).returncode == 0
    with Store(fresh) as s:
        assert s.capabilities.count() == 2
        assert s.institutions.get("ru-msu").capabilities[0].trl == 4


def test_xlsx_flat_single_sheet_import(tmp_path):
    from openpyxl import Workbook

    from app.services.tabular import FLAT_COLUMNS

    wb = Workbook()
    ws = wb.active
    ws.append(FLAT_COLUMNS)
    row = dict.fromkeys(FLAT_COLUMNS, None)
    row.update(institution_ref="cn-x", institution_name="X Corp", name_zh="某公司", country="CN", type="enterprise",
               capability_ref="cn-x-1", kind="need", title="锂电池隔膜", trl=7.0, keywords="隔膜; 锂电池")
    ws.append([row[c] for c in FLAT_COLUMNS])
    row.update(capability_ref="cn-x-2", kind="offer", title="中试线", trl=None, keywords=None)
    ws.append([row[c] for c in FLAT_COLUMNS])
    path = tmp_path / "flat.xlsx"
    wb.save(path)
    db = tmp_path / "q.db"
    r = run_cli("import", str(path), db=db)
    assert r.returncode == 0, r.stderr
    with Store(db) as s:
        x = s.institutions.get("cn-x")
        assert [c.ref for c in x.capabilities] == ["cn-x-1", "cn-x-2"]
        assert x.capabilities[0].trl == 7 and x.capabilities[0].keywords == ["隔膜", "锂电池"]


def test_templates_import_cleanly(tmp_path):
    from app.resources import resource

    db = tmp_path / "q.db"
    for name in ("template.json", "template.csv", "template.xlsx"):
        r = run_cli("import", str(resource("templates", name)), db=db)
        assert r.returncode == 0, (name, r.stderr)


BAD_CASES = {
    "bad_json": ('{"format": "qiaomost/v1", "institutions": [\n  {"ref": "a",,}\n]}', "line 2", "bad JSON"),
    "unknown_country": (None, "country", "unknown country code 'XX'"),
    "unknown_type": (None, "type", "unknown institution type 'company'"),
    "missing_ref": (None, "ref", "missing"),
    "trl_out_of_range": (None, "trl", "12 is not a TRL"),
    "duplicate_ref": (None, "ref", "duplicate institution ref 'dup'"),
    "duplicate_cap_ref": (None, "capability ref", "duplicate capability ref 'c-1'"),
    "bad_kind": (None, "kind", "unknown kind 'sell'"),
}


def _bad_doc(case: str) -> list[dict]:
    ok = inst("fine", capabilities=[cap("fine-1")])
    if case == "unknown_country":
        return [ok, inst("x", country="XX")]
    if case == "unknown_type":
        return [ok, inst("x", type="company")]
    if case == "missing_ref":
        return [ok, {"name": "No ref", "country": "RU", "type": "university"}]
    if case == "trl_out_of_range":
        return [ok, inst("x", capabilities=[cap("x-1", trl=12)])]
    if case == "duplicate_ref":
        return [ok, inst("dup"), inst("dup")]
    if case == "duplicate_cap_ref":
        return [ok, inst("x", capabilities=[cap("c-1")]), inst("y", capabilities=[cap("c-1")])]
    if case == "bad_kind":
        return [ok, inst("x", capabilities=[cap("x-1", kind="sell")])]
    raise AssertionError(case)


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_is_reported_and_changes_nothing(tmp_path, loaded_db, case):
    raw, field, message = BAD_CASES[case]
    src = tmp_path / f"{case}.json"
    if raw is not None:
        src.write_text(raw, encoding="utf-8")
    else:
        write_doc(src, _bad_doc(case))
    before = snapshot(loaded_db)
    r = run_cli("import", str(src), db=loaded_db)
    assert r.returncode == 1
    first = r.stderr.splitlines()[0]
    assert first.startswith("qiaomost: error: import failed, nothing was changed: ")
    assert f"{case}.json: " in first and "line " in first and field in first and message in first, first
    assert "Traceback" not in r.stderr
    assert snapshot(loaded_db) == before
    with Store(loaded_db) as s:
        assert s.institutions.get("fine") is None


def test_broken_encoding_names_line(tmp_path, loaded_db):
    src = tmp_path / "latin1.json"
    text = '{"format": "qiaomost/v1",\n "institutions": [{"ref": "a", "name": "Caf\u00e9",\n "country": "RU", "type": "university"}]}'
    src.write_bytes(text.encode("latin-1"))
    before = snapshot(loaded_db)
    r = run_cli("import", str(src), db=loaded_db)
    assert r.returncode == 1 and "latin1.json: line 2" in r.stderr and "not valid UTF-8" in r.stderr
    assert snapshot(loaded_db) == before


def test_csv_errors_name_row_and_field(tmp_path, loaded_db):
    src = tmp_path / "bad.csv"
    src.write_text("institution_ref,institution_name,country,type,capability_ref,kind,title,trl\n"
                   "a,A,RU,university,a-1,offer,T,3\n"
                   "b,B,RU,university,b-1,offer,T,ten\n", encoding="utf-8")
    before = snapshot(loaded_db)
    r = run_cli("import", str(src), db=loaded_db)
    assert r.returncode == 1
    assert "bad.csv: row 3: capability b-1: trl: 'ten' is not a TRL" in r.stderr
    assert snapshot(loaded_db) == before


def test_wrong_format_marker_and_unknown_extension(tmp_path, loaded_db):
    src = tmp_path / "other.json"
    src.write_text('{"format": "something/v2", "institutions": []}', encoding="utf-8")
    r = run_cli("import", str(src), db=loaded_db)
    assert r.returncode == 1 and 'expected "qiaomost/v1"' in r.stderr
    odd = tmp_path / "data.docx"
    odd.write_text("x")
    r = run_cli("import", str(odd), db=loaded_db)
    assert r.returncode == 1 and "unknown file type .docx" in r.stderr


def test_unknown_extra_keys_are_kept(tmp_path):
    db = tmp_path / "q.db"
    src = write_doc(tmp_path / "x.json", [inst("a", future_field=[1, 2], capabilities=[cap("a-1", colour="red")])],
                    generator="someone else")
    assert run_cli("import", str(src), db=db).returncode == 0
    out = tmp_path / "out.json"
    run_cli("export", str(out), db=db)
    doc = json.loads(out.read_text("utf-8"))
    assert doc["institutions"][0]["future_field"] == [1, 2]
    assert doc["institutions"][0]["capabilities"][0]["colour"] == "red"
