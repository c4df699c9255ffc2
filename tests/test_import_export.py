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


# ---- probable duplicates within one file ---------------------------------------------------------
# Officers merge colleagues' spreadsheets, so one file often holds an institution twice under two refs.

PAIR_COLUMNS = ["institution_ref", "institution_name", "name_zh", "name_en", "country", "city", "type", "website",
                "capability_ref", "kind", "title"]
PAIR_ROWS = [  # HIT first, an unrelated university, then HIT again as a colleague wrote it
    ["cn-hit", "Harbin Institute of Technology", "哈尔滨工业大学", "Harbin Institute of Technology", "CN", "", "university",
     "https://www.hit.edu.cn", "cn-hit-1", "offer", "Space robotics"],
    ["cn-hit", "", "", "", "CN", "", "university", "", "cn-hit-2", "need", "Welding of titanium alloys"],
    ["ru-tpu", "Tomsk Polytechnic University", "", "", "RU", "Tomsk", "university", "https://tpu.ru",
     "ru-tpu-1", "offer", "Plasma coatings"],
    ["cn-hit-x", "哈尔滨工业大学 (HIT)", "", "", "CN", "Harbin", "university", "", "cn-hit-x-1", "research",
     "Laser additive manufacturing"],
]


def pair_file(tmp_path, fmt: str, rows=PAIR_ROWS):
    if fmt == "csv":
        path = tmp_path / "pair.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(PAIR_COLUMNS)
            w.writerows(rows)
        return path
    records: dict[str, dict] = {}
    for row in rows:
        r = dict(zip(PAIR_COLUMNS, row, strict=True))
        names = {lang: r[f"name_{lang}"] for lang in ("zh", "en") if r[f"name_{lang}"]}
        rec = records.setdefault(r["institution_ref"], inst(r["institution_ref"], name=r["institution_name"],
                                                            country=r["country"], type=r["type"], names=names,
                                                            city=r["city"], website=r["website"]))
        rec["capabilities"].append(cap(r["capability_ref"], kind=r["kind"], title=r["title"]))
    records["cn-hit-x"]["contacts"] = [{"person": "Li Wei", "email": "liwei@example.cn"}]
    return write_doc(tmp_path / "pair.json", list(records.values()))


def line_of(path, ref: str) -> int:
    return next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if f'"ref": "{ref}"' in text)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_duplicate_within_the_file_is_planned_as_a_question(store, tmp_path, fmt):
    from app.services.importer import plan_import, read_file

    path = pair_file(tmp_path, fmt)
    plan = plan_import(store, read_file(path))
    assert plan.new == ["cn-hit", "ru-tpu", "cn-hit-x"] and plan.updates == []
    (q,) = plan.duplicates
    assert q.incoming.ref == "cn-hit-x"
    (c,) = q.candidates
    assert c.existing_ref == "cn-hit" and c.in_file and c.score >= 0.85
    assert any("similar names" in e for e in c.evidence), c.evidence
    # the candidate is the earlier record of the file, with its data (capabilities too), and its place
    earlier = q.existing["cn-hit"]
    assert earlier is plan.parsed.institutions[0]
    assert [x.ref for x in earlier.capabilities] == ["cn-hit-1", "cn-hit-2"]
    assert q.where("cn-hit").number == 1 and q.position.number == 3
    expected = f"line {line_of(path, 'cn-hit')}" if fmt == "json" else "row 2"  # CSV: the first data row
    assert str(q.where("cn-hit")) == expected
    assert store.institutions.count() == 0  # planning writes nothing


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("decision", ["keep", "skip", "merge:cn-hit"])
def test_decisions_on_a_duplicate_within_the_file(db_path, tmp_path, fmt, decision):
    from app.services.importer import apply_import, plan_import, read_file

    path = pair_file(tmp_path, fmt)
    with Store(db_path) as s:
        plan = plan_import(s, read_file(path))
        report = apply_import(s, plan, {"cn-hit-x": decision})
    assert [(c.existing_ref, c.in_file, d) for c, d in report.duplicates] == [("cn-hit", True, decision)]
    with Store(db_path) as s:  # what is on disk
        hit = s.institutions.get("cn-hit")
        assert s.institutions.get("ru-tpu") is not None
        if decision == "keep":
            assert (report.created, report.merged, report.skipped) == (3, 0, 0)
            assert s.institutions.count() == 3
            assert s.institutions.get("cn-hit-x").ref == "cn-hit-x"
            assert [c.ref for c in hit.capabilities] == ["cn-hit-1", "cn-hit-2"]
        elif decision == "skip":
            assert (report.created, report.merged, report.skipped) == (2, 0, 1)
            assert s.institutions.count() == 2
            assert s.institutions.id_for("cn-hit-x") is None and s.capabilities.id_for("cn-hit-x-1") is None
            assert [c.ref for c in hit.capabilities] == ["cn-hit-1", "cn-hit-2"]
        else:  # merged into the record created from the earlier row, in the same transaction
            assert (report.created, report.merged, report.skipped) == (2, 1, 0)
            assert s.institutions.count() == 2
            assert s.institutions.get("cn-hit-x").ref == "cn-hit"  # the later ref resolves to the earlier record
            assert hit.name == "Harbin Institute of Technology"  # the earlier record keeps its name
            assert {c.ref for c in hit.capabilities} == {"cn-hit-1", "cn-hit-2", "cn-hit-x-1"}
            assert "哈尔滨工业大学 (HIT)" in {n.name for n in hit.names}
            assert hit.city == "Harbin"  # an empty field filled from the later copy
            if fmt == "json":
                assert [c.person for c in hit.contacts] == ["Li Wei"]
            assert [p.action for p in s.imports.provenance("institution", "cn-hit-x")] == ["merged"]
            assert s.institutions.id_for("cn-hit") in s.search.institution_ids("HIT")
        summary = s.imports.runs()[-1].summary
        assert summary["duplicates"] == [{"incoming": "cn-hit-x", "existing": "cn-hit", "score": report.duplicates[0][0].score,
                                          "evidence": report.duplicates[0][0].evidence, "decision": decision,
                                          "in_file": True}]


