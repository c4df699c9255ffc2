"""A project's shortlist as a spreadsheet for managers: one row per partner, in the officer's language.

Qt-free: the reasons are rendered by a callable the caller passes (the GUI renders stored reason records
in its language; without one, the engine's English text is used).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.i18n import Translator
from database import Store

COLUMNS = ("partner", "partner_ref", "country", "type", "score", "status", "due_date", "capability", "note",
           "reasons")


class ShortlistExportError(ValueError):
    pass


def _english(reason: Any) -> str:
    return str(reason.get("text", "")) if isinstance(reason, dict) else str(reason)


def shortlist_rows(store: Store, project_id: int, lang: str = "en",
                   reason_text: Callable[[Any], str] | None = None) -> tuple[str, list[list[Any]]]:
    """(project title, rows with a header row first)."""
    project = store.projects.get(project_id)
    if project is None:
        raise ShortlistExportError(f"no project {project_id}")
    render = reason_text or _english
    t = Translator(lang)
    rows: list[list[Any]] = [[t(f"shortlist.col.{c}") for c in COLUMNS]]
    for e in project.shortlist:
        inst = store.institutions.get(e.institution_ref)
        cap = next((c for c in inst.capabilities if c.ref == e.capability_ref), None) if inst else None
        rows.append([
            inst.name_in(lang) if inst else e.institution_name, e.institution_ref,
            t.country_label(inst.country) if inst else "", t.type_label(inst.type) if inst else "",
            round(e.score * 100) if e.score is not None else None, t.status_label(e.status),
            e.due_date, cap.title if cap else "", e.note, "\n".join(render(r) for r in e.reasons),
        ])
    return project.title, rows


def write_shortlist_xlsx(store: Store, project_id: int, path: str | Path, lang: str = "en",
                         reason_text: Callable[[Any], str] | None = None) -> int:
    """Write the shortlist to `path` (.xlsx, written whole or not at all); returns the number of partners."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .tabular import neutralise

    title, rows = shortlist_rows(store, project_id, lang, reason_text)
    wb = Workbook()
    ws = wb.active
    ws.title = (title or "shortlist")[:31].translate({ord(c): " " for c in "[]:*?/\\"})
    for row in rows:
        ws.append([neutralise(v) for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = {"partner": 40, "capability": 40, "note": 40, "reasons": 70}
    for i, col in enumerate(COLUMNS):
        ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = widths.get(col, 14)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return len(rows) - 1
