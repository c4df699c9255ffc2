"""Probable-duplicate detection: matching.dedupe.DuplicateFinder on hand-made records, then the real CLI
import with each --on-duplicate policy against a real SQLite file."""

from __future__ import annotations

import os
import sys

import pytest
from helpers import cap, inst, run_cli, write_doc

from database import Store
from matching.dedupe import DuplicateFinder
from matching.types import Institution, InstitutionName

THRESHOLD = DuplicateFinder([]).threshold


def rec(ref: str, name: str, country: str, *names: tuple[str, str] | tuple[str, str, str], **kw) -> Institution:
    return Institution(ref, name, country, kw.pop("type", "university"),
                       names=[InstitutionName(*n) for n in names], **kw)


MSU = rec("ru-msu", "Lomonosov Moscow State University", "RU",
          ("Московский государственный университет имени М. В. Ломоносова", "ru"),
          ("莫斯科国立大学", "zh"), ("Lomonosov Moscow State University", "en"),
          website="https://www.msu.ru", city="Moscow")
HIT = rec("cn-hit", "Harbin Institute of Technology", "CN",
          ("哈尔滨工业大学", "zh"), ("Harbin Institute of Technology", "en"), ("哈工大", "zh", "abbreviation"),
          ("HIT", "en", "abbreviation"), website="https://www.hit.edu.cn", city="Harbin")
HEU = rec("cn-heu", "Harbin Engineering University", "CN",
          ("哈尔滨工程大学", "zh"), ("Harbin Engineering University", "en"), ("哈工程", "zh", "abbreviation"),
          ("HEU", "en", "abbreviation"), website="https://www.hrbeu.edu.cn", city="Harbin")


def only(existing: Institution, incoming: Institution):
    found = DuplicateFinder([existing]).find(incoming)
    return found


# ---- DuplicateFinder ------------------------------------------------------------------------------


@pytest.mark.parametrize("name, lang, kind, clue", [
    ("МГУ", "ru", "abbreviation", "initials"),
    ("MSU", "en", "abbreviation", "initials"),
    ("莫斯科大学", "zh", "short", "abbreviates"),
    ("Lomonosov Moscow State University", "en", "official", "same name"),
])
def test_msu_under_any_script_is_a_probable_duplicate_with_evidence(name, lang, kind, clue):
    incoming = rec("x-new", name, "RU", (name, lang, kind))  # one name only, no website
    (cand,) = only(MSU, incoming)
    assert cand.existing_ref == "ru-msu" and cand.incoming_ref == "x-new"
    assert THRESHOLD <= cand.score <= 1
    assert any(clue in e and f"“{name}”" in e for e in cand.evidence), cand.evidence


def test_traditional_and_simplified_names_are_the_same_name():
    simplified = rec("cn-hit", "哈尔滨工业大学", "CN", ("哈尔滨工业大学", "zh"))
    traditional = rec("x-hit", "哈爾濱工業大學", "CN", ("哈爾濱工業大學", "zh"))
    for existing, incoming in ((simplified, traditional), (traditional, simplified)):
        (cand,) = only(existing, incoming)
        assert cand.score == 1.0 and any(e.startswith("same name") for e in cand.evidence)


def test_pinyin_transliteration_meets_the_chinese_name():
    existing = rec("cn-hit", "哈尔滨工业大学", "CN", ("哈尔滨工业大学", "zh"))
    incoming = rec("x-hit", "Harbin Gongye Daxue", "CN", ("Harbin Gongye Daxue", "en", "transliteration"))
    (cand,) = only(existing, incoming)
    assert cand.existing_ref == "cn-hit"


def test_a_pinyin_alias_on_record_is_matched():
    # when the existing record carries the transliteration as an alias, the Chinese-only incoming record meets it
    existing = rec("cn-hit", "Harbin Institute of Technology", "CN", ("Harbin Gongye Daxue", "en", "transliteration"))
    incoming = rec("x-hit", "Harbin Gongye Daxue", "CN")
    assert [c.existing_ref for c in only(existing, incoming)] == ["cn-hit"]


@pytest.mark.parametrize("latin, clue", [
    ("Moskovskiy gosudarstvennyy universitet imeni M. V. Lomonosova", "same transliteration"),
    ("Moskovskij gosudarstvennyj universitet imeni M.V. Lomonosova", "similar names"),
])
def test_cyrillic_transliteration_meets_the_russian_name(latin, clue):
    existing = rec("ru-msu", "Московский государственный университет имени М. В. Ломоносова", "RU",
                   ("Московский государственный университет имени М. В. Ломоносова", "ru"))
    (cand,) = only(existing, rec("x-msu", latin, "RU"))
    assert cand.score >= THRESHOLD
    assert any(e.startswith(clue) for e in cand.evidence), cand.evidence


