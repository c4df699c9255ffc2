"""The trilingual vocabulary: the loader's located errors (on real files), the shipped vocabulary's
coverage, and mapping inflected / Traditional / full-width text onto concepts with spans in the original."""

from __future__ import annotations

import re

import pytest

from app.resources import resource
from matching.fields import FIELDS
from matching.text import normalize
from matching.vocabulary import Vocabulary, VocabularyError, load_vocabulary, parse_vocabulary

HAN = re.compile(r"[\u4e00-\u9fff]")
CYR = re.compile(r"[а-яё]", re.I)
LAT = re.compile(r"[a-z]", re.I)

GOOD = """\
# a comment line
[materials.test_superconductor]
field: materials
zh: 超导材料 | 超导体
ru: сверхпроводящие материалы | сверхпроводник
en: superconducting material | superconductor
"""


def write(tmp_path, name: str, text: str | bytes):
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def load_error(tmp_path, files: dict[str, str | bytes]) -> str:
    paths = [write(tmp_path, n, t) for n, t in files.items()]
    with pytest.raises(VocabularyError) as exc:
        load_vocabulary(paths)
    return str(exc.value)


def tiny(text: str) -> Vocabulary:
    return parse_vocabulary(text, "tiny.txt").finalize()


def shared_vocabulary(config) -> Vocabulary:
    """The real vocabulary, loaded once per session (about 2 s) and shared by the modules that need it."""
    v = getattr(config, "_qiaomost_vocabulary", None)
    if v is None:
        v = config._qiaomost_vocabulary = load_vocabulary(sorted(resource("vocabulary").glob("*.txt")))
    return v


@pytest.fixture(scope="module")
def vocab(request) -> Vocabulary:
    return shared_vocabulary(request.config)


# ---- the loader: valid input -----------------------------------------------------------------------


def test_a_valid_file_loads_with_terms_fields_and_note(tmp_path):
    text = GOOD + "\n[energy.test_cable]\nfield: energy, materials\nnote: two fields\n" \
        "zh: 超导电缆\nru: сверхпроводящий кабель\nen: superconducting cable | HTS cable\n"
    v = load_vocabulary([write(tmp_path, "a.txt", text)])
    assert set(v.concepts) == {"materials.test_superconductor", "energy.test_cable"}
    cable = v.concepts["energy.test_cable"]
    assert cable.fields == ["energy", "materials"] and cable.note == "two fields"
    assert cable.terms["en"] == ["superconducting cable", "HTS cable"]
    assert cable.preferred("en") == "superconducting cable"
    assert v.concepts["materials.test_superconductor"].preferred("zh") == "超导材料"


# ---- the loader: every malformed entry names file:line ---------------------------------------------


def test_missing_language_line_names_the_concept_line(tmp_path):
    text = "# header\n\n[materials.no_zh]\nfield: materials\nru: сверхпроводник\nen: superconductor\n"
    msg = load_error(tmp_path, {"mat.txt": text})
    assert msg.startswith("mat.txt:3:")
    assert "'zh:'" in msg and "materials.no_zh" in msg


@pytest.mark.parametrize("missing", ["field", "ru", "en"])
def test_each_required_line_is_checked(tmp_path, missing):
    lines = [ln for ln in GOOD.splitlines() if not ln.startswith(f"{missing}:")]
    msg = load_error(tmp_path, {"a.txt": "\n".join(lines) + "\n"})
    assert msg.startswith("a.txt:2:") and f"'{missing}:'" in msg


def test_unknown_field_code(tmp_path):
    msg = load_error(tmp_path, {"a.txt": GOOD.replace("field: materials", "field: materials, nanotech")})
    assert msg.startswith("a.txt:2:") and "unknown field 'nanotech'" in msg


def test_unknown_key(tmp_path):
    msg = load_error(tmp_path, {"a.txt": GOOD + "colour: blue\n"})
    assert msg.startswith("a.txt:7:") and "unknown key 'colour'" in msg


def test_duplicate_id_across_files_names_the_second_file(tmp_path):
    other = "\n\n" + GOOD.replace("# a comment line\n", "")
    msg = load_error(tmp_path, {"a.txt": GOOD, "b.txt": other})
    assert msg.startswith("b.txt:3:")
    assert "duplicate" in msg and "materials.test_superconductor" in msg


