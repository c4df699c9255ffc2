"""Regenerate resources/templates/ (template.json, template.csv, template.xlsx) from one example."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.services.exporter import export_file  # noqa: E402
from app.services.importer import import_file  # noqa: E402
from database import Store  # noqa: E402

EXAMPLE = ROOT / "resources" / "templates" / "template.json"

with tempfile.TemporaryDirectory() as tmp:
    with Store(Path(tmp) / "t.db") as store:
        import_file(store, EXAMPLE)
        for name in ("template.csv", "template.xlsx"):
            export_file(store, ROOT / "resources" / "templates" / name)
print("templates written")
