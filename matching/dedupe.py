"""Probable-duplicate detection between incoming and existing institutions.

Blocking first: every institution is indexed under a few keys (exact name keys, initials, website
domain, transliteration, rare transliterated words, first Han character), and only institutions that
share a key are compared. Each comparison yields *evidence* (human-readable) and a score in 0–1.

Worked example of the scores: "МГУ" (incoming, ru abbreviation) against an existing record whose
Russian official name is "Московский государственный университет имени М. В. Ломоносова":
initials give "мгу" → evidence 0.90; the same website msu.ru adds +0.05 → 0.95 ≥ 0.85: reported.
"哈尔滨工程大学" against "哈尔滨工业大学" (alias 哈工大): 哈工大 is a character subsequence of both,
evidence 0.88, but the official Chinese names conflict (neither contains the other) → ×0.5 = 0.44:
not reported. A shared website outweighs conflicting official names (a renamed body), unless the types
differ too: Skolkovo Foundation (intermediary) and Skolkovo Innovation Centre (tech park) share sk.ru.

Records of one import are compared with each other too: `find_and_add` looks an incoming record up,
then indexes it, so each record meets the ones before it in the file (its keys are computed once).
Existing and incoming records are indexed apart, each with its own bucket limits and its own
MAX_CANDIDATES, so a large file never changes which existing records an incoming one is compared with.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from .names import (
    han_only,
    initials,
    is_subsequence,
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
    evidence: list[str] = field(default_factory=list)  # in English, for logs and the import summary
    # the same evidence as {"code": …, **values}, for showing it in the user's language
    facts: list[dict] = field(default_factory=list)
    in_file: bool = False  # existing_ref is an earlier record of the same import, not one already stored


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
    short_han: list[tuple[str, str]]  # the han_names of at most 5 characters (possible abbreviations)
    latin_list: list[str]  # `latin` in its iteration order, and per item:
    latin_sorted: list[str]  # its words sorted (what token_sort_ratio compares)
    latin_compact: list[str]  # without spaces
    latin_name: dict[str, str] = field(default_factory=dict)  # transliteration → the name as written


def _keys(inst: Institution) -> _Keys:
    names = [(inst.name, "", "official")] + [(n.name, n.lang, n.kind) for n in inst.names]
    exact, inits, abbrevs, latin = set(), set(), set(), set()
    han_names: list[tuple[str, str]] = []
    latin_name: dict[str, str] = {}
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
            latin_name.setdefault(lk, name)
        h = han_only(name)
        if len(h) >= 2:
            han_names.append((name, h))
    compact = {lk.replace(" ", "") for lk in latin}
    latin_list = list(latin)
    return _Keys(inst, names, exact, inits, abbrevs, latin, compact, website_domain(inst.website), han_names,
                 [(s, h) for s, h in han_names if len(h) <= 5], latin_list,
                 [" ".join(sorted(lk.split())) for lk in latin_list],
                 [lk.replace(" ", "") for lk in latin_list], latin_name)


class _Block:
    """One blocking index: records, key → record numbers, and how many records share each word."""

    def __init__(self) -> None:
        self.entries: list[_Keys] = []
        self.index: dict[str, list[int]] = defaultdict(list)
        self.word_df: dict[str, int] = defaultdict(int)


class DuplicateFinder:
    """Index existing institutions once, then ask for the probable duplicates of each incoming one.

    `find_and_add` also indexes the incoming record, so the next ones are compared with it: candidates
    found that way have `in_file` set and name the earlier incoming record's ref as `existing_ref`.
    """

    def __init__(self, existing: Iterable[Institution], threshold: float = 0.85):
        self.threshold = threshold
        self._existing = _Block()
        self._incoming = _Block()
        for inst in existing:
            self.add(inst)

    def add(self, inst: Institution) -> None:
        """Index an existing (stored) institution."""
        self._index(self._existing, _keys(inst))

    def add_incoming(self, inst: Institution) -> None:
        """Index an incoming institution, so that later incoming ones are compared with it."""
        self._index(self._incoming, _keys(inst))

    def _index(self, block: _Block, keys: _Keys) -> None:
        i = len(block.entries)
        block.entries.append(keys)
        for k in self._block_keys(keys, block):
            block.index[k].append(i)

    @staticmethod
    def _block_keys(keys: _Keys, counting: _Block | None = None) -> set[str]:
        """Keys to index a record under (counting: the block whose word counts to raise) or to look one up by."""
        out = {"n:" + k for k in keys.exact}
        out |= {"n:" + k for k in keys.inits}  # initials meet abbreviations under the same key
        out |= {"l:" + k for k in keys.latin}
        if keys.domain:
            out.add("w:" + keys.domain)
        # Chinese abbreviations (哈工大 ↔ 哈尔滨工业大学): short names meet long ones with the same first character
        for _, h in keys.han_names:
            short = len(h) <= 5
            out.add(("zs:" if short == (counting is not None) else "zf:") + h[0])
        words = {w for lk in keys.latin for w in lk.split() if len(w) > 3}
        # ends of the compact transliteration block spellings that split words differently
        words |= {"^" + c[:7] for c in keys.compact if len(c) >= 10} | {"$" + c[-9:] for c in keys.compact if len(c) >= 12}
        for w in words:
            if counting is not None:
                counting.word_df[w] += 1
            out.add("t:" + w)
        return out

    def find(self, inst: Institution) -> list[DuplicateCandidate]:
        """Probable duplicates among the existing records and the incoming ones indexed so far, best first."""
        return self._find(_keys(inst))

    def find_and_add(self, inst: Institution) -> list[DuplicateCandidate]:
        """`find`, then `add_incoming` with the same keys: each record of a file meets the ones before it."""
        keys = _keys(inst)
        out = self._find(keys)
        self._index(self._incoming, keys)
        return out

    def _find(self, keys: _Keys) -> list[DuplicateCandidate]:
        lookup = self._block_keys(keys)
        others = self._nearest(self._existing, keys, lookup)
        stored = len(others)
        if self._incoming.entries:
            others += self._nearest(self._incoming, keys, lookup)
        out = []
        for j, (other, fuzzy) in enumerate(zip(others, _fuzzy_scores(keys, others), strict=True)):
            cand = self._compare(keys, other, fuzzy)
            if cand and cand.score >= self.threshold:
                cand.in_file = j >= stored
                out.append(cand)
        out.sort(key=lambda c: (-c.score, c.in_file))  # on a tie the stored record comes first
        return out

    @staticmethod
    def _nearest(block: _Block, keys: _Keys, lookup: set[str]) -> list[_Keys]:
        """The block's MAX_CANDIDATES records sharing the most blocking keys with `keys` (first met first
        on a tie), less the record itself and records of another country."""
        buckets = []
        for k in lookup:
            if k.startswith("t:") and block.word_df.get(k[2:], 0) > RARE_WORD_MAX_DF:
                continue
            bucket = block.index.get(k)
            if not bucket or (k.startswith(("zs:", "zf:")) and len(bucket) > MAX_HAN_BUCKET):
                continue
            buckets.append(bucket)
        hits = Counter(chain.from_iterable(buckets))
        ranked = heapq.nlargest(MAX_CANDIDATES, hits, key=hits.__getitem__)  # = a stable sort, best first
        ref, country = keys.inst.ref, keys.inst.country
        return [o for o in map(block.entries.__getitem__, ranked)
                if o.inst.ref != ref and not (country and o.inst.country and o.inst.country != country)]

    @staticmethod
    def _compare(a: _Keys, b: _Keys, fuzzy: tuple[float, tuple[str, str] | None] | None = None
                 ) -> DuplicateCandidate | None:
        """`fuzzy`: the best (similarity, latin pair) of the two, when already computed by `_fuzzy_scores`."""
        ia, ib = a.inst, b.inst
        if _other_country(ia, ib):
            return None
        evidence: list[tuple[float, str, dict]] = []
        common = a.exact & b.exact
        if common:
            name = next(n for n, _, _ in a.names if name_key(n) in common)
            evidence.append((SAME_NAME, f"same name “{name}”", {"code": "same_name", "name": name}))
        if a.domain and a.domain == b.domain:
            evidence.append((SAME_WEBSITE, f"same website {a.domain}", {"code": "same_website", "domain": a.domain}))
        for x, y in ((a, b), (b, a)):
            hit = x.abbrevs & y.inits
            if hit:
                full = next((n for n, _, _ in y.names if initials(n) & hit), "")
                abbr = next((n for n, _, _ in x.names if name_key(n) in hit), "")
                evidence.append((INITIALS, f"“{abbr}” = initials of “{full}”", {"code": "initials", "short": abbr, "full": full}))
                break
        for x, y in ((a, b), (b, a)) if a.short_han or b.short_han else ():
            # is_zh_abbreviation(s, f) on the Han characters already taken (hs: 2–5 of them)
            pair = next(
                ((s, f) for s, hs in x.short_han for f, hf in y.han_names
                 if hf[0] == hs[0] and len(hf) >= len(hs) + 2 and is_subsequence(hs, hf)), None
            )
            if pair:
                evidence.append((ZH_ABBREVIATION, f"“{pair[0]}” abbreviates “{pair[1]}”",
                                 {"code": "zh_abbreviation", "short": pair[0], "full": pair[1]}))
                break
        if ((a.latin & b.latin) or (a.compact & b.compact)) and not common:
            key = next(iter(a.compact & b.compact))
            evidence.append((SAME_TRANSLITERATION, f"same transliteration “{key}”", {"code": "same_transliteration", "key": key}))
        elif not common:
            best, pair = fuzzy if fuzzy is not None else _fuzzy_scores(a, [b])[0]
            if best >= FUZZY_MIN and pair:
                # shown as written (哈尔滨工业大学 ~ Harbin Institute of Technology), not as transliterations
                na, nb = a.latin_name.get(pair[0], pair[0]), b.latin_name.get(pair[1], pair[1])
                evidence.append((best / 100, f"similar names “{na}” ~ “{nb}” ({best:.0f}%)",
                                 {"code": "similar_names", "a": na, "b": nb, "percent": f"{best:.0f}"}))
        if not evidence:
            return None
        evidence.sort(key=lambda e: -e[0])
        score = min(1.0, evidence[0][0] + EXTRA_EVIDENCE_BONUS * (len(evidence) - 1))
        conflict = _official_conflict(ia, ib)
        if conflict:
            # one website usually means one body under two names (renamed, or spelled apart), but not when
            # the types differ as well: a foundation and the innovation centre it runs may share a site
            same_site = bool(a.domain and a.domain == b.domain)
            other_type = bool(ia.type and ib.type and ia.type != ib.type)
            if not same_site or other_type:
                score *= CONFLICT_FACTOR
                evidence.append((0.0, *conflict))
                if same_site:
                    evidence.append((0.0, f"different types {ia.type} / {ib.type}",
                                     {"code": "different_types", "a": ia.type, "b": ib.type}))
        if ia.city and ib.city:
            if ia.city.lower() == ib.city.lower():
                evidence.append((0.0, f"same city {ia.city}", {"code": "same_city", "city": ia.city}))
            elif evidence[0][0] < SAME_WEBSITE:
                score *= DIFFERENT_CITY_FACTOR
                evidence.append((0.0, f"different cities {ia.city} / {ib.city}",
                                 {"code": "different_cities", "a": ia.city, "b": ib.city}))
        return DuplicateCandidate(ia.ref, ib.ref, round(score, 3), [t for _, t, _ in evidence],
                                  [f for _, _, f in evidence])


def _other_country(a: Institution, b: Institution) -> bool:
    return bool(a.country and b.country and a.country != b.country)


def _fuzzy_scores(a: _Keys, others: list[_Keys]) -> list[tuple[float, tuple[str, str] | None]]:
    """For each of `others`, the best similarity of a transliteration of `a` with one of its own, and that
    pair: token_sort_ratio (unless one name has a distinguishing word the other lacks) or, for names over 8
    characters, the ratio of the names without spaces; 0 below FUZZY_MIN. All pairs are scored in two
    C calls (rapidfuzz cdist); only records with a score at or above FUZZY_MIN are looked at in Python."""
    out: list[tuple[float, tuple[str, str] | None]] = [(0.0, None)] * len(others)
    owner: list[int] = []
    start: list[int] = []
    for j, b in enumerate(others):
        start.append(len(owner))
        owner += [j] * len(b.latin_list)
    if not a.latin_list or not owner:
        return out
    sorted_m = cdist(a.latin_sorted, [x for b in others for x in b.latin_sorted], scorer=fuzz.ratio,
                     score_cutoff=FUZZY_MIN, dtype=np.float64)
    compact_m = cdist(a.latin_compact, [x for b in others for x in b.latin_compact], scorer=fuzz.ratio,
                      score_cutoff=FUZZY_MIN, dtype=np.float64)
    for i, la in enumerate(a.latin_list):
        if len(la) <= 8:  # a short name of `a` is not compared without spaces
            compact_m[i, :] = 0.0
    hit = np.flatnonzero(sorted_m.any(axis=0) | compact_m.any(axis=0))
    for j in sorted({owner[c] for c in hit}):
        b, lo = others[j], start[j]
        best, pair = 0.0, None
        for ia, la in enumerate(a.latin_list):
            for ib, lb in enumerate(b.latin_list):
                r = float(sorted_m[ia, lo + ib])
                if r and not _no_distinguishing_word(la, lb):
                    r = 0.0
                r = max(r, float(compact_m[ia, lo + ib]))
                if r > best:
                    best, pair = r, (la, lb)
        out[j] = (best, pair)
    return out


def _official_conflict(a: Institution, b: Institution) -> tuple[str, dict] | None:
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
            return (f"different official {lang} names “{x}” / “{y}”",
                    {"code": "different_official_names", "lang": lang, "a": x, "b": y})
    return None


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