def test_cli_merges_a_duplicate_within_a_csv_and_says_where_the_earlier_row_is(tmp_path):
    db = tmp_path / "q.db"
    r = run_cli("import", str(pair_file(tmp_path, "csv")), "--on-duplicate", "merge", db=db)
    assert r.returncode == 0, r.stderr
    assert "2 new, 0 updated, 1 merged, 0 skipped" in r.stdout
    line = next(ln for ln in r.stdout.splitlines() if "probable duplicate" in ln)
    assert "cn-hit-x ~ cn-hit [row 2 of this file]" in line and "similar names" in line
    assert line.endswith("merged into cn-hit")
    with Store(db) as s:
        assert s.institutions.count() == 2
        assert {c.ref for c in s.institutions.get("cn-hit").capabilities} == {"cn-hit-1", "cn-hit-2", "cn-hit-x-1"}


def test_cli_keeps_a_duplicate_within_a_json_file_by_default_and_reports_its_line(tmp_path):
    db = tmp_path / "q.db"
    path = pair_file(tmp_path, "json")
    r = run_cli("import", str(path), db=db)
    assert r.returncode == 0, r.stderr
    assert "3 new, 0 updated, 0 merged" in r.stdout
    line = next(ln for ln in r.stdout.splitlines() if "probable duplicate" in ln)
    assert f"cn-hit-x ~ cn-hit [line {line_of(path, 'cn-hit')} of this file]" in line
    assert line.endswith("kept as a separate record")


def test_three_copies_in_one_file_merge_into_the_first(store, tmp_path):
    from app.services.importer import apply_import, decide_all, plan_import, read_file

    copies = [inst(f"cn-hit-{k}", name="哈尔滨工业大学", country="CN", names={"zh": "哈尔滨工业大学"},
                   capabilities=[cap(f"cn-hit-{k}-1")]) for k in "abc"]
    plan = plan_import(store, read_file(write_doc(tmp_path / "three.json", copies)))
    assert [(q.incoming.ref, [c.existing_ref for c in q.candidates]) for q in plan.duplicates] == [
        ("cn-hit-b", ["cn-hit-a"]), ("cn-hit-c", ["cn-hit-a", "cn-hit-b"])]
    report = apply_import(store, plan, decide_all(plan, "merge"))
    assert (report.created, report.merged) == (1, 2)
    assert store.institutions.count() == 1
    assert {c.ref for c in store.institutions.get("cn-hit-a").capabilities} == {"cn-hit-a-1", "cn-hit-b-1", "cn-hit-c-1"}
    assert store.institutions.get("cn-hit-c").ref == "cn-hit-a"


def test_merging_into_an_earlier_copy_that_is_skipped_keeps_the_record(store, tmp_path):
    from app.services.importer import apply_import, plan_import, read_file

    copies = [inst(f"cn-hit-{k}", name="哈尔滨工业大学", country="CN", capabilities=[cap(f"cn-hit-{k}-1")]) for k in "abc"]
    plan = plan_import(store, read_file(write_doc(tmp_path / "three.json", copies)))
    report = apply_import(store, plan, {"cn-hit-b": "skip", "cn-hit-c": "merge:cn-hit-b"})
    assert (report.created, report.merged, report.skipped) == (2, 0, 1)
    assert [d for _, d in report.duplicates] == ["skip", "keep"]
    assert store.institutions.get("cn-hit-b") is None and store.institutions.get("cn-hit-c").ref == "cn-hit-c"


