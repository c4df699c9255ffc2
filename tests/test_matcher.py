"""The Matcher over the real vocabulary: complementarity rules on small hand-made corpora, the query API
and its filters on the demo portfolio, and the on-disk engine cache of app.services.matching."""

from __future__ import annotations

import pickle
import shutil

import pytest

from app.config import cache_dir_for
from app.services import matching as service
from database import Store
from matching.complementarity import ComplementarityRules
from matching.matcher import Matcher, MatchFilters, NotFittedError
from matching.types import Capability, Institution

SC_RU = ("Сверхпроводящие материалы",
         "Разработка сверхпроводящих материалов и сверхпроводящих кабелей для энергетики.", "ru")
SC_EN = ("Superconducting materials",
         "Development of superconducting materials and superconducting cables for power grids.", "en")
SC_ZH_NEED = "寻求超导材料及超导电缆技术"


def make(ref: str, country: str, type_: str, *caps: tuple) -> Institution:
    """caps: (kind, (title, description, lang), trl) triples."""
    return Institution(ref, ref.upper(), country, type_, capabilities=[
        Capability(f"{ref}-{k}", kind, text[0], text[2], text[1], trl=trl, institution_ref=ref)
        for k, (kind, text, trl) in enumerate(caps)])


def scores(matches) -> dict[str, float]:
    return {m.institution_ref: m.score for m in matches}


@pytest.fixture(scope="module")
def vocab(request):
    # loaded once per session and shared with the other modules (same loader as load_default_vocabulary)
    v = getattr(request.config, "_qiaomost_vocabulary", None)
    if v is None:
        v = request.config._qiaomost_vocabulary = service.load_default_vocabulary()
    return v


@pytest.fixture(scope="module")
def demo(_demo_db_master, tmp_path_factory, vocab):
    """(fitted matcher, institutions by ref) over a private copy of the demo database."""
    path = tmp_path_factory.mktemp("matcher") / "demo.db"
    shutil.copy(_demo_db_master, path)
    with Store(path) as s:
        insts = s.institutions.all()
    return Matcher(vocabulary=vocab).fit(insts), {i.ref: i for i in insts}


def cap_by_ref(insts: dict[str, Institution]) -> dict[str, Capability]:
    return {c.ref: c for i in insts.values() for c in i.capabilities}


# ---- complementarity rules, each isolated on a hand-made corpus ------------------------------------


def test_need_to_offer_beats_need_to_need_for_the_same_text(vocab):
    corpus = [
        make("cn-q", "CN", "enterprise", ("need", ("超导材料", SC_ZH_NEED, "zh"), None)),
        make("ru-offer", "RU", "research_institute", ("offer", SC_RU, None)),
        make("ru-need", "RU", "research_institute", ("need", SC_RU, None)),
    ]
    m = Matcher(vocabulary=vocab).fit(corpus)
    rules = ComplementarityRules()
    expected = rules.kind_weights[("need", "need")] / rules.kind_weights[("need", "offer")]
    s = scores(m.match_institution("cn-q"))
    assert s["ru-offer"] > s["ru-need"] > 0
    assert s["ru-need"] / s["ru-offer"] == pytest.approx(expected, rel=1e-4)
    # the free-text path guesses "need" from 寻求 and applies the same rule
    t = scores(m.match_text(SC_ZH_NEED))
    assert t["ru-need"] / t["ru-offer"] == pytest.approx(expected, rel=1e-4)
    assert scores(m.match_text(SC_ZH_NEED, kind="offer"))["ru-need"] > scores(m.match_text(SC_ZH_NEED, kind="offer"))["ru-offer"]