def test_duplicate_id_in_one_file(tmp_path):
    msg = load_error(tmp_path, {"a.txt": GOOD + "\n" + GOOD})
    assert msg.startswith("a.txt:9:") and "duplicate" in msg


@pytest.mark.parametrize("bad_id", ["[Materials.Superconductor]", "[superconductor]", "[materials.super-conductor]",
                                    "[materials.超导]", "[materials.x"])
def test_bad_concept_id(tmp_path, bad_id):
    msg = load_error(tmp_path, {"a.txt": GOOD.replace("[materials.test_superconductor]", bad_id)})
    assert msg.startswith("a.txt:2:") and "bad concept id" in msg


def test_one_character_chinese_term(tmp_path):
    msg = load_error(tmp_path, {"a.txt": GOOD.replace("zh: 超导材料 | 超导体", "zh: 超导材料 | 超")})
    assert msg.startswith("a.txt:2:") and "'超'" in msg and "two or more characters" in msg


def test_chinese_term_without_chinese_script(tmp_path):
    msg = load_error(tmp_path, {"a.txt": GOOD.replace("zh: 超导材料 | 超导体", "zh: 超导材料 | HTS")})
    assert msg.startswith("a.txt:2:") and "'HTS'" in msg


def test_empty_term(tmp_path):
    msg = load_error(tmp_path, {"a.txt": GOOD.replace("en: superconducting material |", "en: superconducting material | |")})
    assert msg.startswith("a.txt:2:") and "empty term" in msg


def test_key_before_any_concept(tmp_path):
    msg = load_error(tmp_path, {"a.txt": "zh: 超导\n" + GOOD})
    assert msg.startswith("a.txt:1:") and "outside a concept" in msg


def test_key_after_the_blank_line_that_ends_a_concept(tmp_path):
    msg = load_error(tmp_path, {"a.txt": GOOD + "\nen: stray term\n"})
    assert msg.startswith("a.txt:8:") and "outside a concept" in msg


def test_repeated_key(tmp_path):
    msg = load_error(tmp_path, {"a.txt": GOOD + "en: superconductivity\n"})
    assert msg.startswith("a.txt:7:") and "'en:' given twice" in msg


def test_unreadable_line(tmp_path):
    msg = load_error(tmp_path, {"a.txt": GOOD + "just some words\n"})
    assert msg.startswith("a.txt:7:") and "cannot read" in msg


def test_bad_utf8_is_rejected_naming_the_file(tmp_path):
    data = GOOD.encode("utf-8").replace("сверхпроводник".encode(), b"\xcf\xf0\xee\xe2\xee\xe4")  # cp1251 bytes
    msg = load_error(tmp_path, {"a.txt": GOOD, "broken.txt": data})
    assert msg.startswith("broken.txt") and "UTF-8" in msg


def test_bad_utf8_names_the_line(tmp_path):
    data = GOOD.encode("utf-8").replace("сверхпроводник".encode(), b"\xcf\xf0\xee\xe2\xee\xe4")
    msg = load_error(tmp_path, {"broken.txt": data})
    assert msg.startswith("broken.txt:5")


# ---- the shipped vocabulary --------------------------------------------------------------------------


def test_real_vocabulary_is_large_and_complete_in_three_languages(vocab):
    assert len(vocab) >= 2000
    for cid, c in vocab.concepts.items():
        assert c.fields and set(c.fields) <= set(FIELDS), cid
        assert cid.split(".")[0] in FIELDS, cid
        assert any(HAN.search(t) for t in c.terms["zh"]), cid
        assert any(CYR.search(t) for t in c.terms["ru"]), cid
        assert any(LAT.search(t) for t in c.terms["en"]), cid


def test_every_field_has_concepts(vocab):
    used = {f for c in vocab.concepts.values() for f in c.fields}
    assert used == set(FIELDS)


# ---- mapping text onto concepts ---------------------------------------------------------------------


def ids(vocab, text: str) -> set[str]:
    return {h.concept_id for h in vocab.find(text)}


