"""Text normalisation, script/language detection and tokenisation for zh, ru and en.

Everything here is pure and cheap to import: OpenCC and the Snowball stemmers load on first use.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[A-Za-z]")
# A token is a run of letters/digits of one script, or a single Han character.
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[-+.][a-z0-9]+)*|[а-я0-9]+(?:-[а-я0-9]+)*")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # C++ binding; about 5 MB of dictionaries, loaded once

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (no-op for text without Han characters)."""
    if not _HAN.search(text):
        return text
    return _t2s().convert(text)


def normalize(text: str) -> str:
    """NFKC, case-fold, ё→е, Traditional→Simplified, collapse whitespace."""
    text = unicodedata.normalize("NFKC", text or "")
    text = to_simplified(text).lower().replace("ё", "е")
    return " ".join(text.split())


class _SameLengthFold(dict):
    """str.translate table: each character → its NFKC form, lower-cased, ё → е, but only where that
    stays one character (so positions in the result still index the original). Filled on first sight
    of each character; str.translate then does the whole text in C."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        n = unicodedata.normalize("NFKC", ch)
        n = n if len(n) == 1 else ch
        low = n.lower()
        n = low[:1].replace("ё", "е")  # "İ".lower() is two characters: keep the letter
        self[code] = n
        return n


_FOLD = _SameLengthFold()


def normalize_same_length(text: str) -> str:
    """Like normalize() but keeps every character's position, so matches map back onto the original
    text for highlighting (NFKC and case folding only where they map one character to one, no
    whitespace collapsing)."""
    text = (text or "").translate(_FOLD)
    if _HAN.search(text):
        converted = _t2s().convert(text)
        if len(converted) == len(text):
            text = converted
        else:  # a rare phrase conversion changed the length: convert character by character
            text = "".join(_t2s().convert(c) if _HAN.match(c) else c for c in text)
    return text


def detect_language(text: str) -> str:
    """Guess zh / ru / en from the script mix (Han characters weigh more: one carries a word)."""
    han = len(_HAN.findall(text))
    cyr = len(_CYR.findall(text))
    lat = len(_LAT.findall(text))
    if han * 3 >= max(cyr, lat) and han > 0:
        return "zh"
    if cyr >= lat and cyr > 0:
        return "ru"
    return "en" if lat else ""


def is_han(ch: str) -> bool:
    return bool(_HAN.match(ch))


def raw_tokens(normalized: str) -> list[str]:
    """Split normalised text into script runs (a Han run stays whole; see han_ngrams)."""
    return _TOKEN.findall(normalized)


@lru_cache(maxsize=4)
def _stemmer(lang: str):
    import snowballstemmer

    return snowballstemmer.stemmer({"ru": "russian", "en": "english"}[lang])


_RU_VERB_LIKE_ENDS = frozenset({"л", "ал", "ял", "ил", "ит", "ив", "ет", "ат", "ят", "ут", "ют", "ен"})


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball stem for a Russian or English word; other tokens pass through.

    Words of three letters or fewer are left alone: they are mostly abbreviations (INS, ИМА, ИТ), and
    stemming would turn them into unrelated words ("ins" → "in", "има" → "им" as in "им. Ломоносова")."""
    if len(word) <= 3 or word[0].isdigit():
        return word
    if _CYR.match(word):
        ru = _stemmer("ru")
        s = ru.stemWord(word)
        if s == word:
            return s
        # Snowball reads the end of some nominative nouns as a verb ending (графит → граф, архив → арх,
        # материал → материа) while their other cases keep it (графита, архива, материала → the whole
        # word). Most occurrences share the oblique stem, so keep the word whole when its genitive would
        # stem back to it; likewise память → памят as in памяти. (Case endings such as -ом are left
        # alone: "атом" cannot be told from "бетоном" without a dictionary.)
        if word.endswith(("ал", "ял")) and s == word[:-1]:  # материал, as материалы (the rule of -ала below)
            return word
        if word[len(s):] in _RU_VERB_LIKE_ENDS and ru.stemWord(word + "а") == word:
            return word
        if word[-1] == "ь" and ru.stemWord(word[:-1] + "и") == word[:-1]:
            return word[:-1]
        if word.endswith(("ала", "яла")) and s == word[:-2]:  # материала → материал, not материа
            return word[:-1]
        return s
    if _LAT.match(word):
        return _stemmer("en").stemWord(word)
    return word


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3  # optional: only the evaluation's lemmatisation variant uses it

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Dictionary form of a Russian word (pymorphy3); other words are stemmed as by stem()."""
    if _CYR.match(word) and len(word) > 3:
        return _morph().parse(word)[0].normal_form.replace("ё", "е")
    return stem(word)


def word_key(word_form: str):
    """How Russian/English words are compared in concept mapping: "stem" (Snowball, the default),
    "lemma" (pymorphy3, optional) or "surface"."""
    return {"stem": stem, "lemma": lemma, "surface": str}[word_form]


# Function words that carry no topic; stems are compared, so list surface forms.
_STOP = set(
    """a an and are as at be by for from has have in into is it its of on or our that the their this to with
    we which can also using based new high used such other more than via per all any both
    и в во на с со по для из от к ко о об при под над за не а но или что это как так также его ее их
    который которая которые которых может могут быть является являются а также между до после без через
    """.split()
)
STOP_WORDS = frozenset(_STOP)  # compared with surface words: a stem like "со" (from "сои", soya) is no stop word


def word_stems(normalized: str) -> list[str]:
    """Stemmed non-Han words of normalised text, stop words removed."""
    out = []
    for tok in raw_tokens(normalized):
        if _HAN.match(tok) or tok in STOP_WORDS:
            continue
        s = stem(tok)
        if len(s) > 1:
            out.append(s)
    return out


def han_ngrams(normalized: str, n_min: int = 1, n_max: int = 2) -> list[str]:
    """Character n-grams inside each Han run (Chinese has no spaces between words)."""
    out = []
    for run in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", normalized):
        for n in range(n_min, n_max + 1):
            out.extend(run[i : i + n] for i in range(len(run) - n + 1))
    return out