def test_harbin_institute_of_technology_and_harbin_engineering_university_are_not_duplicates():
    assert only(HIT, HEU) == [] and only(HEU, HIT) == []
    bare_heu = rec("x-heu", "哈尔滨工程大学", "CN", ("哈尔滨工程大学", "zh"))
    assert only(HIT, bare_heu) == []
    # they do meet (哈工大 is a character subsequence of both), and the conflicting official names push them out
    (weak,) = DuplicateFinder([HIT], threshold=0.0).find(HEU)
    assert weak.score < THRESHOLD
    assert any("different official zh names" in e for e in weak.evidence)


def test_two_institutes_of_one_academy_are_not_duplicates():
    ipp = rec("cn-cas-ipp", "Institute of Plasma Physics, Chinese Academy of Sciences", "CN",
              ("中国科学院等离子体物理研究所", "zh"), ("Institute of Plasma Physics, Chinese Academy of Sciences", "en"),
              website="http://www.ipp.cas.cn", city="Hefei", type="research_institute")
    iop = rec("cn-cas-iop", "Institute of Physics, Chinese Academy of Sciences", "CN",
              ("中国科学院物理研究所", "zh"), ("Institute of Physics, Chinese Academy of Sciences", "en"),
              website="http://www.iop.cas.cn", city="Beijing", type="research_institute")
    assert only(ipp, iop) == []


def test_different_countries_are_never_duplicates():
    same_everything = rec("cn-msu", MSU.name, "CN", *[(n.name, n.lang, n.kind) for n in MSU.names],
                          website=MSU.website, city=MSU.city)
    assert only(MSU, same_everything) == []
    assert only(HIT, rec("ru-hit", "哈尔滨工业大学", "RU", ("哈尔滨工业大学", "zh"))) == []


def test_unrelated_names_and_the_record_itself_are_not_reported():
    spbu = rec("x-spbu", "Saint Petersburg State University", "RU",
               ("Санкт-Петербургский государственный университет", "ru"), ("СПбГУ", "ru", "abbreviation"))
    assert only(MSU, spbu) == []
    assert only(MSU, MSU) == []


def test_same_website_alone_is_evidence():
    (cand,) = only(MSU, rec("x-web", "Some Other Spelling", "RU", website="http://msu.ru/en/"))
    assert cand.score >= THRESHOLD and "same website msu.ru" in cand.evidence


def test_shared_website_with_conflicting_names_and_types_is_two_bodies():
    # Skolkovo Foundation and the innovation centre it runs share sk.ru (both in the demo portfolio)
    centre = rec("ru-sk-ic", "Skolkovo Innovation Centre", "RU", ("Инновационный центр «Сколково»", "ru"),
                 ("斯科尔科沃创新中心", "zh"), ("Skolkovo Innovation Centre", "en"), ("斯科尔科沃", "zh", "short"),
                 website="https://sk.ru", city="Moscow", type="tech_park")
    foundation = rec("ru-sk-f", "Skolkovo Foundation", "RU", ("Фонд «Сколково»", "ru"), ("斯科尔科沃基金会", "zh"),
                     ("Skolkovo Foundation", "en"), website="https://sk.ru", city="Moscow", type="intermediary")
    assert only(centre, foundation) == [] and only(foundation, centre) == []
    (weak,) = DuplicateFinder([centre], threshold=0.0).find(foundation)
    assert "different types intermediary / tech_park" in weak.evidence and weak.score < THRESHOLD
    # one type: a body renamed under the same website is still a probable duplicate
    renamed = rec("ru-misis-old", "Московский институт стали и сплавов", "RU", ("Московский институт стали и сплавов", "ru"),
                  website="https://misis.ru")
    misis = rec("ru-misis", "НИТУ МИСИС", "RU", ("Национальный исследовательский технологический университет «МИСИС»", "ru"),
                website="https://www.misis.ru")
    (cand,) = only(misis, renamed)
    assert cand.score >= THRESHOLD and "same website misis.ru" in cand.evidence


# ---- records of one import compared with each other ---------------------------------------------------


