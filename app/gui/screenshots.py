"""Grab every main screen in every UI language (offscreen), for docs and visual review.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m app.gui.screenshots DEMO.db OUT_DIR

Works on a temporary copy of the database (a project and a shortlist are added to show the
pipeline), with the synchronous executor so every screen is fully loaded before it is grabbed.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1280, 800)
RENDER_WAIT_S = 1.5  # QPdfView renders pages in the background: give it time before grabbing


def grab_all(db: Path, out: Path, langs: tuple[str, ...] = ("en", "zh", "ru")) -> list[Path]:
    from app.config import Settings
    from app.gui.executor import SyncExecutor
    from app.gui.main import build_window, ensure_app

    app = ensure_app([])
    tmp = Path(tempfile.mkdtemp(prefix="qiaomost-shots-"))
    os.environ.setdefault("QIAOMOST_CONFIG_DIR", str(tmp / "config"))
    copy = tmp / "demo.db"
    shutil.copy(db, copy)
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    settings = Settings()
    w = build_window(copy, executor=SyncExecutor(), settings=settings)
    w.resize(*SIZE)
    w.show()
    app.processEvents()

    def shot(name: str, widget=None) -> None:
        app.processEvents()
        path = out / f"{name}.png"
        (widget or w).grab().save(str(path))
        saved.append(path)

    def settle(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    # a project with a shortlist, so the pipeline has something to show
    w.match.set_institution("ru-msu")
    w.match.run()
    for row in range(min(4, w.match.model.rowCount())):
        w.match.table.selectRow(row)
        w.match.add_selected_to_project(w.projects.projects[0].id if w.projects.projects else None,
                                        "Supercomputing & climate modelling")
    if w.projects.projects:
        p = w.projects.projects[0]
        statuses = ("contacted", "meeting", "agreement")
        for e, status in zip(p.shortlist[1:], statuses, strict=False):
            w.ctx.executor.submit(lambda s, e=e, st=status: s.projects.update_entry(e.id, status=st, note="Harbin fair",
                                                                                     due_date="2025-06-18"), writes=True)
    for lang in langs:
        w.t.set_language(lang)
        w.show_screen("institutions")
        w.institutions.select_ref("ru-msu")
        shot(f"institutions-{lang}")
        w.institutions.editor.tabs.setCurrentIndex(1)
        shot(f"institution-capabilities-{lang}")
        w.institutions.editor.tabs.setCurrentIndex(0)
        w.show_screen("match")
        w.match.mode_text.setChecked(True)
        w.match.text.setPlainText({"en": "We need lithium-ion battery energy storage technology",
                                   "zh": "需要锂离子电池储能技术",
                                   "ru": "Нужны технологии накопления энергии на литий-ионных аккумуляторах"}[lang])
        w.match.run()
        shot(f"match-text-{lang}")
        w.match.set_institution("ru-msu")
        w.match.run()
        shot(f"match-institution-{lang}")
        options = w.match.export_brief()
        if options is not None:
            shot(f"brief-options-{lang}", options)
            options.accept()
            preview = w.match.briefs.preview
            if preview is not None:
                preview.resize(900, 1000)
                settle(RENDER_WAIT_S)
                shot(f"brief-preview-{lang}", preview)
                preview.reject()
        w.show_screen("projects")
        if w.projects.projects and w.projects.projects[0].shortlist:
            w.projects.select_entry(w.projects.projects[0].shortlist[0].id)
        shot(f"projects-{lang}")
        w.show_screen("stats")
        shot(f"stats-{lang}")
        wiz = w.import_file(str(Path(__file__).resolve().parents[2] / "resources" / "templates" / "template.json"))
        wiz.resize(900, 600)
        wiz.next()
        app.processEvents()
        path = out / f"import-{lang}.png"
        wiz.grab().save(str(path))
        saved.append(path)
        wiz.reject()
        dlg = w.open_settings()
        app.processEvents()
        path = out / f"settings-{lang}.png"
        dlg.grab().save(str(path))
        saved.append(path)
        dlg.reject()
    w.ctx.undo_stack.clear()
    w.institutions.editor.dirty = False
    w.close()
    w.ctx.executor.shutdown()
    return saved


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit("usage: python -m app.gui.screenshots DEMO.db OUT_DIR")
    for p in grab_all(Path(sys.argv[1]), Path(sys.argv[2])):
        print(p)