def test_three_languages_and_scripts_map_to_the_same_concept(vocab):
    texts = [
        "Производство сверхпроводящих материалов",  # Russian genitive plural
        "Сверхпроводящими материалами занимается лаборатория",  # instrumental plural
        "超導材料的製備工藝",  # Traditional Chinese
        "超导材料的制备工艺",  # Simplified Chinese
        "New superconducting materials for magnets",  # English plural
        "ＳＵＰＥＲＣＯＮＤＵＣＴＩＮＧ　ＭＡＴＥＲＩＡＬＳ",  # full-width, upper case
    ]
    found = [ids(vocab, t) for t in texts]
    common = set.intersection(*found)
    assert "materials.superconductor" in common
    assert "超导材料" in vocab.concepts["materials.superconductor"].terms["zh"]


def test_yo_spelling_does_not_matter(vocab):
    # a term written with е in the vocabulary is found in text written with ё and vice versa
    concept = next(c for c in vocab.concepts.values() for t in c.terms["ru"] if "е" in t and len(t.split()) == 1)
    term = next(t for t in concept.terms["ru"] if "е" in t and len(t.split()) == 1)
    assert concept.id in ids(vocab, term.replace("е", "ё"))


def test_longest_match_wins(vocab):
    hits = vocab.find("高温超导电缆示范工程")
    assert [(h.start, h.end) for h in hits if h.concept_id == "energy.superconducting_cable"] == [(0, 6)]
    # 超导 alone is a term of materials.superconductor, but it lies inside the longer match
    assert "materials.superconductor" not in {h.concept_id for h in hits}


def test_longest_match_wins_in_a_hand_made_vocabulary():
    v = tiny("[materials.sc]\nfield: materials\nzh: 超导\nru: сверхпроводник\nen: superconductor\n\n"
             "[energy.cable]\nfield: energy\nzh: 超导电缆\nru: сверхпроводящий кабель | кабель\n"
             "en: superconducting cable | cable\n\n"
             "[energy.hts_cable]\nfield: energy\nzh: 高温超导电缆\nru: высокотемпературный сверхпроводящий кабель\n"
             "en: high temperature superconducting cable\n")
    assert [h.concept_id for h in v.find("研究超导电缆技术")] == ["energy.cable"]
    assert [h.concept_id for h in v.find("研究高温超导电缆技术")] == ["energy.hts_cable"]
    assert [h.concept_id for h in v.find("研究超导技术")] == ["materials.sc"]
    assert [h.concept_id for h in v.find("High temperature superconducting cables for grids")] == ["energy.hts_cable"]
    assert [h.concept_id for h in v.find("Сверхпроводящих кабелей и кабелей связи")] == ["energy.cable", "energy.cable"]


@pytest.mark.parametrize("text", [
    "我們研製超導材料和高溫超導電纜。",
    "Производство СВЕРХПРОВОДЯЩИХ материалов и ВТСП-кабелей, 2024",
    "ＨＴＳ　ｃａｂｌｅｓ and superconductors.",
    "Ёмкие  сверхпроводники   и HTS cables",
])
def test_spans_map_back_to_the_original_text(vocab, text):
    hits = vocab.find(text)
    assert hits
    for h in hits:
        assert 0 <= h.start < h.end <= len(text)
        assert text[h.start:h.end] == h.surface
        if HAN.match(h.surface[0]):  # Chinese: the surface, normalised, is literally a term
            assert normalize(h.surface) in [normalize(t) for t in vocab.concepts[h.concept_id].terms["zh"]]
    assert [h.start for h in hits] == sorted(h.start for h in hits)


def test_traditional_surface_is_reported_in_traditional(vocab):
    hits = [h for h in vocab.find("我們研製超導材料") if h.concept_id == "materials.superconductor"]
    assert [h.surface for h in hits] == ["超導材料"]


def test_span_of_a_term_at_the_end_of_the_text():
    v = tiny("[materials.sc]\nfield: materials\nzh: 超导\nru: сверхпроводник\nen: superconductor\n\n"
             "[energy.cable]\nfield: energy\nzh: 超导电缆\nru: сверхпроводящий кабель\nen: superconducting cable\n")
    text = "研究超导"
    (hit,) = v.find(text)
    assert hit.concept_id == "materials.sc"
    assert (hit.start, hit.end) == (2, 4)


