"""Layering: the CLI, the database and the matching engine never load Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_imports_do_not_load_pyside6():
    code = (
        "import sys, app.cli, database, matching, matching.matcher, app.services.importer, "
        "app.services.matching, app.services.demo, app.config, app.i18n, app.reason_text, "
        "app.services.shortlist_export\n"
        "app.cli.build_parser()\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_gui_entry_point_exists():
    from app.gui.main import run_gui

    assert callable(run_gui)
