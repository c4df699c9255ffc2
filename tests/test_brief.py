"""Partner-proposal PDF briefs: parsed back with pypdf (names in three scripts, reasons in the brief's
language, page count, embedded fonts, glyph coverage), hostile input, project batches and errors.

Each module builds its own temporary databases (the demo portfolio once, hand-made institutions per
test) and points QIAOMOST_CONFIG_DIR at a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.brief import content
from app.brief.fonts import missing_glyphs, printable
from app.brief.layout import esc
from app.brief.service import BriefError, make_brief
from app.brief.texts import Labels, second_language
from app.config import Settings
from app.i18n import catalogue, tr
from matching.types import (
    Capability,
    CapabilityMatch,
    Contact,
    Institution,
    InstitutionName,
    Match,
    Reason,
    SharedConcept,
)

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 5, 20)
PAIR = ("cn-tsinghua", "ru-kurchatov")


# ---- fixtures -----------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _config(tmp_path, monkeypatch):
    monkeypatch.setenv("QIAOMOST_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("QIAOMOST_DB", raising=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo database with a warm engine cache, shared by the module (tests only add projects)."""
    from app.services.demo import load_demo
    from app.services.matching import get_matcher
    from database import Store

    path = tmp_path_factory.mktemp("brief-demo") / "demo.db"
    store = Store(path)
    load_demo(store)
    get_matcher(store, path)
    yield store, path
    store.close()