def test_russian_al_noun_inflections_map():
    v = tiny("[biomed.suture]\nfield: biomed\nzh: 缝合材料\nru: шовный материал\nen: suture material\n")
    for text in ("шовных материалов", "шовными материалами", "шовным материалом"):
        assert [h.concept_id for h in v.find(text)] == ["biomed.suture"], text


def test_russian_al_noun_genitive_singular_maps():
    v = tiny("[biomed.suture]\nfield: biomed\nzh: 缝合材料\nru: шовный материал\nen: suture material\n")
    assert [h.concept_id for h in v.find("разработка шовного материала")] == ["biomed.suture"]


def test_concept_counts_and_field_profile():
    v = tiny("[energy.cable]\nfield: energy, materials\nzh: 超导电缆\nru: сверхпроводящий кабель\n"
             "en: superconducting cable\n\n[ict.net]\nfield: ict\nzh: 通信网络\nru: сеть связи\nen: communication network\n")
    counts = v.concept_counts("超导电缆 and superconducting cables; 通信网络")
    assert counts == {"energy.cable": 2, "ict.net": 1}
    prof = v.field_profile(counts)
    # energy.cable's two occurrences split over two fields: energy 1, materials 1, ict 1
    assert prof == pytest.approx({"energy": 1 / 3, "materials": 1 / 3, "ict": 1 / 3})


_CABLE = ("[energy.cable]\nfield: energy\nzh: 超导电缆\nru: сверхпроводящий кабель\nen: superconducting cable\n")


@pytest.mark.parametrize("word_form, found", [("stem", True), ("surface", False)])
def test_word_form_decides_whether_inflected_russian_matches(word_form, found):
    v = parse_vocabulary(_CABLE, "t.txt", Vocabulary(word_form=word_form)).finalize()
    inflected = "Производство сверхпроводящих кабелей"
    assert bool(v.find(inflected)) is found
    assert [h.concept_id for h in v.find("Новый сверхпроводящий кабель")] == ["energy.cable"]  # as written: always


def test_lemma_word_form_matches_inflections_through_dictionary_forms():
    pytest.importorskip("pymorphy3")  # optional; only the evaluation's analyser comparison uses it
    v = parse_vocabulary(_CABLE, "t.txt", Vocabulary(word_form="lemma")).finalize()
    assert [h.concept_id for h in v.find("Производство сверхпроводящих кабелей")] == ["energy.cable"]


_NOUNS = ("[equipment.cnc]\nfield: equipment\nzh: 数控机床\nru: станок с ЧПУ\nen: CNC machine\n\n"
          "[energy.methane]\nfield: energy\nzh: 甲烷\nru: метан\nen: methane\n\n"
          "[materials.membrane]\nfield: materials\nzh: 膜材料\nru: мембрана\nen: membrane\n\n"
          "[energy.boiler]\nfield: energy\nzh: 锅炉\nru: котел\nen: boiler\n")


@pytest.mark.parametrize("text, concept", [
    ("Выпуск станков с ЧПУ для авиации", "equipment.cnc"),       # fleeting vowel: станок → станков
    ("Сервис станка с ЧПУ", "equipment.cnc"),
    ("Смеси с метаном и водородом", "energy.methane"),           # Snowball: метан → "мета", метаном → "метан"
    ("Производство мембран и мембраны для электролизёров", "materials.membrane"),
    ("Модернизация котлов ТЭЦ", "energy.boiler"),                # котел → котлов
])
def test_nouns_written_in_the_nominative_match_their_other_cases(text, concept):
    v = tiny(_NOUNS)
    assert concept in {h.concept_id for h in v.find(text)}, [(h.concept_id, h.surface) for h in v.find(text)]


def test_other_case_variants_are_indexed_only_for_stemmed_russian_words():
    from matching.vocabulary import phrase_variants, word_stems

    assert word_stems("станок") == ["станок", "станк"] and word_stems("станок", "surface") == ["станок"]
    assert word_stems("laser") == [word_stems("laser")[0]]  # English words keep one stem
    assert phrase_variants("станок с ЧПУ")[0] == ("станок", "с", "чпу")  # the term as written comes first
