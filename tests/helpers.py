"""Small builders for test records and files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def inst(ref: str, **kw) -> dict:
    base = {"ref": ref, "name": kw.pop("name", ref.upper()), "country": kw.pop("country", "RU"),
            "type": kw.pop("type", "university"), "capabilities": kw.pop("capabilities", [])}
    base.update(kw)
    return base


def cap(ref: str, **kw) -> dict:
    base = {"ref": ref, "kind": kw.pop("kind", "offer"), "title": kw.pop("title", f"Title {ref}")}
    base.update(kw)
    return base


def write_doc(path: Path, institutions: list[dict], **extra) -> Path:
    path.write_text(json.dumps({"format": "qiaomost/v1", "institutions": institutions, **extra},
                               ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def run_cli(*args: str, db: Path | None = None, env: dict | None = None, input: str | None = None):
    import os

    cmd = [sys.executable, "-m", "app"] + (["--db", str(db)] if db else []) + list(args)
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=full_env, input=input, timeout=120)