def test_find_and_add_compares_each_incoming_record_with_the_earlier_ones():
    finder = DuplicateFinder([MSU])
    assert finder.find_and_add(HIT) == []  # the first HIT of the file: nothing before it
    assert finder.find_and_add(HEU) == []
    again = rec("cn-hit-x", "哈尔滨工业大学 (HIT)", "CN")
    (cand,) = finder.find_and_add(again)
    assert (cand.incoming_ref, cand.existing_ref, cand.in_file) == ("cn-hit-x", "cn-hit", True)
    assert cand.score >= THRESHOLD
    (stored,) = finder.find(rec("x-mgu", "МГУ", "RU", ("МГУ", "ru", "abbreviation")))
    assert stored.existing_ref == "ru-msu" and not stored.in_file
    assert DuplicateFinder([]).find(again) == []  # find alone indexes nothing


def test_a_stored_record_comes_before_an_equal_earlier_incoming_one():
    finder = DuplicateFinder([HIT])
    copy = rec("cn-hit-a", HIT.name, "CN", *[(n.name, n.lang, n.kind) for n in HIT.names], website=HIT.website, city="Harbin")
    assert [(c.existing_ref, c.in_file) for c in finder.find_and_add(copy)] == [("cn-hit", False)]
    second = rec("cn-hit-b", HIT.name, "CN", *[(n.name, n.lang, n.kind) for n in HIT.names], website=HIT.website, city="Harbin")
    found = finder.find_and_add(second)
    assert [(c.existing_ref, c.in_file, c.score) for c in found] == [("cn-hit", False, 1.0), ("cn-hit-a", True, 1.0)]


def test_a_large_file_does_not_hide_stored_candidates():
    # 400 incoming names starting with 哈: too many to block on in the file, but 哈工大 still meets the stored HIT
    finder = DuplicateFinder([HIT])
    for i in range(400):
        finder.add_incoming(rec(f"cn-h{i}", f"哈密第{i}材料研究院", "CN", (f"哈密第{i}材料研究院", "zh")))
    (cand,) = finder.find(rec("x-hgd", "哈工大", "CN", ("哈工大", "zh", "abbreviation")))
    assert cand.existing_ref == "cn-hit" and not cand.in_file


# ---- the CLI import policies -----------------------------------------------------------------------

BASE = [
    inst("ru-msu", name="Lomonosov Moscow State University", country="RU",
         names={"ru": "Московский государственный университет имени М. В. Ломоносова", "zh": "莫斯科国立大学",
                "en": "Lomonosov Moscow State University"},
         website="https://www.msu.ru",
         capabilities=[cap("ru-msu-1", kind="offer", lang="ru", title="Сверхпроводящие ленты")]),
    inst("cn-hit", name="Harbin Institute of Technology", country="CN", names={"zh": "哈尔滨工业大学"}),
]
INCOMING = [
    inst("ru-mgu-x", name="МГУ", country="RU", aliases=[{"lang": "ru", "name": "МГУ", "kind": "abbreviation"}],
         capabilities=[cap("ru-mgu-x-1", kind="need", lang="ru", title="Лазерные системы")]),
    inst("cn-hrbeu", name="Harbin Engineering University", country="CN", names={"zh": "哈尔滨工程大学"}),
]


@pytest.fixture
def base_db(tmp_path):
    from app.services.importer import import_file

    db = tmp_path / "q.db"
    with Store(db) as s:  # set-up in process (fast); the imports under test go through the CLI
        assert import_file(s, write_doc(tmp_path / "base.json", BASE)).created == 2
    return db


@pytest.fixture
def incoming(tmp_path):
    return write_doc(tmp_path / "incoming.json", INCOMING)


def official_names(store: Store, ref: str) -> set[str]:
    return {n.name for n in store.institutions.get(ref).names if n.kind == "official"}


def test_merge_folds_the_duplicate_into_the_existing_record(base_db, incoming):
    r = run_cli("import", str(incoming), "--on-duplicate", "merge", db=base_db)
    assert r.returncode == 0, r.stderr
    assert "1 new, 0 updated, 1 merged" in r.stdout
    assert "ru-mgu-x ~ ru-msu" in r.stdout and "merged into ru-msu" in r.stdout
    with Store(base_db) as s:
        assert s.institutions.count() == 3  # ru-msu, cn-hit and the genuinely new cn-hrbeu
        msu = s.institutions.get("ru-msu")
        assert "МГУ" in {n.name for n in msu.names}
        assert msu.name == "Lomonosov Moscow State University"  # the existing record keeps its name
        assert {c.ref for c in msu.capabilities} == {"ru-msu-1", "ru-mgu-x-1"}
        # the incoming ref now resolves to the existing record, and the alias is searchable
        assert s.institutions.get("ru-mgu-x").ref == "ru-msu"
        assert s.institutions.id_for("ru-mgu-x") == s.institutions.id_for("ru-msu")
        assert s.institutions.id_for("ru-msu") in s.search.institution_ids("МГУ")
        assert s.institutions.get("cn-hrbeu") is not None  # HEU was not taken for HIT
    again = run_cli("import", str(incoming), "--on-duplicate", "merge", db=base_db)
    assert again.returncode == 0, again.stderr
    assert "0 new" in again.stdout
    with Store(base_db) as s:
        assert s.institutions.count() == 3
        assert {c.ref for c in s.institutions.get("ru-msu").capabilities} == {"ru-msu-1", "ru-mgu-x-1"}