def text_of(pdf: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


def squash(text: str) -> str:
    """Text without whitespace: extraction breaks lines wherever the layout wrapped them."""
    return re.sub(r"\s+", "", text)


def assert_contains(text: str, *needles: str) -> None:
    flat = squash(text)
    for needle in needles:
        assert squash(needle) in flat, needle


def fonts_of(pdf: Path) -> list[tuple[str, bool]]:
    """(base font, embedded?) for every font any page uses."""
    found = {}
    for page in PdfReader(str(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for ref in (fonts.get_object().values() if fonts else []):
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            embedded = bool(desc) and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return sorted(found.items())


def footer_total(text: str) -> int:
    m = re.search(r"Page\s*1\s*of\s*(\d+)", text) or re.search(r"Стр\.\s*1\s*из\s*(\d+)", text) \
        or re.search(r"第\s*1\s*页，\s*共\s*(\d+)\s*页", text)
    assert m, "no page X of Y footer"
    return int(m.group(1))


def brief(store, path, out: Path, **kw) -> Path:
    kw.setdefault("today", DAY)
    return make_brief(store, path, output=out, **kw)


# ---- the catalogue ------------------------------------------------------------------------------

def test_every_brief_key_has_all_languages_and_same_placeholders():
    data = json.loads((ROOT / "resources" / "translations" / "brief.json").read_text(encoding="utf-8"))
    assert len(data) > 80
    for key, texts in data.items():
        assert key.startswith("brief."), key
        for lang in ("en", "zh", "ru"):
            assert texts[lang].strip(), (key, lang)
        ph = {lang: sorted(set(re.findall(r"\{(\w+)\}", texts[lang]))) for lang in ("en", "zh", "ru")}
        assert ph["en"] == ph["zh"] == ph["ru"], key


def test_every_key_used_by_the_brief_code_exists():
    known = catalogue()
    used, prefixes = set(), set()
    for path in (ROOT / "app" / "brief").glob("*.py"):
        src = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""["'](brief\.[a-z0-9_.]*[a-z0-9_])["']""", src))
        prefixes |= set(re.findall(r"""f["'](brief\.[a-z0-9_.]*)\{""", src))
    assert used and not sorted(k for k in used if k not in known)
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in known), prefix


# ---- one pairing, three languages ---------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "ru", "en"])
def test_pair_brief_in_each_language(demo, tmp_path, lang):
    store, path = demo
    Settings(officer_name="Иван Петров", organisation="Harbin <TT> Centre & Co").save()
    out = brief(store, path, tmp_path / f"b-{lang}.pdf", institution_ref=PAIR[0], partner_ref=PAIR[1], lang=lang)
    text = text_of(out)
    reader = PdfReader(str(out))
    # names in all three scripts, both institutions
    assert_contains(text, "清华大学", "Университет Цинхуа", "Tsinghua University",
                    "库尔恰托夫研究所", "Курчатовский институт", "Kurchatov Institute")
    # the reasons, in the brief's language, from the catalogue (not Reason.text)
    from app.brief.service import _matcher, partner_matches

    a, b = store.institutions.get(PAIR[0]), store.institutions.get(PAIR[1])
    match = partner_matches(_matcher(store, path), a, [b])[b.ref]
    summary = content.summary_text(match, a, b, lang)
    assert_contains(text, summary)
    roles = content._roles_sentence(match, a, b, lang)
    assert roles and roles in summary
    kinds = next(r for r in match.reasons if r.code == "kinds").data
    assert roles == tr(f"brief.sum.kinds.{kinds['query_kind']}_{kinds['partner_kind']}", lang,
                       a=content.display_name(a, lang), b=content.display_name(b, lang))
    assert "complementary roles" not in text and "shared concepts:" not in text
    for cm in match.capability_matches:  # each shared concept with its translations
        for concept in cm.shared_concepts:
            assert_contains(text, concept.terms["zh"], concept.terms["ru"], concept.terms["en"])
    # bilingual by default for a CN–RU pair: Chinese and Russian labels together
    second = {"zh": "ru", "ru": "zh", "en": "ru"}[lang]
    assert_contains(text, tr("brief.section.summary", lang), tr("brief.section.summary", second))
    # header: date, prepared by (from the settings), reference; footer page X of Y equals the page count
    assert_contains(text, "Иван Петров", "Harbin <TT> Centre & Co", "QM-20260520-")
    assert footer_total(text) == len(reader.pages)
    assert 2 <= len(reader.pages) <= 6
    # only the embedded Kurinto subsets, regular and bold
    fonts = fonts_of(out)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    names = {f.split("+", 1)[-1] for f, _ in fonts}
    assert names == {"KurintoSansSC-Rg", "KurintoSansSC-Bd"}, names
    assert all("+" in f for f, _ in fonts)  # subsets
    assert out.stat().st_size < 300 * 1024
    assert not missing_glyphs(text)
    assert a.name in reader.metadata.title or content.display_name(a, lang) in reader.metadata.title


def test_monolingual_when_asked_and_for_same_country_pairs(demo, tmp_path):
    store, path = demo
    out = brief(store, path, tmp_path / "mono.pdf", institution_ref=PAIR[0], partner_ref=PAIR[1], lang="en",
                bilingual="no")
    text = text_of(out)
    assert "Summary" in text and "Резюме" not in text and "概要" not in text
    chinese = [i.ref for i in store.institutions.all() if i.country == "CN"]
    out = brief(store, path, tmp_path / "cn-cn.pdf", institution_ref=chinese[0], partner_ref=chinese[1], lang="zh")
    text = text_of(out)
    assert "概要" in text and "Резюме" not in text


def test_second_language_rules():
    assert second_language("zh", "CN", ["RU"], "auto") == "ru"
    assert second_language("ru", "CN", ["RU"], "auto") == "zh"
    assert second_language("en", "CN", ["RU"], "auto") == "ru"
    assert second_language("en", "RU", ["CN"], "auto") == "zh"
    assert second_language("zh", "CN", ["CN"], "auto") is None
    assert second_language("zh", "CN", ["CN"], "yes") == "en"
    assert second_language("zh", "CN", ["RU"], "no") is None
    assert second_language("ru", "RU", ["CN", "KZ"], "auto") is None


def test_no_shared_concepts_still_makes_a_brief(tmp_path):
    from database import Store

    a = Institution(ref="cn-tea", name="Fujian Tea Packaging Co.", country="CN", type="enterprise",
                    names=[InstitutionName("福建茶叶包装有限公司", "zh")],
                    capabilities=[Capability("cn-tea-1", "offer", "乌龙茶真空包装工艺", lang="zh",
                                             description="茶叶真空包装与保鲜工艺。")])
    b = Institution(ref="ru-ballet", name="Школа балета", country="RU", type="university",
                    names=[InstitutionName("Школа балета", "ru"), InstitutionName("Ballet School", "en")],
                    capabilities=[Capability("ru-ballet-1", "research", "Хореография и сценическое движение",
                                             lang="ru", description="Методика классического танца.")])
    db = tmp_path / "t.db"
    with Store(db) as store:
        with store.transaction():
            store.institutions.save(a)
            store.institutions.save(b)
        out = brief(store, db, tmp_path / "none.pdf", institution_ref=a.ref, partner_ref=b.ref, lang="en")
    text = text_of(out)
    assert_contains(text, "No shared concepts were found", "福建茶叶包装有限公司", "Школа балета", "Ballet School",
                    "Capabilities on record", "乌龙茶真空包装工艺", "Хореография и сценическое движение")
    assert footer_total(text) == len(PdfReader(str(out)).pages)
    assert not missing_glyphs(text)


# ---- hostile input ------------------------------------------------------------------------------

HOSTILE_NAME = "<script>alert('x')</script> AT&T R&D <HK> & Sons"
LONG_ZH = "深圳<测试>&科技有限公司" + "超长名称测试" * 60
UNBROKEN = "A" * 400


def hostile_institutions() -> tuple[Institution, Institution]:
    long_desc = ("Разработка литий-ионных аккумуляторов <b>not bold</b> & a<b, </para> &amp; literal; " * 80
                 + "\x07 控制字符 🚀 emoji \u200b zero-width " + "x" * 300)
    caps = [Capability(ref=f"cn-hostile-{i}", kind="need", lang="zh",
                       title=f"需要锂离子电池储能技术 #{i} <b>&</b> {'长' * (i % 7)}",
                       description=f"寻求锂离子电池 {i} <i>" + ("&" * i), keywords=["锂离子电池", "<kw>"], fields=["energy"],
                       trl=None if i % 2 else 4, ip_status="know_how" if i == 1 else None,
                       cooperation=["joint_rnd"] if i == 2 else [])
            for i in range(50)]
    a = Institution(
        ref="cn-hostile", name=HOSTILE_NAME + " " + "名" * 5000, country="CN", type="enterprise",
        names=[InstitutionName(LONG_ZH, "zh"), InstitutionName("ООО «Рога & копыта» <тест>", "ru"),
               InstitutionName(HOSTILE_NAME + " " + UNBROKEN, "en")],
        capabilities=caps, contacts=[Contact("张伟 <Zhang>", "R&D head", "<zw@example.cn>", "+86 <10>")],
    )
    b = Institution(
        ref="ru-hostile", name="Институт <аккумуляторов> & Ко", country="RU", type="research_institute",
        names=[InstitutionName("Институт <аккумуляторов> & Ко", "ru")],  # no Chinese or English name
        capabilities=[Capability(ref="ru-hostile-1", kind="offer", lang="ru",
                                 title="Литий-ионные аккумуляторы <нового> поколения & системы хранения",
                                 description=long_desc, trl=5,
                                 fields=["energy"], ip_status="patented"),
                      Capability(ref="ru-hostile-2", kind="research", lang="ru", title="Пустая компетенция")],
    )
    return a, b


def test_hostile_input_prints_as_typed(tmp_path):
    from database import Store

    db = tmp_path / "t.db"
    a, b = hostile_institutions()
    with Store(db) as store:
        with store.transaction():
            store.institutions.save(a)
            store.institutions.save(b)
        out = brief(store, db, tmp_path / "hostile.pdf", institution_ref=a.ref, partner_ref=b.ref, lang="zh")
        reader = PdfReader(str(out))
        text = text_of(out)
    assert len(reader.pages) >= 2 and footer_total(text) == len(reader.pages)
    assert_contains(text, HOSTILE_NAME, "ООО «Рога & копыта» <тест>", "Институт <аккумуляторов> & Ко",
                    "<b>not bold</b> & a<b, </para> &amp; literal;", "<zw@example.cn>", "张伟 <Zhang>",
                    "深圳<测试>&科技有限公司超长名称测试", "Литий-ионные аккумуляторы <нового> поколения & системы хранения")
    assert UNBROKEN in squash(text)
    assert "emoji" in text and "🚀" not in text  # a glyph the font lacks is replaced, never silently lost
    assert not missing_glyphs(text)
    assert all(embedded for _, embedded in fonts_of(out))
    assert_contains(text, "锂离子电池")  # the highlighted shared concept


def test_escape_and_printable():
    assert esc("a<b & c>d\nnext") == "a&lt;b &amp; c&gt;d<br/>next"
    assert printable("ok\x00\x07🚀") == "ok?"
    assert not missing_glyphs("中文繁體龍龜鬱 Русский ЁЙЩЪЫЭЮЯ «» English — · ↔")


# ---- project batch ------------------------------------------------------------------------------

def test_project_batch_has_a_cover_and_one_brief_per_partner(demo, tmp_path):
    from app.services.matching import get_matcher

    store, path = demo
    matcher = get_matcher(store, path)
    partners = [m.institution_ref for m in matcher.match_institution("cn-east-lake", top=3)]
    with store.transaction():
        pid = store.projects.create("Fibre & lasers <Harbin> 2026", "Shortlist & notes", "cn-east-lake")
        for ref in [*partners, "ru-msu"]:
            store.projects.add_to_shortlist(pid, ref)
    out = brief(store, path, tmp_path / "project.pdf", project_id=pid, lang="ru")
    reader = PdfReader(str(out))
    text = text_of(out)
    assert_contains(text, "Fibre & lasers <Harbin> 2026", tr("brief.cover.partners", "ru"), "QM-P")
    cover = reader.pages[0].extract_text()
    for ref in [*partners, "ru-msu"]:
        assert_contains(cover, content.display_name(store.institutions.get(ref), "ru"))
    # one header band per partner (the kicker of a batch brief is the project title), cover first
    assert squash(text).count(squash("Fibre & lasers <Harbin> 2026")) >= 1 + 4
    assert footer_total(text) == len(reader.pages) >= 1 + 4 * 2
    assert not missing_glyphs(text)


def test_project_without_lead_is_a_clear_error(demo, tmp_path, capsys):
    from app.cli import main

    store, path = demo
    with store.transaction():
        pid = store.projects.create("No lead yet")
    with pytest.raises(BriefError, match="no lead institution"):
        brief(store, path, tmp_path / "x.pdf", project_id=pid)
    assert main(["--db", str(path), "brief", "--project", str(pid), "-o", str(tmp_path / "x.pdf")]) == 1
    assert "no lead institution" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_errors_are_brief_errors(demo, tmp_path):
    store, path = demo
    with pytest.raises(BriefError, match="unknown institution"):
        brief(store, path, tmp_path / "x.pdf", institution_ref="nope", partner_ref=PAIR[1])
    with pytest.raises(BriefError, match="same"):
        brief(store, path, tmp_path / "x.pdf", institution_ref=PAIR[0], partner_ref=PAIR[0])
    with pytest.raises(BriefError, match="does not exist"):
        brief(store, path, tmp_path / "missing" / "x.pdf", institution_ref=PAIR[0], partner_ref=PAIR[1])
    with pytest.raises(BriefError, match="unknown project"):
        brief(store, path, tmp_path / "x.pdf", project_id=987654)


def test_missing_font_names_the_package(monkeypatch):
    from app.brief import fonts

    monkeypatch.setattr(fonts, "PACKAGE_DIR", "no/such/folder")
    monkeypatch.setattr("app.resources.resources_dir", lambda: Path("/nonexistent"))
    with pytest.raises(BriefError, match="weblate-fonts"):
        fonts.font_files()


def test_cli_writes_a_brief(demo, tmp_path, capsys):
    from app.cli import main

    _, path = demo
    out = tmp_path / "cli.pdf"
    assert main(["--db", str(path), "brief", "--institution", PAIR[0], "--partner", PAIR[1], "--lang", "zh",
                 "-o", str(out)]) == 0
    assert out.exists() and "Brief written" in capsys.readouterr().out


def test_single_brief_is_quick_once_warm(demo, tmp_path):
    store, path = demo
    out = tmp_path / "speed.pdf"
    brief(store, path, out, institution_ref=PAIR[0], partner_ref=PAIR[1], lang="zh")
    start = time.perf_counter()
    brief(store, path, out, institution_ref=PAIR[0], partner_ref=PAIR[1], lang="zh")
    assert time.perf_counter() - start < 3.0  # the benchmark holds the real figure (< 1 s); this catches blow-ups


# ---- content rules (pure) -----------------------------------------------------------------------

def _inst(ref, country, type_, caps):
    return Institution(ref=ref, name=ref.upper(), country=country, type=type_, capabilities=caps,
                       names=[InstitutionName(f"{ref}-zh名", "zh"), InstitutionName(f"{ref}-рус", "ru")])


def _match(a_cap: Capability, b: Institution, b_cap: Capability, concepts=(), **trl) -> Match:
    shared = [SharedConcept(cid, {"zh": zh, "ru": ru, "en": en}) for cid, zh, ru, en in concepts]
    reasons = []
    if shared:
        reasons.append(Reason("concepts", "shared concepts: …", {"concepts": [{"id": c.id, **c.terms} for c in shared]}))
    reasons.append(Reason("kinds", "…", {"query_kind": a_cap.kind, "partner_kind": b_cap.kind}))
    if trl:
        reasons.append(Reason("trl", "…", trl))
    return Match(b.ref, b.name, b.country, b.type, 0.6, b_cap.ref, reasons,
                 [CapabilityMatch(a_cap.ref, b_cap.ref, 0.6, 1.0, 0.6, shared)])


def _build(a, b, match, lang="en", lang2=None):
    meta = content.BriefMeta(DAY, "", "QM-TEST")
    return content.build_pair_brief(a, b, match, None, Labels(lang, lang2), meta)


def test_need_meets_a_laboratory_result():
    need = Capability("a-1", "need", "需要疫苗佐剂", lang="zh", fields=["biomed"])
    offer = Capability("b-1", "offer", "Адъюванты для вакцин", lang="ru", fields=["biomed"], trl=4,
                       ip_status="patented")
    a, b = _inst("cn-a", "CN", "enterprise", [need]), _inst("ru-b", "RU", "research_institute", [offer])
    m = _match(need, b, offer, [("biomed.vaccine_adjuvant", "疫苗佐剂", "адъювант", "vaccine adjuvant")],
               query_trl=None, partner_trl=4)
    out = _build(a, b, m, "ru", "zh")
    assert "Роли дополняют друг друга" in out.summary.primary and "TRL 4" in out.summary.primary
    assert "双方角色互补" in out.summary.secondary and "疫苗佐剂" in out.summary.secondary
    modes = [p.code for p in out.cooperation]
    assert {"joint_rnd", "licensing", "pilot_production"} <= set(modes)
    codes = [p.code for p in out.considerations]
    assert codes == ["ip", "dual_use", "standards", "biosafety"]
    assert "патент" in out.considerations[0].body.primary  # patented: the patent sentence is added
    assert len(out.steps) == 6


def test_only_the_considerations_that_apply():
    a_cap = Capability("a-1", "research", "寒地作物育种", lang="zh", fields=["agri"])
    b_cap = Capability("b-1", "research", "Селекция для северных регионов", lang="ru", fields=["agri"])
    a, b = _inst("cn-a", "CN", "university", [a_cap]), _inst("ru-b", "RU", "university", [b_cap])
    out = _build(a, b, _match(a_cap, b, b_cap, [("agri.crop_breeding", "育种", "селекция", "breeding")]))
    assert [p.code for p in out.considerations] == ["ip"]  # cross-border only: no dual use, standards, biosafety
    assert [p.code for p in out.cooperation][:2] == ["joint_rnd", "joint_lab"]
    c1 = Capability("c-1", "research", "作物育种", lang="zh", fields=["agri"])
    c2 = Capability("c-2", "research", "作物育种研究", lang="zh", fields=["agri"])
    a, b = _inst("cn-a", "CN", "university", [c1]), _inst("cn-b", "CN", "university", [c2])
    out = _build(a, b, _match(c1, b, c2, [("agri.crop_breeding", "育种", "селекция", "breeding")]), "zh")
    assert out.considerations == [] and "brief.step.checks" not in [s.primary for s in out.steps]


def test_mature_technology_suggests_licensing_and_standards():
    need = Capability("a-1", "need", "Need of a plant", lang="en", fields=["aerospace"])
    offer = Capability("b-1", "offer", "Mature engine part", lang="en", fields=["aerospace"], trl=8,
                       cooperation=["licensing"])
    a, b = _inst("cn-a", "CN", "enterprise", [need]), _inst("ru-b", "RU", "enterprise", [offer])
    out = _build(a, b, _match(need, b, offer, partner_trl=8, query_trl=None))
    modes = [p.code for p in out.cooperation]
    assert modes[0] == "licensing" and "standards" in modes and "joint_venture" in modes
    assert [p.code for p in out.considerations] == ["ip", "dual_use", "standards"]
    assert "aerospace" in out.considerations[1].body.primary
    assert "mature" in out.summary.primary and "TRL 8" in out.summary.primary


def test_no_match_content():
    a = _inst("cn-a", "CN", "university", [Capability("a-1", "offer", "某技术", lang="zh")])
    b = _inst("ru-b", "RU", "enterprise", [])
    out = _build(a, b, None, "zh", "ru")
    assert out.no_match and out.pairs == [] and out.unmatched == (["某技术"], [])
    assert "未发现共同概念" in out.summary.primary and "общих понятий не найдено" in out.summary.secondary
    assert out.header.score is None


def test_header_labels_led_by_russian_wrap_between_words_not_inside_them(demo, tmp_path):
    store, path = demo
    Settings(officer_name="Ирина Соколова", organisation="Центр трансфера технологий ИОФ РАН").save()
    out = brief(store, path, tmp_path / "b-ru-header.pdf", institution_ref=PAIR[1], partner_ref=PAIR[0], lang="ru")
    first_page = PdfReader(str(out)).pages[0].extract_text().splitlines()
    # the score label "Оценка соответствия / 匹配度" sits in a narrow cell and wraps; every line holds whole words
    assert any("соответствия" in line for line in first_page), first_page[:20]
    assert not any(line.rstrip().endswith("соответст") for line in first_page), first_page[:20]
