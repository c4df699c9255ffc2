"""The engine's fast paths against plain computations: streaming TF-IDF vs scikit-learn's vectorizer,
the inverted index vs a dense product, the pruned top-institution selection vs scoring every group."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from app.services import matching as service
from database import Store
from matching.matcher import Matcher
from matching.postings import Postings, row_overlap
from matching.ranking import top_groups
from matching.tfidf import CountBuilder, FrozenTfidf


@pytest.fixture(scope="module")
def demo_matcher(_demo_db_master, tmp_path_factory, request):
    vocab = getattr(request.config, "_qiaomost_vocabulary", None)
    if vocab is None:
        vocab = request.config._qiaomost_vocabulary = service.load_default_vocabulary()
    path = tmp_path_factory.mktemp("matcher-index") / "demo.db"
    path.write_bytes(_demo_db_master.read_bytes())
    with Store(path) as s:
        return Matcher(vocabulary=vocab).fit(s.institutions.all())


DOCS = [
    ["超导", "带材", "超导", "制备"],
    ["сверхпровод", "лент", "сверхпровод"],
    ["superconductor", "tape", "超导"],
    [],
    ["带材", "tape", "tape", "tape"],
]


def _by_name(X: sp.csr_matrix, vocabulary: dict[str, int]) -> dict[tuple[int, str], float]:
    names = {j: t for t, j in vocabulary.items()}
    coo = X.tocoo()
    return {(int(r), names[int(c)]): float(v) for r, c, v in zip(coo.row, coo.col, coo.data, strict=True)}


def test_streamed_counts_give_scikit_learns_tfidf():
    counts = CountBuilder()
    for d in DOCS:
        counts.add(d)
    frozen, X = FrozenTfidf.fit(counts)
    ref = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True)
    R = ref.fit_transform(DOCS)
    ours, theirs = _by_name(X, frozen.vocabulary_), _by_name(R, ref.vocabulary_)
    assert ours.keys() == theirs.keys()
    for key, v in theirs.items():
        assert ours[key] == pytest.approx(v, rel=1e-5)
    # transforming the training documents with the frozen weights gives the fitted rows back
    np.testing.assert_allclose(frozen.transform(DOCS).toarray(), X.toarray(), rtol=1e-5)


def test_fixed_vocabulary_ignores_unknown_tokens_and_keeps_column_order():
    counts = CountBuilder(["b", "a"])
    counts.add(["a", "x", "a"])
    counts.add(["x"])
    M = counts.matrix().toarray()
    assert M.tolist() == [[0, 2], [0, 0]]
    assert counts.vocabulary == {"b": 0, "a": 1}


def _random_csr(rng, n, m, density=0.05):
    X = sp.random(n, m, density=density, format="csr", random_state=rng, dtype=np.float32)
    X.sum_duplicates()
    norms = np.sqrt(X.multiply(X).sum(axis=1)).A.ravel()
    norms[norms == 0] = 1
    return sp.csr_matrix(sp.diags(1 / norms) @ X, dtype=np.float32)


def test_inverted_index_cosine_equals_the_dense_product_on_the_chosen_groups():
    rng = np.random.default_rng(3)
    X = _random_csr(rng, 300, 80)
    group = rng.integers(0, 3, size=300).astype(np.int16)
    Q = _random_csr(rng, 4, 80, density=0.2)
    index = Postings(X, group)
    dense = (Q @ X.T).toarray()
    for groups in ([0], [1, 2], [0, 1, 2], []):
        got = index.cosine(Q, groups)
        want = np.where(np.isin(group, groups)[None, :], dense, 0)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)
    assert not index.cosine(sp.csr_matrix((2, 80), dtype=np.float32), [0, 1, 2]).any()


def test_row_overlap_lists_shared_features_by_product_weight():
    rng = np.random.default_rng(5)
    X = _random_csr(rng, 50, 40, density=0.3)
    Q = _random_csr(rng, 3, 40, density=0.4)
    for j in range(3):
        for i in range(50):
            prod = Q[j].multiply(X[i]).tocoo()
            want = sorted(zip(prod.col.tolist(), prod.data.tolist(), strict=True), key=lambda x: -x[1])
            got = row_overlap(Q, j, X, i)
            assert [c for c, _ in got] == [c for c, _ in want]
            np.testing.assert_allclose([w for _, w in got], [w for _, w in want], rtol=1e-6)


def _brute_top_groups(score, group, top, bonus, per_group=3):
    out = {}
    for g in np.unique(group):
        idx = np.flatnonzero((group == g) & (score > 0))
        if idx.size == 0:
            continue
        idx = idx[np.argsort(-score[idx], kind="stable")][:per_group]
        out[int(g)] = (min(1.0, float(score[idx[0]]) + bonus * float(score[idx[1:]].sum())), idx.tolist())
    ranked = sorted(out.items(), key=lambda kv: (-kv[1][0], kv[0]))[:top]
    return [(g, s, items) for g, (s, items) in ranked]


@pytest.mark.parametrize("seed", range(25))
def test_pruned_top_groups_equal_scoring_every_group(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    group = np.sort(rng.integers(0, max(1, n // 3), size=n))
    score = rng.random(n).astype(np.float32)
    score[rng.random(n) < 0.4] = 0  # many non-matches
    if seed % 5 == 0:
        score = np.round(score, 1)  # plenty of ties
    top, bonus = int(rng.integers(1, 15)), float(rng.choice([0.0, 0.1, 0.5]))
    got = top_groups(score, group, top, bonus)
    got = sorted(got, key=lambda x: (-x[0], x[1]))[:top]
    want = _brute_top_groups(score, group, top, bonus)
    assert [g for _, g, _ in got] == [g for g, _, _ in want]
    for (s, _, items), (_, ws, witems) in zip(got, want, strict=True):
        assert s == pytest.approx(ws, rel=1e-6)
        assert items.tolist() == witems


def test_top_groups_edge_cases():
    assert top_groups(np.zeros(5, dtype=np.float32), np.arange(5), 3, 0.1) == []
    assert top_groups(np.ones(3, dtype=np.float32), np.arange(3), 0, 0.1) == []
    with pytest.raises(ValueError, match="grouped"):
        top_groups(np.ones(3, dtype=np.float32), np.array([1, 0, 1]), 2, 0.1)


def test_pruned_ranking_is_the_head_of_the_full_ranking(demo_matcher):
    m = demo_matcher
    for text in ("寻求高温超导带材制备技术与设备", "Ищем партнёра для промышленного производства литий-ионных аккумуляторов"):
        full = m.match_text(text, top=10_000)
        assert len(full) > 20
        for top in (1, 5, 10):
            head = m.match_text(text, top=top)
            assert [x.institution_ref for x in head] == [x.institution_ref for x in full[:top]]
            assert [x.score for x in head] == pytest.approx([x.score for x in full[:top]])
    ref = m.inst_refs_[0]
    full = m.match_institution(ref, top=10_000)
    assert [x.institution_ref for x in m.match_institution(ref, top=7)] == [x.institution_ref for x in full[:7]]


def test_inverted_index_is_not_pickled_and_is_rebuilt_after_loading(demo_matcher):
    text = "寻求高温超导带材制备技术"
    before = demo_matcher.match_text(text, top=5)
    assert "_postings" in demo_matcher.__dict__
    blob = pickle.dumps(demo_matcher)
    loaded = pickle.loads(blob)
    assert "_postings" not in loaded.__dict__
    after = loaded.match_text(text, top=5)
    assert [(x.institution_ref, x.score) for x in after] == [(x.institution_ref, x.score) for x in before]


def test_refresh_keeps_unchanged_rows_and_analyses_only_the_edited_and_added(_demo_db_master, tmp_path, request):
    from dataclasses import replace

    from matching.types import Capability

    vocab = getattr(request.config, "_qiaomost_vocabulary", None) or service.load_default_vocabulary()
    path = tmp_path / "demo.db"
    path.write_bytes(_demo_db_master.read_bytes())
    with Store(path) as s:
        insts = s.institutions.all()
    m = Matcher(vocabulary=vocab).fit(insts)
    old = {ref: (m.T_[k].toarray(), m.C_[k].toarray(), m.F_[k].copy()) for k, ref in enumerate(m.cap_refs_)}
    ru = next(i for i in insts if i.country == "RU" and len(i.capabilities) >= 2)
    edited_ref, dropped_ref = ru.capabilities[0].ref, ru.capabilities[1].ref
    new_cap = Capability(ref="ru-new-cap", kind="offer", title="Сверхпроводящие ленты ВТСП второго поколения",
                         lang="ru", description="Производство сверхпроводящих лент для токоограничителей.")
    edited = replace(ru.capabilities[0], description="Лазерная сварка титановых сплавов для авиации.")
    changed = replace(ru, capabilities=[edited, *ru.capabilities[2:], new_cap])
    insts2 = [changed if i.ref == ru.ref else i for i in insts]
    m.refresh(insts2)
    assert m.n_reanalyzed_ == 2
    assert dropped_ref not in m.cap_refs_ and "ru-new-cap" in m.cap_refs_
    for k, ref in enumerate(m.cap_refs_):
        if ref in (edited_ref, "ru-new-cap"):
            continue
        T, C, F = old[ref]
        np.testing.assert_array_equal(m.T_[k].toarray(), T)
        np.testing.assert_array_equal(m.C_[k].toarray(), C)
        np.testing.assert_array_equal(m.F_[k], F)
    hits = m.match_text("寻求第二代高温超导带材", top=50)
    assert any(cm.capability_ref == "ru-new-cap" for x in hits for cm in x.capability_matches)
    assert not np.array_equal(m.C_[m.cap_refs_.index(edited_ref)].toarray(), old[edited_ref][1])
