"""Cold-start time of the desktop window on the demo database (offscreen), against a baseline.

Each run is a fresh `python -c` process, timed from process start until the window is shown *and*
the institutions table is filled (the window is interactive); the baseline process only builds a
bare QApplication + QWidget. Usage:

    .venv/bin/python benchmarks/bench_startup.py [--runs 5] [--db PATH]

The demo database is created in a temporary folder when --db is not given. Target: < 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASELINE = """
import time, sys
from PySide6.QtWidgets import QApplication, QWidget
from PySide6.QtCore import QTimer
app = QApplication([])
w = QWidget(); w.resize(1280, 800); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

APP = """
import sys
from pathlib import Path
from app.gui.main import build_window, ensure_app
from app.config import Settings
app = ensure_app([])
w = build_window(Path(sys.argv[1]), settings=Settings())
w.show()
def ready(count):
    w.ctx.executor.shutdown()
    app.quit()
w.database_ready.connect(ready)
app.exec()
"""


def run(code: str, *args: str, env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark process failed:\n{proc.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="an existing demo database (default: build one in a temp folder)")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="qiaomost-bench-")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QIAOMOST_CONFIG_DIR": str(Path(tmp) / "config")}
    env.pop("QIAOMOST_DB", None)
    db = Path(args.db) if args.db else Path(tmp) / "demo.db"
    if not db.exists():
        print(f"building the demo database in {db} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "app", "--db", str(db), "demo"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
    run(BASELINE, env=env)  # warm the OS file cache once for both
    run(APP, str(db), env=env)
    base = [run(BASELINE, env=env) for _ in range(args.runs)]
    app = [run(APP, str(db), env=env) for _ in range(args.runs)]
    b, a = statistics.median(base), statistics.median(app)
    print(f"baseline (QApplication + QWidget): median {b:.2f} s  (min {min(base):.2f}, max {max(base):.2f})")
    print(f"Qiao·Most window, demo database:   median {a:.2f} s  (min {min(app):.2f}, max {max(app):.2f})")
    print(f"overhead over baseline:            {a - b:.2f} s   target: window interactive < 2.00 s -> "
          f"{'OK' if a < 2.0 else 'TOO SLOW'}")
    return 0 if a < 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