def test_research_result_scores_higher_with_an_enterprise_than_with_another_institute(vocab):
    corpus = [
        make("cn-inst", "CN", "research_institute", ("offer", ("超导材料", "提供超导材料及超导电缆技术", "zh"), None)),
        make("ru-firm", "RU", "enterprise", ("need", SC_RU, None)),
        make("ru-inst", "RU", "research_institute", ("need", SC_RU, None)),
    ]
    m = Matcher(vocabulary=vocab).fit(corpus)
    rules = ComplementarityRules()
    s = scores(m.match_institution("cn-inst"))
    assert s["ru-firm"] > s["ru-inst"]
    expected = rules.type_weights[("research", "research")] / rules.type_weights[("research", "industry")]
    assert s["ru-inst"] / s["ru-firm"] == pytest.approx(expected, rel=1e-4)
    reasons = {m.institution_ref: [r.code for r in m.reasons] for m in m.match_institution("cn-inst")}
    assert "types" in reasons["ru-firm"] and "types" not in reasons["ru-inst"]


def test_trl_factor_prefers_a_result_ready_for_transfer_and_discounts_two_mature_products(vocab):
    corpus = [
        make("cn-firm", "CN", "enterprise", ("need", ("超导材料", SC_ZH_NEED, "zh"), None)),
        make("ru-trl4", "RU", "research_institute", ("offer", SC_RU, 4)),
        make("ru-trl8", "RU", "research_institute", ("offer", SC_RU, 8)),
        make("ru-notrl", "RU", "research_institute", ("offer", SC_RU, None)),
        make("cn-mature", "CN", "enterprise", ("offer", ("超导材料", "提供成熟的超导材料产品", "zh"), 8)),
        make("ru-mature", "RU", "enterprise", ("need", SC_RU, 8)),
        make("ru-open", "RU", "enterprise", ("need", SC_RU, None)),
    ]
    m = Matcher(vocabulary=vocab).fit(corpus)
    rules = ComplementarityRules()
    s = scores(m.match_institution("cn-firm", filters=MatchFilters(countries=["RU"], kinds=["offer"])))
    assert s["ru-trl4"] > s["ru-trl8"]
    assert s["ru-trl8"] == pytest.approx(s["ru-notrl"], rel=1e-4)
    assert s["ru-trl8"] / s["ru-trl4"] == pytest.approx(rules.trl_neutral / rules.trl_transfer, rel=1e-4)
    s = scores(m.match_institution("cn-mature", filters=MatchFilters(countries=["RU"], kinds=["need"])))
    assert s["ru-mature"] / s["ru-open"] == pytest.approx(rules.trl_both_mature / rules.trl_neutral, rel=1e-4)


def test_same_country_partner_is_penalised_when_allowed_at_all(vocab):
    corpus = [
        make("cn-q", "CN", "research_institute", ("need", ("超导材料", SC_ZH_NEED, "zh"), None)),
        make("cn-firm", "CN", "enterprise", ("offer", SC_EN, None)),
        make("ru-firm", "RU", "enterprise", ("offer", SC_EN, None)),
    ]
    m = Matcher(vocabulary=vocab).fit(corpus)
    assert set(scores(m.match_institution("cn-q"))) == {"ru-firm"}  # default: the other side only
    s = scores(m.match_institution("cn-q", filters=MatchFilters(countries=["CN", "RU"])))
    assert s["cn-firm"] / s["ru-firm"] == pytest.approx(ComplementarityRules().same_country, rel=1e-4)
    t = scores(m.match_text(SC_ZH_NEED, country=["CN", "RU"]))  # a Chinese text counts as a Chinese query
    assert t["cn-firm"] / t["ru-firm"] == pytest.approx(ComplementarityRules().same_country, rel=1e-4)
    # the weight is a parameter, not a constant
    m2 = Matcher(vocabulary=vocab, rules=ComplementarityRules(same_country=0.5)).fit(corpus)
    s2 = scores(m2.match_institution("cn-q", filters=MatchFilters(countries=["CN", "RU"])))
    assert s2["cn-firm"] / s2["ru-firm"] == pytest.approx(0.5, rel=1e-4)


# ---- the API --------------------------------------------------------------------------------------


