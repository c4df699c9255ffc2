"""matching.text and matching.analysis: normalisation, language detection, stemming, Han n-grams and the
features one capability text turns into. Pure functions, real OpenCC and Snowball, no vocabulary needed."""

from __future__ import annotations

import pytest

from matching.analysis import analyze, guess_role
from matching.text import (
    detect_language,
    han_ngrams,
    normalize,
    normalize_same_length,
    raw_tokens,
    stem,
    to_simplified,
    word_stems,
)

# ---- normalisation ---------------------------------------------------------------------------------


def test_nfkc_turns_full_width_latin_digits_and_space_into_ascii():
    # U+FF21.. are the full-width forms a Chinese input method produces; U+3000 is the ideographic space
    assert normalize("ＨＴＳ　Ｃａｂｌｅ　２０２４") == "hts cable 2024"


def test_case_is_folded_in_latin_and_cyrillic():
    assert normalize("Superconducting CABLE") == "superconducting cable"
    assert normalize("СВЕРХПРОВОДНИК") == "сверхпроводник"


def test_yo_becomes_ye_in_both_cases():
    assert normalize("Ёмкость и её свойства") == "емкость и ее свойства"
    assert "ё" not in normalize("ЁЛКА ёлка") and normalize("ЁЛКА") == normalize("елка")


def test_traditional_chinese_becomes_simplified():
    assert to_simplified("臺灣") == "台湾"
    assert normalize("臺灣大學的超導體研究") == "台湾大学的超导体研究"
    # text without Han characters passes through untouched (no OpenCC round trip)
    assert to_simplified("Сверхпроводник") == "Сверхпроводник"


def test_whitespace_is_collapsed_and_none_like_input_is_empty():
    assert normalize("  a \t b\n\nc  ") == "a b c"
    assert normalize("") == ""


def test_same_length_normalisation_keeps_every_position():
    # highlighting depends on it: one output character per input character
    for text in ("ＨＴＳ　臺灣 Ёж", "Сверхпроводящих МАТЕРИАЛОВ", "超導材料的製備", "plain ascii"):
        out = normalize_same_length(text)
        assert len(out) == len(text), text
    out = normalize_same_length("ＨＴＳ　臺灣 Ёж")
    assert out == "hts 台湾 еж"


# ---- language detection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lang",
    [
        ("寻求高温超导带材制备技术", "zh"),
        ("臺灣大學超導體研究", "zh"),
        ("Разработка сверхпроводящих кабелей", "ru"),
        ("Development of superconducting cables", "en"),
        # mixed: a Latin acronym inside Chinese or Russian does not change the language
        ("利用CRISPR技术改良作物品种", "zh"),
        ("Покрытия на основе MXene для аккумуляторов", "ru"),
        # mixed: a Chinese term inside an English sentence; Han characters weigh more, but not unboundedly
        ("A long English description of a research programme mentioning 超导 once", "en"),
        ("123 456", ""),
        ("", ""),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_a_few_han_characters_outweigh_many_latin_letters():
    # 4 Han characters × 3 ≥ 12 Latin letters → zh; one letter more → en
    assert detect_language("超导材料 abcdefghijkl") == "zh"
    assert detect_language("超导材料 abcdefghijklm") == "en"


# ---- stemming and tokens ---------------------------------------------------------------------------


def test_russian_inflections_share_a_stem():
    forms = ["кабель", "кабели", "кабелей", "кабелями", "кабеля"]
    assert len({stem(w) for w in forms}) == 1
    # nouns in -ал: Snowball alone cuts the nominative to "материа" but keeps "материал" in other cases
    forms = ["материал", "материала", "материалы", "материалов", "материалами", "материалом", "материале"]
    assert len({stem(w) for w in forms}) == 1
    assert len({stem(w) for w in ["технология", "технологии", "технологий", "технологиями"]}) == 1
    adjectives = ["сверхпроводящий", "сверхпроводящие", "сверхпроводящих", "сверхпроводящего"]
    assert len({stem(w) for w in adjectives}) == 1


@pytest.mark.parametrize("forms", [
    ["графит", "графита", "графиту", "графитом", "графиты", "графитов"],  # Snowball alone: граф vs графит
    ["архив", "архива", "архивы", "архивов"],
    ["аудит", "аудита", "аудиту", "аудитом"],
    ["память", "памяти", "памятью"],
    ["материал", "материала", "материалы", "материалов"],
    ["бетон", "бетона", "бетоном", "бетонов"],  # a case ending is still an ending
    ["аккумулятор", "аккумулятора", "аккумуляторов", "аккумуляторами"],
])
def test_nominative_nouns_share_the_stem_of_their_other_cases(forms):
    assert len({stem(w) for w in forms}) == 1, {w: stem(w) for w in forms}


def test_english_inflections_share_a_stem():
    assert stem("batteries") == stem("battery")
    assert stem("materials") == stem("material")
    assert stem("coatings") == stem("coating") == stem("coated")


def test_stem_leaves_short_words_numbers_and_han_alone():
    assert stem("5g") == "5g"
    assert stem("ai") == "ai"
    assert stem("超导") == "超导"


def test_word_stems_drop_stop_words_and_han_runs():
    stems = word_stems(normalize("The batteries and the materials для лазерных систем 超导"))
    assert stem("batteries") in stems and stem("materials") in stems and stem("лазерных") in stems
    assert not {"the", "and", "для"} & set(stems)
    assert all("超" not in s for s in stems)


def test_raw_tokens_keep_hyphenated_words_and_han_runs_whole():
    toks = raw_tokens(normalize("Li-ion 电池 и ВТСП-кабель 5G"))
    assert toks == ["li-ion", "电池", "и", "втсп-кабель", "5g"]


# ---- Han n-grams -----------------------------------------------------------------------------------


def test_han_unigrams_and_bigrams_stay_inside_each_run():
    grams = han_ngrams("超导材料 abc 研究")
    assert grams == ["超", "导", "材", "料", "超导", "导材", "材料", "研", "究", "研究"]
    assert "料研" not in grams  # never across a non-Han gap


def test_han_ngram_range_is_configurable():
    assert han_ngrams("超导材料", 3, 3) == ["超导材", "导材料"]
    assert han_ngrams("超", 2, 2) == []


# ---- analysis of one capability --------------------------------------------------------------------


def test_analyze_counts_the_title_twice_and_guesses_the_language():
    a = analyze("制备工艺", None, title="超導帶材")
    assert a.lang == "zh"
    assert a.terms.count("超导") == 2  # title twice, converted to Simplified
    assert a.terms.count("工艺") == 1
    assert a.concepts == []  # no vocabulary given


def test_analyze_stems_latin_tokens_inside_chinese_text():
    a = analyze("基于MXene材料的电极", None)
    assert a.lang == "zh"
    assert stem("mxene") in a.terms


def test_analyze_respects_a_given_language():
    assert analyze("Сверхпроводящие материалы", None, lang="en").lang == "en"
    assert analyze("Сверхпроводящие материалы", None).lang == "ru"


@pytest.mark.parametrize(
    "text, role",
    [
        ("寻求高温超导带材制备技术", "need"),
        ("提供超导带材技术转让", "offer"),
        ("Ищем партнёра для производства сверхпроводящих кабелей", "need"),
        ("Предлагаем лицензию на технологию", "offer"),
        ("We are looking for a partner in HTS cables", "need"),
        ("We offer licensing of our HTS tape", "offer"),
        ("超导材料研究", None),
    ],
)
def test_guess_role_from_cues_in_three_languages(text, role):
    assert guess_role(text) == role