def test_reimport_after_merge_keeps_the_existing_names(base_db, incoming):
    from app.services.importer import import_file

    with Store(base_db) as s:  # the importer itself, as the CLI and the GUI call it
        assert import_file(s, incoming, on_duplicate="merge").merged == 1
        before = official_names(s, "ru-msu")
        assert len(before) == 3
        import_file(s, incoming)
        assert s.institutions.count() == 3
        assert s.institutions.get("ru-msu").name == "Lomonosov Moscow State University"
        assert official_names(s, "ru-msu") >= before


def test_default_policy_keeps_both_and_reports(base_db, incoming):
    r = run_cli("import", str(incoming), db=base_db)
    assert r.returncode == 0, r.stderr
    assert "2 new, 0 updated, 0 merged" in r.stdout
    line = next(ln for ln in r.stdout.splitlines() if "probable duplicate" in ln)
    assert "ru-mgu-x ~ ru-msu" in line and "initials" in line and "kept as a separate record" in line
    assert "cn-hrbeu" not in r.stdout
    with Store(base_db) as s:
        assert s.institutions.count() == 4
        assert s.institutions.get("ru-mgu-x").ref == "ru-mgu-x"
        assert [c.ref for c in s.institutions.get("ru-msu").capabilities] == ["ru-msu-1"]


def test_ask_without_a_terminal_falls_back_to_keep(base_db, incoming):
    r = run_cli("import", str(incoming), "--on-duplicate", "ask", db=base_db, input="m\n")
    assert r.returncode == 0, r.stderr
    assert "kept as a separate record" in r.stdout and "[m]erge" not in r.stdout
    with Store(base_db) as s:
        assert s.institutions.count() == 4


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_ask_on_a_terminal_asks_and_merges(base_db, incoming):
    import subprocess

    from helpers import ROOT

    master, slave = os.openpty()
    try:
        os.write(master, b"m\n")
        p = subprocess.run([sys.executable, "-m", "app", "--db", str(base_db), "import", str(incoming),
                            "--on-duplicate", "ask"], cwd=ROOT, stdin=slave, capture_output=True, text=True,
                           timeout=120)
    finally:
        os.close(slave)
        os.close(master)
    assert p.returncode == 0, p.stderr
    assert "looks like an existing institution" in p.stdout and "merged into ru-msu" in p.stdout
    with Store(base_db) as s:
        assert s.institutions.count() == 3


def test_msu_variants_against_the_demo_portfolio(demo_db_path, tmp_path):
    variants = [inst(f"ru-v{i}", name=n, country="RU") for i, n in
                enumerate(["МГУ", "MSU", "莫斯科大学", "Lomonosov Moscow State University"])]
    variants.append(inst("cn-v9", name="哈爾濱工業大學", country="CN"))
    r = run_cli("import", str(write_doc(tmp_path / "v.json", variants)), db=demo_db_path)
    assert r.returncode == 0, r.stderr
    reported = [ln for ln in r.stdout.splitlines() if "probable duplicate" in ln]
    for i in range(4):
        assert any(f"ru-v{i} ~ ru-msu" in ln for ln in reported), r.stdout
    assert any("cn-v9 ~ cn-hit" in ln for ln in reported), r.stdout
    assert len(reported) == 5


# ---- duplicates within one file through the CLI ---------------------------------------------------------