def test_fit_returns_self_and_counts_what_it_analysed(vocab):
    corpus = [make("cn-a", "CN", "university", ("need", ("超导材料", SC_ZH_NEED, "zh"), None)),
              make("ru-b", "RU", "enterprise", ("offer", SC_RU, None), ("research", SC_EN, 3))]
    m = Matcher(vocabulary=vocab)
    assert m.fit(corpus) is m
    assert m.fitted_ and m.n_reanalyzed_ == 3


def test_unfitted_matcher_raises_not_fitted(vocab):
    m = Matcher(vocabulary=vocab)
    with pytest.raises(NotFittedError):
        m.match_text(SC_ZH_NEED)
    with pytest.raises(NotFittedError):
        m.match_institution("cn-a")


def test_unknown_institution_is_a_key_error(demo):
    m, _ = demo
    with pytest.raises(KeyError):
        m.match_institution("xx-nowhere")


def test_chinese_need_finds_russian_partners_with_bilingual_concept_reason(vocab):
    corpus = [
        make("cn-q", "CN", "enterprise", ("need", ("超导材料", SC_ZH_NEED, "zh"), None)),
        make("cn-other", "CN", "enterprise", ("offer", ("超导材料", "提供超导材料", "zh"), None)),
        make("ru-a", "RU", "research_institute", ("offer", SC_RU, 5)),
        make("ru-unrelated", "RU", "university", ("offer", ("Селекция пшеницы", "Новые сорта озимой пшеницы.", "ru"), None)),
    ]
    m = Matcher(vocabulary=vocab).fit(corpus)
    found = m.match_text("寻求高性能超导材料的制备技术")
    assert [x.institution_ref for x in found] == ["ru-a"]
    concept = vocab.concepts["materials.superconductor"]
    label = f"{concept.preferred('zh')} ↔ {concept.preferred('ru')}"
    concept_reason = next(r for r in found[0].reasons if r.code == "concepts")
    assert label in concept_reason.text
    assert {"id": concept.id, "zh": concept.preferred("zh"), "ru": concept.preferred("ru"),
            "en": concept.preferred("en")} in concept_reason.data["concepts"]
    kinds = next(r for r in found[0].reasons if r.code == "kinds")
    assert kinds.data == {"query_kind": "need", "partner_kind": "offer"}


def test_demo_chinese_text_finds_russian_partners_and_russian_text_chinese_ones(demo):
    m, _ = demo
    zh = m.match_text("寻求量子通信与量子密钥分发技术", top=10)
    ru = m.match_text("Ищем партнёра по квантовым коммуникациям и квантовому распределению ключей", top=10)
    assert zh and all(x.country == "RU" for x in zh)
    assert ru and all(x.country == "CN" for x in ru)
    # the top answers share a vocabulary concept with the query, named in both languages
    assert zh[0].reasons[0].code == "concepts" and "↔" in zh[0].reasons[0].text
    assert m.match_text("寻求量子通信与量子密钥分发技术", country="CN", top=5)[0].country == "CN"


def test_match_institution_excludes_itself_and_defaults_to_the_other_country(demo):
    m, insts = demo
    for ref, other in (("ru-msu", "CN"), ("cn-hit", "RU")):
        found = m.match_institution(ref, top=1000)
        assert found and {x.country for x in found} == {other}
        assert ref not in {x.institution_ref for x in found}
    both = m.match_institution("ru-msu", top=1000, filters=MatchFilters(countries=["CN", "RU"]))
    assert {x.country for x in both} == {"CN", "RU"}
    assert "ru-msu" not in {x.institution_ref for x in both}


