"""Turning one capability text into features: per-language terms and vocabulary concepts.

Chinese: character unigrams and bigrams of each Han run (no segmenter needed; measured in
benchmarks/eval_matching.py against other analysers). Russian and English: Snowball stems. Latin
tokens inside Chinese or Russian text (CRISPR, 5G, MXene) are stemmed like English, so they also
bridge languages. Concepts: longest-match vocabulary terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import STOP_WORDS, detect_language, han_ngrams, normalize_same_length, stem
from .vocabulary import Vocabulary

_WORD = re.compile(r"[a-z0-9]+(?:[-+.'][a-z0-9]+)*|[а-я0-9]+(?:-[а-я0-9]+)*")

# Cues that a free text is a need (a technology request) or an offer.
_NEED_CUES = re.compile(
    r"需求|寻求|寻找|求购|急需|希望引进|拟引进|征集|需要|"
    r"ищ[еу]м|ищет|требуется|требуются|нуж[ен|на|ны|но]|потребност|запрос|"
    r"\bneed(?:s|ed)?\b|\bseek(?:s|ing)?\b|\blooking for\b|\brequire[sd]?\b|\brequest\b"
)
_OFFER_CUES = re.compile(
    r"提供|转让|许可|可供|出售|成果转化|"
    r"предлага[ею]|лиценз|передач[аи] технолог|продаж|"
    r"\boffer(?:s|ing)?\b|\blicens(?:e|ing)\b|\bavailable for\b|\bfor sale\b"
)


@dataclass
class Analysis:
    lang: str
    terms: list[str]
    concepts: list[str]  # one entry per occurrence


def analyze(text: str, vocabulary: Vocabulary | None, lang: str | None = None, title: str = "",
            zh_ngrams: tuple[int, int] = (1, 2), stemming: bool = True) -> Analysis:
    """Features of a capability; the title counts twice (it names the technology)."""
    full = f"{title}\n{title}\n{text}" if title else text
    norm = normalize_same_length(full)
    terms = han_ngrams(norm, *zh_ngrams)
    for w in _WORD.findall(norm):
        if w in STOP_WORDS:
            continue
        s = stem(w) if stemming else w
        if len(s) > 1:
            terms.append(s)
    concepts = [h.concept_id for h in vocabulary.find_normalized(norm, full)] if vocabulary is not None else []
    return Analysis(lang or detect_language(full) or "en", terms, concepts)


def guess_role(text: str) -> str | None:
    """"need" or "offer" when the text says so ("寻求…", "ищем…", "we offer…"), else None."""
    need = len(_NEED_CUES.findall(text.lower()))
    offer = len(_OFFER_CUES.findall(text.lower()))
    if need > offer:
        return "need"
    if offer > need:
        return "offer"
    return None
