"""Import benchmark: 10,000 institutions with 30,000 capabilities (a synthetic qiaomost/v1 file) into an
empty database, and into one that already holds 10,000 other institutions; plus `qiaomost demo`.

    .venv/bin/python benchmarks/bench_import.py                       # 10,000 / 30,000 (a few minutes)
    .venv/bin/python benchmarks/bench_import.py --institutions 2000 --capabilities 6000 --profile

Files (benchmarks/synthetic.py, written like the app's export: indent 1, UTF-8):
  A.json — 10,000 institutions ("a-…" refs, seed S)
  B.json — 10,000 other institutions ("b-…" refs, seed S+1), of which about 5% are spelling variants of
           A institutions (same website half the time) and some collide with A names by chance.
Scenarios, each import in a fresh process (so no cache of one warms the next):
  1. empty database ← B.json
  2. database holding A (imported first, in its own process: that is a second empty-database
     figure) ← B.json: duplicate detection compares every incoming record with the existing ones.
Each import is timed by stage: read+validate (`importer.read_file`), plan (`importer.plan_import`:
ref look-ups and duplicate detection) and apply (`importer.apply_import`, every decision "keep":
one transaction writing records, names, contacts, capabilities, the search index and provenance).
Baseline: plain `json.load` of the same file. `qiaomost demo`: `python -m app --db X demo` into a new
database, against `python -c pass`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
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


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_profile(prof, title: str, limit: int = 20) -> None:
    from profiling import print_profile as _print

    _print(prof, title, limit)


# ---- one import, in a child process --------------------------------------------------------------

def import_once(db: Path, file: Path, profile: bool) -> dict:
    import cProfile

    from app.services.importer import apply_import, decide_all, plan_import, read_file
    from database import Store

    res: dict = {"file": file.name, "db": db.name, "loadavg_start": os.getloadavg()[0]}
    prof = cProfile.Profile() if profile else None

    def stage(name: str, fn, *args):
        c, t = time.process_time(), time.perf_counter()
        if prof:
            prof.enable()
        out = fn(*args)
        if prof:
            prof.disable()
        res[f"{name}_s"] = time.perf_counter() - t
        res[f"{name}_cpu_s"] = time.process_time() - c
        if prof:
            print_profile(prof, f"{name} of {file.name} into {db.name}")
            prof.clear()
        return out

    store = Store(db)
    res["existing_before"] = store.institutions.count()
    parsed = stage("read", read_file, file)
    plan = stage("plan", plan_import, store, parsed)
    decisions = decide_all(plan, "keep")
    report = stage("apply", apply_import, store, plan, decisions)
    res["institutions_after"] = store.institutions.count()
    res["capabilities_after"] = store.capabilities.count()
    store.close()
    res["incoming"] = len(parsed.institutions)
    res["incoming_capabilities"] = sum(len(i.capabilities) for i in parsed.institutions)
    res["created"] = report.created
    res["updated"] = report.updated
    res["duplicate_questions"] = len(plan.duplicates)
    res["duplicate_candidates"] = sum(len(q.candidates) for q in plan.duplicates)
    # score duplicate detection against the variants the generator planted (not timed)
    planted = {i["ref"]: i["_synthetic_duplicate_of"] for i in json.loads(file.read_text(encoding="utf-8"))["institutions"]
               if i.get("_synthetic_duplicate_of")}
    flagged = {q.incoming.ref: {c.existing_ref for c in q.candidates} for q in plan.duplicates}
    res["planted"] = len(planted) if res["existing_before"] else 0
    res["planted_found"] = sum(1 for ref, src in planted.items() if src in flagged.get(ref, ())) if res["existing_before"] else 0
    res["flagged_not_planted"] = sum(1 for ref in flagged if ref not in planted)
    res["db_bytes"] = sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())
    res["maxrss_mb"] = maxrss_mb()
    res["loadavg_end"] = os.getloadavg()[0]
    return res


def json_load_baseline(file: Path, runs: int = 3) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        with file.open(encoding="utf-8") as fh:
            json.load(fh)
        out.append(time.perf_counter() - t)
    return out


# ---- orchestration -----------------------------------------------------------------------------

def run_child(db: Path, file: Path, profile: bool) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child-db", str(db), "--child-file", str(file)]
    if profile:
        cmd.append("--profile")
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"import of {file.name} into {db.name} failed (exit {proc.returncode})")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["process_s"] = time.perf_counter() - t
    return res


def bench_demo(tmp: Path, runs: int) -> dict:
    env = {**os.environ, "QIAOMOST_CONFIG_DIR": str(tmp / "config")}
    env.pop("QIAOMOST_DB", None)

    def run(args: list[str]) -> float:
        t = time.perf_counter()
        proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr[-2000:]}")
        return time.perf_counter() - t

    run([sys.executable, "-c", "pass"])
    base = [run([sys.executable, "-c", "pass"]) for _ in range(runs)]
    demo = [run([sys.executable, "-m", "app", "--db", str(tmp / f"demo{k}.db"), "demo"]) for k in range(runs)]
    return {"baseline": base, "demo": demo}


def report_import(title: str, r: dict, baseline_s: float) -> None:
    total = r["read_s"] + r["plan_s"] + r["apply_s"]
    print(f"\n--- {title}: {r['file']} ({r['incoming']:,} institutions, {r['incoming_capabilities']:,} capabilities) "
          f"into {r['existing_before']:,} existing — load average {r['loadavg_start']:.1f} → {r['loadavg_end']:.1f}")
    print(f"{'stage':28}{'wall s':>9}{'CPU s':>9}{'share':>8}{'× json.load':>13}")
    for name, label in (("read", "read + validate"), ("plan", "plan (duplicate detection)"), ("apply", "apply (one transaction)")):
        print(f"{label:28}{r[name + '_s']:9.2f}{r[name + '_cpu_s']:9.2f}{r[name + '_s'] / total:8.0%}"
              f"{r[name + '_s'] / baseline_s:13.1f}")
    print(f"{'total':28}{total:9.2f}{'':9}{'':8}{total / baseline_s:13.1f}   (process incl. start-up {r['process_s']:.1f} s)")
    print(f"result: {r['created']:,} created, {r['updated']:,} updated; {r['institutions_after']:,} institutions, "
          f"{r['capabilities_after']:,} capabilities in the database ({r['db_bytes'] / 2**20:.0f} MB with WAL); "
          f"peak RSS {r['maxrss_mb']:.0f} MB")
    print(f"duplicate detection: {r['duplicate_questions']:,} incoming records flagged ({r['duplicate_candidates']:,} candidates)"
          + (f"; planted variants found {r['planted_found']}/{r['planted']}; flagged but not planted "
             f"{r['flagged_not_planted']} (chance name collisions)" if r["existing_before"] else ""))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--institutions", type=int, default=10_000)
    p.add_argument("--capabilities", type=int, default=30_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--near-duplicates", type=float, default=0.05, help="share of B that varies an A institution")
    p.add_argument("--demo-runs", type=int, default=3)
    p.add_argument("--profile", action="store_true", help="cProfile each stage (printed to stderr)")
    p.add_argument("--keep", metavar="DIR", help="write files and databases to DIR and keep them")
    p.add_argument("--json", metavar="FILE", help="also write the raw figures to FILE")
    p.add_argument("--child-db", help=argparse.SUPPRESS)
    p.add_argument("--child-file", help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.child_db:
        print(json.dumps(import_once(Path(args.child_db), Path(args.child_file), args.profile)))
        return 0

    import synthetic

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="qiaomost-import-"))
    tmp.mkdir(parents=True, exist_ok=True)
    out: dict = {}
    try:
        print(f"Qiao·Most import benchmark — {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
              f"{args.institutions:,} institutions / {args.capabilities:,} capabilities per file; folder {tmp}")
        t = time.perf_counter()
        corpus_a = synthetic.generate_institutions(args.institutions, seed=args.seed, ref_prefix="a",
                                                   total_capabilities=args.capabilities)
        corpus_b = synthetic.generate_institutions(args.institutions, seed=args.seed + 1, ref_prefix="b",
                                                   total_capabilities=args.capabilities, near_duplicates_of=corpus_a,
                                                   near_duplicate_share=args.near_duplicates)
        file_a = synthetic.write_document(corpus_a, tmp / "A.json")
        file_b = synthetic.write_document(corpus_b, tmp / "B.json")
        del corpus_a, corpus_b
        print(f"generated and wrote A.json and B.json in {time.perf_counter() - t:.1f} s "
              f"({file_b.stat().st_size / 2**20:.1f} MB each)", flush=True)

        base = json_load_baseline(file_b)
        baseline_s = statistics.median(base)
        print(f"\nbaseline json.load(B.json): median {baseline_s:.3f} s (runs {', '.join(f'{x:.3f}' for x in base)})")

        print("importing B into an empty database …", file=sys.stderr, flush=True)
        empty = run_child(tmp / "empty.db", file_b, args.profile)
        report_import("1. empty database", empty, baseline_s)
        print("importing A (setup) …", file=sys.stderr, flush=True)
        setup = run_child(tmp / "existing.db", file_a, args.profile)
        report_import("2a. setup: A into an empty database", setup, statistics.median(json_load_baseline(file_a)))
        print("importing B into the database holding A …", file=sys.stderr, flush=True)
        existing = run_child(tmp / "existing.db", file_b, args.profile)
        report_import("2b. database holding A", existing, baseline_s)
        sys.stdout.flush()

        demo = bench_demo(tmp, args.demo_runs)
        b, d = statistics.median(demo["baseline"]), statistics.median(demo["demo"])
        print(f"\n--- `qiaomost demo` into a new database ({args.demo_runs} runs)")
        print(f"`python -c pass`   median {b:6.3f} s   runs {', '.join(f'{x:.3f}' for x in demo['baseline'])}")
        print(f"`qiaomost demo`    median {d:6.3f} s   runs {', '.join(f'{x:.2f}' for x in demo['demo'])}   "
              f"({d / b:.0f}× baseline)")
        out = {"baseline_json_load": base, "empty": empty, "setup": setup, "existing": existing, "demo": demo}
        if args.json:
            Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
