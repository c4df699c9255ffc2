"""`Matcher`: the scikit-learn-style estimator that ranks complementary partner institutions.

    matcher = Matcher(vocabulary=vocab).fit(institutions)
    matcher.match_institution("cn-hit", top=10)
    matcher.match_text("寻求高温超导带材制备技术", country="RU", top=10)

Relevance is a cosine in two TF-IDF spaces: language-independent vocabulary *concepts* (the bridge
between Chinese, Russian and English) and per-language *terms* (Chinese character n-grams, Russian and
English stems), blended by `concept_weight` and `term_weight`; for two texts in different languages the
term space can only help through shared Latin tokens, so its weight is scaled by `cross_lingual_term_scale`.
A field-profile cosine adds `field_weight`. The score is relevance × complementarity (see
complementarity.py), one result per institution (its best capability pair, plus `breadth_bonus` × the
next best two).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import scipy.sparse as sp

from .analysis import Analysis, analyze, guess_role
from .complementarity import (
    ComplementarityRules,
    describe_kinds,
    describe_trl,
    describe_types,
    kind_code,
    trl_factor,
    type_group_code,
)
from .fields import FIELDS, field_label
from .postings import Postings, row_overlap
from .ranking import top_groups
from .text import detect_language
from .tfidf import CountBuilder, FrozenTfidf
from .types import CapabilityMatch, Institution, Match, Reason, SharedConcept
from .vocabulary import Vocabulary

FIELD_CODES = tuple(FIELDS)
OTHER_SIDE = {"CN": "RU", "RU": "CN"}


class NotFittedError(RuntimeError):
    pass


@dataclass
class MatchFilters:
    countries: list[str] | None = None  # partner countries; None = any
    types: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    trl_min: int | None = None
    trl_max: int | None = None


class Matcher:
    def __init__(
        self,
        vocabulary: Vocabulary | None = None,
        *,
        concept_weight: float = 1.0,
        term_weight: float = 0.6,
        cross_lingual_term_scale: float = 0.3,
        field_weight: float = 0.15,
        breadth_bonus: float = 0.1,
        min_relevance: float = 0.03,
        rules: ComplementarityRules | None = None,
        refit_fraction: float = 0.2,
        max_concepts_shown: int = 6,
        zh_ngram_min: int = 1,
        zh_ngram_max: int = 2,
        stemming: bool = True,
    ):
        self.vocabulary = vocabulary
        self.concept_weight = concept_weight
        self.term_weight = term_weight
        self.cross_lingual_term_scale = cross_lingual_term_scale
        self.field_weight = field_weight
        self.breadth_bonus = breadth_bonus
        self.min_relevance = min_relevance
        self.rules = rules
        self.refit_fraction = refit_fraction
        self.max_concepts_shown = max_concepts_shown
        self.zh_ngram_min = zh_ngram_min
        self.zh_ngram_max = zh_ngram_max
        self.stemming = stemming

    # ---- fitting ---------------------------------------------------------------------------------
    def get_params(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in (
            "concept_weight", "term_weight", "cross_lingual_term_scale", "field_weight", "breadth_bonus",
            "min_relevance", "refit_fraction", "max_concepts_shown", "zh_ngram_min", "zh_ngram_max", "stemming")}

    def _analyze(self, text: str, lang: str | None, title: str = "") -> Analysis:
        return analyze(text, self.vocabulary, lang, title=title,
                       zh_ngrams=(self.zh_ngram_min, self.zh_ngram_max), stemming=self.stemming)

    def fit(self, institutions: list[Institution], progress=None) -> Matcher:
        """Learn the TF-IDF spaces from every capability of `institutions`; returns self."""
        self._set_institutions(institutions)
        concept_vocab = sorted(self.vocabulary.concepts) if self.vocabulary is not None else []
        # Each text becomes integer counts as soon as it is analysed: the corpus's token strings are
        # never all held at once.
        terms, concepts = CountBuilder(), CountBuilder(concept_vocab or ["_"])
        langs: list[str] = []
        F = np.zeros((len(self._caps), len(FIELD_CODES)), dtype=np.float32)
        for k, a in enumerate(self._analyses(self._caps, progress)):
            terms.add(a.terms)
            concepts.add(a.concepts)
            langs.append(a.lang)
            F[k] = self._field_row(a.concepts)
        self.term_vectorizer_, self.T_ = FrozenTfidf.fit(terms)
        self.concept_vectorizer_, self.C_ = FrozenTfidf.fit(concepts)
        self.concept_ids_ = np.array(concept_vocab or ["_"], dtype=object)
        self.cap_hash_ = [self._hash(c) for c, _ in self._caps]
        self.cap_lang_code_ = self._lang_codes(langs)
        self.F_ = self._normalized(F)
        self.n_reanalyzed_ = len(self._caps)
        self.fitted_ = True
        del self._caps  # the records themselves are not part of the fitted state (nor of the cache)
        self.__dict__.pop("_postings", None)
        return self

    def refresh(self, institutions: list[Institution], progress=None) -> Matcher:
        """Bring a fitted matcher up to date: only new or edited capabilities are analysed; the IDF
        weights are kept. Falls back to a full fit when more than `refit_fraction` changed."""
        if not getattr(self, "fitted_", False):
            return self.fit(institutions, progress)
        old_rows = {h: i for i, h in enumerate(self.cap_hash_)}
        caps = [(c, inst) for inst in institutions for c in inst.capabilities]
        hashes = [self._hash(c) for c, _ in caps]
        changed = [i for i, h in enumerate(hashes) if h not in old_rows]
        if len(changed) > self.refit_fraction * max(1, len(caps)):
            return self.fit(institutions, progress)
        self._set_institutions(institutions)
        new_analyses = list(self._analyses([caps[i] for i in changed], None))
        new_T = self.term_vectorizer_.transform([a.terms for a in new_analyses])
        new_C = self.concept_vectorizer_.transform([a.concepts for a in new_analyses])
        new_F = self._normalized(np.array([self._field_row(a.concepts) for a in new_analyses]))
        new_lang = self._lang_codes([a.lang for a in new_analyses])
        # each row of the new state comes from the old matrices or from the newly analysed rows
        n_old = len(self.cap_hash_)
        src = np.array([old_rows.get(h, -1) for h in hashes], dtype=np.int64)
        src[changed] = n_old + np.arange(len(changed))
        self.T_ = sp.csr_matrix(sp.vstack([self.T_, new_T], format="csr")[src], dtype=np.float32)
        self.C_ = sp.csr_matrix(sp.vstack([self.C_, new_C], format="csr")[src], dtype=np.float32)
        self.F_ = np.vstack([self.F_, new_F])[src]
        self.cap_lang_code_ = np.concatenate([self.cap_lang_code_, new_lang])[src].astype(np.int8)
        self.cap_hash_ = hashes
        self.n_reanalyzed_ = len(changed)
        self.__dict__.pop("_caps", None)
        self.__dict__.pop("_postings", None)
        return self

    @staticmethod
    def _hash(cap) -> str:
        key = "\x1f".join([cap.ref, cap.lang or "", cap.title, cap.description, "\x1e".join(cap.keywords),
                           "\x1e".join(cap.fields)])
        return hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()

    def _set_institutions(self, institutions: list[Institution]) -> None:
        self.inst_refs_ = [i.ref for i in institutions]
        self.inst_index_ = {r: k for k, r in enumerate(self.inst_refs_)}
        self.inst_names_ = [i.name for i in institutions]
        self.inst_country_ = np.array([i.country for i in institutions], dtype=object)
        self.inst_type_ = [i.type for i in institutions]
        self._caps = [(c, inst) for inst in institutions for c in inst.capabilities]
        self.cap_refs_ = [c.ref for c, _ in self._caps]
        self.cap_titles_ = [c.title for c, _ in self._caps]
        self.cap_kind_names_ = [c.kind for c, _ in self._caps]
        self.cap_inst_ = np.array([self.inst_index_[inst.ref] for _, inst in self._caps], dtype=np.int32)
        self.cap_kind_ = np.array([kind_code(c.kind) for c, _ in self._caps], dtype=np.int8)
        self.cap_trl_ = np.array([c.trl or 0 for c, _ in self._caps], dtype=np.int8)
        self.inst_group_ = np.array([type_group_code(t) for t in self.inst_type_], dtype=np.int8)
        self.countries_ = sorted({str(c) for c in self.inst_country_})
        self.inst_country_code_ = np.array([self.countries_.index(c) for c in self.inst_country_], dtype=np.int16)
        self.cap_country_code_ = self.inst_country_code_[self.cap_inst_] if len(self.cap_inst_) else np.zeros(0, dtype=np.int16)
        self.types_ = sorted({t or "" for t in self.inst_type_})
        self.inst_type_code_ = np.array([self.types_.index(t or "") for t in self.inst_type_], dtype=np.int16)
        declared = np.zeros((len(self._caps), len(FIELD_CODES)), dtype=bool)
        for k, (c, _) in enumerate(self._caps):
            for f in c.fields:
                if f in FIELD_CODES:
                    declared[k, FIELD_CODES.index(f)] = True
        self.cap_declared_fields_ = declared
        self.cap_group_ = self.inst_group_[self.cap_inst_] if len(self.cap_inst_) else np.array([], dtype=np.int8)
        self.inst_caps_: list[list[int]] = [[] for _ in institutions]
        for k, i in enumerate(self.cap_inst_):
            self.inst_caps_[i].append(k)
        self.cap_index_ = {r: k for k, r in enumerate(self.cap_refs_)}

    def _analyses(self, caps, progress):
        n = len(caps)
        for k, (c, _inst) in enumerate(caps):
            if progress and k % 500 == 0:
                progress(k / max(1, n), "analysing texts")
            text = "\n".join([c.description, " ; ".join(c.keywords)])
            yield self._analyze(text, c.lang or None, title=c.title)

    _LANGS = ("zh", "ru", "en")

    def _lang_codes(self, langs: list[str]) -> np.ndarray:
        return np.array([self._LANGS.index(x) if x in self._LANGS else 3 for x in langs], dtype=np.int8)

    def _field_row(self, concept_ids: list[str]) -> np.ndarray:
        row = np.zeros(len(FIELD_CODES), dtype=np.float32)
        if self.vocabulary is None or not concept_ids:
            return row
        counts: dict[str, int] = {}
        for cid in concept_ids:
            counts[cid] = counts.get(cid, 0) + 1
        for f, v in self.vocabulary.field_profile(counts).items():
            if f in FIELD_CODES:
                row[FIELD_CODES.index(f)] = v
        return row

    @staticmethod
    def _normalized(F: np.ndarray) -> np.ndarray:
        F = np.asarray(F, dtype=np.float32).reshape(-1, len(FIELD_CODES))
        norms = np.linalg.norm(F, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return F / norms

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state.pop("_postings", None)  # derived from T_ and C_; rebuilt on the first query
        return state

    def _index(self) -> tuple[Postings, Postings]:
        if "_postings" not in self.__dict__:
            self._postings = (Postings(self.C_, self.cap_country_code_), Postings(self.T_, self.cap_country_code_))
        return self._postings

    # ---- querying --------------------------------------------------------------------------------
    def _check(self) -> None:
        if not getattr(self, "fitted_", False):
            raise NotFittedError("call fit() before matching")

    def match_institution(self, ref: str, top: int = 10, filters: MatchFilters | None = None, **kw) -> list[Match]:
        """Partners for every capability of institution `ref`; the institution itself is excluded and,
        unless `filters.countries` says otherwise, only the other side (CN ↔ RU) is considered."""
        self._check()
        if ref not in self.inst_index_:
            raise KeyError(ref)
        i = self.inst_index_[ref]
        return self._match_rows(i, self.inst_caps_[i], top, replace(filters) if filters else MatchFilters(**kw))

    def match_capability(self, capability_ref: str, top: int = 10, filters: MatchFilters | None = None,
                         **kw) -> list[Match]:
        """Partners for one capability, with its institution's type, country and TRL as context."""
        self._check()
        if capability_ref not in self.cap_index_:
            raise KeyError(capability_ref)
        row = self.cap_index_[capability_ref]
        return self._match_rows(int(self.cap_inst_[row]), [row], top, replace(filters) if filters else MatchFilters(**kw))

    def _match_rows(self, i: int, rows: list[int], top: int, filters: MatchFilters) -> list[Match]:
        if not rows:
            return []
        if filters.countries is None:
            other = OTHER_SIDE.get(self.inst_country_[i])
            filters.countries = [other] if other else None
        q_T = self.T_[rows]
        q_C = self.C_[rows]
        q_F = self.F_[rows]
        q_lang = self.cap_lang_code_[rows]
        q_kind = self.cap_kind_[rows]
        q_trl = self.cap_trl_[rows]
        q_group = np.full(len(rows), self.inst_group_[i])
        q_country = self.inst_country_[i]
        return self._rank(q_T, q_C, q_F, q_lang, q_kind, q_trl, q_group, q_country, [self.cap_refs_[r] for r in rows],
                          [self.cap_titles_[r] for r in rows], self.inst_type_[i], top, filters, exclude=i)

    def match_text(self, text: str, country: str | list[str] | None = None, top: int = 10,
                   kind: str | None = None, trl: int | None = None, filters: MatchFilters | None = None,
                   **kw) -> list[Match]:
        """Partners for a free text in any of the three languages. `country` is the partner country; by
        default a Chinese text looks for Russian partners and a Russian text for Chinese ones."""
        self._check()
        filters = replace(filters) if filters else MatchFilters(**kw)  # never change the caller's object
        lang = detect_language(text) or "en"
        if country is not None:
            filters.countries = [country] if isinstance(country, str) else list(country)
        elif filters.countries is None:
            side = {"zh": "RU", "ru": "CN"}.get(lang)
            filters.countries = [side] if side else None
        a = self._analyze(text, lang)
        q_T = self.term_vectorizer_.transform([a.terms])
        q_C = self.concept_vectorizer_.transform([a.concepts])
        q_F = self._normalized(self._field_row(a.concepts))
        kind = kind or guess_role(text)
        q_country = {"zh": "CN", "ru": "RU"}.get(lang, "")
        return self._rank(q_T, q_C, q_F, self._lang_codes([lang]), np.array([kind_code(kind)]),
                          np.array([trl or 0]), np.array([3]), q_country, [None], [text], None, top, filters,
                          exclude=None, query_kind=kind)

    # ---- the ranking core --------------------------------------------------------------------------
    def _country_codes(self, countries: list[str] | None) -> list[int]:
        if not countries:
            return list(range(len(self.countries_)))
        wanted = {c.upper() for c in countries}
        return [k for k, c in enumerate(self.countries_) if c.upper() in wanted]

    def _candidate_mask(self, filters: MatchFilters, exclude: int | None) -> np.ndarray:
        n = len(self.cap_refs_)
        mask = np.ones(n, dtype=bool)
        if filters.countries:
            mask &= np.isin(self.cap_country_code_, self._country_codes(filters.countries))
        if filters.types:
            codes = [k for k, t in enumerate(self.types_) if t in filters.types]
            mask &= np.isin(self.inst_type_code_, codes)[self.cap_inst_]
        if filters.kinds:
            mask &= np.isin(self.cap_kind_, [kind_code(k) for k in filters.kinds])
        lo = filters.trl_min or 1
        hi = filters.trl_max or 9
        if lo > 1 or hi < 9:
            mask &= (self.cap_trl_ >= lo) & (self.cap_trl_ <= hi)
        if filters.fields:
            cols = [FIELD_CODES.index(f) for f in set(filters.fields) if f in FIELD_CODES]
            if cols:
                mask &= (self.F_[:, cols] >= 0.5).any(axis=1) | self.cap_declared_fields_[:, cols].any(axis=1)
            else:
                mask[:] = False
        if exclude is not None:
            mask &= self.cap_inst_ != exclude
        return mask

    def _rank(self, q_T, q_C, q_F, q_lang, q_kind, q_trl, q_group, q_country, q_refs, q_titles, q_type,
              top, filters, exclude, query_kind: str | None = None) -> list[Match]:
        mask = self._candidate_mask(filters, exclude)
        cand = np.flatnonzero(mask)
        if cand.size == 0:
            return []
        # Cosines through the inverted index: only capabilities sharing a feature, only on the searched side.
        concept_index, term_index = self._index()
        groups = self._country_codes(filters.countries)
        cos_c = concept_index.cosine(q_C, groups)[:, cand]
        cos_t = term_index.cosine(q_T, groups)[:, cand]
        same = q_lang[:, None] == self.cap_lang_code_[cand][None, :]
        tw = np.where(same, self.term_weight, self.term_weight * self.cross_lingual_term_scale).astype(np.float32)
        rel = (self.concept_weight * cos_c + tw * cos_t) / (self.concept_weight + tw)
        if self.field_weight:
            fsim = q_F @ self.F_[cand].T
            # the field profile also ranks partners that share no exact concept but work in the same field
            rel = (1 - self.field_weight) * rel + self.field_weight * fsim
        rel = np.clip(rel, 0, 1)
        rules = self.rules or ComplementarityRules()
        kmat, tmat = rules.kind_matrix(), rules.type_matrix()
        cap_group = self.cap_group_[cand]
        cap_trl = self.cap_trl_[cand]
        comp = kmat[q_kind[:, None], self.cap_kind_[cand][None, :]]
        comp = comp * tmat[q_group[:, None], cap_group[None, :]]
        trl = np.vstack([trl_factor(rules, q_trl[j], int(q_group[j]), cap_trl, cap_group) for j in range(len(q_refs))])
        comp = comp * trl
        if q_country in self.countries_:
            same_side = self.cap_country_code_[cand] == self.countries_.index(q_country)
            comp = comp * np.where(same_side, rules.same_country, 1.0)
        score = rel * comp
        score[rel < self.min_relevance] = 0.0
        # best query row per candidate capability, then the best institutions (see ranking.py)
        best_q = score.argmax(axis=0)
        cap_score = score[best_q, np.arange(cand.size)]
        ranked = top_groups(cap_score, self.cap_inst_[cand], top, self.breadth_bonus)
        ranked.sort(key=lambda x: (-x[0], self.inst_refs_[x[1]]))
        out = []
        for rank, (s, inst, ks) in enumerate(ranked[:top], 1):
            cms = []
            for k in ks:
                j = int(best_q[k])
                ci = int(cand[k])
                cms.append(CapabilityMatch(
                    query_ref=q_refs[j], capability_ref=self.cap_refs_[ci], relevance=float(rel[j, k]),
                    complementarity=float(comp[j, k]), score=float(cap_score[k]),
                    shared_concepts=self._shared_concepts(q_C, j, ci),
                    shared_terms=self._shared_terms(q_T, j, ci),
                ))
            best_k = ks[0]
            j = int(best_q[best_k])
            ci = int(cand[best_k])
            qk = query_kind if q_refs[0] is None else self.cap_kind_names_[self.cap_index_[q_refs[j]]]
            m = Match(
                institution_ref=self.inst_refs_[inst], institution_name=self.inst_names_[inst],
                country=str(self.inst_country_[inst]), type=self.inst_type_[inst], score=s,
                capability_ref=self.cap_refs_[ci], capability_matches=cms, rank=rank,
            )
            m.reasons = self._reasons(m, qk, q_type, int(q_trl[j]), q_titles[j], ci)
            out.append(m)
        return out

    def _shared_concepts(self, q_C, j: int, ci: int) -> list[SharedConcept]:
        if self.vocabulary is None:
            return []
        out = []
        for col, w in row_overlap(q_C, j, self.C_, ci)[: self.max_concepts_shown]:
            concept = self.vocabulary.concepts.get(self.concept_ids_[col])
            if concept is None:
                continue
            terms = {lang: concept.preferred(lang) for lang in ("zh", "ru", "en")}
            out.append(SharedConcept(concept.id, terms, w))
        return out

    def _shared_terms(self, q_T, j: int, ci: int) -> list[str]:
        names = self.term_vectorizer_.feature_names()
        return [str(names[c]) for c, _ in row_overlap(q_T, j, self.T_, ci) if len(str(names[c])) > 1][:6]

    def _reasons(self, m: Match, q_kind: str | None, q_type: str | None, q_trl: int, q_title: str, ci: int) -> list[Reason]:
        best = m.capability_matches[0]
        langs = ("zh", "ru", "en", "en")
        reasons = []
        if best.shared_concepts:
            q_lang = langs[self.cap_lang_code_[self.cap_index_[best.query_ref]]] if best.query_ref else None
            c_lang = langs[self.cap_lang_code_[ci]]
            q_lang = q_lang or (detect_language(q_title) or "en")
            labels = [c.label(q_lang, c_lang) for c in best.shared_concepts]
            reasons.append(Reason("concepts", "shared concepts: " + "; ".join(labels),
                                  {"concepts": [{"id": c.id, **c.terms} for c in best.shared_concepts]}))
        elif best.shared_terms:
            reasons.append(Reason("terms", "shared terms: " + ", ".join(best.shared_terms), {"terms": best.shared_terms}))
        kind = self.cap_kind_names_[ci]
        trl = int(self.cap_trl_[ci]) or None
        cap_desc = f"«{self.cap_titles_[ci]}» ({kind}{f', TRL {trl}' if trl else ''})"
        if best.query_ref:
            reasons.append(Reason("capability", f"matched capability: {cap_desc} ↔ «{q_title}»",
                                  {"capability_ref": best.capability_ref, "query_ref": best.query_ref}))
        else:
            reasons.append(Reason("capability", f"matched capability: {cap_desc}", {"capability_ref": best.capability_ref}))
        reasons.append(Reason("kinds", describe_kinds(q_kind, kind), {"query_kind": q_kind, "partner_kind": kind}))
        t = describe_types(q_type, m.type)
        if t:
            reasons.append(Reason("types", t, {"query_type": q_type, "partner_type": m.type}))
        r = describe_trl(q_trl or None, q_type, trl, m.type)
        if r:
            reasons.append(Reason("trl", r, {"query_trl": q_trl or None, "partner_trl": trl}))
        prof = self.F_[ci]
        if prof.any():
            top_field = FIELD_CODES[int(prof.argmax())]
            reasons.append(Reason("field", f"field: {field_label(top_field)}", {"field": top_field}))
        if len(m.capability_matches) > 1:
            reasons.append(Reason("breadth", f"{len(m.capability_matches)} matching capabilities",
                                  {"count": len(m.capability_matches)}))
        return reasons