def test_results_are_scored_in_0_1_sorted_ranked_and_one_per_institution(demo):
    m, _ = demo
    for found in (m.match_institution("cn-hit", top=1000), m.match_text("Разработка сверхпроводящих кабелей", top=50)):
        assert len(found) > 5
        s = [x.score for x in found]
        assert all(0 < v <= 1 for v in s)
        assert s == sorted(s, reverse=True)
        assert [x.rank for x in found] == list(range(1, len(found) + 1))
        refs = [x.institution_ref for x in found]
        assert len(refs) == len(set(refs))
        for x in found:  # the headline capability belongs to the institution and is its best pair
            assert x.capability_ref == x.capability_matches[0].capability_ref
            assert x.capability_ref.startswith(x.institution_ref)
            assert x.score >= x.capability_matches[0].score
    assert len(m.match_institution("cn-hit", top=3)) == 3


def _restricts(m, ref, **flt):
    everything = m.match_institution(ref, top=1000)
    filtered = m.match_institution(ref, top=1000, filters=MatchFilters(**flt))
    assert filtered, flt
    assert {x.institution_ref for x in filtered} < {x.institution_ref for x in everything}, flt
    return filtered


def test_filter_by_country(demo):
    m, _ = demo
    found = m.match_institution("ru-msu", top=1000, filters=MatchFilters(countries=["RU"]))
    assert found and {x.country for x in found} == {"RU"}


def test_filter_by_type(demo):
    m, insts = demo
    found = _restricts(m, "cn-hit", types=["enterprise", "tech_park"])
    assert {x.type for x in found} <= {"enterprise", "tech_park"}
    assert all(insts[x.institution_ref].type == x.type for x in found)


def test_filter_by_kind(demo):
    m, insts = demo
    caps = cap_by_ref(insts)
    found = _restricts(m, "cn-hit", kinds=["need"])
    assert all(caps[cm.capability_ref].kind == "need" for x in found for cm in x.capability_matches)


def test_filter_by_trl_range(demo):
    m, insts = demo
    caps = cap_by_ref(insts)
    found = _restricts(m, "cn-hit", trl_min=3, trl_max=6)
    assert all(caps[cm.capability_ref].trl is not None and 3 <= caps[cm.capability_ref].trl <= 6
               for x in found for cm in x.capability_matches)
    only_mature = _restricts(m, "cn-hit", trl_min=8)
    assert all(caps[cm.capability_ref].trl >= 8 for x in only_mature for cm in x.capability_matches)


def test_filter_by_field(demo, vocab):
    m, insts = demo
    caps = cap_by_ref(insts)
    found = _restricts(m, "cn-hit", fields=["energy"])
    for x in found:
        for cm in x.capability_matches:
            c = caps[cm.capability_ref]
            # declared by the author, or derived from the energy concepts its text mentions
            derived = {f for cid in vocab.concept_counts(c.text) for f in vocab.concepts[cid].fields}
            assert "energy" in c.fields or "energy" in derived, c.ref


def test_reusing_a_filters_object_gives_the_same_answers(demo):
    m, _ = demo
    filters = MatchFilters()
    m.match_institution("cn-hit", top=5, filters=filters)
    found = m.match_institution("ru-msu", top=5, filters=filters)
    assert {x.country for x in found} == {"CN"}


# ---- the engine cache next to the database ---------------------------------------------------------


def _cache_file(db_path):
    return cache_dir_for(db_path) / "matcher.pkl"