def test_a_bad_row_in_the_second_copy_writes_nothing(tmp_path, loaded_db):
    rows = [list(r) for r in PAIR_ROWS]
    rows.append(["cn-hit-x", "哈尔滨工业大学 (HIT)", "", "", "CN", "Harbin", "university", "", "cn-hit-x-2", "sell", "Bad kind"])
    before = snapshot(loaded_db)
    r = run_cli("import", str(pair_file(tmp_path, "csv", rows)), "--on-duplicate", "merge", db=loaded_db)
    assert r.returncode == 1
    assert "pair.csv: row 6: capability cn-hit-x-2: kind: unknown kind 'sell'" in r.stderr
    assert snapshot(loaded_db) == before


def test_a_failure_after_merging_within_the_file_rolls_everything_back(db_path, tmp_path):
    from app.services.importer import apply_import, decide_all, plan_import, read_file
    from app.services.records import ImportValidationError

    path = pair_file(tmp_path, "json")
    doc = json.loads(path.read_text("utf-8"))
    doc["projects"] = [{"title": "Welding", "shortlist": [{"institution": "nowhere", "status": "proposed"}]}]
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    with Store(db_path) as s:
        plan = plan_import(s, read_file(path))
        assert decide_all(plan, "merge") == {"cn-hit-x": "merge:cn-hit"}
        with pytest.raises(ImportValidationError, match="unknown institution 'nowhere'"):
            apply_import(s, plan, decide_all(plan, "merge"))  # fails at the projects, after the merge
    with Store(db_path) as s:
        assert s.institutions.count() == 0 and s.capabilities.count() == 0
        assert s.imports.runs() == [] and s.institutions.id_for("cn-hit-x") is None


def test_the_demo_portfolio_as_one_file_has_no_duplicates_within_it(store, tmp_path):
    from app.resources import resource
    from app.services.importer import plan_import, read_file

    institutions = [i for f in sorted(resource("demo").glob("*.json"))
                    for i in json.loads(f.read_text("utf-8"))["institutions"]]
    assert len(institutions) == 173
    plan = plan_import(store, read_file(write_doc(tmp_path / "demo.json", institutions)))
    assert len(plan.new) == 173
    assert [(q.incoming.ref, [c.existing_ref for c in q.candidates]) for q in plan.duplicates] == []


CSV_TEXT = ("institution_ref,institution_name,country,type,capability_ref,kind,title,description\n"
            "cn-x,哈尔滨某研究所,CN,research_institute,cn-x-1,need,寻求高温超导带材,需要第二代高温超导带材制备技术\n"
            "ru-x,Институт «Пример» № 5,RU,research_institute,ru-x-1,offer,ВТСП-ленты,Производство лент — серийно\n")


@pytest.mark.parametrize("encoding, shown", [("gb18030", None), ("cp1251", None), ("utf-16", "UTF-16"),
                                             ("utf-8-sig", None)])
def test_csv_saved_by_excel_in_a_legacy_code_page_is_read(tmp_path, encoding, shown):
    text = CSV_TEXT
    if encoding == "gb18030":
        text = "\n".join(line for line in CSV_TEXT.splitlines() if not line.startswith("ru-"))
    if encoding == "cp1251":
        text = "\n".join(line for line in CSV_TEXT.splitlines() if not line.startswith("cn-"))
    src = tmp_path / f"partners-{encoding}.csv"
    src.write_bytes(text.encode(encoding))
    db = tmp_path / "q.db"
    r = run_cli("import", str(src), db=db)
    assert r.returncode == 0, r.stderr
    label = {"gb18030": "GB18030", "cp1251": "CP1251", "utf-16": "UTF-16"}.get(encoding)
    assert (f"(read as {label})" in r.stdout) if label else ("read as" not in r.stdout), r.stdout
    with Store(db) as s:
        for line in text.splitlines()[1:]:
            ref, name = line.split(",")[:2]
            assert s.institutions.get(ref).name == name


def test_csv_in_an_unknown_encoding_is_refused_naming_the_line(tmp_path, loaded_db):
    src = tmp_path / "mixed.csv"
    # Chinese in GB18030 and Russian in cp1251 in one file: no single encoding reads it as text
    src.write_bytes(CSV_TEXT.splitlines()[0].encode() + b"\n" + CSV_TEXT.splitlines()[1].encode("gb18030") + b"\n"
                    + CSV_TEXT.splitlines()[2].encode("cp1251") + b"\n")
    before = snapshot(loaded_db)
    r = run_cli("import", str(src), db=loaded_db)
    assert r.returncode == 1 and "mixed.csv: line 2" in r.stderr and "not valid UTF-8" in r.stderr, r.stderr
    assert snapshot(loaded_db) == before
