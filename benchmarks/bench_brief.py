"""Speed and size of the PDF briefs on the demo data, against a baseline in the same script.

    .venv/bin/python benchmarks/bench_brief.py [--runs 5] [--db PATH]

Figures (targets from the brief issue):
- single brief, first call in a fresh process (font registration and matcher cache load included)
  and warm (median of --runs): target < 1 s;
- a 20-partner project batch (cover + 20 briefs): target < 10 s;
- size of a single brief: target < 300 KB;
- the baseline is an empty reportlab document (one page, one paragraph, built-in font), timed the
  same way, so the ratios say what the brief costs over reportlab's own floor on this machine.

The demo database and the settings live in a temporary folder unless --db is given; the engine cache
(matcher.pkl next to the database) is built once before timing, as it is in daily use.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAIR = ("cn-tsinghua", "ru-kurchatov")
LEAD = "cn-east-lake"  # the demo institution with the most partners
BATCH_SIZE = 20

FIRST_CALL = """
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from app.brief.service import make_brief
from database import Store
t1 = time.perf_counter()
with Store(sys.argv[1]) as store:
    t2 = time.perf_counter()
    make_brief(store, Path(sys.argv[1]), output=Path(sys.argv[2]), institution_ref=sys.argv[3], partner_ref=sys.argv[4],
               lang="zh")
    t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "brief": t3 - t2}))
"""

BASELINE_FIRST_CALL = """
import io, json, time
t0 = time.perf_counter()
from reportlab.platypus import SimpleDocTemplate, Paragraph
from reportlab.lib.styles import getSampleStyleSheet
t1 = time.perf_counter()
buf = io.BytesIO()
SimpleDocTemplate(buf).build([Paragraph("baseline", getSampleStyleSheet()["Normal"])])
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "brief": t2 - t1}))
"""


def empty_document() -> bytes:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buf = io.BytesIO()
    SimpleDocTemplate(buf).build([Paragraph("baseline", getSampleStyleSheet()["Normal"])])
    return buf.getvalue()


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def fresh_process(code: str, *args: str, env: dict) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark process failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def pages_of(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="an existing database with the demo data (default: a fresh temporary one)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="qiaomost-bench-brief-"))
    os.environ["QIAOMOST_CONFIG_DIR"] = str(tmp / "config")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        from app.brief.service import make_brief
        from app.services.demo import load_demo
        from app.services.matching import get_matcher
        from database import Store

        db = tmp / "demo.db"
        if args.db:
            shutil.copy(args.db, db)
        store = Store(db)
        if not args.db:
            load_demo(store)
        t = time.perf_counter()
        matcher = get_matcher(store, db)
        fit = time.perf_counter() - t
        partners = [m.institution_ref for m in matcher.match_institution(LEAD, top=BATCH_SIZE)]
        with store.transaction():
            pid = store.projects.create("Benchmark shortlist", "20 partners for the batch benchmark", LEAD)
            for ref in partners:
                store.projects.add_to_shortlist(pid, ref)
        get_matcher(store, db)  # the project bumped the revision: refresh the cache before timing
        store.close()

        single = tmp / "single.pdf"
        # median of three fresh processes each: one process start is noisy on a busy 2-core machine
        colds = [fresh_process(FIRST_CALL, str(db), str(single), *PAIR, env=env) for _ in range(3)]
        cold_bases = [fresh_process(BASELINE_FIRST_CALL, env=env) for _ in range(3)]
        cold = {k: statistics.median(c[k] for c in colds) for k in ("import", "brief")}
        cold_base = {k: statistics.median(c[k] for c in cold_bases) for k in ("import", "brief")}

        store = Store(db)
        def one() -> None:
            make_brief(store, db, output=single, institution_ref=PAIR[0], partner_ref=PAIR[1], lang="zh")
        one()
        warm = timed(one, args.runs)
        base = timed(empty_document, args.runs)
        batch_pdf = tmp / "batch.pdf"
        batch = timed(lambda: make_brief(store, db, output=batch_pdf, project_id=pid, lang="ru"),
                      max(1, args.runs // 2))
        store.close()

        size_kb = single.stat().st_size / 1024
        base_kb = len(empty_document()) / 1024
        rows = [
            ("engine fit (first use of a database, not a brief cost)", f"{fit:.2f} s", "", ""),
            ("single brief, first call in a fresh process (median of 3)", f"{cold['brief']:.3f} s",
             f"x{cold['brief'] / cold_base['brief']:.0f} vs {cold_base['brief'] * 1000:.1f} ms", "< 1 s",
             cold["brief"] < 1.0),
            ("  imports in that process (app + reportlab)", f"{cold['import']:.3f} s",
             f"x{cold['import'] / cold_base['import']:.1f} vs {cold_base['import'] * 1000:.0f} ms", ""),
            (f"single brief, warm (median of {args.runs})", f"{warm:.3f} s",
             f"x{warm / base:.0f} vs {base * 1000:.1f} ms", "< 1 s", warm < 1.0),
            (f"{len(partners)}-partner batch ({pages_of(batch_pdf)} pages)", f"{batch:.2f} s",
             f"x{batch / base:.0f} vs {base * 1000:.1f} ms", "< 10 s", batch < 10.0),
            (f"single brief size ({pages_of(single)} pages)", f"{size_kb:.0f} KB",
             f"x{size_kb / base_kb:.0f} vs {base_kb:.1f} KB", "< 300 KB", size_kb < 300),
            ("batch size", f"{batch_pdf.stat().st_size / 1024:.0f} KB", "", ""),
        ]
        print("Qiao·Most brief benchmark (baseline: an empty reportlab document, same script)")
        print(f"{'measure':<60} {'value':>10}  {'vs baseline':<24} {'target':<9} ok")
        failed = False
        for row in rows:
            name, value, ratio, target = row[:4]
            ok = "" if len(row) < 5 else ("yes" if row[4] else "NO")
            failed |= ok == "NO"
            print(f"{name:<60} {value:>10}  {ratio:<24} {target:<9} {ok}")
        return 1 if failed else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