PAIR = [
    inst("cn-hit", name="Harbin Institute of Technology", country="CN", names={"zh": "哈尔滨工业大学"},
         website="https://www.hit.edu.cn", capabilities=[cap("cn-hit-1", title="Space robotics")]),
    inst("ru-tpu", name="Tomsk Polytechnic University", country="RU"),
    inst("cn-hit-x", name="哈尔滨工业大学 (HIT)", country="CN", city="Harbin",
         capabilities=[cap("cn-hit-x-1", title="Laser additive manufacturing")]),
]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_ask_on_a_terminal_shows_the_earlier_record_of_the_file_and_merges(tmp_path):
    import subprocess

    from helpers import ROOT

    db = tmp_path / "q.db"
    src = write_doc(tmp_path / "pair.json", PAIR)
    line = next(n for n, t in enumerate(src.read_text("utf-8").splitlines(), 1) if '"ref": "cn-hit"' in t)
    master, slave = os.openpty()
    try:
        os.write(master, b"m\n")
        p = subprocess.run([sys.executable, "-m", "app", "--db", str(db), "import", str(src), "--on-duplicate", "ask"],
                           cwd=ROOT, stdin=slave, capture_output=True, text=True, timeout=120)
    finally:
        os.close(slave)
        os.close(master)
    assert p.returncode == 0, p.stderr
    out = p.stdout
    later = next(n for n, t in enumerate(src.read_text("utf-8").splitlines(), 1) if '"ref": "cn-hit-x"' in t)
    assert f"“哈尔滨工业大学 (HIT)” (cn-hit-x, CN, line {later}) looks like an earlier record of this file:" in out
    assert f"1. Harbin Institute of Technology (cn-hit, line {line} of this file)" in out
    # each record's data, to compare them: the incoming one, then the earlier row
    assert "CN · university · Harbin — 1 capability" in out
    assert "CN · university · https://www.hit.edu.cn — 哈尔滨工业大学 [zh] — 1 capability" in out
    assert "merged into cn-hit" in out
    with Store(db) as s:
        assert s.institutions.count() == 2
        assert {c.ref for c in s.institutions.get("cn-hit").capabilities} == {"cn-hit-1", "cn-hit-x-1"}


def test_skip_policy_leaves_out_the_later_copy(tmp_path):
    from app.services.importer import import_file

    with Store(tmp_path / "q.db") as s:
        report = import_file(s, write_doc(tmp_path / "pair.json", PAIR), on_duplicate="skip")
        assert (report.created, report.skipped) == (2, 1)
        assert s.institutions.get("cn-hit-x") is None and s.capabilities.id_for("cn-hit-x-1") is None


def test_cli_skip_policy(tmp_path):
    db = tmp_path / "q.db"
    r = run_cli("import", str(write_doc(tmp_path / "pair.json", PAIR)), "--on-duplicate", "skip", db=db)
    assert r.returncode == 0, r.stderr
    assert "2 new, 0 updated, 0 merged, 1 skipped" in r.stdout
    with Store(db) as s:
        assert s.institutions.count() == 2 and s.institutions.get("cn-hit-x") is None


@pytest.mark.parametrize("lang, words", [("zh", ["名称相同", "网站相同"]), ("ru", ["одинаковое название", "сайт"]),
                                         ("en", ["same name", "same website"])])
def test_evidence_is_told_in_the_users_language(lang, words):
    from app.services.importer import evidence_text

    a = Institution("ru-msu", "Lomonosov Moscow State University", "RU", "university", website="https://www.msu.ru",
                    names=[InstitutionName("МГУ", "ru", "short")])
    b = Institution("x-msu", "МГУ", "RU", "university", website="http://msu.ru/en")
    (cand,) = DuplicateFinder([a]).find(b)
    text = evidence_text(cand, lang)
    assert all(w in text for w in words), text
    assert {f["code"] for f in cand.facts} >= {"same_name", "same_website"}
    assert len(cand.facts) == len(cand.evidence)  # one fact per English evidence line


def test_every_evidence_code_has_a_text_in_three_languages():
    import re
    from pathlib import Path

    from app.i18n import catalogue

    codes = set(re.findall(r'"code": "([a-z_]+)"', (Path(__file__).resolve().parent.parent / "matching" / "dedupe.py").read_text(encoding="utf-8")))
    assert len(codes) >= 10
    for code in codes:
        texts = catalogue()[f"dedupe.{code}"]
        assert set(texts) == {"en", "zh", "ru"} and all(texts.values()), code


def test_similar_names_are_quoted_as_written_not_as_transliterations():
    hit = Institution("cn-hit", "Harbin Institute of Technology", "CN", "university", city="Harbin",
                      names=[InstitutionName("哈尔滨工业大学", "zh", "official"), InstitutionName("哈工大", "zh", "abbreviation")])
    incoming = Institution("ext-hit", "哈尔滨工业大学 (HIT)", "CN", "research_institute", city="Harbin")
    (cand,) = DuplicateFinder([hit]).find(incoming)
    similar = next(f for f in cand.facts if f["code"] == "similar_names")
    assert {similar["a"], similar["b"]} == {"哈尔滨工业大学 (HIT)", "哈尔滨工业大学"}, similar
    assert not any("ha er bin" in e for e in cand.evidence), cand.evidence
