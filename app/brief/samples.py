"""Regenerate the sample briefs in docs/samples/ from the demo data.

    .venv/bin/python -m app.brief.samples [OUT_DIR] [--date 2026-11-23]

Builds a throw-away demo database and settings in a temporary folder (the user's own database and
settings are never touched) and writes brief-zh.pdf, brief-ru.pdf and brief-en.pdf.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from pathlib import Path

# lang → (institution, partner, officer, organisation): each sample written from its officer's side
SAMPLES = {
    "zh": ("cn-east-lake", "ru-gpi", "王丽", "武汉东湖国际技术转移中心"),
    "ru": ("ru-gpi", "cn-east-lake", "Ирина Соколова", "Центр трансфера технологий ИОФ РАН"),
    "en": ("cn-tsinghua", "ru-kurchatov", "Li Wei", "Tsinghua Office for International Technology Transfer"),
}


def write_samples(out_dir: Path, day: dt.date | None = None) -> list[Path]:
    from app.brief.service import make_brief
    from app.config import Settings
    from app.services.demo import load_demo
    from database import Store

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="qiaomost-samples-") as tmp:
        old = os.environ.get("QIAOMOST_CONFIG_DIR")
        os.environ["QIAOMOST_CONFIG_DIR"] = tmp
        try:
            db = Path(tmp) / "demo.db"
            with Store(db) as store:
                load_demo(store)
                for lang, (inst, partner, officer, org) in SAMPLES.items():
                    Settings(officer_name=officer, organisation=org).save()
                    written.append(make_brief(store, db, output=out_dir / f"brief-{lang}.pdf", institution_ref=inst,
                                              partner_ref=partner, lang=lang, today=day))
        finally:
            if old is None:
                os.environ.pop("QIAOMOST_CONFIG_DIR", None)
            else:
                os.environ["QIAOMOST_CONFIG_DIR"] = old
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the sample briefs from the demo data.")
    parser.add_argument("out_dir", nargs="?", default=str(Path(__file__).resolve().parents[2] / "docs" / "samples"))
    parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="date printed on the briefs")
    args = parser.parse_args(argv)
    for path in write_samples(Path(args.out_dir), args.date):
        print(f"{path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
