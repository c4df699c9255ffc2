"""Matching quality on the labelled evaluation set (tests/eval/queries.jsonl) over the demo corpus.

Prints recall@1/5/10 and MRR per direction for the engine, for engine variants (ablations and analyser
choices), and for two baselines computed in the same run over the same texts: plain character-n-gram
TF-IDF and BM25. Compares the engine with the saved baseline file and, with --save, updates it.

    .venv/bin/python benchmarks/eval_matching.py            # print, compare with benchmarks/eval_baseline.json
    .venv/bin/python benchmarks/eval_matching.py --save     # also store these numbers as the new baseline
    .venv/bin/python benchmarks/eval_matching.py --failures # list the queries whose partner is not in the top 5
    .venv/bin/python benchmarks/eval_matching.py --queries tests/eval/heldout.jsonl   # the held-out set
                                                            # (its own baseline: eval_baseline_heldout.json)
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from app.services.interchange import read_json  # noqa: E402
from app.services.matching import load_default_vocabulary  # noqa: E402
from matching.matcher import Matcher  # noqa: E402
from matching.text import han_ngrams, normalize, word_stems  # noqa: E402

QUERIES = ROOT / "tests" / "eval" / "queries.jsonl"
BASELINE = ROOT / "benchmarks" / "eval_baseline.json"


def load_corpus():
    insts = []
    for p in sorted((ROOT / "resources" / "demo").glob("*.json")):
        insts += read_json(p).institutions
    return insts


def load_queries(path: Path = QUERIES):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def baseline_file(queries: Path) -> Path:
    return BASELINE if queries.resolve() == QUERIES.resolve() else BASELINE.with_name(f"eval_baseline_{queries.stem}.json")


def metrics(ranked_lists, queries):
    out = {}
    for direction in ("cn->ru", "ru->cn", "all"):
        sel = [(r, q) for r, q in zip(ranked_lists, queries, strict=True) if direction == "all" or q["direction"] == direction]
        if not sel:
            continue
        rr, hits = [], Counter()
        for ranked, q in sel:
            exp = set(q["expected"])
            rank = next((i for i, ref in enumerate(ranked, 1) if ref in exp), None)
            rr.append(1 / rank if rank else 0.0)
            for k in (1, 5, 10):
                hits[k] += bool(rank and rank <= k)
        n = len(sel)
        out[direction] = {"n": n, "r@1": hits[1] / n, "r@5": hits[5] / n, "r@10": hits[10] / n, "mrr": sum(rr) / n}
    return out


def engine_rankings(matcher, queries, **kw):
    out = []
    for q in queries:
        ms = matcher.match_text(q["text"], country=q["country"], top=10, **kw)
        out.append([m.institution_ref for m in ms])
    return out


# ---- baselines over the same texts, institution = max over its capabilities ------------------------

def _cap_docs(insts):
    docs, owner, country = [], [], []
    for inst in insts:
        for c in inst.capabilities:
            docs.append(f"{c.title}\n{c.description}\n{' '.join(c.keywords)}")
            owner.append(inst.ref)
            country.append(inst.country)
    return docs, np.array(owner), np.array(country)


def _rank_by_inst(scores, owner, country, target, top=10):
    best = {}
    for s, o, c in zip(scores, owner, country, strict=True):
        if c == target and s > 0 and s > best.get(o, 0):
            best[o] = s
    return [o for o, _ in sorted(best.items(), key=lambda kv: -kv[1])[:top]]


def tfidf_char_baseline(insts, queries):
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs, owner, country = _cap_docs(insts)
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, preprocessor=normalize)
    X = vec.fit_transform(docs)
    out = []
    for q in queries:
        s = (vec.transform([q["text"]]) @ X.T).toarray()[0]
        out.append(_rank_by_inst(s, owner, country, q["country"]))
    return out


def _bm25_tokens(text):
    n = normalize(text)
    return han_ngrams(n, 2, 2) + word_stems(n)


def bm25_baseline(insts, queries, k1=1.2, b=0.75):
    docs, owner, country = _cap_docs(insts)
    toks = [_bm25_tokens(d) for d in docs]
    df = Counter(t for ts in toks for t in set(ts))
    N = len(docs)
    avgdl = sum(len(t) for t in toks) / N
    tfs = [Counter(t) for t in toks]
    out = []
    for q in queries:
        qt = set(_bm25_tokens(q["text"]))
        scores = np.zeros(N)
        for i, (tf, dl) in enumerate(zip(tfs, (len(t) for t in toks), strict=True)):
            s = 0.0
            for t in qt:
                f = tf.get(t)
                if f:
                    idf = math.log(1 + (N - df[t] + 0.5) / (df[t] + 0.5))
                    s += idf * f * (k1 + 1) / (f + k1 * (1 - b + b * dl / avgdl))
            scores[i] = s
        out.append(_rank_by_inst(scores, owner, country, q["country"]))
    return out


def fmt(name, m):
    cells = []
    for d in ("cn->ru", "ru->cn", "all"):
        x = m.get(d)
        if x:
            cells.append(f"{d} r@1 {x['r@1']:.2f} r@5 {x['r@5']:.2f} r@10 {x['r@10']:.2f} mrr {x['mrr']:.2f}")
    return f"{name:<34} " + " | ".join(cells)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--save", action="store_true")
    ap.add_argument("--failures", action="store_true")
    ap.add_argument("--no-variants", action="store_true")
    ap.add_argument("--queries", type=Path, default=QUERIES, help="query file (default tests/eval/queries.jsonl)")
    args = ap.parse_args()
    insts, queries = load_corpus(), load_queries(args.queries)
    baseline = baseline_file(args.queries)
    print(f"queries: {args.queries.resolve().relative_to(ROOT)}")
    print(f"corpus: {len(insts)} institutions, {sum(len(i.capabilities) for i in insts)} capabilities; "
          f"queries: {len(queries)} ({sum(q['direction'] == 'cn->ru' for q in queries)} zh→RU, "
          f"{sum(q['direction'] == 'ru->cn' for q in queries)} ru→CN)")
    vocab = load_default_vocabulary()
    print(f"vocabulary: {len(vocab)} concepts")
    t0 = time.perf_counter()
    engine = Matcher(vocabulary=vocab).fit(insts)
    fit_s = time.perf_counter() - t0
    ranked = engine_rankings(engine, queries)
    results = {"engine": metrics(ranked, queries)}
    print(f"fit {fit_s:.2f} s")
    print(fmt("engine (defaults)", results["engine"]))
    if not args.no_variants:
        variants = {
            "concepts only (term_weight=0)": dict(term_weight=0.0),
            "terms only (no vocabulary)": dict(vocabulary=None),
            "no complementarity (kinds flat)": "flat",
            "no field profile": dict(field_weight=0.0),
            "zh n-grams 1-3": dict(zh_ngram_max=3),
            "zh n-grams 2 only": dict(zh_ngram_min=2),
            "no stemming (ru/en surface words)": dict(stemming=False),
            "concept mapping: surface words": dict(vocabulary=load_default_vocabulary("surface")),
        }
        try:
            import pymorphy3  # noqa: F401  (optional: pip install pymorphy3)

            variants["concept mapping: pymorphy3 lemmas"] = dict(vocabulary=load_default_vocabulary("lemma"))
        except ImportError:
            print("(concept mapping with pymorphy3 lemmas: skipped, pymorphy3 is not installed)")
        for name, params in variants.items():
            if params == "flat":
                from matching.complementarity import ComplementarityRules

                flat = ComplementarityRules(kind_weights={}, type_weights={}, unknown_kind_weights={},
                                            trl_transfer=1, trl_neutral=1, trl_both_mature=1, same_country=1)
                m = Matcher(vocabulary=vocab, rules=flat).fit(insts)
            else:
                p = {"vocabulary": vocab, **params}
                m = Matcher(**p).fit(insts)
            results[name] = metrics(engine_rankings(m, queries), queries)
            print(fmt(name, results[name]))
    results["baseline: char n-gram TF-IDF"] = metrics(tfidf_char_baseline(insts, queries), queries)
    print(fmt("baseline: char n-gram TF-IDF", results["baseline: char n-gram TF-IDF"]))
    results["baseline: BM25"] = metrics(bm25_baseline(insts, queries), queries)
    print(fmt("baseline: BM25", results["baseline: BM25"]))
    if baseline.exists():
        prev = json.loads(baseline.read_text("utf-8"))["engine"]
        cur = results["engine"]
        print("change vs saved baseline: " + ", ".join(
            f"{d} r@5 {cur[d]['r@5'] - prev[d]['r@5']:+.3f} mrr {cur[d]['mrr'] - prev[d]['mrr']:+.3f}" for d in cur if d in prev))
    if args.save:
        baseline.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"saved {baseline.relative_to(ROOT)}")
    if args.failures:
        for q, r in zip(queries, ranked, strict=True):
            if not set(q["expected"]) & set(r[:5]):
                print(f"\n{q['id']} ({q['kind']}) expected {q['expected']} got {r[:5]}\n  {q['text'][:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