def test_cache_is_written_reused_and_refreshed_incrementally(demo_store, demo_db_path, vocab, monkeypatch):
    monkeypatch.setattr(service, "load_default_vocabulary", lambda: vocab)  # loaded once per module
    first = service.get_matcher(demo_store, demo_db_path)
    cache = _cache_file(demo_db_path)
    assert cache.is_file() and cache.parent.parent == demo_db_path.parent
    n_caps = demo_store.capabilities.count()
    assert first.n_reanalyzed_ == n_caps
    stamp = cache.stat().st_mtime_ns
    payload = pickle.loads(cache.read_bytes())
    assert payload["revision"] == demo_store.revision()

    second = service.get_matcher(demo_store, demo_db_path)
    assert cache.stat().st_mtime_ns == stamp  # nothing rewritten
    assert second.n_reanalyzed_ == n_caps and second.fitted_

    query = "寻求养蜂技术与蜂产品加工"
    before = second.match_text(query, top=20)
    inst = demo_store.institutions.get("ru-msu")
    edited = inst.capabilities[0]
    assert all(x.capability_ref != edited.ref for x in before)
    edited.title = "Пчеловодство и продукты пчеловодства"
    edited.description = "Технологии пчеловодства: переработка продуктов пчеловодства, пчелиный мед, пасека."
    with demo_store.transaction():
        demo_store.institutions.save(inst)

    third = service.get_matcher(demo_store, demo_db_path)
    assert third.n_reanalyzed_ == 1
    assert pickle.loads(cache.read_bytes())["revision"] == demo_store.revision()
    after = third.match_text(query, top=5)
    assert after[0].institution_ref == "ru-msu" and after[0].capability_ref == edited.ref
    assert "agri.beekeeping" in {c.id for c in after[0].capability_matches[0].shared_concepts}
    # and the service answers from the refreshed cache too
    via_service = service.run_match(demo_store, demo_db_path, service.MatchRequest(text=query, top=1))
    assert via_service[0].institution_ref == "ru-msu"


TINY_VOCAB = """\
[materials.superconductor]
field: materials
zh: 超导材料 | 超导
ru: сверхпроводящие материалы | сверхпроводник
en: superconducting material | superconductor
"""


@pytest.fixture
def small(store, db_path, tmp_path, monkeypatch):
    """A three-institution store and a private vocabulary folder the service reads instead of resources/."""
    res = tmp_path / "res"
    (res / "vocabulary").mkdir(parents=True)
    (res / "vocabulary" / "a.txt").write_text(TINY_VOCAB, encoding="utf-8")
    monkeypatch.setattr(service, "resource", lambda *parts: res.joinpath(*parts))
    with store.transaction():
        store.institutions.save(make("cn-q", "CN", "enterprise", ("need", ("超导材料", SC_ZH_NEED, "zh"), None)))
        store.institutions.save(make("ru-a", "RU", "research_institute", ("offer", SC_RU, 4)))
        store.institutions.save(make("ru-b", "RU", "enterprise",
                                     ("need", ("Пчеловодство", "Технологии пчеловодства и пасеки.", "ru"), None)))
    return store, db_path, res / "vocabulary"


def test_vocabulary_change_rebuilds_the_engine(small):
    store, db_path, vocab_dir = small
    first = service.get_matcher(store, db_path)
    assert set(first.vocabulary.concepts) == {"materials.superconductor"}
    (vocab_dir / "b.txt").write_text(
        "[agri.beekeeping]\nfield: agri\nzh: 养蜂 | 蜂产品\nru: пчеловодство\nen: beekeeping\n", encoding="utf-8")
    second = service.get_matcher(store, db_path)
    assert second is not first and "agri.beekeeping" in second.vocabulary.concepts
    assert second.n_reanalyzed_ == 3  # a full fit: every capability analysed again
    assert pickle.loads(_cache_file(db_path).read_bytes())["vocab"] == service._vocab_stamp()
    found = second.match_text("寻求养蜂技术")
    assert found[0].institution_ref == "ru-b"


@pytest.mark.parametrize("garbage", [b"", b"not a pickle at all", pickle.dumps({"version": -1, "matcher": None}),
                                     pickle.dumps(["a", "list"])])
def test_corrupt_or_foreign_cache_is_rebuilt_not_a_crash(small, garbage):
    store, db_path, _ = small
    cache = _cache_file(db_path)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(garbage)
    m = service.get_matcher(store, db_path)
    assert m.fitted_ and m.n_reanalyzed_ == 3
    assert m.match_institution("cn-q")[0].institution_ref == "ru-a"
    payload = pickle.loads(cache.read_bytes())
    assert payload["revision"] == store.revision() and payload["matcher"].fitted_
