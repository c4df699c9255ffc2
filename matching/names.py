"""Institution-name keys: exact keys, transliterations, initials and Chinese abbreviations.

Used by duplicate detection. Cyrillic is romanised with anyascii, Chinese with pypinyin (loaded lazily:
it costs about 0.2 s and 50 MB, so only imports that need it pay).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlparse

from .text import _CYR, _HAN, normalize

_PUNCT = re.compile(r"[\s\.,;:'\"«»“”‘’()\[\]{}<>/\\|!?·・\-–—_&+№#*]+")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Words skipped when taking initials ("Harbin Institute of Technology" → HIT).
_INITIAL_SKIP = {
    "of", "the", "and", "for", "in", "at", "named", "after",
    "и", "имени", "им", "по", "в", "для", "на",
}
# Words after which the rest is an honorific name, dropped for Russian initials
# ("… университет имени М. В. Ломоносова" → МГУ).
_HONORIFIC = {"имени", "им"}


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """Exact-comparison key: normalised, without punctuation or spaces."""
    return _PUNCT.sub("", normalize(name))


@lru_cache(maxsize=50_000)
def latin_key(name: str) -> str:
    """Latin transliteration, lower case, words separated by single spaces."""
    text = normalize(name)
    if _HAN.search(text):
        from pypinyin import lazy_pinyin

        text = " ".join(lazy_pinyin(text))
    if _CYR.search(text):
        from anyascii import anyascii

        text = anyascii(text)
    text = text.lower()
    return " ".join(w for w in _PUNCT.split(text) if w)


def _words(name: str) -> list[str]:
    return [w for w in _PUNCT.split(normalize(name)) if w]


@lru_cache(maxsize=100_000)
def initials(name: str) -> frozenset[str]:
    """Initials of a multi-word Latin or Cyrillic name, with and without its first word.

    "Lomonosov Moscow State University" → {"lmsu", "msu"};
    "Московский государственный университет имени М. В. Ломоносова" → {"мгу"}.
    """
    if _HAN.search(name):
        return frozenset()
    words = _words(name)
    for i, w in enumerate(words):
        if w in _HONORIFIC:
            words = words[:i]
            break
    words = [w for w in words if w not in _INITIAL_SKIP and not w.isdigit()]
    if len(words) < 2:
        return frozenset()
    out = {"".join(w[0] for w in words)}
    if len(words) >= 3:
        out.add("".join(w[0] for w in words[1:]))
    return frozenset(out)


def looks_like_abbreviation(name: str) -> bool:
    key = name_key(name)
    return 2 <= len(key) <= 8 and " " not in name.strip() and not _HAN.search(name)


@lru_cache(maxsize=100_000)
def han_only(name: str) -> str:
    return "".join(_HAN_RUN.findall(normalize(name)))


def is_subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def is_zh_abbreviation(short: str, full: str) -> bool:
    """哈工大 abbreviates 哈尔滨工业大学: same first character, characters in order, clearly shorter."""
    s, f = han_only(short), han_only(full)
    return 2 <= len(s) <= 5 and len(f) >= len(s) + 2 and s[0] == f[0] and is_subsequence(s, f)


def website_domain(url: str) -> str:
    if not url:
        return ""
    if "//" not in url:
        url = "//" + url
    host = (urlparse(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
