"""Matching-engine benchmark: fit time, index size, peak memory and query latency at 1k / 10k / 100k
capabilities, beside SQLite FTS5 bm25() over the same texts, plus the cold `qiaomost match` process.

    .venv/bin/python benchmarks/bench_matching.py                 # 1k, 10k and 100k (100k takes minutes)
    .venv/bin/python benchmarks/bench_matching.py --quick         # 1k only
    .venv/bin/python benchmarks/bench_matching.py --sizes 1000,10000 --profile

Each size runs in a fresh subprocess (so its peak RSS, `ru_maxrss`, is that size's own), which:
1. generates a synthetic corpus of exactly N capabilities (benchmarks/synthetic.py, about N/3
   institutions, half CN and half RU) — the corpus stays in memory, as in the app, where
   `store.institutions.all()` is fitted;
2. fits `Matcher(vocabulary).fit(institutions)` (wall time), pickles it as the app's cache does
   (pickled bytes = index size, plus dumps/loads time and the largest attributes);
3. times `match_text` on 100 capability texts (title + description; half from CN, half from RU
   institutions; partner country = the other side, top 10) and `match_institution` on 100
   institutions (half CN, half RU, top 10); the first call of each is reported apart (lazy set-up);
4. builds two FTS5 tables over the same texts (title | description | keywords, normalised like the
   app's search index: NFKC, lower case, Traditional→Simplified) in a temporary SQLite file, one with
   the `trigram` tokenizer and one with `unicode61`, and runs the same queries as
   `SELECT rowid, bm25(t) FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 10` where the MATCH
   expression ORs the query text's terms (each distinct term once):
     - Russian/English words: stop words dropped, Snowball-stemmed as the engine does; trigram: each
       stem of 3+ characters as a quoted substring phrase; unicode61: each stem as a prefix query `stem*`;
     - Chinese: trigram: every distinct 3-character window of each Han run (trigram cannot index
       shorter strings; the app falls back to LIKE for those); unicode61: each Han run whole, because
       unicode61 keeps a run of Han characters as one token (so it rarely matches: a known weakness);
     - an institution query ORs the terms of all its capabilities' texts.
   FTS searches every text, with no country filter: it cannot cross languages, so limited to the
   partner side it would find almost nothing and measure nothing. Hits = rows that match (not timed).

Targets (at 100k capabilities): fit ≤ 30 s, query p95 ≤ 50 ms, peak memory ≤ 1 GB, and query time no
worse than FTS5's. The CLI part builds the demo database in a temporary folder (`python -m app --db X
demo`), runs one match to warm the matcher cache, then times 5 runs of
`python -m app --db X match --text "寻求高温超导带材制备技术" --json` against `python -c pass`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

DEFAULT_SIZES = (1_000, 10_000, 100_000)
TARGET_FIT_S = 30.0
TARGET_P95_MS = 50.0
TARGET_PEAK_MB = 1024.0
CLI_TEXT = "寻求高温超导带材制备技术"

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


# ---- helpers --------------------------------------------------------------------------------------

def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def pct(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q)) if values else float("nan")


def lat_summary(ms: list[float], cpu: list[float] | None = None) -> dict:
    out = {"n": len(ms), "p50": pct(ms, 50), "p95": pct(ms, 95), "max": max(ms) if ms else float("nan")}
    if cpu:
        out.update(cpu_p50=pct(cpu, 50), cpu_p95=pct(cpu, 95))
    return out


def timed(fn, *args, **kw) -> tuple[float, float, object]:
    """(wall ms, CPU ms of this process, result): CPU time shows how much of the wall time was
    waiting for the CPU while other processes ran (the machine may be shared)."""
    c, t = time.process_time(), time.perf_counter()
    out = fn(*args, **kw)
    return (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000, out


# ---- FTS5 -----------------------------------------------------------------------------------------

def fts_terms(text: str, tokenizer: str) -> list[str]:
    """Distinct MATCH terms of `text` for one tokenizer (see the module docstring)."""
    from matching.text import normalize, word_stems

    norm = normalize(text)
    out: dict[str, None] = {}
    for s in word_stems(norm):  # the engine's own stems, stop words dropped
        if tokenizer == "trigram" and len(s) >= 3:
            out['"' + s.replace('"', '""') + '"'] = None
        elif tokenizer == "unicode61" and len(s) >= 2:
            out['"' + s.replace('"', '""') + '"*'] = None
    for run in _HAN_RUN.findall(norm):
        if tokenizer == "trigram":
            for i in range(len(run) - 2):
                out['"' + run[i : i + 3] + '"'] = None
        else:
            out['"' + run + '"'] = None
    return list(out)


class FtsIndex:
    def __init__(self, folder: Path, texts: list[str]):
        from matching.text import normalize

        self.path = folder / "fts.sqlite"
        self.db = sqlite3.connect(str(self.path))
        self.build_s: dict[str, float] = {}
        norm = [normalize(t) for t in texts]
        for name, tok in (("trigram", "trigram"), ("unicode61", "unicode61 remove_diacritics 2")):
            t = time.perf_counter()
            self.db.execute(f"CREATE VIRTUAL TABLE {name} USING fts5(text, tokenize = '{tok}')")
            with self.db:
                self.db.executemany(f"INSERT INTO {name} (rowid, text) VALUES (?, ?)", enumerate(norm))
            self.build_s[name] = time.perf_counter() - t
        self.size_bytes = self.path.stat().st_size

    def query(self, table: str, expr: str) -> list[tuple[int, float]]:
        if not expr:
            return []
        return self.db.execute(
            f"SELECT rowid, bm25({table}) FROM {table} WHERE {table} MATCH ? ORDER BY bm25({table}) LIMIT 10", [expr]
        ).fetchall()

    def hits(self, table: str, expr: str) -> int:
        if not expr:
            return 0
        return self.db.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", [expr]).fetchone()[0]

    def close(self) -> None:
        self.db.close()


# ---- one size, in a child process ------------------------------------------------------------------

def pickle_breakdown(matcher, top: int = 6) -> list[tuple[str, int]]:
    sizes = []
    for k, v in matcher.__dict__.items():
        try:
            sizes.append((k, len(pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))))
        except Exception:  # noqa: BLE001 - only a breakdown
            continue
    return sorted(sizes, key=lambda kv: -kv[1])[:top]


def print_profile(prof, title: str, limit: int = 18) -> None:
    from profiling import print_profile as _print

    _print(prof, title, limit)


def run_size(n_caps: int, n_queries: int, seed: int, profile: bool, use_tracemalloc: bool) -> dict:
    import cProfile

    import synthetic

    from matching.matcher import Matcher

    res: dict = {"size": n_caps, "loadavg_start": os.getloadavg()[0]}
    vocab = synthetic.default_vocabulary()
    t = time.perf_counter()
    corpus = synthetic.generate_for_capabilities(n_caps, seed=seed)
    res["generate_s"] = time.perf_counter() - t
    res["institutions"] = len(corpus)
    caps = [(c, inst) for inst in corpus for c in inst.capabilities]
    res["capabilities"] = len(caps)
    gc.collect()
    res["rss_before_fit_mb"] = rss_mb()
    res["maxrss_before_fit_mb"] = maxrss_mb()
    print(f"[{n_caps}] corpus generated in {res['generate_s']:.1f} s; fitting …", file=sys.stderr, flush=True)

    # One-off lazy imports (scikit-learn inside fit, OpenCC and Snowball on first text) are timed apart:
    # a cold process pays them once, whatever the corpus size.
    t = time.perf_counter()
    import sklearn.feature_extraction.text  # noqa: F401

    from matching.analysis import analyze

    analyze("高温超导 сверхпроводник superconductor", vocab)
    res["lazy_imports_s"] = time.perf_counter() - t
    prof = cProfile.Profile() if profile else None
    c, t = time.process_time(), time.perf_counter()
    if prof:
        prof.enable()
    matcher = Matcher(vocabulary=vocab).fit(corpus)
    if prof:
        prof.disable()
    res["fit_s"] = time.perf_counter() - t
    res["fit_cpu_s"] = time.process_time() - c
    if prof:
        print_profile(prof, f"fit at {n_caps}")
    res["fit_profiled"] = bool(prof)
    res["maxrss_after_fit_mb"] = maxrss_mb()
    res["terms"] = int(matcher.T_.shape[1])
    res["T_nnz"] = int(matcher.T_.nnz)
    res["C_nnz"] = int(matcher.C_.nnz)

    t = time.perf_counter()
    blob = pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL)
    res["pickle_dump_s"] = time.perf_counter() - t
    res["pickle_bytes"] = len(blob)
    t = time.perf_counter()
    pickle.loads(blob)
    res["pickle_load_s"] = time.perf_counter() - t
    del blob
    res["pickle_parts"] = pickle_breakdown(matcher)
    gc.collect()

    if use_tracemalloc:
        import tracemalloc

        tracemalloc.start()
        Matcher(vocabulary=vocab).fit(corpus)
        res["tracemalloc_fit_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        gc.collect()

    # queries: texts and institutions, half from each side
    rng = random.Random(seed * 7919 + n_caps)
    cn_caps = [(c, i) for c, i in caps if i.country == "CN"]
    ru_caps = [(c, i) for c, i in caps if i.country == "RU"]
    half = n_queries // 2
    text_q = rng.sample(cn_caps, min(half, len(cn_caps))) + rng.sample(ru_caps, min(n_queries - half, len(ru_caps)))
    cn_inst = [i for i in corpus if i.country == "CN" and i.capabilities]
    ru_inst = [i for i in corpus if i.country == "RU" and i.capabilities]
    inst_q = rng.sample(cn_inst, min(half, len(cn_inst))) + rng.sample(ru_inst, min(n_queries - half, len(ru_inst)))
    other = {"CN": "RU", "RU": "CN"}
    texts = [f"{c.title}\n{c.description}" for c, _ in text_q]
    countries = [other[i.country] for _, i in text_q]
    res["query_text_chars"] = statistics.mean(len(x) for x in texts)

    print(f"[{n_caps}] fitted in {res['fit_s']:.1f} s; querying …", file=sys.stderr, flush=True)
    res["first_match_text_ms"] = timed(matcher.match_text, texts[0], country=countries[0], top=10)[0]
    res["first_match_institution_ms"] = timed(matcher.match_institution, inst_q[0].ref, top=10)[0]
    prof = cProfile.Profile() if profile else None
    lat_text, cpu_text, lat_inst, cpu_inst, n_results = [], [], [], [], []
    if prof:
        prof.enable()
    for text, country in zip(texts, countries, strict=True):
        ms, cpu, out = timed(matcher.match_text, text, country=country, top=10)
        lat_text.append(ms)
        cpu_text.append(cpu)
        n_results.append(len(out))
    if prof:
        prof.disable()
        print_profile(prof, f"{len(texts)} × match_text at {n_caps}")
        prof = cProfile.Profile()
        prof.enable()
    for inst in inst_q:
        ms, cpu, _ = timed(matcher.match_institution, inst.ref, top=10)
        lat_inst.append(ms)
        cpu_inst.append(cpu)
    if prof:
        prof.disable()
        print_profile(prof, f"{len(inst_q)} × match_institution at {n_caps}")
    res["profiled_queries"] = profile

    # one edited capability: refresh() re-analyses it alone (compare with fit_s)
    from dataclasses import replace as dc_replace

    target = inst_q[0]
    edited_cap = dc_replace(target.capabilities[0], description=target.capabilities[0].description + " (ред.)")
    edited = dc_replace(target, capabilities=[edited_cap, *target.capabilities[1:]])
    corpus_edited = [edited if i is target else i for i in corpus]
    t = time.perf_counter()
    matcher.refresh(corpus_edited)
    res["refresh_one_s"] = time.perf_counter() - t
    res["refresh_reanalyzed"] = matcher.n_reanalyzed_
    res["first_query_after_refresh_ms"] = timed(matcher.match_text, texts[0], country=countries[0], top=10)[0]
    res["match_text"] = lat_summary(lat_text, cpu_text)
    res["match_institution"] = lat_summary(lat_inst, cpu_inst)
    res["mean_results"] = statistics.mean(n_results)
    res["maxrss_after_queries_mb"] = maxrss_mb()

    # FTS5 over the same texts
    print(f"[{n_caps}] building FTS5 tables …", file=sys.stderr, flush=True)
    folder = Path(tempfile.mkdtemp(prefix="qiaomost-fts-"))
    try:
        fts = FtsIndex(folder, [c.text for c, _ in caps])
        res["fts_build_s"] = fts.build_s
        res["fts_file_bytes"] = fts.size_bytes
        inst_texts = ["\n".join(f"{c.title}\n{c.description}" for c in i.capabilities) for i in inst_q]
        for table in ("trigram", "unicode61"):
            for label, qs in (("text", texts), ("institution", inst_texts)):
                exprs = [" OR ".join(fts_terms(q, table)) for q in qs]
                fts.query(table, exprs[0])  # warm the page cache
                runs = [timed(fts.query, table, e) for e in exprs]
                res[f"fts_{table}_{label}"] = {
                    **lat_summary([r[0] for r in runs], [r[1] for r in runs]),
                    "terms": statistics.mean(e.count(" OR ") + 1 if e else 0 for e in exprs),
                    "hits": statistics.mean(fts.hits(table, e) for e in exprs),
                }
        fts.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    res["maxrss_end_mb"] = maxrss_mb()
    res["loadavg_end"] = os.getloadavg()[0]
    return res


# ---- the cold CLI process ------------------------------------------------------------------------

def bench_cli(runs: int = 5) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="qiaomost-cli-"))
    env = {**os.environ, "QIAOMOST_CONFIG_DIR": str(tmp / "config")}
    env.pop("QIAOMOST_DB", None)
    db = tmp / "demo.db"
    py = sys.executable

    def run(args: list[str]) -> float:
        t = time.perf_counter()
        proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        elapsed = time.perf_counter() - t
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr[-2000:]}")
        return elapsed

    try:
        out: dict = {}
        out["demo_s"] = run([py, "-m", "app", "--db", str(db), "demo"])
        match = [py, "-m", "app", "--db", str(db), "match", "--text", CLI_TEXT, "--json"]
        out["first_match_s"] = run(match)  # fits and writes the matcher cache
        out["cache_bytes"] = sum(p.stat().st_size for p in (tmp / "demo.db.cache").glob("*"))
        run([py, "-c", "pass"])
        out["baseline"] = [run([py, "-c", "pass"]) for _ in range(runs)]
        out["match"] = [run(match) for _ in range(runs)]
        imp = [py, "-c", "import app.cli, app.services.matching, matching.matcher, database"]
        out["imports"] = [run(imp) for _ in range(runs)]
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---- reporting ----------------------------------------------------------------------------------

def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def report_size(r: dict) -> None:
    n = r["size"]
    at_target = n >= 100_000

    def tgt(ok: bool, text: str) -> str:
        return f"   target {text}: {verdict(ok)}" if at_target else ""

    mt, mi = r["match_text"], r["match_institution"]
    print(f"\n=== {n:,} capabilities ({r['institutions']:,} institutions) — load average "
          f"{r['loadavg_start']:.1f} → {r['loadavg_end']:.1f} on {os.cpu_count()} CPUs ===")
    print(f"corpus generation             {r['generate_s']:8.2f} s   (not part of any target)")
    print(f"lazy imports (once a process) {r['lazy_imports_s']:8.2f} s   (scikit-learn, OpenCC, Snowball; not in fit)")
    print(f"fit                           {r['fit_s']:8.2f} s   CPU {r['fit_cpu_s']:.2f} s"
          f"{' (under cProfile)' if r['fit_profiled'] else ''}" + tgt(r["fit_s"] <= TARGET_FIT_S, f"≤ {TARGET_FIT_S:.0f} s"))
    print(f"refresh, one capability edited {r['refresh_one_s']:7.2f} s   ({r['refresh_one_s'] / r['fit_s']:.2f}× fit; "
          f"{r['refresh_reanalyzed']} text re-analysed; next query {r['first_query_after_refresh_ms']:.0f} ms, index rebuilt)")
    print(f"  term space                  {r['terms']:,} terms, T nnz {r['T_nnz']:,}, concept nnz {r['C_nnz']:,}")
    print(f"index size (pickled Matcher)  {r['pickle_bytes'] / 2**20:8.1f} MB   dumps {r['pickle_dump_s']:.2f} s, "
          f"loads {r['pickle_load_s']:.2f} s")
    parts = ", ".join(f"{k} {v / 2**20:.1f} MB" for k, v in r["pickle_parts"])
    print(f"  largest pickled attributes  {parts}")
    print(f"peak RSS (process)            {r['maxrss_after_queries_mb']:8.0f} MB   before fit {r['rss_before_fit_mb']:.0f} MB "
          f"(corpus + imports), after fit {r['maxrss_after_fit_mb']:.0f}; with FTS5 {r['maxrss_end_mb']:.0f}"
          + tgt(r["maxrss_after_queries_mb"] <= TARGET_PEAK_MB, "≤ 1 GB"))
    if "tracemalloc_fit_peak_mb" in r:
        print(f"  tracemalloc peak of a fit   {r['tracemalloc_fit_peak_mb']:8.0f} MB")
    prof = " (cProfile)" if r["profiled_queries"] else ""
    print(f"queries: {mt['n']} texts of {r['query_text_chars']:.0f} characters on average, {mi['n']} institutions; "
          f"engine returned {r['mean_results']:.1f} partners on average (top 10)")
    print(f"{'latency, ms (wall; CPU)':30}{'p50':>8}{'p95':>8}{'max':>8}{'cpu50':>8}{'cpu95':>8} {'terms':>6} {'hits':>7}")

    def row(label: str, d: dict, extra: str = "") -> str:
        return (f"{label:30}{d['p50']:8.1f}{d['p95']:8.1f}{d['max']:8.1f}{d.get('cpu_p50', float('nan')):8.1f}"
                f"{d.get('cpu_p95', float('nan')):8.1f}{extra}")

    print(row("engine match_text" + prof, mt, f"   first call {r['first_match_text_ms']:.0f} ms")
          + tgt(mt["p95"] <= TARGET_P95_MS, f"p95 ≤ {TARGET_P95_MS:.0f} ms"))
    print(row("engine match_institution" + prof, mi, f"   first call {r['first_match_institution_ms']:.0f} ms")
          + tgt(mi["p95"] <= TARGET_P95_MS, f"p95 ≤ {TARGET_P95_MS:.0f} ms"))
    for table in ("trigram", "unicode61"):
        for label, eng in (("text", mt), ("institution", mi)):
            f = r[f"fts_{table}_{label}"]
            ratio = f"   engine/FTS p50 {eng['p50'] / f['p50']:.2f}×, p95 {eng['p95'] / f['p95']:.2f}×" if f["p50"] > 0 else ""
            print(row(f"FTS5 {table} {label}", f, f" {f['terms']:6.0f} {f['hits']:7.0f}{ratio}")
                  + tgt(eng["p95"] <= f["p95"], "engine p95 no worse"))
    b = r["fts_build_s"]
    print(f"FTS5 build: trigram {b['trigram']:.1f} s, unicode61 {b['unicode61']:.1f} s; file {r['fts_file_bytes'] / 2**20:.1f} MB"
          f"   (terms = OR-ed terms per query, hits = matching rows, mean)")


def report_cli(c: dict) -> None:
    b, m, i = statistics.median(c["baseline"]), statistics.median(c["match"]), statistics.median(c["imports"])
    print("\n=== cold `qiaomost match` process on the demo database ===")
    print(f"`qiaomost demo` (build the demo DB)     {c['demo_s']:6.2f} s")
    print(f"first match (fits, writes the cache)    {c['first_match_s']:6.2f} s   cache {c['cache_bytes'] / 2**20:.2f} MB")
    print(f"`python -c pass`                 median {b:6.3f} s   runs {', '.join(f'{x:.3f}' for x in c['baseline'])}")
    print(f"import app.cli + services + engine  median {i:6.3f} s   runs {', '.join(f'{x:.3f}' for x in c['imports'])}")
    print(f"`match --text … --json` (cached) median {m:6.3f} s   runs {', '.join(f'{x:.3f}' for x in c['match'])}")
    print(f"overhead over baseline                  {m - b:6.3f} s   ({m / b:.1f}× baseline)")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", help="comma-separated capability counts (default 1000,10000,100000)")
    p.add_argument("--quick", action="store_true", help="1k capabilities only")
    p.add_argument("--queries", type=int, default=100, help="queries of each kind (default 100)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--profile", action="store_true", help="cProfile the fit and the queries (printed to stderr)")
    p.add_argument("--tracemalloc", action="store_true", help="also fit once more under tracemalloc (slow)")
    p.add_argument("--no-cli", action="store_true", help="skip the cold-process CLI measurement")
    p.add_argument("--json", metavar="FILE", help="also write the raw figures to FILE")
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.child:
        res = run_size(args.child, args.queries, args.seed, args.profile, args.tracemalloc)
        print(json.dumps(res))
        return 0

    if args.quick:
        sizes = [1_000]
    elif args.sizes:
        sizes = [int(s.replace("_", "").replace("k", "000")) for s in args.sizes.split(",") if s.strip()]
    else:
        sizes = list(DEFAULT_SIZES)
    print(f"Qiao·Most matching benchmark — {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version}; sizes {', '.join(f'{s:,}' for s in sizes)}; {args.queries} queries of each kind")
    results = []
    for n in sizes:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(n), "--queries", str(args.queries),
               "--seed", str(args.seed)] + (["--profile"] if args.profile else []) + (["--tracemalloc"] if args.tracemalloc else [])
        t = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            print(f"size {n}: child process failed (exit {proc.returncode})", file=sys.stderr)
            return 1
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        res["child_wall_s"] = time.perf_counter() - t
        results.append(res)
        report_size(res)
        sys.stdout.flush()
    cli = None
    if not args.no_cli:
        cli = bench_cli()
        report_cli(cli)
    big = [r for r in results if r["size"] >= 100_000]
    if big:
        r = big[-1]
        checks = {
            f"fit ≤ {TARGET_FIT_S:.0f} s": r["fit_s"] <= TARGET_FIT_S,
            f"match_text p95 ≤ {TARGET_P95_MS:.0f} ms": r["match_text"]["p95"] <= TARGET_P95_MS,
            f"match_institution p95 ≤ {TARGET_P95_MS:.0f} ms": r["match_institution"]["p95"] <= TARGET_P95_MS,
            "peak RSS ≤ 1 GB": r["maxrss_after_queries_mb"] <= TARGET_PEAK_MB,
            "match_text p95 ≤ FTS5 trigram p95": r["match_text"]["p95"] <= r["fts_trigram_text"]["p95"],
            "match_text p95 ≤ FTS5 unicode61 p95": r["match_text"]["p95"] <= r["fts_unicode61_text"]["p95"],
            "match_institution p95 ≤ FTS5 trigram p95": r["match_institution"]["p95"] <= r["fts_trigram_institution"]["p95"],
            "match_institution p95 ≤ FTS5 unicode61 p95": r["match_institution"]["p95"] <= r["fts_unicode61_institution"]["p95"],
        }
        print(f"\n=== targets at {r['size']:,} capabilities ===")
        for name, ok in checks.items():
            print(f"  {verdict(ok):6} {name}")
    if args.json:
        Path(args.json).write_text(json.dumps({"sizes": results, "cli": cli}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
