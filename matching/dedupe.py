"""Probable-duplicate detection between incoming and existing institutions.

Blocking first: every institution is indexed under a few keys (exact name keys, initials, website
domain, transliteration, rare transliterated words, first Han character), and only institutions that
share a key are compared. Each comparison yields *evidence* (human-readable) and a score in 0–1.

Worked example of the scores: "МГУ" (incoming, ru abbreviation) against an existing record whose
Russian official name is "Московский государственный университет имени М. В. Ломоносова":
initials give "мгу" → evidence 0.90; the same website msu.ru adds +0.05 → 0.95 ≥ 0.85: reported.
"哈尔滨工程大学" against "哈尔滨工业大学" (alias 哈工大): 哈工大 is a character subsequence of both,
evidence 0.88, but the official Chinese names conflict (neither contains the other) → ×0.5 = 0.44:
not reported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .names import (
    han_only,
    initials,
    is_subsequence,
    is_zh_abbreviation,
    latin_key,
    looks_like_abbreviation,
    name_key,
    website_domain,
)
from .types import Institution

SAME_NAME = 1.0
SAME_WEBSITE = 0.95
SAME_TRANSLITERATION = 0.93
INITIALS = 0.90
ZH_ABBREVIATION = 0.88
EXTRA_EVIDENCE_BONUS = 0.05
CONFLICT_FACTOR = 0.5
DIFFERENT_CITY_FACTOR = 0.8
FUZZY_MIN = 92  # token_sort_ratio over transliterations
RARE_WORD_MAX_DF = 15  # a transliterated word shared by more institutions is not a blocking key
MAX_CANDIDATES = 20
MAX_HAN_BUCKET = 300  # a first character shared by more records (中, 北…) is too common to block on


@dataclass
class DuplicateCandidate:
    incoming_ref: str
    existing_ref: str
    score: float
    evidence: list[str] = field(default_factory=list)


@dataclass
class _Keys:
    inst: Institution
    names: list[tuple[str, str, str]]  # (name, lang, kind)
    exact: set[str]
    inits: set[str]
    abbrevs: set[str]
    latin: set[str]
    compact: set[str]  # transliteration without spaces: "Harbin Gongye Daxue" meets "ha er bin gong ye da xue"
    domain: str
    han_names: list[tuple[str, str]]  # (name as written, its Han characters)


def _keys(inst: Institution) -> _Keys:
    names = [(inst.name, "", "official")] + [(n.name, n.lang, n.kind) for n in inst.names]
    exact, inits, abbrevs, latin = set(), set(), set(), set()
    han_names: list[tuple[str, str]] = []
    for name, _lang, kind in names:
        k = name_key(name)
        if not k:
            continue
        exact.add(k)
        inits |= initials(name)
        if kind == "abbreviation" or looks_like_abbreviation(name):
            abbrevs.add(k)
        lk = latin_key(name)
        if lk:
            latin.add(lk)
        h = han_only(name)
        if len(h) >= 2:
            han_names.append((name, h))
    compact = {lk.replace(" ", "") for lk in latin}
    return _Keys(inst, names, exact, inits, abbrevs, latin, compact, website_domain(inst.website), han_names)


class DuplicateFinder:
    """Index existing institutions once, then ask for the probable duplicates of each incoming one."""

    def __init__(self, existing: Iterable[Institution], threshold: float = 0.85):
        self.threshold = threshold
        self._entries: list[_Keys] = []
        self._index: dict[str, list[int]] = defaultdict(list)
        self._word_df: dict[str, int] = defaultdict(int)
        for inst in existing:
            self.add(inst)

    def add(self, inst: Institution) -> None:
        keys = _keys(inst)
        i = len(self._entries)
        self._entries.append(keys)
        for k in self._block_keys(keys, counting=True):
            self._index[k].append(i)

    def _block_keys(self, keys: _Keys, counting: bool = False) -> set[str]:
        """Keys to index an existing record under (counting=True) or to look an incoming one up by."""
        out = {"n:" + k for k in keys.exact}
        out |= {"n:" + k for k in keys.inits}  # initials meet abbreviations under the same key
        out |= {"l:" + k for k in keys.latin}
        if keys.domain:
            out.add("w:" + keys.domain)
        # Chinese abbreviations (哈工大 ↔ 哈尔滨工业大学): short names meet long ones with the same first character
        for _, h in keys.han_names:
            short = len(h) <= 5
            out.add(("zs:" if short == counting else "zf:") + h[0])
        words = {w for lk in keys.latin for w in lk.split() if len(w) > 3}
        # ends of the compact transliteration block spellings that split words differently
        words |= {"^" + c[:7] for c in keys.compact if len(c) >= 10} | {"$" + c[-9:] for c in keys.compact if len(c) >= 12}
        for w in words:
            if counting:
                self._word_df[w] += 1
            out.add("t:" + w)
        return out

    def find(self, inst: Institution) -> list[DuplicateCandidate]:
        keys = _keys(inst)
        hits: dict[int, int] = defaultdict(int)
        for k in self._block_keys(keys):
            if k.startswith("t:") and self._word_df.get(k[2:], 0) > RARE_WORD_MAX_DF:
                continue
            bucket = self._index.get(k, ())
            if k.startswith(("zs:", "zf:")) and len(bucket) > MAX_HAN_BUCKET:
                continue
            for i in bucket:
                hits[i] += 1
        ranked = sorted(hits, key=lambda i: -hits[i])[:MAX_CANDIDATES]
        out = []
        for i in ranked:
            other = self._entries[i]
            if other.inst.ref == inst.ref:
                continue
            cand = self._compare(keys, other)
            if cand and cand.score >= self.threshold:
                out.append(cand)
        out.sort(key=lambda c: -c.score)
        return out

    @staticmethod
    def _compare(a: _Keys, b: _Keys) -> DuplicateCandidate | None:
        ia, ib = a.inst, b.inst
        if ia.country and ib.country and ia.country != ib.country:
            return None
        evidence: list[tuple[float, str]] = []
        common = a.exact & b.exact
        if common:
            name = next(n for n, _, _ in a.names if name_key(n) in common)
            evidence.append((SAME_NAME, f"same name “{name}”"))
        if a.domain and a.domain == b.domain:
            evidence.append((SAME_WEBSITE, f"same website {a.domain}"))
        for x, y in ((a, b), (b, a)):
            hit = x.abbrevs & y.inits
            if hit:
                full = next((n for n, _, _ in y.names if initials(n) & hit), "")
                abbr = next((n for n, _, _ in x.names if name_key(n) in hit), "")
                evidence.append((INITIALS, f"“{abbr}” = initials of “{full}”"))
                break
        for x, y in ((a, b), (b, a)):
            pair = next(
                ((s, f) for s, hs in x.han_names if len(hs) <= 5 for f, hf in y.han_names
                 if hf[0] == hs[0] and is_zh_abbreviation(s, f)), None
            )
            if pair:
                evidence.append((ZH_ABBREVIATION, f"“{pair[0]}” abbreviates “{pair[1]}”"))
                break
        if ((a.latin & b.latin) or (a.compact & b.compact)) and not common:
            evidence.append((SAME_TRANSLITERATION, f"same transliteration “{next(iter(a.compact & b.compact))}”"))
        elif not common:
            best, pair = 0.0, None
            for la in a.latin:
                for lb in b.latin:
                    r = fuzz.token_sort_ratio(la, lb, score_cutoff=FUZZY_MIN)
                    if r and not _no_distinguishing_word(la, lb):
                        r = 0.0
                    if len(la) > 8:
                        r = max(r, fuzz.ratio(la.replace(" ", ""), lb.replace(" ", ""), score_cutoff=FUZZY_MIN))
                    if r > best:
                        best, pair = r, (la, lb)
            if best >= FUZZY_MIN and pair:
                evidence.append((best / 100, f"similar names “{pair[0]}” ~ “{pair[1]}” ({best:.0f}%)"))
        if not evidence:
            return None
        evidence.sort(key=lambda e: -e[0])
        score = min(1.0, evidence[0][0] + EXTRA_EVIDENCE_BONUS * (len(evidence) - 1))
        conflict = _official_conflict(ia, ib)
        if conflict and not (a.domain and a.domain == b.domain):
            score *= CONFLICT_FACTOR
            evidence.append((0.0, conflict))
        if ia.city and ib.city:
            if ia.city.lower() == ib.city.lower():
                evidence.append((0.0, f"same city {ia.city}"))
            elif evidence[0][0] < SAME_WEBSITE:
                score *= DIFFERENT_CITY_FACTOR
                evidence.append((0.0, f"different cities {ia.city} / {ib.city}"))
        return DuplicateCandidate(ia.ref, ib.ref, round(score, 3), [t for _, t in evidence])


def _official_conflict(a: Institution, b: Institution) -> str:
    """Both have official names in one language and they plainly differ → likely different bodies."""
    for lang in ("zh", "ru", "en"):
        na = [n.name for n in a.names if n.lang == lang and n.kind == "official"]
        nb = [n.name for n in b.names if n.lang == lang and n.kind == "official"]
        if not na or not nb:
            continue
        x, y = na[0], nb[0]
        if lang == "zh":
            hx, hy = han_only(x), han_only(y)
            ok = hx == hy or is_subsequence(hx, hy) or is_subsequence(hy, hx)
        else:
            # "МГУ им. Ломоносова" and the full official name agree: one starts with the other's initials
            words_x, words_y = set(latin_key(x).split()), set(latin_key(y).split())
            ok = (fuzz.token_set_ratio(name_key_words(x), name_key_words(y)) >= 90
                  or bool({latin_key(i) for i in initials(y)} & words_x)
                  or bool({latin_key(i) for i in initials(x)} & words_y))
        if not ok:
            return f"different official {lang} names “{x}” / “{y}”"
    return ""


def _no_distinguishing_word(a: str, b: str) -> bool:
    """False when one name has a word the other lacks ("institute of *plasma* physics" vs "institute of
    physics"): such names differ in what they name, however high the character similarity."""
    wa = {w for w in a.split() if len(w) > 2}
    wb = {w for w in b.split() if len(w) > 2}
    for w in wa ^ wb:
        other = wb if w in wa else wa
        if not any(fuzz.ratio(w, o) >= 80 for o in other):
            return False
    return True


def name_key_words(name: str) -> str:
    return latin_key(name)
